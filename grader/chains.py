"""Chains of equalities: `x = 5 + 5 + 1 = 11` is read as its last value, 11,
but only a true chain earns it. `x = 5 + 5 + 1 = 7 = 11` has a false step:
whatever its last value, a student who writes it has not shown 11, and the
answer is wrong at that step.

The first side is what the chain defines (`x`, `P(A)`) and is not compared;
each later side must equal the next. A side that cannot be read on its own
is skipped: the check looks for a false step, it does not read the chain.
"""
from __future__ import annotations

from itertools import pairwise

import sympy as sp

from exercises.model import Notation
from exercises.render import to_latex
from grader.equivalence import Probe, equivalent
from grader.errors import AnswerError
from grader.normalize import strip_delimiters
from grader.reading import read_answer, split_top_level


def false_step(answer: str, notation: Notation, probe: Probe) -> str | None:
    """`a \\ne b`, in LaTeX, for the first step of the chain in `answer` that is false; None if there is none."""
    sides = split_top_level(strip_delimiters(answer), "=")
    if len(sides) < 3 or not all(side.strip() for side in sides):
        return None
    values: list[sp.Basic | None] = []
    for side in sides[1:]:
        try:
            value = read_answer(side, notation).value
        except AnswerError:
            value = None
        values.append(value if isinstance(value, sp.Expr) else None)
    for left, right in pairwise(values):
        if left is not None and right is not None and equivalent(left, right, probe).equivalent is False:
            return f"{to_latex(left)} \\ne {to_latex(right)}"
    return None
