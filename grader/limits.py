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
MAX_DIGITS = 4_000  # decimal digits of any number the answer denotes (Python prints at most 4,300)
MAX_EXPONENT = 10_000  # of a power with a symbolic base
MAX_FACTORIAL_DEPTH = 2  # x!!! is three factorials deep
MAX_MATRIX_SIZE = 12  # rows or columns of a matrix written out
MAX_DETERMINANT_SIZE = 6  # a symbolic 7 x 7 determinant has 5,040 terms


def check_length(text: str, limit: int = MAX_LENGTH) -> None:
    """The first check of all: constant time, before any other work."""
    if len(text) > limit:
        raise AnswerTooLarge(f"the answer is {len(text):,} characters long; the limit is {limit:,}", limit + 1,
                             code="limit:length")


def check_text(text: str) -> None:
    check_length(text)
    depth = 0
    for column, ch in enumerate(text, 1):
        if ch in "([{":
            depth += 1
            if depth > MAX_NESTING:
                raise AnswerTooLarge(f"brackets are nested more than {MAX_NESTING} deep", column, code="limit:depth")
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
                raise AnswerSyntaxError("the brace '}' closes nothing", column, code="parse:unbalanced-brace")
            braces.pop()
        elif ch in "([":
            brackets.append(column)
        elif ch in ")]":
            if not brackets:
                raise AnswerSyntaxError(f"the bracket '{ch}' closes nothing", column, code="parse:unbalanced-bracket")
            brackets.pop()
        index += 1
    if braces:
        raise AnswerSyntaxError("a brace '{' is never closed", braces[-1], code="parse:unbalanced-brace")
    if brackets:
        raise AnswerSyntaxError("a bracket is never closed", brackets[-1], code="parse:unbalanced-bracket")


def check_tree(value: sp.Basic) -> None:
    """Refuse trees too big to evaluate safely (numbers with too many digits,
    determinants of large matrices)."""
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
        if isinstance(node, sp.MatrixBase) and max(node.shape, default=0) > MAX_MATRIX_SIZE:
            raise AnswerTooLarge(f"a matrix larger than {MAX_MATRIX_SIZE} x {MAX_MATRIX_SIZE}")
        if isinstance(node, sp.Determinant) and isinstance(node.arg, sp.MatrixBase) \
                and max(node.arg.shape, default=0) > MAX_DETERMINANT_SIZE:
            raise AnswerTooLarge(f"a determinant of a matrix larger than {MAX_DETERMINANT_SIZE} x "
                                 f"{MAX_DETERMINANT_SIZE}")
    _digits(value, 0)


def _digits(expr: sp.Basic, factorial_depth: int) -> float:
    """An upper estimate of log10|value| for numeric subtrees (0 for symbolic
    ones); raises AnswerTooLarge as soon as it passes MAX_DIGITS."""
    estimate = _estimate(expr, factorial_depth)
    if estimate > MAX_DIGITS:
        raise AnswerTooLarge(f"a number with about {estimate:,.0f} digits; the limit is {MAX_DIGITS:,}")
    return estimate


def _log10_factorial(n: float) -> float:
    return math.lgamma(n + 1) / math.log(10) if n > 0 else 0.0


def _log10(n: int) -> float:
    """log10 |n| (0 for 0 and 1), without printing n."""
    n = abs(n)
    return 0.0 if n <= 1 else math.log10(n) if n.bit_length() < 1000 else n.bit_length() * math.log10(2)


def _magnitude(number: sp.Basic) -> float:
    """|number| for a numeric subtree whose digits are already bounded; 0 for a
    "number" SymPy cannot evaluate (a derivative of a constant, a transpose)."""
    try:
        return abs(complex(sp.N(number, 15)))
    except (TypeError, ValueError, ArithmeticError):
        return 0.0


def _estimate(expr: sp.Basic, factorial_depth: int) -> float:
    if isinstance(expr, sp.Integer):
        return _log10(int(expr))
    if isinstance(expr, sp.Rational):
        return max(_log10(expr.p), _log10(expr.q))
    if isinstance(expr, sp.NumberSymbol):  # e, pi: e^{10^6} has 434,295 digits
        return abs(math.log10(float(expr)))
    if isinstance(expr, sp.Float):
        return abs(math.log10(abs(float(expr)))) if expr != 0 and math.isfinite(float(expr)) else 0.0
    if isinstance(expr, (sp.factorial, sp.factorial2, sp.gamma)):
        if factorial_depth + 1 > MAX_FACTORIAL_DEPTH:
            raise AnswerTooLarge("factorials nested more than twice grow beyond any answer here")
        inner = _digits(expr.args[0], factorial_depth + 1)
        if not expr.args[0].is_number:
            return inner
        if inner > 6:
            raise AnswerTooLarge(f"this factorial has more than {MAX_DIGITS:,} digits")
        return _log10_factorial(_magnitude(expr.args[0]))
    if isinstance(expr, sp.binomial):
        n, k = expr.args
        n_digits = _digits(n, factorial_depth)
        k_digits = _digits(k, factorial_depth)
        if k.is_number and (k_digits > 6 or _magnitude(k) > MAX_EXPONENT):
            raise AnswerTooLarge(f"a binomial coefficient with k above {MAX_EXPONENT:,}")
        if not n.is_number:
            return n_digits
        if n_digits > 6:
            raise AnswerTooLarge(f"this binomial coefficient has more than {MAX_DIGITS:,} digits")
        return _magnitude(n) * math.log10(2)  # C(n, k) <= 2^n
    if isinstance(expr, (sp.Pow, sp.exp)):  # exp(x) is its own class in SymPy: a power of e
        base, exponent = expr.args if isinstance(expr, sp.Pow) else (sp.E, expr.args[0])
        base_digits = _digits(base, factorial_depth)
        exponent_digits = _digits(exponent, factorial_depth)
        if not exponent.is_number:
            return base_digits
        size = _magnitude(exponent) if exponent_digits <= 300 else math.inf
        if not base.is_number:
            if size > MAX_EXPONENT:
                shown = sp.latex(exponent) if exponent_digits <= 20 else f"about 10^{exponent_digits:.0f}"
                raise AnswerTooLarge(f"an exponent of {shown}: no answer here needs a power above {MAX_EXPONENT:,}")
            return base_digits
        if exponent_digits > 6:
            shown = sp.latex(exponent) if exponent_digits <= 20 else f"about 10^{exponent_digits:.0f}"
            raise AnswerTooLarge(f"a number with more than {MAX_DIGITS:,} digits (an exponent of {shown})")
        return size * base_digits
    children = [_digits(arg, factorial_depth) for arg in expr.args if isinstance(arg, sp.Basic)]
    if isinstance(expr, sp.Mul):
        return sum(children)
    return max(children, default=0.0) + (1 if isinstance(expr, sp.Add) else 0)
