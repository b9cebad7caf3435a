"""Matrix-calculus answers as a careful instructor grades them: products
do not commute, transposes matter, shapes and layouts are checked."""
from __future__ import annotations

import pytest

from grader import grade

QUADRATIC, FACTORIZATION = "17.4.quadratic-form", "17.4.matrix-factorization"


@pytest.mark.parametrize("exercise, answer", [
    (QUADRATIC, r"(A+A^\top)x"), (QUADRATIC, r"A^\top x + Ax"), (QUADRATIC, r"(A+A^T)^T x"),
    (FACTORIZATION, r"-2U^\top(X-UV)"), (FACTORIZATION, r"2U^TUV-2U^TX"), (FACTORIZATION, r"2(U^\top UV - U^\top X)"),
])
def test_correct(exercise: str, answer: str) -> None:
    verdict = grade(exercise, answer)
    assert verdict.status == "correct", verdict.feedback
    assert "random matrices" in verdict.method or verdict.method in ("numeric", "exact", "symbolic")


@pytest.mark.parametrize("exercise, answer", [
    (QUADRATIC, r"2Ax"), (QUADRATIC, r"A^\top x"), (FACTORIZATION, r"2U^\top(X-UV)"), (FACTORIZATION, r"-2U^\top(X-VU)"),
])
def test_incorrect(exercise: str, answer: str) -> None:
    assert grade(exercise, answer).status == "incorrect"


@pytest.mark.parametrize("exercise, answer", [
    (FACTORIZATION, r"-2(X-UV)U^\top"), (FACTORIZATION, r"-2U(X-UV)"), (QUADRATIC, r"x^\top(A+A^\top)"),
])
def test_shape_errors_are_named(exercise: str, answer: str) -> None:
    verdict = grade(exercise, answer)
    assert verdict.status in ("incorrect", "invalid")
    assert " x " in verdict.feedback and ("shape" in verdict.feedback or "layout" in verdict.feedback), verdict.feedback


def test_feedback_for_the_classic_mistakes() -> None:
    assert "sign" in grade(FACTORIZATION, r"2U^\top(X-UV)").feedback.lower()
    assert "respect to" in grade(FACTORIZATION, r"-2(X-UV)V^\top").feedback
    assert "symmetric" in grade(QUADRATIC, "2Ax").feedback
    assert "factor of 2" in grade("17.4.least-squares-gradient", r"A^\top(Ax-b)").feedback
    assert "transpose" in grade("17.4.log-det-gradient", r"X^{-1}").feedback.lower()
