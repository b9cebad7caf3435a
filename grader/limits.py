"""Bounds on an answer: its length, its nesting and the size of its numbers.

These checks run on the unevaluated parse, before SymPy evaluates anything,
so `10^{10^{10^{10}}}` is refused instead of computed.
"""
from __future__ import annotations

import math

import sympy as sp

from grader.errors import AnswerSyntaxError, AnswerTooLarge

MAX_LENGTH = 2000  # characters of answer text
MAX_NESTING = 50  # brackets and braces inside each other
MAX_NODES = 4000  # SymPy tree nodes
MAX_DIGITS = 10_000  # decimal digits of any number the answer denotes
MAX_EXPONENT = 10_000  # of a power with a symbolic base
MAX_FACTORIAL_DEPTH = 2  # x!!! is three factorials deep


def check_text(text: str) -> None:
    if len(text) > MAX_LENGTH:
        raise AnswerTooLarge(f"the answer is {len(text)} characters long; the limit is {MAX_LENGTH}", MAX_LENGTH + 1)
    depth = 0
    for column, ch in enumerate(text, 1):
        if ch in "([{":
            depth += 1
            if depth > MAX_NESTING:
                raise AnswerTooLarge(f"brackets are nested more than {MAX_NESTING} deep", column)
        elif ch in ")]}":
            depth -= 1


def check_brackets(text: str) -> None:
    """Braces pair exactly; round and square brackets pair with each other
    (an interval such as (0, 1] mixes them). Say where the first problem is."""
    braces: list[int] = []
    brackets: list[int] = []
    index = 0
    while index < len(text):
        ch = text[index]
        if ch == "\\" and index + 1 < len(text) and text[index + 1] in "{}":
            index += 2  # \{ and \} are set braces, not grouping
            continue
        column = index + 1
        if ch == "{":
            braces.append(column)
        elif ch == "}":
            if not braces:
                raise AnswerSyntaxError("the brace '}' closes nothing", column)
            braces.pop()
        elif ch in "([":
            brackets.append(column)
        elif ch in ")]":
            if not brackets:
                raise AnswerSyntaxError(f"the bracket '{ch}' closes nothing", column)
            brackets.pop()
        index += 1
    if braces:
        raise AnswerSyntaxError("a brace '{' is never closed", braces[-1])
    if brackets:
        raise AnswerSyntaxError("a bracket is never closed", brackets[-1])


def check_tree(value: sp.Basic) -> None:
    """Refuse trees too big to evaluate safely (numbers with too many digits)."""
    if isinstance(value, sp.MatrixBase):
        for entry in value:
            check_tree(entry)
        return
    if not isinstance(value, sp.Basic):
        return
    nodes = 0
    for node in sp.preorder_traversal(value):
        nodes += 1
        if nodes > MAX_NODES:
            raise AnswerTooLarge(f"the formula has more than {MAX_NODES} parts")
    _digits(value, 0)


def _digits(expr: sp.Basic, factorial_depth: int) -> float:
    """An upper estimate of log10|value| for numeric subtrees (0 for symbolic ones)."""
    if isinstance(expr, sp.Integer):
        return len(str(abs(int(expr)))) if abs(int(expr)) > 1 else 0.0
    if isinstance(expr, sp.Rational):
        return float(max(len(str(abs(expr.p))), len(str(expr.q))))
    if isinstance(expr, sp.Float):
        return abs(math.log10(abs(float(expr)))) if expr != 0 else 0.0
    if isinstance(expr, sp.factorial):
        if factorial_depth + 1 > MAX_FACTORIAL_DEPTH:
            raise AnswerTooLarge("factorials nested more than twice grow beyond any answer here")
        inner = _digits(expr.args[0], factorial_depth + 1)
        if expr.args[0].is_number:
            if inner > 4:
                raise AnswerTooLarge("this factorial has more than 10,000 digits")
            n = float(sp.N(expr.args[0], 15))
            return n * math.log10(max(n, 2))
        return inner
    if isinstance(expr, sp.Pow):
        base, exponent = expr.args
        base_digits = _digits(base, factorial_depth)
        exponent_digits = _digits(exponent, factorial_depth)
        if not exponent.is_number:
            return base_digits
        if exponent_digits > 6:
            raise AnswerTooLarge("an exponent with more than a million digits")
        size = abs(float(sp.N(exponent, 15)))
        if not base.is_number:
            if size > MAX_EXPONENT:
                raise AnswerTooLarge(f"an exponent of {sp.N(exponent, 3)}: no answer here needs a power above {MAX_EXPONENT}")
            return base_digits
        estimate = size * max(base_digits, 1.0)
        if estimate > MAX_DIGITS:
            raise AnswerTooLarge(f"a number with about {estimate:.3g} digits; the limit is {MAX_DIGITS}")
        return estimate
    children = [_digits(arg, factorial_depth) for arg in expr.args if isinstance(arg, sp.Basic)]
    if isinstance(expr, sp.Mul):
        return sum(children)
    return max(children, default=0.0) + (1 if isinstance(expr, sp.Add) else 0)
