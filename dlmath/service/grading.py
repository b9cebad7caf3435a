"""What the service does for a request, as plain blocking calls that the
routes run on worker threads: look an exercise up, grade or preview an
answer on the sandbox pool, keep the attempt in the store. With an
`Assignment`, whoever asks (a student id, else the page's session) gets
their own variant of a randomised exercise, to read, to be graded on and
to see solved."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from dlmath.classroom.store import Attempt, Store, variant_columns
from exercises import Assignment, Bank, Exercise, ExercisePart, UnknownExercise, default_bank
from grader import DEFAULT_POLICY, GradingPolicy, Preview, Verdict
from grader.grading import resolve
from grader.pool import SandboxPool

# A student tries again: a wrong choice is not told the part's explanation, which would give the answer away.
SERVICE_POLICY: GradingPolicy = replace(DEFAULT_POLICY, explain_wrong=False)


class NotFound(LookupError):
    """An exercise or a part the bank does not have, with close ids."""

    def __init__(self, message: str, suggestions: list[str]) -> None:
        super().__init__(message)
        self.message, self.suggestions = message, suggestions


ANONYMOUS = "anonymous"  # no student id and no session: the exercise as the bank has it


def who(student: str | None, session: str | None) -> str:
    """Whose attempt it is: the student id given, else the page's anonymous session."""
    if student and student.strip():
        return student.strip()
    return f"session:{session.strip()}" if session and session.strip() else ANONYMOUS


class GradingService:
    """The sandbox pool, the bank and the store one running service shares."""

    def __init__(self, db: Path, workers: int, bank: Bank | None = None, assignment: Assignment | None = None) -> None:
        self.bank = bank or default_bank()
        self.assignment = assignment
        self.pool = SandboxPool(workers)  # started now, before the server starts its threads
        self.store = Store(db)

    def close(self) -> None:
        self.pool.close()
        self.store.close()

    def exercise(self, exercise_id: str, whose: str = ANONYMOUS) -> Exercise:
        """The exercise, as `whose` sees it: their own variant, when the service gives variants."""
        try:
            found = self.bank.get(exercise_id)
        except UnknownExercise as err:
            raise NotFound(str(err), err.suggestions) from None
        return self._for(found, whose)

    def part(self, target: str, whose: str = ANONYMOUS) -> tuple[Exercise, ExercisePart]:
        """`17.6.3` (its main part) or `17.6.3/why`, of `whose` variant."""
        try:
            exercise, part = resolve(target.strip(), self.bank)
        except UnknownExercise as err:
            raise NotFound(str(err), err.suggestions) from None
        except KeyError as err:
            exercise = self.exercise(target.split("/")[0].strip())
            raise NotFound(str(err).strip('"\''), [f"{exercise.id}/{p.id}" for p in exercise.parts]) from None
        mine = self._for(exercise, whose)
        return mine, mine.part(part.id)

    def _for(self, exercise: Exercise, whose: str) -> Exercise:
        if self.assignment is None or whose == ANONYMOUS:
            return exercise
        return self.assignment.exercise_for(exercise, whose)

    def grade(self, target: str, answer: str, student: str, channel: str) -> Verdict:
        """Grade on a free sandbox and keep the attempt (one transaction, so it survives kill -9)."""
        exercise, part = self.part(target, student)
        verdict = self.pool.grade_part(exercise, part, answer, policy=SERVICE_POLICY)
        self.store.add_attempt(Attempt(student, exercise.id, part.id, answer, channel, verdict,
                                       **variant_columns(exercise.variant)))
        return verdict

    def preview(self, target: str, answer: str, whose: str = ANONYMOUS) -> Preview:
        exercise, part = self.part(target, whose)
        return self.pool.preview_part(exercise, part, answer, policy=SERVICE_POLICY)

    def attempts(self, student: str, exercise_id: str) -> int:
        return self.store.attempt_count(student, exercise_id)
