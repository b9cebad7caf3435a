"""The grader: a student's answer text becomes a verdict, a score and feedback.

Data flows one way: text -> normalise -> parse -> bind to the exercise's
symbols -> compare with the reference (the equivalence engine) -> verdict.
`grade()` runs each answer in a sandboxed worker under a hard time budget,
so no answer can hang or crash the caller.
"""
from __future__ import annotations

from collections import OrderedDict

from grader.verdict import Verdict

DEFAULT_BUDGET_S = 2.0
_CACHE_SIZE = 4096
_cache: "OrderedDict[tuple[str, str], Verdict]" = OrderedDict()


def grade(exercise_id: str, answer: str, *, budget_s: float = DEFAULT_BUDGET_S) -> Verdict:
    """Grade `answer` for `exercise_id` (`17.6.3`, or `17.6.3/why` for a part).

    Identical answers to the same exercise are graded once (an LRU cache).
    """
    from exercises import UnknownExercise
    from grader.grading import resolve

    try:
        exercise, part = resolve(exercise_id)
    except (UnknownExercise, KeyError) as err:
        return Verdict.invalid(str(err).strip('"'), method="unknown-exercise", exercise=exercise_id)
    key = (f"{exercise.id}/{part.id}", _cache_text(answer, exercise.conventions.log_base))
    if key in _cache:
        _cache.move_to_end(key)
        return _cache[key]
    verdict = _grade_in_sandbox(exercise.id, part.id, answer, budget_s)
    _cache[key] = verdict
    if len(_cache) > _CACHE_SIZE:
        _cache.popitem(last=False)
    return verdict


def _cache_text(answer: object, log_base: str) -> str:
    """Answers that normalise to the same text get the same verdict."""
    from grader.errors import AnswerError
    from grader.normalize import normalise

    if not isinstance(answer, str):
        return repr(answer)
    try:
        normalised = normalise(answer, log_base=log_base, keep_equation=True)
    except AnswerError:
        return answer.strip()
    return f"{normalised.latex}:{normalised.text}"


def _grade_in_sandbox(exercise_id: str, part_id: str, answer: str, budget_s: float) -> Verdict:
    from grader.sandbox import shared_sandbox

    _warm_up()
    outcome = shared_sandbox().run(_grade_here, (exercise_id, part_id, answer, budget_s), budget_s)
    label = {"exercise": exercise_id, "part": part_id}
    if outcome.kind == "ok":
        return outcome.value
    if outcome.kind == "timeout":
        return Verdict.invalid(f"Grading this answer took longer than {budget_s:g} s, so it was stopped; "
                               "write it in a simpler form.", method="timeout", **label)
    return Verdict.invalid("This answer could not be graded (an internal error); it has been kept.",
                           method="error", **label)


def _grade_here(exercise_id: str, part_id: str, answer: str, budget_s: float) -> Verdict:
    from exercises import default_bank
    from grader.grading import grade_part

    exercise = default_bank().get(exercise_id)
    return grade_part(exercise, exercise.part(part_id), answer, budget_s)


_warm = False


def _warm_up() -> None:
    """Load the bank and the LaTeX backend before the worker forks, so a
    respawned worker starts warm."""
    global _warm
    if not _warm:
        from exercises import default_bank
        from grader.latex_backend import parse_latex

        default_bank()
        parse_latex("x")
        _warm = True


__all__ = ["Verdict", "grade", "DEFAULT_BUDGET_S"]
