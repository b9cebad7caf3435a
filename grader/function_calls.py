"""Calls of the question's own functions in LaTeX: `f(g(x))`, `h_{\\theta}(x)^2`, `f'(x)`; and of the
special functions the backend does not know (`\\operatorname{erf}(x)`).

The LaTeX backend guesses whether a letter before a bracket is a function:
`f(x)` is, but `f(g(x))`, `f(2x)` and `f(x+1)` become products, flattened
into their neighbours, which no later step can undo. Where the question
declares `f` a function, each call is taken out of the text before the
backend reads it: the call becomes a placeholder name, its arguments are
read on their own, and the call is put back in the value. Primes (`f'`,
`f''`, `f^{\\prime}`) are derivatives of the declared function.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import sympy as sp

from grader.errors import AnswerSyntaxError

PRIMES = (r"(?P<primes>(?:\s*'|\s*\^\s*\{\s*(?:\\prime\s*)+\}|\s*\^\s*\\prime(?![A-Za-z]))*)"
          r"(?:\s*\^\s*\{\s*\(\s*(?P<order>\d+)\s*\)\s*\})?")  # f'', f^{\prime}, f^{(3)}
MAX_ORDER = 4  # the stand-in for f is differentiated symbolically: its cost grows fast with the order
COMMAND_BEFORE = re.compile(r"\\[A-Za-z]*$")
INVERSE = re.compile(r"\s*\^\s*(?:\{\s*-\s*1\s*\}|-\s*1)\s*\(")  # f^{-1}(y): the inverse function
OPENING = re.compile(r"\s*\(")  # \left and \right are gone by now (normalize.LAYOUT_COMMANDS)
PLACEHOLDER = "dlmathcall"
# Functions the LaTeX backend does not know, read here like the question's own (`\\operatorname{erf}(x)`)
SPECIAL_FUNCTIONS: dict[str, Callable[..., sp.Expr]] = {"erf": sp.erf, "erfc": sp.erfc, "erfinv": sp.erfinv}


@dataclass(frozen=True)
class Call:
    name: str  # the declared name (engine spelling)
    primes: int
    arguments: tuple[str, ...]


def spelling(name: str, after_letters: bool = False) -> str:
    """A regex for the ways a declared name is typed in LaTeX: `h_theta` as `h_\\theta`, `h_{\\theta}`, `h_theta`;
    `sigma` as `\\sigma`."""
    def piece(word: str) -> str:
        return rf"\\?{re.escape(word)}" if len(word) > 1 else re.escape(word)
    base, _, sub = name.partition("_")
    # a command (`x\\sigma(...)`) starts at its backslash; a bare name (`f`, `erf`) after no letter or backslash
    before = r"(?<!\\)" if after_letters else r"(?<![A-Za-z\\])"  # xf(x): x times f(x), where the caller allows it
    head = rf"(?:\\{re.escape(base)}|{before}{re.escape(base)})" if len(base) > 1 else rf"{before}{re.escape(base)}"
    if sub:
        head += rf"\s*_\s*(?:\{{\s*{piece(sub)}\s*\}}|{piece(sub)})"
    return rf"{head}(?![A-Za-z])"


def take_calls(text: str, functions: Iterable[str]) -> tuple[str, dict[str, Call]]:
    """`text` with each call of a declared function replaced by a placeholder name, and the calls by name."""
    names = sorted(functions, key=len, reverse=True)
    if not names:
        return text, {}
    head = re.compile("(?:" + "|".join(f"(?P<f{n}>{spelling(name, after_letters=True)})"
                                       for n, name in enumerate(names)) + ")" + PRIMES)
    calls: dict[str, Call] = {}
    index = 0
    while (match := head.search(text, index)) is not None:
        if COMMAND_BEFORE.search(text, 0, match.start()):  # the f of \\inf, the sigma of \\varsigma
            index = match.end()
            continue
        if INVERSE.match(text, match.end()):
            raise AnswerSyntaxError(f"{match.group().strip()}^{{-1}} is the inverse function, which is not read here; "
                                    "for the reciprocal write 1/f(x)", match.start() + 1, code="parse:inverse-function")
        opening = OPENING.match(text, match.end())
        if opening is None:
            index = match.end()
            continue
        end, arguments = _arguments(text, opening.end())
        which = next(int(k[1:]) for k, v in match.groupdict().items() if k.startswith("f") and v is not None)
        primes = match.group("primes").count("'") + match.group("primes").count(r"\prime") + \
            int(match.group("order") or 0)
        placeholder = PLACEHOLDER + "".join(chr(ord("a") + int(d)) for d in str(len(calls)))
        calls[placeholder] = Call(names[which], primes, arguments)
        replacement = rf" \text{{{placeholder}}} "
        text = text[:match.start()] + replacement + text[end:]
        index = match.start() + len(replacement)
    return text, calls


def products_before_brackets(text: str, scalars: Iterable[str]) -> str:
    """`x(\\sigma(wx))^2` is x times the square: a declared number before a bracket multiplies it (the backend
    would call x, and square the call)."""
    def product(match: re.Match[str]) -> str:
        before = match.string[:match.start()].rstrip()
        if before.endswith(("^", "_")):  # \sum_{i=1}^N (x_i - \mu)^2: N bounds the sum
            return match.group()
        return match.group() + r" \cdot "
    for name in sorted(scalars, key=len, reverse=True):
        text = re.sub(spelling(name) + r"(?=\s*\()", product, text)
    return text


def _arguments(text: str, start: int) -> tuple[int, tuple[str, ...]]:
    """The end of the call whose arguments begin at `start`, and its arguments, split at top-level commas."""
    depth, braces, pieces, begin = 1, 0, [], start
    position = start
    while position < len(text):
        char = text[position]
        if char == "{":
            braces += 1
        elif char == "}":
            braces -= 1
        elif char == "," and depth == 1 and braces == 0:
            pieces.append(text[begin:position])
            begin = position + 1
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                pieces.append(text[begin:position])
                return position + 1, tuple(p.strip() for p in pieces)
        position += 1
    raise AnswerSyntaxError("a bracket after a function is never closed", start, code="parse:brackets")


def apply_call(function: Callable[..., sp.Expr], primes: int, arguments: Sequence[sp.Basic]) -> sp.Expr:
    """`f(u)`, or its derivative of order `primes` at u: the function named `f'` (`f''`, ...) applied to u,
    which the equivalence engine evaluates as the derivative of f's stand-in. Not SymPy's Subs: its equality
    ignores its point's assumptions, so its cache would hand back a reading from before the names were bound."""
    if not primes:
        return function(*arguments)
    if len(arguments) != 1:
        raise AnswerSyntaxError("a prime (f') is the derivative of a function of one variable", code="parse:prime")
    if primes > MAX_ORDER:
        raise AnswerSyntaxError(f"a derivative of order {primes}: at most {MAX_ORDER} are read", code="parse:prime")
    positive = bool(getattr(function, "is_positive", False))  # f's sign, for the stand-in of f's derivative
    return sp.Function(derivative_name(function.__name__, primes), stand_in_positive=positive)(arguments[0])


def derivative_name(name: str, order: int) -> str:
    return name + "'" * order


def derivative_of(name: str) -> tuple[str, int] | None:
    """`f''` -> (`f`, 2): the function and the order of a derivative named by `apply_call`; else None."""
    base = name.rstrip("'")
    return (base, len(name) - len(base)) if base and base != name else None


def put_back(value: object, calls: dict[str, Call], functions: Mapping[str, Callable[..., sp.Expr]],
             read: Callable[[str], sp.Basic]) -> object:
    """`value` with each placeholder replaced by its call, the arguments read by `read`."""
    if isinstance(value, (list, tuple)):
        return type(value)(put_back(v, calls, functions, read) for v in value)
    if isinstance(value, sp.MatrixBase):
        return value.applyfunc(lambda entry: put_back(entry, calls, functions, read))
    if not isinstance(value, sp.Basic):
        return value
    found = {s for s in value.atoms(sp.Symbol) if s.name in calls}
    return value.xreplace({s: apply_call(functions[calls[s.name].name], calls[s.name].primes,
                                         [read(argument) for argument in calls[s.name].arguments])
                           for s in found})
