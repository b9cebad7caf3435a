"""LaTeX that the plain-text grammar reads exactly: the fast path.

Most LaTeX answers are simple (`\\frac{1}{2}`, `3x^{2} - 4`, `e^{-1}`,
`\\ln 2`), and the LaTeX backend's ANTLR parser costs milliseconds where
the plain-text parser costs tens of microseconds. `as_plain_text` rewrites
such an answer as fully bracketed plain text that means what the LaTeX
backend would read: implicit products bind tighter than `/`
(`1/2x` is 1/(2x)), a function without brackets takes the product after it
(`\\ln 2x` is ln(2x)). Anything it is not sure of gives None, and the
answer goes to the LaTeX backend as before: a letter before a bracket (`f(x)` may be a function),
runs of letters (which may be the backend's keywords), `d` (a
differential), `e` or `\\pi` where the question declares them as names,
two numbers side by side (read as a mixed fraction), and every command
outside a short list. A test reads every LaTeX answer of the labelled
corpus, and random ones, both ways and requires identical values.
"""
from __future__ import annotations

import itertools
import re
from collections.abc import Collection

import sympy as sp

from grader.plaintext import ScalarBuilder, Token

TOKEN = re.compile(
    r"\s*(?:(?P<command>\\[A-Za-z]+)"
    r"|(?P<number>\d+(?:\.\d+)?|\.\d+)|(?P<letters>[A-Za-z]+)|(?P<op>[-+*/^_(){}]))"
)
GREEK = frozenset(
    "alpha beta delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron rho sigma tau upsilon phi chi psi "
    "omega Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega".split()
)
FUNCTIONS = {  # the command, and the plain-text function of the same meaning
    "ln": "ln", "exp": "exp", "sin": "sin", "cos": "cos", "tan": "tan", "cot": "cot", "sec": "sec", "csc": "csc",
    "arcsin": "arcsin", "arccos": "arccos", "arctan": "arctan", "sinh": "sinh", "cosh": "cosh", "tanh": "tanh",
}
LOG_BASES = frozenset({"2", "10"})  # \log_2 and \log_{10}; a bare \log was made \ln or \log_b by normalising
# The backend's lexer reads these runs of letters as its own tokens (PS.g4).
KEYWORDS = ("sinh", "cosh", "tanh", "gcd", "lcm", "floor", "ceil", "eye", "zeros", "ones", "cols", "rows", "diag",
            "norm", "rank", "tr", "rref", "hstack", "vstack", "orth", "nullspace", "eig", "svd", "SVD", "matrix",
            "array")
PRODUCT_OPERATORS = {"*": "*", "/": "/", r"\cdot": "*", r"\times": "*"}
END = ""  # the token after the last
STOPS = frozenset({"+", "-", ")", "}", END})  # what may follow the argument of a function without brackets


class BackendShapes(ScalarBuilder):
    """Builds the unevaluated tree the LaTeX backend builds, node for node:
    SymPy's evaluation of a tree depends on its shape (2*(n+1) distributes,
    2*(n+1)*x does not), so the same value is not enough. Products are
    flattened, a quotient of integers is a Rational, a negated number is
    negated, and the functions are the backend's."""

    def __init__(self, declared: Collection[str], indexed: Collection[str] = ()):
        super().__init__(declared, "e", indexed)
        self.functions.update({
            "ln": lambda x: sp.log(x, sp.E, evaluate=False),
            "log_2": lambda x: sp.log(x, sp.Integer(2), evaluate=False),
            "log_10": lambda x: sp.log(x, sp.Integer(10), evaluate=False),
            "exp": lambda x: sp.exp(x, evaluate=False),
            "sqrt": lambda x: sp.Pow(x, sp.S.Half, evaluate=False),
        })

    def add(self, terms: list[sp.Basic], token: Token) -> sp.Basic:
        value = terms[0]
        for term in terms[1:]:
            value = _flat(sp.Add, value, term)
        return value

    def neg(self, value: sp.Basic) -> sp.Basic:
        return -value if value.is_Number else _flat(sp.Mul, sp.Integer(-1), value)

    def mul(self, left: sp.Basic, right: sp.Basic, token: Token) -> sp.Basic:
        return _flat(sp.Mul, left, right)

    def number(self, text: str) -> sp.Basic:
        return sp.Integer(text) if text.isdigit() else sp.Rational(text)  # 0.5 is 1/2 there too

    def div(self, left: sp.Basic, right: sp.Basic, token: Token) -> sp.Basic:
        if left.is_Integer and right.is_Integer:
            return sp.Rational(left, right)
        return sp.Mul(left, sp.Pow(right, -1, evaluate=False), evaluate=False)


def _flat(operation: type[sp.Add | sp.Mul], left: sp.Basic, right: sp.Basic) -> sp.Basic:
    """`operation(left, right)` unevaluated, with the arguments of an operand
    that is already that operation spliced in, as the backend does."""
    def args(value: sp.Basic) -> tuple[sp.Basic, ...]:
        return value.args if isinstance(value, operation) else (value,)
    return operation(*args(left), *args(right), evaluate=False)


class NotSimple(Exception):
    """The text is outside what the fast path reads exactly."""


def as_plain_text(latex: str, declared: Collection[str] = ()) -> str | None:
    """The plain text that reads as the LaTeX backend reads `latex`, or None
    when it is not sure. `declared` are the question's names: where it
    declares `e` or `pi`, those are left to the LaTeX backend."""
    try:
        tokens = _tokens(latex)
        reader = _Translator(tokens, frozenset(declared))
        text, _ = reader.expression()
        if reader.peek() != END:
            raise NotSimple
        return text
    except NotSimple:
        return None


def _tokens(text: str) -> list[str]:
    tokens, position = [], 0
    while text[position:].strip():
        match = TOKEN.match(text, position)
        if match is None:
            raise NotSimple
        tokens.append(match.group(match.lastgroup))
        position = match.end()
    tokens.append(END)
    return tokens


def _is_number(token: str) -> bool:
    return token[:1].isdigit() or token[:1] == "."


def _is_letter(token: str) -> bool:
    """A letter the backend reads as a name: not a differential `d`, the
    exponential `e`, E notation or the imaginary `I`, and not a run of
    letters, which may be one of its keywords (`tr`, `eye`, `norm`)."""
    return len(token) == 1 and token.isalpha() and token not in "deEI"


def _is_greek(token: str) -> bool:
    return token[1:] in GREEK or token == r"\pi"


class _Translator:
    """Recursive descent over the backend's grammar (PS.g4), for a subset.

    Each method returns the plain text and whether the value is a bare
    number (no letters, functions or powers), which the backend would join
    to a neighbouring number as a mixed fraction."""

    def __init__(self, tokens: list[str], declared: frozenset[str]):
        self.tokens = tokens
        self.index = 0
        self.declared = declared

    def peek(self) -> str:
        return self.tokens[self.index]

    def take(self, expected: str | None = None) -> str:
        token = self.peek()
        if token == END or (expected is not None and token != expected):
            raise NotSimple
        self.index += 1
        return token

    # expr: additive; additive: additive (+|-) additive | mp  (left-associative)
    def expression(self) -> tuple[str, bool]:
        text, numeric = self.product()
        while self.peek() in ("+", "-"):
            sign = self.take()
            right, right_numeric = self.product()
            text, numeric = f"({text} {sign} {right})", numeric and right_numeric
        return text, numeric

    # mp: mp (* | / | \cdot | \times) mp | unary
    def product(self) -> tuple[str, bool]:
        text, numeric = self.unary()
        while self.peek() in PRODUCT_OPERATORS:
            operator = PRODUCT_OPERATORS[self.take()]
            right, right_numeric = self.unary()
            text, numeric = f"({text} {operator} {right})", numeric and right_numeric
        return text, numeric

    # unary: (+|-) unary | postfix+  (an implicit product binds tighter than / and *)
    def unary(self) -> tuple[str, bool]:
        if self.peek() in ("+", "-"):
            sign = self.take()
            text, numeric = self.unary()
            return (f"(-{text})" if sign == "-" else text), numeric
        factors = [self.power()]
        while self._starts_factor():
            factors.append(self.power())
        return self._juxtaposed(factors)

    def _juxtaposed(self, factors: list[tuple[str, bool]]) -> tuple[str, bool]:
        if len(factors) == 1:
            return factors[0]
        if any(left[1] and right[1] for left, right in itertools.pairwise(factors)):
            raise NotSimple  # `2 3`, `2\frac{1}{2}`: the backend's mixed fractions
        return "(" + " * ".join(text for text, _ in factors) + ")", False

    def _starts_factor(self) -> bool:
        token = self.peek()
        return token == "(" or _is_number(token) or token.isalpha() or (
            token.startswith("\\") and token not in PRODUCT_OPERATORS)

    # exp: exp ^ (atom | {expr}) | comp
    def power(self) -> tuple[str, bool]:
        base, numeric = self.component()
        if self.peek() != "^":
            return base, numeric
        self.take()
        exponent = self.exponent()
        return f"({base}^{exponent})", False

    def exponent(self) -> str:
        """`^{expr}` or `^atom`; a second `^` or a `_` after it is left to the backend."""
        token = self.take()
        if token == "T" or token == "{" and self.peek() == "T":
            raise NotSimple  # the backend's lexer reads ^T and ^{T} as a transpose
        if token == "{":
            exponent, _ = self.expression()
            self.take("}")
        elif _is_number(token):
            exponent = f"({token})"
        elif _is_letter(token) or _is_greek(token):
            exponent = f"({self._name(token)})"
        else:
            raise NotSimple  # ^T, ^\circ, ^-1, ...
        if self.peek() in ("^", "_"):
            raise NotSimple  # x^2^3, x^2_1
        return exponent

    def component(self) -> tuple[str, bool]:
        token = self.peek()
        if token == "(":
            self.take()
            text, numeric = self.expression()
            self.take(")")
            return f"({text})", numeric
        if _is_number(token):
            self.take()
            if self.peek() == "_":
                raise NotSimple
            return token, True
        if token == r"\frac":
            self.take()
            upper, upper_numeric = self._braced()
            lower, lower_numeric = self._braced()
            return f"(({upper}) / ({lower}))", upper_numeric and lower_numeric
        if token == r"\sqrt":
            self.take()
            if self.peek() != "{":
                raise NotSimple  # \sqrt[n]{x}
            inner, _ = self._braced()
            return f"sqrt({inner})", False
        if token[1:] in FUNCTIONS or token == r"\log":
            return self.function(), False
        if token == "e":  # the backend's exponential: e^{x} is exp(x), e alone exp(1)
            self.take()
            if "e" in self.declared:
                raise NotSimple
            if self.peek() != "^":
                return "exp(1)", False
            self.take()
            return f"exp({self.exponent()})", False
        return self.symbol(), False

    def _braced(self) -> tuple[str, bool]:
        self.take("{")
        text, numeric = self.expression()
        self.take("}")
        return text, numeric

    def symbol(self) -> str:
        """A letter or a Greek letter, perhaps with a subscript of letters and digits."""
        token = self.take()
        if not (_is_letter(token) or _is_greek(token)):
            raise NotSimple
        name = self._name(token)
        if self.peek() == "_":
            self.take()
            name += "_" + self._subscript()
        if self.peek() in ("(", "[", "{"):
            raise NotSimple  # `f(x)`, `\sigma(x)`: the backend may read a function
        return f"({name})"

    def _name(self, token: str) -> str:
        name = token.lstrip("\\")
        if name in ("pi", "e") and name in self.declared:
            raise NotSimple  # the backend reads the constant; the question means its own symbol
        return name

    def _subscript(self) -> str:
        """`_1`, `_i`, `_{12}`, `_{in}`: the backend names the symbol by the
        subscript's text. Letters that its lexer reads as something else
        are left to it."""
        token = self.take()
        if token != "{":
            if len(token) == 1 and (token.isdigit() or _is_letter(token)):
                return token
            raise NotSimple
        parts = []
        while self.peek() != "}":
            part = self.take()
            if not (part.isdigit() or part.isalpha() and not set(part) & set("deEI")
                    and not any(keyword in part for keyword in KEYWORDS)):
                raise NotSimple
            parts.append(part)
        self.take("}")
        if not parts:
            raise NotSimple
        return "".join(parts)

    # func: name [subscript] ( '(' expr ')' | mp_nofunc )
    def function(self) -> str:
        command = self.take()[1:]
        name = FUNCTIONS.get(command)
        if command == "log":
            self.take("_")
            base = self.take()
            if base == "{":
                base = self.take()
                self.take("}")
            if base not in LOG_BASES:
                raise NotSimple
            name = f"log_{base}"
        if self.peek() in ("^", "_"):
            raise NotSimple  # \sin^2 x, \ln_2
        if self.peek() == "(":
            self.take()
            argument, _ = self.expression()
            self.take(")")
            return f"{name}({argument})"
        return f"{name}({self._argument_without_brackets()})"

    def _argument_without_brackets(self) -> str:
        """The backend's `mp_nofunc` after `\\ln 2x`: the factors up to a sign,
        a closing bracket or another function; a `*` or `/` after them would
        extend it (`\\ln x / 2` is ln(x/2)), and is left to the backend."""
        if self.peek() in ("+", "-"):
            raise NotSimple
        factors = [self.power()]
        while self._starts_factor() and not self._starts_function():
            factors.append(self.power())
        if self.peek() not in STOPS and not self._starts_function():
            raise NotSimple
        text, _ = self._juxtaposed(factors)
        return text

    def _starts_function(self) -> bool:
        """The backend's `func` (which cannot follow inside `mp_nofunc`):
        the named functions, `\\sqrt` and the exponential `e`."""
        token = self.peek()
        return token[1:] in FUNCTIONS or token in (r"\log", r"\sqrt", "e")
