"""Inputs typed on the command line (`--expr "log(1 + (x-1)^10)" --var x`,
or LaTeX: `--expr "\\frac{1}{1 + e^{-x}}"`), read with the grader's safe
parsers, the same as a student's answer: never evaluated as Python. Unlike a
student answer, every name in an instructor's input is welcome: unknown
names become real symbols."""
from __future__ import annotations

from typing import Any, Callable

import sympy as sp

from exercises.model import Notation
from exercises.schema import SymbolDecl
from exercises.symbols import canonical_name, declare_symbols
from grader.latex_backend import parse_latex
from grader.normalize import looks_like_latex, normalise
from grader.plaintext import CONSTANTS, FUNCTIONS, parse_plain, tokenize
from grader.reading import evaluate, read_answer, split_top_level

GREEK = set("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau "
            "upsilon phi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Phi Psi Omega".split())


def _is_variable_name(name: str) -> bool:
    """x, x1, n_H, mu_1, theta: names a formula uses, not words."""
    stem = name.split("_")[0].rstrip("0123456789")
    return len(stem) <= 1 or stem in GREEK


def expression(text: str) -> sp.Expr:
    if looks_like_latex(text):
        return _latex_expression(text)
    names = {t.text for t in tokenize(text) if t.kind == "name"} - set(FUNCTIONS) - set(CONSTANTS) - {"log"}
    words = sorted(n for n in names if not _is_variable_name(n))
    if words:
        raise ValueError(f"unknown name(s) {', '.join(words)}: use one-letter or Greek variable names "
                         "(x, n_H, theta) and the usual functions")
    value, _ = parse_plain(text, names)
    symbols = {sp.Symbol(n): sp.Symbol(n, real=True) for n in names}
    return evaluate(value).xreplace(symbols)


def _latex_expression(text: str) -> sp.Expr:
    """LaTeX, read by the grader's reader with its names declared real."""
    names = sorted({canonical_name(s.name) for s in sp.sympify(parse_latex(normalise(text).text)).free_symbols})
    words = [n for n in names if not _is_variable_name(n)]
    if words:
        raise ValueError(f"unknown name(s) {', '.join(words)}: use one-letter or Greek variable names")
    notation = Notation(declare_symbols({name: SymbolDecl() for name in names}))
    return read_answer(text, notation).value


def symbol(text: str) -> sp.Symbol:
    if not text.isidentifier():
        raise ValueError(f"{text!r} is not a variable name")
    return sp.Symbol(text, real=True)


def integer(text: str) -> int:
    return int(text)


def number(text: str) -> sp.Expr:
    value = expression(text)
    if value.free_symbols:
        raise ValueError(f"{text!r} is not a number")
    return value


def as_number(value: Any) -> sp.Expr:
    """A number given as text (`1/2`, `log(2)`) or already as a SymPy/Python value."""
    return number(value) if isinstance(value, str) else sp.sympify(value)


def matrix(text: str) -> sp.Matrix:
    """`[[2, 1], [1, 2]]` or `[[a, b], [c, d]]`: rows of numbers or expressions."""
    body = text.replace("'", "").replace('"', "").strip()  # quoted entries are fine too
    if not (body.startswith("[[") and body.endswith("]]")):
        raise ValueError("a matrix is written [[a, b], [c, d]]")
    rows = [expression(row.strip()[1:-1]) for row in split_top_level(body[1:-1], ",")]
    return sp.Matrix([list(row) if isinstance(row, sp.Tuple) else [row] for row in rows])


def points(text: str) -> tuple[sp.Expr, ...]:
    """`-1, 0, -2, 1`"""
    return tuple(number(part) for part in text.split(","))


CONVERTERS: dict[str, Callable[[str], Any]] = {
    "expression": expression, "symbol": symbol, "integer": integer, "number": number,
    "matrix": matrix, "point": points, "text": str,
}
