"""A safe parser for answers typed on a keyboard: `3x^2-4`, `3*x**2-4`,
`sqrt(2)`, `exp(-1)`, `ln 2`, `acos(5/sqrt(66))`.

Nothing is evaluated as Python: a small tokenizer and a precedence-climbing
parser build SymPy objects (unevaluated) from an allow-list of functions and
constants, and the names the exercise declares. Anything else is an error
with its column.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping

import sympy as sp
from sympy.core.function import AppliedUndef

from grader.errors import AnswerSyntaxError, AnswerTooLarge, UnknownSymbol
from grader.function_calls import apply_call

MAX_DEPTH = 60

TOKEN = re.compile(
    r"\s*(?:(?P<number>\d+\.\d*|\.\d+|\d+)|(?P<name>[A-Za-z][A-Za-z0-9_]*)|(?P<op>\.T\b|\.I\b|\*\*|[-+*/^()\[\],!|=<>'·]))"
)


def _log(convention: str) -> Callable[..., sp.Expr]:
    def log(value: sp.Expr, base: sp.Expr | None = None) -> sp.Expr:
        if base is None:
            base = sp.E if convention == "e" else sp.Integer(int(convention))
        return sp.log(value, evaluate=False) if base == sp.E else sp.Mul(
            sp.log(value, evaluate=False), sp.Pow(sp.log(base, evaluate=False), -1, evaluate=False), evaluate=False
        )
    return log


def _unevaluated(func: Callable[..., sp.Expr]) -> Callable[..., sp.Expr]:
    return lambda *args: func(*args, evaluate=False)


FUNCTIONS: dict[str, Callable[..., sp.Expr]] = {
    "sqrt": lambda x: sp.Pow(x, sp.Rational(1, 2), evaluate=False),
    "exp": lambda x: sp.Pow(sp.E, x, evaluate=False),
    "ln": lambda x: sp.log(x, evaluate=False),
    "abs": _unevaluated(sp.Abs),
    "factorial": _unevaluated(sp.factorial),
    "binomial": _unevaluated(sp.binomial), "binom": _unevaluated(sp.binomial), "choose": _unevaluated(sp.binomial),
    "sin": _unevaluated(sp.sin), "cos": _unevaluated(sp.cos), "tan": _unevaluated(sp.tan),
    "cot": _unevaluated(sp.cot), "sec": _unevaluated(sp.sec), "csc": _unevaluated(sp.csc),
    "asin": _unevaluated(sp.asin), "acos": _unevaluated(sp.acos), "atan": _unevaluated(sp.atan),
    "arcsin": _unevaluated(sp.asin), "arccos": _unevaluated(sp.acos), "arctan": _unevaluated(sp.atan),
    "sinh": _unevaluated(sp.sinh), "cosh": _unevaluated(sp.cosh), "tanh": _unevaluated(sp.tanh),
    "max": _unevaluated(sp.Max), "min": _unevaluated(sp.Min),
    "erf": _unevaluated(sp.erf), "erfc": _unevaluated(sp.erfc), "erfinv": _unevaluated(sp.erfinv),
    "log_2": lambda x: sp.Mul(sp.log(x, evaluate=False), sp.Pow(sp.log(2, evaluate=False), -1, evaluate=False),
                              evaluate=False),
    "log_10": lambda x: sp.Mul(sp.log(x, evaluate=False), sp.Pow(sp.log(10, evaluate=False), -1, evaluate=False),
                               evaluate=False),
    "log_e": lambda x: sp.log(x, evaluate=False),
    "log2": lambda x: sp.Mul(sp.log(x, evaluate=False), sp.Pow(sp.log(2, evaluate=False), -1, evaluate=False),
                             evaluate=False),
    "log10": lambda x: sp.Mul(sp.log(x, evaluate=False), sp.Pow(sp.log(10, evaluate=False), -1, evaluate=False),
                              evaluate=False),
}
INVERSES = {"sin": "asin", "cos": "acos", "tan": "atan", "sinh": "asinh", "cosh": "acosh", "tanh": "atanh"}
CONSTANTS = {"pi": sp.pi, "oo": sp.oo, "inf": sp.oo, "infinity": sp.oo, "e": sp.E}


class ScalarBuilder:
    """How the grammar's operations become SymPy: commutative scalars.

    The matrix reader supplies another builder (noncommuting products,
    transposes, shape checks) to the same grammar."""

    def __init__(self, declared: Iterable[str], log_base: str = "e", indexed: Iterable[str] = (),
                 ranges: Mapping[str, tuple[sp.Expr, sp.Expr]] | None = None):
        self.declared = set(declared)
        self.indexed = set(indexed)
        self.ranges = dict(ranges or {})
        self.functions = {**FUNCTIONS, "log": _log(log_base), "sum": self._sum, "Sum": self._sum}

    def _sum(self, term: sp.Basic, *limits: sp.Basic) -> sp.Basic:
        """`sum(x_i)` over the index's declared range, `sum(x_i, i, 1, N)`, or
        `Sum(term, (i, 1, N))`."""
        if len(limits) == 1 and isinstance(limits[0], (tuple, list, sp.Tuple)):
            return sp.Sum(term, tuple(limits[0]))
        if len(limits) == 3:
            return sp.Sum(term, tuple(limits))
        if limits:
            raise TypeError("sum takes a term, and optionally an index with its two bounds")
        subscripts = {name.rpartition("_")[2] for name in map(str, term.free_symbols) if "_" in name}
        indices = [index for index in self.ranges if index in subscripts]
        if len(indices) != 1:
            raise TypeError("write the bounds: sum(x_i, i, 1, N)")
        return sp.Sum(term, (sp.Symbol(indices[0]), *self.ranges[indices[0]]))

    def add(self, terms: list[sp.Basic], token: "Token") -> sp.Basic:
        return sp.Add(*terms, evaluate=False)

    def neg(self, value: sp.Basic) -> sp.Basic:
        return sp.Mul(-1, value, evaluate=False)

    def mul(self, left: sp.Basic, right: sp.Basic, token: "Token") -> sp.Basic:
        return sp.Mul(left, right, evaluate=False)

    def dot(self, left: sp.Basic, right: sp.Basic, token: "Token") -> sp.Basic:
        """`\\cdot`: an ordinary product of numbers."""
        return self.mul(left, right, token)

    def div(self, left: sp.Basic, right: sp.Basic, token: "Token") -> sp.Basic:
        return sp.Mul(left, sp.Pow(right, -1, evaluate=False), evaluate=False)

    def pow(self, base: sp.Basic, exponent: sp.Basic, token: "Token") -> sp.Basic:
        return sp.Pow(base, exponent, evaluate=False)

    def transpose(self, value: sp.Basic, token: "Token") -> sp.Basic:
        raise AnswerSyntaxError("a transpose is not an operation on numbers", token.column)

    def factorial(self, value: sp.Basic) -> sp.Basic:
        return sp.factorial(value, evaluate=False)

    def abs(self, value: sp.Basic) -> sp.Basic:
        return sp.Abs(value, evaluate=False)

    def number(self, text: str) -> sp.Basic:
        """A decimal typed on a keyboard is exact: 0.1 is 1/10."""
        return sp.Rational(text) if "." in text else sp.Integer(text)

    def symbol(self, name: str) -> sp.Basic:
        return sp.Symbol(name)

    def constant(self, name: str) -> sp.Basic | None:
        return CONSTANTS.get(name)

    def call(self, name: str, args: list[sp.Basic], token: "Token") -> sp.Basic:
        try:
            return self.functions[name](*args)
        except TypeError:
            raise AnswerSyntaxError(f"{name} does not take {len(args)} argument(s)", token.column) from None


@dataclass(frozen=True)
class Token:
    kind: str  # number | name | op | end
    text: str
    column: int  # 1-based


def tokenize(text: str) -> list[Token]:
    tokens, position = [], 0
    while position < len(text):
        if text[position:].strip() == "":
            break
        match = TOKEN.match(text, position)
        if not match:
            column = position + 1 + (len(text[position:]) - len(text[position:].lstrip()))
            raise AnswerSyntaxError(f"unexpected character {text[column - 1]!r}", column)
        kind = match.lastgroup or "op"
        tokens.append(Token(kind, match.group(kind), match.start(kind) + 1))
        position = match.end()
    tokens.append(Token("end", "", len(text) + 1))
    return tokens


class PlainParser:
    """Precedence climbing over the tokens; builds unevaluated SymPy."""

    def __init__(self, text: str, builder: ScalarBuilder):
        self.text = text
        self.tokens = tokenize(text)
        self.index = 0
        self.depth = 0
        self.build = builder
        self.declared = builder.declared
        self.warnings: list[str] = []

    # -- token helpers --
    @property
    def token(self) -> Token:
        return self.tokens[self.index]

    def advance(self) -> Token:
        token = self.token
        self.index += 1
        return token

    def expect(self, text: str) -> Token:
        if self.token.text != text:
            raise self.error(f"expected {text!r}")
        return self.advance()

    def error(self, message: str) -> AnswerSyntaxError:
        token = self.token
        found = "the end of the answer" if token.kind == "end" else repr(token.text)
        return AnswerSyntaxError(f"{message}, found {found}", token.column)

    # -- grammar --
    def parse(self) -> sp.Basic:
        value = self.sequence()
        if self.token.kind != "end":
            raise self.error("unexpected text")
        return value

    def sequence(self) -> sp.Basic:
        """`a, b, c` at the top level is a tuple (sets, points, vectors)."""
        items = [self.relation()]
        while self.token.text == ",":
            self.advance()
            items.append(self.relation())
        return items[0] if len(items) == 1 else sp.Tuple(*items)

    def relation(self) -> sp.Basic:
        left = self.sum()
        if self.token.text == "=":
            self.advance()
            return sp.Eq(left, self.sum(), evaluate=False)
        return left

    def sum(self) -> sp.Expr:
        start = self.token
        terms = [self.product()]
        while self.token.text in ("+", "-"):
            sign = self.advance().text
            term = self.product()
            terms.append(term if sign == "+" else self.build.neg(term))
        return terms[0] if len(terms) == 1 else self.build.add(terms, start)

    def product(self) -> sp.Expr:
        value = self.unary()
        while True:
            if self.token.text in ("*", "/", "·"):
                op = self.advance()
                right = self.unary()
                if op.text == "/":
                    value = self.build.div(value, right, op)
                else:
                    value = self.build.dot(value, right, op) if op.text == "·" else self.build.mul(value, right, op)
            elif self._starts_atom(self.token):
                token = self.token
                value = self.build.mul(value, self.power(), token)  # implicit product: 3x, 2(x+1)
            else:
                return value

    def juxtaposed(self) -> sp.Expr:
        """The argument of a function written without brackets: powers
        multiplied by juxtaposition only (`ln xy` is ln(xy), as the LaTeX
        reader reads `\\ln xy`; `ln x * y` is ln(x) y)."""
        value = self.power()
        while self._starts_atom(self.token):
            token = self.token
            value = self.build.mul(value, self.power(), token)
        return value

    def unary(self) -> sp.Expr:
        if self.token.text in ("-", "+"):
            sign = self.advance().text
            operand = self.unary()
            return self.build.neg(operand) if sign == "-" else operand
        return self.power()

    def power(self) -> sp.Expr:
        base = self.postfix()
        if self.token.text in ("^", "**"):
            op = self.advance()
            if self.token.kind == "name" and self.token.text in ("T", "top") and self.token.text not in self.declared:
                self.advance()
                return self.build.transpose(base, op)  # A^T
            if self._ahead("(", "-", "T", ")") or self._ahead("-", "T"):
                self.index += 4 if self.token.text == "(" else 2
                return self.build.transpose(self.build.pow(base, sp.Integer(-1), op), op)  # X^{-T}
            exponent = self.unary()  # right-associative; allows x^-1
            return self.build.pow(base, exponent, op)
        return base

    def postfix(self) -> sp.Expr:
        value = self.atom()
        while self.token.text in ("!", "'", ".T", ".I"):
            token = self.advance()
            if token.text == "!":
                value = self.build.factorial(value)
            elif token.text == ".I":
                value = self.build.pow(value, sp.Integer(-1), token)
            else:
                value = self.build.transpose(value, token)
        return value

    def atom(self) -> sp.Expr:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise AnswerTooLarge(f"the answer is nested more than {MAX_DEPTH} levels deep", self.token.column,
                                  code="limit:depth")
        try:
            return self._atom()
        finally:
            self.depth -= 1

    def _atom(self) -> sp.Expr:
        token = self.token
        if token.kind == "number":
            self.advance()
            return self.build.number(token.text)
        if token.text == "(":
            self.advance()
            value = self.sequence()
            self.expect(")")
            return value
        if token.text == "[":
            self.advance()
            value = self.sequence()
            self.expect("]")
            return value
        if token.text == "|":
            self.advance()
            value = self.sum()
            self.expect("|")
            return self.build.abs(value)
        if token.kind == "name":
            return self.name()
        raise self.error("expected a number, a name or '('")

    def name(self) -> sp.Expr:
        token = self.advance()
        name = token.text
        if name in self.build.functions:
            return self.call(name, token)
        if name in self.build.indexed and self.token.text == "[":
            return self.entry(name)
        base, _, index = name.rpartition("_")
        if base in self.build.indexed and index.isdigit():  # a_3, as a_{3} and a[3]
            return sp.Symbol(name)
        if name in self.declared:
            return self.build.symbol(name)
        constant = self.build.constant(name)
        if constant is not None:
            return constant
        return self.split_name(name, token)

    def entry(self, name: str) -> sp.Expr:
        """`a[i, j]`: an entry of an indexed symbol (read like `a_{ij}`)."""
        self.expect("[")
        indices = [self.advance()]
        while self.token.text == ",":
            self.advance()
            indices.append(self.advance())
        self.expect("]")
        for index in indices:
            if index.kind not in ("name", "number"):
                raise AnswerSyntaxError("an index is a letter or a number", index.column)
        return sp.Symbol(f"{name}_{','.join(i.text for i in indices)}")

    def call(self, name: str, token: Token) -> sp.Expr:
        primes = 0
        while self.token.text == "'":  # f'(x), f''(x): a derivative of the question's own function f
            self.advance()
            primes += 1
        if primes:
            value = self._applied(name, token)
            if not isinstance(value, AppliedUndef):
                raise AnswerSyntaxError(f"a prime after {name} is read only for the question's own functions; "
                                        f"write the derivative of {name} out", token.column, code="parse:prime")
            return apply_call(value.func, primes, list(value.args))
        power = None
        if self.token.text in ("^", "**"):  # sin^2(x) is sin(x)^2; cos^-1(x) is arccos(x)
            self.advance()
            power = self.postfix() if self.token.text != "-" else self.unary()
        value = self._applied(name, token)
        if power is None:
            return value
        inverse = INVERSES.get(name)
        if inverse and power.is_number and power.doit() == -1:
            return self.build.call(inverse, list(value.args), token)
        if isinstance(value, AppliedUndef) and power.is_number and power.doit() == -1:
            raise AnswerSyntaxError(f"{name}^-1 is the inverse function, which is not read here; for the "
                                    f"reciprocal write 1/{name}(x)", token.column, code="parse:inverse-function")
        return self.build.pow(value, power, token)

    def _applied(self, name: str, token: Token) -> sp.Expr:
        if self.token.text == "(":
            self.advance()
            args = [self.sum()]
            while self.token.text == ",":
                self.advance()
                args.append(self.sum())
            self.expect(")")
        elif self._starts_atom(self.token) or self.token.text == "|":
            args = [self.juxtaposed()]  # `ln 2`, `sin 2x` (= sin(2x), as in LaTeX), `ln |S|`
        else:
            raise self.error(f"{name} needs an argument")
        return self.build.call(name, args, token)

    def split_name(self, name: str, token: Token) -> sp.Expr:
        """`xy` is x*y when x and y are both names of the question."""
        if all(ch in self.declared for ch in name) and len(name) > 1:
            self.warnings.append(f"'{name}' was read as the product {'*'.join(name)}")
            last_called = name[-1] in self.build.functions and self.token.text in ("(", "'")
            value = self.build.symbol(name[0])
            for ch in name[1:-1] if last_called else name[1:]:
                value = self.build.mul(value, self.build.symbol(ch), token)
            if last_called:  # xf(x), 2xf'(x^2): x times the call
                value = self.build.mul(value, self.call(name[-1], token), token)
            return value
        known = sorted(self.declared) or ["(none)"]
        raise UnknownSymbol(
            f"unknown name '{name}': this question uses {', '.join(known)} and the usual functions", token.column
        )

    def _ahead(self, *texts: str) -> bool:
        window = self.tokens[self.index:self.index + len(texts)]
        return len(window) == len(texts) and all(t.text == want for t, want in zip(window, texts))

    @staticmethod
    def _starts_atom(token: Token) -> bool:
        return token.kind in ("number", "name") or token.text in ("(", "[")


def parse_plain(text: str, declared: Iterable[str], log_base: str = "e", indexed: Iterable[str] = (),
                functions: dict[str, Callable[..., sp.Expr]] | None = None,
                ranges: Mapping[str, tuple[sp.Expr, sp.Expr]] | None = None) -> tuple[sp.Basic, list[str]]:
    """Parse keyboard math; return the unevaluated SymPy value and warnings.
    `functions` adds the question's own function names, such as p in p(x, Theta);
    `ranges` gives the bounds of a sum written without them."""
    builder = ScalarBuilder(declared, log_base, indexed, ranges)
    builder.functions.update(functions or {})
    parser = PlainParser(text, builder)
    return parser.parse(), parser.warnings
