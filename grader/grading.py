"""Grade one answer against one exercise part, in this process: the answer
type's reader and comparer under the exercise's notation and the policy,
turned into a Verdict. `grade_answer` is pure: the same part, text and
policy always give the same verdict. It runs inside the sandbox's worker;
`grader.grade()` is the bounded, isolated way to call it.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Callable

from exercises import Bank, Exercise, ExercisePart, default_bank
from exercises.model import AnswerKey, Notation
from exercises.schema import AnswerType
from grader.answer_types import ANSWER_KINDS, Outcome, restated_in_text
from grader.chains import false_step
from grader.context import GradingContext
from grader.errors import AnswerError
from grader.normalize import decimal_commas
from grader.policy import DEFAULT_POLICY, GradingPolicy
from grader.verdict import Verdict

PART_SEPARATOR = "/"


def split_id(exercise_id: str) -> tuple[str, str | None]:
    """`17.6.3` is the main part; `17.6.3/why` names another part."""
    base, _, part_id = exercise_id.partition(PART_SEPARATOR)
    return base, part_id or None


def resolve(exercise_id: str, bank: Bank | None = None) -> tuple[Exercise, ExercisePart]:
    """The exercise and the part an id names; raises UnknownExercise or KeyError."""
    base, part_id = split_id(exercise_id)
    exercise = (bank or default_bank()).get(base)
    return exercise, exercise.part(part_id) if part_id else exercise.main_part


def _another_reading(answer: str, key: AnswerKey, context: GradingContext, kind: Callable) -> Outcome | None:
    """Right under another fair reading the bank accepts (17.10.2b counts the space or not)."""
    for accepted in key.accepted:
        outcome = kind(answer, replace(key, reference=accepted.value, mistakes=(), accepted=()), context)
        if outcome.correct:
            return replace(outcome, feedback=f"Correct: {accepted.feedback}", note=accepted.note)
    return None


CHAINED = (AnswerType.number, AnswerType.expression)  # a value that may end a chain x = ... = 11
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z$\\(])")


def without_repeats(feedback: str) -> str:
    """Feedback assembled from several findings says each sentence once."""
    sentences = SENTENCE_END.split(feedback.strip())
    return " ".join(dict.fromkeys(sentence.strip() for sentence in sentences if sentence.strip()))


def grade_answer(seed: str, notation: Notation, part: ExercisePart, answer: str,
                 policy: GradingPolicy = DEFAULT_POLICY) -> Verdict:
    """The verdict on `answer` for `part`; every reading problem becomes an
    `invalid` verdict. `seed` (`exercise/part`) seeds the numeric probe.

    Timeouts (SoftTimeout), MemoryError and RecursionError propagate: the
    worker that runs this turns them into verdicts and is then replaced.
    """
    exercise_id, _, part_id = seed.partition(PART_SEPARATOR)
    label = {"exercise": exercise_id, "part": part_id}
    key = part.answer
    if not key.gradable:
        return Verdict.manual(**label)
    if not isinstance(answer, str) or not answer.strip():
        return Verdict.invalid("The answer is empty.", column=1, note="parse:empty", **label)
    kind = ANSWER_KINDS.get(key.type)
    if kind is None:
        return Verdict.invalid(f"Answers of type {key.type.value} cannot be graded automatically yet.",
                               method="unsupported", note="input:unsupported-type", **label)
    try:
        context = GradingContext.start(notation, policy, seed)
        if notation.conventions.decimal_separator == ",":
            answer = decimal_commas(answer)
        outcome = restated_in_text(answer, key) or kind(answer, key, context)
        if not outcome.correct and outcome.note != "structure:restated":
            outcome = _another_reading(answer, key, context, kind) or outcome
        if outcome.correct and key.type in CHAINED and ("=" in answer or "approx" in answer or "≈" in answer):
            step = false_step(answer, key, context)
            if step is not None:
                outcome = replace(outcome, correct=False, method="numeric", note="mistake:false-step",
                                  feedback=f"The last value is right, but a step of the chain is false: ${step}$.")
    except AnswerError as err:
        where = f" (column {err.column})" if err.column else ""
        return Verdict.invalid(f"Cannot read this answer: {err.message}{where}.", column=err.column,
                               method="limit" if err.code.startswith("limit:") else "parse", note=err.code, **label)
    return Verdict(
        status="correct" if outcome.correct else "incorrect",
        score=1.0 if outcome.correct else 0.0,
        feedback=without_repeats(outcome.feedback),
        interpreted=outcome.interpreted,
        method=outcome.method,
        warnings=tuple(dict.fromkeys(outcome.warnings)),
        note=outcome.note,
        **label,
    )
