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
from typing import Callable, Iterable

import sympy as sp

from grader.errors import AnswerSyntaxError, UnknownSymbol

MAX_DEPTH = 60

TOKEN = re.compile(
    r"\s*(?:(?P<number>\d+\.\d*|\.\d+|\d+)|(?P<name>[A-Za-z][A-Za-z0-9_]*'*)|(?P<op>\*\*|[-+*/^()\[\],!|=<>]))"
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
}
ARITY = {"binomial": 2, "binom": 2, "choose": 2, "max": None, "min": None, "log": (1, 2)}
CONSTANTS = {"pi": sp.pi, "oo": sp.oo, "inf": sp.oo, "infinity": sp.oo, "e": sp.E}


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

    def __init__(self, text: str, declared: Iterable[str], log_base: str = "e"):
        self.text = text
        self.tokens = tokenize(text)
        self.index = 0
        self.depth = 0
        self.declared = set(declared)
        self.functions = {**FUNCTIONS, "log": _log(log_base)}
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
        terms = [self.product()]
        while self.token.text in ("+", "-"):
            sign = self.advance().text
            term = self.product()
            terms.append(term if sign == "+" else sp.Mul(-1, term, evaluate=False))
        return terms[0] if len(terms) == 1 else sp.Add(*terms, evaluate=False)

    def product(self) -> sp.Expr:
        value = self.unary()
        while True:
            if self.token.text in ("*", "/"):
                op = self.advance().text
                right = self.unary()
                value = sp.Mul(value, right if op == "*" else sp.Pow(right, -1, evaluate=False), evaluate=False)
            elif self._starts_atom(self.token):
                value = sp.Mul(value, self.power(), evaluate=False)  # implicit product: 3x, 2(x+1)
            else:
                return value

    def unary(self) -> sp.Expr:
        if self.token.text in ("-", "+"):
            sign = self.advance().text
            operand = self.unary()
            return sp.Mul(-1, operand, evaluate=False) if sign == "-" else operand
        return self.power()

    def power(self) -> sp.Expr:
        base = self.postfix()
        if self.token.text in ("^", "**"):
            self.advance()
            exponent = self.unary()  # right-associative; allows x^-1
            return sp.Pow(base, exponent, evaluate=False)
        return base

    def postfix(self) -> sp.Expr:
        value = self.atom()
        while self.token.text == "!":
            self.advance()
            value = sp.factorial(value, evaluate=False)
        return value

    def atom(self) -> sp.Expr:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise AnswerSyntaxError(f"the answer is nested more than {MAX_DEPTH} levels deep", self.token.column)
        try:
            return self._atom()
        finally:
            self.depth -= 1

    def _atom(self) -> sp.Expr:
        token = self.token
        if token.kind == "number":
            self.advance()
            return sp.Rational(token.text) if "." in token.text else sp.Integer(token.text)
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
            return sp.Abs(value, evaluate=False)
        if token.kind == "name":
            return self.name()
        raise self.error("expected a number, a name or '('")

    def name(self) -> sp.Expr:
        token = self.advance()
        name = token.text
        if name in self.functions or name == "log":
            return self.call(name, token)
        if name in self.declared:
            return sp.Symbol(name)
        if name in CONSTANTS:
            return CONSTANTS[name]
        return self.split_name(name, token)

    def call(self, name: str, token: Token) -> sp.Expr:
        func = self.functions[name]
        if self.token.text == "(":
            self.advance()
            args = [self.sum()]
            while self.token.text == ",":
                self.advance()
                args.append(self.sum())
            self.expect(")")
        elif self._starts_atom(self.token):
            args = [self.power()]  # `ln 2`, `sin x`, `sqrt 2`
        else:
            raise self.error(f"{name} needs an argument")
        try:
            return func(*args)
        except TypeError:
            raise AnswerSyntaxError(f"{name} does not take {len(args)} argument(s)", token.column) from None

    def split_name(self, name: str, token: Token) -> sp.Expr:
        """`xy` is x*y when x and y are both names of the question."""
        if all(ch in self.declared for ch in name) and len(name) > 1:
            self.warnings.append(f"'{name}' was read as the product {'*'.join(name)}")
            return sp.Mul(*(sp.Symbol(ch) for ch in name), evaluate=False)
        known = sorted(self.declared) or ["(none)"]
        raise UnknownSymbol(
            f"unknown name '{name}': this question uses {', '.join(known)} and the usual functions", token.column
        )

    @staticmethod
    def _starts_atom(token: Token) -> bool:
        return token.kind in ("number", "name") or token.text in ("(", "[")


def parse_plain(text: str, declared: Iterable[str], log_base: str = "e") -> tuple[sp.Basic, list[str]]:
    """Parse keyboard math; return the unevaluated SymPy value and warnings."""
    parser = PlainParser(text, declared, log_base)
    return parser.parse(), parser.warnings
