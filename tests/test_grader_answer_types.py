"""Each answer type's policy, on bank exercises and on a small test bank."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from exercises import load_bank
from grader import grade, grade_part


@pytest.mark.parametrize("exercise, answer, status", [
    # number: exact forms, decimals rounded to the digits given, tolerance
    ("17.5.1", r"\ln(2)", "correct"),
    ("17.5.1", "ln 2", "correct"),
    ("17.5.1", r"$\log 2$", "correct"),
    ("17.5.1", r"\log_{10} 2", "incorrect"),
    ("17.5.1", "0.6931", "correct"),
    ("17.5.1", "0.6932", "incorrect"),
    ("17.7.coin", "0.25", "incorrect"),
    ("17.7.coin", "9/13", "correct"),
    ("17.7.coin", r"\hat\theta = \frac{9}{13}", "correct"),
    ("17.7.coin", "0.692", "correct"),
    ("17.7.coin", "θ̂ = 0.6923", "correct"),
    ("17.1.1", "0.908", "correct"),
    ("17.1.1", "52.0^\\circ", "correct"),
    ("17.1.1", "45^\\circ", "incorrect"),
    ("17.1.1", r"\arccos\left(\frac{5}{\sqrt{66}}\right)", "correct"),
    ("17.1.1", "acos(5/sqrt(66))", "correct"),
    ("17.1.1", r"\arccos\left(\frac{5}{\sqrt{6}\sqrt{11}}\right)", "correct"),
    # boolean and choice
    ("17.3.3", "False", "correct"),
    ("17.3.3", r"\text{false}", "correct"),
    ("17.3.3", "no", "correct"),
    ("17.3.3", "T", "incorrect"),
    ("17.3.3", "maybe", "invalid"),
    ("17.1.4", "first", "correct"),
    ("17.1.4", "only the first set", "correct"),
    ("17.1.4", "first_and_third", "incorrect"),
    # sets, multisets, tuples, vectors
    ("17.2.1a", r"\{1, 3\}", "correct"),
    ("17.2.1a", "3,1", "correct"),
    ("17.2.1a", "1, 2", "incorrect"),
    ("17.2.1a", "1, 3, 5", "incorrect"),
    ("17.2.2a", "2, 2", "correct"),
    ("17.2.2a", "2", "correct"),  # the seed asks for the eigenvalues; the feedback gives the multiplicity
    ("17.2.2a", "2, 2, 2", "incorrect"),
    ("17.4.4a", "(0, 0)", "correct"),
    ("17.4.4a", "(0, 1)", "incorrect"),
    ("17.2.1b", "(1, 1)", "correct"),
    ("17.2.1b", r"\begin{bmatrix} 2 \\ 2 \end{bmatrix}", "correct"),
    ("17.2.1b", "(1, -1)", "incorrect"),
    ("17.2.1c", "[-5, 5]", "correct"),
    # equations up to a nonzero factor
    ("17.1.6", "ab = -cd", "correct"),
    ("17.1.6", "ab + cd = 0", "correct"),
    ("17.1.6", "2ab + 2cd = 0", "correct"),
    ("17.1.6", "ab = cd", "incorrect"),
    ("17.1.6", "ab + cd", "incorrect"),
    # sums over indexed symbols with symbolic bounds
    ("17.7.2", r"\frac{1}{N}\sum_{i=1}^N x_i", "correct"),
    ("17.7.2", r"\frac{1}{N}\sum_{j=1}^{N} x_j", "correct"),
    ("17.7.2", r"\frac{1}{N-1}\sum_{i=1}^N x_i", "incorrect"),
    ("17.7.2", r"\sum_{i=1}^N x_i", "incorrect"),
    # expression with a restating answer
    ("17.3.1", r"\frac{d}{dx}(x^3-4x+1)", "incorrect"),
    ("17.3.1", r"f'(x) = 3x^2 - 4", "correct"),
    ("17.3.1", "3·x² − 4", "correct"),
    ("17.3.1", r"\(3x^2-4\)", "correct"),
    ("17.3.1", "3y^2-4", "invalid"),
])
def test_policy(exercise: str, answer: str, status: str) -> None:
    verdict = grade(exercise, answer)
    assert verdict.status == status, f"{verdict.feedback} (read as {verdict.interpreted})"


def test_feedback_names_the_slip() -> None:
    assert grade("17.3.2", "1/x").feedback.startswith("The sign is wrong")
    assert "factor" in grade("17.3.1", "6x^2-8").feedback
    assert "multiplicity 2" in grade("17.2.2a", "2").feedback
    assert "zero vector" in grade("17.2.1b", "(0, 0)").feedback
    assert "a*b" in " ".join(grade("17.1.6", r"ab + cd = 0").warnings)


def test_parts_are_graded_by_their_own_key() -> None:
    assert grade("17.4.1/g", r"\beta^\top").status == "correct"
    manual = grade("17.6.3/why", "because of Chebyshev")
    assert (manual.status, manual.score, manual.note) == ("manual", None, "manual")
    assert "person" in manual.feedback


SMALL_BANK = '''
section: "17.3"
title: Test
exercises:
  - id: "17.3.90"
    title: An interval
    source: {seed: s.txt, section: "17.3"}
    statement: Where is $x^2 < 1$?
    answer: {type: interval, reference: "Interval.open(-1, 1)"}
  - id: "17.3.91"
    title: A matrix
    source: {seed: s.txt, section: "17.3"}
    statement: Invert [[1, 2], [0, 1]].
    answer: {type: matrix, reference: "Matrix([[1, -2], [0, 1]])"}
'''


@pytest.fixture(scope="module")
def small_bank(tmp_path_factory: pytest.TempPathFactory):
    folder: Path = tmp_path_factory.mktemp("bank")
    (folder / "17.3.yaml").write_text(textwrap.dedent(SMALL_BANK))
    return load_bank(folder)


@pytest.mark.parametrize("exercise, answer, status", [
    ("17.3.90", "(-1, 1)", "correct"),
    ("17.3.90", r"\left(-1, 1\right)", "correct"),
    ("17.3.90", "[-1, 1]", "incorrect"),
    ("17.3.90", "(-1, 2)", "incorrect"),
    ("17.3.91", r"\begin{pmatrix} 1 & -2 \\ 0 & 1 \end{pmatrix}", "correct"),
    ("17.3.91", "[[1, -2], [0, 1]]", "correct"),
    ("17.3.91", r"\begin{pmatrix} 1 & 2 \\ 0 & 1 \end{pmatrix}", "incorrect"),
    ("17.3.91", r"\begin{pmatrix} 1 & -2 \end{pmatrix}", "incorrect"),
])
def test_interval_and_matrix_answers(small_bank, exercise: str, answer: str, status: str) -> None:
    exercise_ = small_bank.get(exercise)
    verdict = grade_part(exercise_, exercise_.main_part, answer)
    assert verdict.status == status, verdict.feedback
