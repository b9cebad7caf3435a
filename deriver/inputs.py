"""Inputs typed on the command line (`--expr "log(1 + (x-1)^10)" --var x`),
read with the grader's safe plain-text parser: never evaluated as Python.
Unlike a student answer, every name in an instructor's input is welcome:
unknown names become real symbols."""
from __future__ import annotations

import json
from typing import Any, Callable

import sympy as sp

from grader.plaintext import CONSTANTS, FUNCTIONS, parse_plain, tokenize
from grader.reading import evaluate


def expression(text: str) -> sp.Expr:
    names = {t.text for t in tokenize(text) if t.kind == "name"} - set(FUNCTIONS) - set(CONSTANTS) - {"log"}
    value, _ = parse_plain(text, names)
    symbols = {sp.Symbol(n): sp.Symbol(n, real=True) for n in names}
    return evaluate(value).xreplace(symbols)


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


def matrix(text: str) -> sp.Matrix:
    """`[[2, 1], [1, 2]]`: JSON-style rows of numbers or expressions."""
    rows = json.loads(text.replace("'", '"')) if text.strip().startswith("[[") else None
    if not isinstance(rows, list):
        raise ValueError("a matrix is written [[a, b], [c, d]]")
    return sp.Matrix([[expression(str(v)) for v in row] for row in rows])


def points(text: str) -> tuple[sp.Expr, ...]:
    """`-1, 0, -2, 1`"""
    return tuple(number(part) for part in text.split(","))


CONVERTERS: dict[str, Callable[[str], Any]] = {
    "expression": expression, "symbol": symbol, "integer": integer, "number": number,
    "matrix": matrix, "point": points, "text": str,
}
