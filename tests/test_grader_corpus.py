"""The labelled answer corpus (tests/corpus/*.jsonl): student-style answers,
correct, wrong and malformed, for every gradable exercise.

The grader must accept no wrong answer, reject at most 2% of the correct
ones, and give every wrong or malformed answer its labelled status.
"""
from __future__ import annotations

import pytest

from exercises import AnswerType, default_bank
from grader.grading import resolve
from tests.labelled import CASES


@pytest.fixture(scope="module")
def verdicts(corpus_verdicts) -> list[tuple[dict, object]]:
    return corpus_verdicts


def _show(case: dict, verdict) -> str:
    return f"{case['where']} {case['exercise']} {case['answer']!r}: expected {case['expect']}, got " \
           f"{verdict.status} ({verdict.feedback} | read as {verdict.interpreted})"


def test_no_wrong_answer_is_accepted(verdicts) -> None:
    accepted = [_show(c, v) for c, v in verdicts if c["expect"] != "correct" and v.status == "correct"]
    assert not accepted, "\n".join(accepted)


def test_at_most_two_percent_of_correct_answers_are_rejected(verdicts) -> None:
    correct = [(c, v) for c, v in verdicts if c["expect"] == "correct"]
    rejected = [_show(c, v) for c, v in correct if v.status != "correct"]
    assert len(rejected) <= 0.02 * len(correct), f"{len(rejected)}/{len(correct)} rejected:\n" + "\n".join(rejected)


def test_no_correct_matrix_or_index_answer_is_rejected(verdicts) -> None:
    matrix_types = {AnswerType.matrix_expression, AnswerType.index_expression}
    rejected = [_show(c, v) for c, v in verdicts if c["expect"] == "correct" and v.status != "correct"
                and resolve(c["exercise"])[1].answer.type in matrix_types]
    assert not rejected, "\n".join(rejected)


def test_wrong_and_malformed_answers_get_their_status(verdicts) -> None:
    wrong = [_show(c, v) for c, v in verdicts if c["expect"] != "correct" and v.status != c["expect"]]
    assert not wrong, "\n".join(wrong)


def test_every_gradable_exercise_has_correct_wrong_and_malformed_cases() -> None:
    labels: dict[str, set[str]] = {}
    for case in CASES:
        labels.setdefault(case["exercise"].split("/")[0], set()).add(case["expect"])
    thin = [ex.id for ex in default_bank() if ex.gradable and not {"correct", "incorrect"} <= labels.get(ex.id, set())]
    assert not thin, f"exercises without both correct and incorrect cases: {thin}"
