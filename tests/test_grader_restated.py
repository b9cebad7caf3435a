"""A restated question is not an answer: no gradable part accepts its own
given mathematics, or the operation its statement asks to carry out."""
from __future__ import annotations

import re

import pytest
import sympy as sp

from exercises import default_bank
from exercises.render import to_latex
from grader import grade

MATH = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$|\\\((.+?)\\\)", re.S)
OPERATION = re.compile(r"\\int|\\sum|\\prod|\\lim|\\frac\s*\{\s*(?:d|\\partial)|\\partial|\\mathbb\{E\}|E\[")

PARTS = [(exercise, part) for exercise in default_bank() for part in exercise.parts if part.answer.gradable]


def _part_id(exercise, part) -> str:
    return exercise.id if part is exercise.main_part else f"{exercise.id}/{part.id}"


def _givens() -> list[tuple[str, str]]:
    """Every given expression; a bare number (a bound, a seed's printed value,
    an area) is a parameter of the question, and may well be its answer."""
    cases = []
    for exercise, part in PARTS:
        for value in exercise.given.values():
            if not (isinstance(value, sp.Basic) and value.is_Number):
                cases.append((_part_id(exercise, part), to_latex(value)))
    return cases


def _operations() -> list[tuple[str, str]]:
    cases = []
    for exercise, part in PARTS:
        for text in (exercise.statement, part.prompt or ""):
            for match in MATH.finditer(text):
                formula = next(g for g in match.groups() if g)
                if OPERATION.search(formula):
                    cases.append((_part_id(exercise, part), formula.split("=")[0].strip()))
    return cases


@pytest.mark.parametrize("exercise, answer", _givens(), ids=lambda v: v[:40])
def test_the_given_mathematics_is_never_an_answer(exercise: str, answer: str) -> None:
    verdict = grade(exercise, answer)
    assert verdict.status != "correct", (exercise, answer, verdict)


@pytest.mark.parametrize("exercise, answer", _operations(), ids=lambda v: v[:40])
def test_the_statement_s_operation_unevaluated_is_never_an_answer(exercise: str, answer: str) -> None:
    verdict = grade(exercise, answer)
    assert verdict.status != "correct", (exercise, answer, verdict)


@pytest.mark.parametrize("exercise, answer", [
    ("17.5.1", r"\int_1^2 \frac{1}{x}\,dx"),
    ("17.5.2", r"\int_0^{\sqrt{\pi}} x\sin(x^2)\,dx"),
    ("17.5.substitution", r"\int_0^1 y e^{-y^2}\,dy"),
    ("17.5.polar", r"\int_{-\infty}^{\infty} e^{-x^2}\,dx"),
    ("17.6.1", r"\int_2^\infty \frac{1}{x^2}\,dx"),
    ("17.6.2b", r"\sqrt{\int_{-\infty}^{\infty} x^2 \cdot \frac{1}{2}e^{-|x|}\,dx}"),
])
def test_the_issue_s_restated_integrals_are_incorrect(exercise: str, answer: str) -> None:
    verdict = grade(exercise, answer)
    assert (verdict.status, verdict.note) == ("incorrect", "structure:restated"), verdict
    assert "restates the question" in verdict.feedback
