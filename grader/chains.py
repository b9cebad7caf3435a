"""Chains of equalities: `x = 5 + 5 + 1 = 11` is read as its last value, 11,
but only a true chain earns it. `x = 5 + 5 + 1 = 7 = 11` has a false step:
whatever its last value, a student who writes it has not shown 11, and the
answer is wrong at that step.

The first side is what the chain defines (`x`, `f'(x)`) and is not compared,
unless it is a value itself (`6 + 6 = 11` is false); each later side must
equal the next, or be it rounded (`x = 1/3 = 0.333`), and a step written
`\\approx` must hold to 1% (`x = 0.5 \\approx 0.333` does not).
Each side is read as the answer is: its unit taken off, and degrees kept as
degrees where the question asks for them or the chain is written in them. A
side that cannot be read on its own is skipped: the check looks for a false
step, it does not read the chain.
"""
from __future__ import annotations

import re
from decimal import Decimal
from itertools import pairwise

import sympy as sp
from sympy.core.function import AppliedUndef

from exercises.model import AnswerKey
from exercises.render import to_latex
from grader.answer_types import DEGREE_MARK, TRIGONOMETRY, asks_degrees, rounds_to
from grader.context import GradingContext
from grader.equivalence import equivalent
from grader.errors import AnswerError
from grader.normalize import strip_delimiters
from grader.reading import read_answer
from grader.units import read_unit


def false_step(answer: str, key: AnswerKey, ctx: GradingContext) -> str | None:
    """`a \\ne b`, in LaTeX, for the first step of the chain in `answer` that is false; None if there is none."""
    sides, approximate = _sides(strip_delimiters(answer))
    if len(sides) < 2 or not all(side.strip() for side in sides):
        return None
    in_degrees = (asks_degrees(key, ctx) or any(DEGREE_MARK.search(side) for side in sides)) and \
        not TRIGONOMETRY.search(answer)
    values = [_value(side, key, ctx, in_degrees) for side in sides]
    if values[0] is None or _is_label(values[0]):  # x = ..., f'(x) = ...: what the chain defines
        values, approximate = values[1:], approximate[1:]
    probe = ctx.probe(answer)
    for (left, right), roughly in zip(pairwise(values), approximate):
        if left is None or right is None or _rounded(left, right, ctx) or _rounded(right, left, ctx):
            continue
        if roughly:
            if not _near(left, right):
                return f"{_shown(left)} \\not\\approx {_shown(right)}"
            continue
        if equivalent(left, right, probe).equivalent is False:
            return f"{_shown(left)} \\ne {_shown(right)}"
    return None


APPROXIMATELY = re.compile(r"\\approx(?![A-Za-z])|≈")


def _sides(text: str) -> tuple[list[str], list[bool]]:
    """The sides of a chain at its top-level `=` and `\\approx`, and for each step whether it is approximate."""
    marked = APPROXIMATELY.sub("\x00", text)
    sides, approximate, depth, start = [], [], 0, 0
    for index, char in enumerate(marked):
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char in "=\x00" and depth == 0 and marked[index - 1:index] not in ("<", ">", "!", "\\"):
            sides.append(marked[start:index].strip())
            approximate.append(char == "\x00")
            start = index + 1
    sides.append(marked[start:].strip())
    return sides, approximate


def _is_label(value: sp.Expr) -> bool:
    """A name, an entry, a function's value or its derivative: what a chain defines, not a step of it."""
    if isinstance(value, sp.Derivative):
        value = value.expr
    return isinstance(value, (sp.Symbol, sp.Indexed, AppliedUndef))


def _near(left: sp.Expr, right: sp.Expr) -> bool:
    """`\\pi \\approx 3.14`, `1/3 \\approx 0.33`: within 1% (or 0.005 of zero)."""
    try:
        a, b = complex(sp.N(left, 30)), complex(sp.N(right, 30))
    except (TypeError, ValueError):
        return True  # not a number: nothing to say
    return abs(a - b) <= 0.01 * max(abs(a), abs(b)) or abs(a - b) <= 0.005


def _value(side: str, key: AnswerKey, ctx: GradingContext, in_degrees: bool) -> sp.Expr | None:
    conventions = ctx.notation.conventions
    if key.unit is not None:
        side = read_unit(side, key.unit, conventions.log_base, False, frozenset(ctx.notation.symbols)).text
    if in_degrees:
        side = DEGREE_MARK.sub("", side)
    try:
        value = read_answer(side, ctx.notation).value
    except AnswerError:
        return None
    return value if isinstance(value, sp.Expr) else None


def _rounded(typed: sp.Expr, value: sp.Expr, ctx: GradingContext) -> bool:
    """Is `typed` a decimal that is `value` rounded (to the places typed)?"""
    return isinstance(typed, sp.Rational) and not typed.is_Integer and bool(value.is_number) \
        and bool(value.is_real) and rounds_to(typed, value, ctx)


def _shown(value: sp.Expr) -> str:
    """A decimal as the student typed it (0.333, not 333/1000); anything else as LaTeX."""
    if isinstance(value, sp.Rational) and not value.is_Integer and all(p in (2, 5) for p in sp.primefactors(value.q)):
        return format(Decimal(value.p) / Decimal(value.q), "f")
    return to_latex(value)
