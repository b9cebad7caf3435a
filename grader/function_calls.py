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
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import sympy as sp

from grader.errors import AnswerSyntaxError

PRIMES = r"(?P<primes>(?:\s*'|\s*\^\s*\{\s*(?:\\prime\s*)+\}|\s*\^\s*\\prime(?![A-Za-z]))*)"
OPENING = re.compile(r"\s*(?:\\left\s*)?\(")
CLOSING = re.compile(r"\\right\s*\)|\)|\\left\s*\(|\(")
PLACEHOLDER = "dlmathcall"
# Functions the LaTeX backend does not know, read here like the question's own (`\\operatorname{erf}(x)`)
SPECIAL_FUNCTIONS: dict[str, sp.Basic] = {"erf": sp.erf, "erfc": sp.erfc, "erfinv": sp.erfinv}


@dataclass(frozen=True)
class Call:
    name: str  # the declared name (engine spelling)
    primes: int
    arguments: list[str]


def spelling(name: str) -> str:
    """A regex for the ways a declared name is typed in LaTeX: `h_theta` as `h_\\theta`, `h_{\\theta}`, `h_theta`;
    `sigma` as `\\sigma`."""
    def piece(word: str) -> str:
        return rf"\\?{re.escape(word)}" if len(word) > 1 else re.escape(word)
    base, _, sub = name.partition("_")
    pattern = piece(base)
    if sub:
        pattern += rf"\s*_\s*(?:\{{\s*{piece(sub)}\s*\}}|{piece(sub)})"
    return rf"(?<![A-Za-z\\]){pattern}(?![A-Za-z])"


def take_calls(text: str, functions: Iterable[str]) -> tuple[str, dict[str, Call]]:
    """`text` with each call of a declared function replaced by a placeholder name, and the calls by name."""
    names = sorted(functions, key=len, reverse=True)
    if not names:
        return text, {}
    head = re.compile("(?:" + "|".join(f"(?P<f{n}>{spelling(name)})" for n, name in enumerate(names)) + ")" + PRIMES)
    calls: dict[str, Call] = {}
    index = 0
    while (match := head.search(text, index)) is not None:
        opening = OPENING.match(text, match.end())
        if opening is None:
            index = match.end()
            continue
        end, arguments = _arguments(text, opening.end())
        which = next(int(k[1:]) for k, v in match.groupdict().items() if k.startswith("f") and v is not None)
        primes = match.group("primes").count("'") + match.group("primes").count(r"\prime")
        placeholder = PLACEHOLDER + "".join(chr(ord("a") + int(d)) for d in str(len(calls)))
        calls[placeholder] = Call(names[which], primes, arguments)
        replacement = rf" \text{{{placeholder}}} "
        text = text[:match.start()] + replacement + text[end:]
        index = match.start() + len(replacement)
    return text, calls


def _arguments(text: str, start: int) -> tuple[int, list[str]]:
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
        else:
            bracket = CLOSING.match(text, position)
            if bracket:
                depth += 1 if bracket.group().endswith("(") else -1
                if depth == 0:
                    pieces.append(text[begin:position])
                    return bracket.end(), [p.strip() for p in pieces]
                position = bracket.end()
                continue
        position += 1
    raise AnswerSyntaxError("a bracket after a function is never closed", start, code="parse:brackets")


def apply_call(function: sp.Basic, primes: int, arguments: list[sp.Basic]) -> sp.Basic:
    """`f(u)`, or its derivative of order `primes` at u: d/du f(u) where u is a symbol, else Subs."""
    if not primes:
        return function(*arguments)
    if len(arguments) != 1:
        raise AnswerSyntaxError("a prime (f') is the derivative of a function of one variable", code="parse:prime")
    argument = arguments[0]
    if isinstance(argument, sp.Symbol):
        return sp.Derivative(function(argument), (argument, primes))
    t = sp.Dummy("t")
    return sp.Subs(sp.Derivative(function(t), (t, primes)), t, argument)


def put_back(value: sp.Basic, calls: dict[str, Call], functions: dict[str, sp.Basic],
             read: Callable[[str], sp.Basic]) -> sp.Basic:
    """`value` with each placeholder replaced by its call, the arguments read by `read`."""
    if not isinstance(value, sp.Basic):
        return value
    found = {s for s in value.atoms(sp.Symbol) if s.name in calls}
    return value.xreplace({s: apply_call(functions[calls[s.name].name], calls[s.name].primes,
                                         [read(argument) for argument in calls[s.name].arguments])
                           for s in found})
