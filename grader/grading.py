"""Grade one answer against one exercise part: the policy of its answer type,
under the exercise's conventions, turned into a Verdict that never raises."""
from __future__ import annotations

import hashlib
import time

from exercises import Exercise, ExercisePart, default_bank
from grader.answer_types import POLICIES
from grader.equivalence import Probe
from grader.errors import AnswerError
from grader.verdict import Verdict

PART_SEPARATOR = "/"


def resolve(exercise_id: str) -> tuple[Exercise, ExercisePart]:
    """`17.6.3` is the main part; `17.6.3/why` names another part."""
    base, _, part_id = exercise_id.partition(PART_SEPARATOR)
    exercise = default_bank().get(base)
    return exercise, (exercise.part(part_id) if part_id else exercise.main_part)


def grade_part(exercise: Exercise, part: ExercisePart, answer: str, budget_s: float = 2.0) -> Verdict:
    """The verdict on `answer`; every failure becomes an `invalid` verdict."""
    label = {"exercise": exercise.id, "part": part.id}
    key = part.answer
    if not key.gradable:
        return Verdict("invalid", 0.0, "This part is graded by a person; the answer is kept for them.",
                       method="manual", **label)
    if not isinstance(answer, str) or not answer.strip():
        return Verdict.invalid("The answer is empty.", column=1, **label)
    policy = POLICIES.get(key.type)
    if policy is None:
        return Verdict.invalid(f"Answers of type {key.type.value} cannot be graded automatically yet.",
                               method="unsupported", **label)
    deadline = time.monotonic() + budget_s * 0.8
    domains = {s.sympy: s.domain for s in exercise.symbols.values() if s.kind == "scalar"}
    structures = {s.name: s.structure for s in exercise.symbols.values() if s.kind == "matrix"}

    def probe_for(normalised: str) -> Probe:
        """Points drawn from the declared domains, seeded by the exercise and the answer."""
        seed = hashlib.sha256(f"{exercise.id}/{part.id}:{normalised}".encode()).hexdigest()
        return Probe(domains=domains, structures=structures, seed=seed, deadline=deadline)

    try:
        outcome = policy(answer, exercise, key, probe_for)
    except AnswerError as err:
        where = f" (column {err.column})" if err.column else ""
        return Verdict.invalid(f"Cannot read this answer: {err.message}{where}.", column=err.column, **label)
    return Verdict(
        status="correct" if outcome.correct else "incorrect",
        score=1.0 if outcome.correct else 0.0,
        feedback=outcome.feedback,
        interpreted=outcome.interpreted,
        method=outcome.method,
        warnings=tuple(dict.fromkeys(outcome.warnings)),
        **label,
    )
