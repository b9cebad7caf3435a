"""The grader: a student's answer text becomes a verdict, a score and feedback.

Data flows one way: text -> normalise -> parse -> bind to the exercise's
symbols -> compare with the reference (the equivalence engine) -> verdict.

`grade()` and `grade_part()` are the bounded, isolated way in: they take
any input (a wrong type, a huge text, a bad budget) and return a Verdict,
never an exception. Each answer runs in a sandboxed worker under the
policy's time and memory limits; the job carries the exercise part itself,
so an exercise that is not in the shipped bank (a variant, one sent over
HTTP) is graded the same way.
"""
from __future__ import annotations

import threading
from typing import Any

from exercises import Bank, Exercise, ExercisePart, UnknownExercise
from exercises.model import Notation
from grader.cache import ENGINE_VERSION, VerdictCache
from grader.errors import AnswerTooLarge
from grader.formulas import read_formula
from grader.grading import grade_answer, resolve
from grader.limits import check_length
from grader.policy import DEFAULT_POLICY, GradingPolicy
from grader.sandbox import Outcome, Sandbox
from grader.verdict import STATUSES, Preview, Verdict, to_record
from grader.warmup import warm_up

DEFAULT_BUDGET_S = DEFAULT_POLICY.budget_s

_cache = VerdictCache()
_sandbox: Sandbox | None = None
_sandbox_lock = threading.Lock()


def shared_sandbox() -> Sandbox:
    """The process's grading sandbox (started on first use)."""
    global _sandbox
    with _sandbox_lock:
        if _sandbox is None:
            _sandbox = Sandbox(warm_up=warm_up)
        return _sandbox


def grade(exercise_id: Any, answer: Any, *, policy: GradingPolicy | None = None, budget_s: Any = None,
          bank: Bank | None = None, sandbox: Sandbox | None = None) -> Verdict:
    """Grade `answer` for `exercise_id` (`17.6.3`, or `17.6.3/why` for a part) of
    `bank` (the shipped bank by default), under `policy`; `budget_s` overrides
    the policy's time budget. `sandbox` is where it runs (the process's shared
    one by default; a pool passes each thread its own)."""
    policy, refused = _checked(policy, budget_s, answer)
    if refused is not None:
        return refused
    if not isinstance(exercise_id, str) or not exercise_id.strip():
        return Verdict.invalid(f"No exercise: the exercise id must be text such as '17.3.1', not {exercise_id!r}.",
                               method="unknown-exercise", note="input:exercise-id")
    try:
        exercise, part = resolve(exercise_id.strip(), bank)
    except (UnknownExercise, KeyError) as err:
        return Verdict.invalid(str(err).strip('"'), method="unknown-exercise", note="input:unknown-exercise",
                               exercise=exercise_id)
    return _grade_checked(exercise, part, answer, policy, sandbox)


def grade_part(exercise: Exercise, part: ExercisePart | None, answer: Any, *,
               policy: GradingPolicy | None = None, sandbox: Sandbox | None = None) -> Verdict:
    """Grade `answer` for one part (the main part when None) of an exercise
    that may come from anywhere: another bank, a variant, a request."""
    policy, refused = _checked(policy, None, answer)
    if refused is not None:
        return refused
    return _grade_checked(exercise, part or exercise.main_part, answer, policy, sandbox)


def preview_part(exercise: Exercise, part: ExercisePart | None, answer: Any, *,
                 policy: GradingPolicy | None = None, sandbox: Sandbox | None = None) -> Preview:
    """How `answer` is read for the part, without the verdict. It is graded
    (bounded and cached like any grading, so the submit that follows costs
    nothing) and only the reading is kept."""
    return Preview.of(grade_part(exercise, part, answer, policy=policy, sandbox=sandbox))


def _checked(policy: GradingPolicy | None, budget_s: Any, answer: Any) -> tuple[GradingPolicy, Verdict | None]:
    """The policy to use, or the verdict that refuses the request. The answer's
    length is checked first of all, before any other work on it."""
    policy = policy if isinstance(policy, GradingPolicy) else DEFAULT_POLICY
    if budget_s is not None:
        policy = policy.with_budget(budget_s)
    problem = policy.problem()
    if problem is not None:
        return policy, Verdict.invalid(f"Cannot grade with this policy: {problem}.", method="policy",
                                       note="input:policy")
    if not isinstance(answer, str):
        return policy, Verdict.invalid(f"The answer must be text, not {type(answer).__name__}.", method="input",
                                       note="input:answer-type")
    try:
        check_length(answer, policy.max_length)
    except AnswerTooLarge as err:
        return policy, Verdict.invalid(f"Cannot read this answer: {err.message}.", column=err.column,
                                       method="limit", note=err.code)
    return policy, None


def _grade_checked(exercise: Exercise, part: ExercisePart, answer: str, policy: GradingPolicy,
                   sandbox: Sandbox | None) -> Verdict:
    seed = f"{exercise.id}/{part.id}"
    label = {"exercise": exercise.id, "part": part.id}
    if not part.answer.gradable:
        return Verdict.manual(**label)
    notation = exercise.notation
    key = _cache.key(_cache.fingerprint(seed, notation, part), answer, policy)
    cached = _cache.get(key)
    if cached is not None:
        return cached
    outcome = (sandbox or shared_sandbox()).run(grade_answer, (seed, notation, part, answer, policy), policy.budget_s,
                                   policy.memory_bytes)
    verdict = _verdict_of(outcome, policy, label)
    if outcome.kind == "ok":
        _cache.put(key, verdict)
    return verdict


def _verdict_of(outcome: Outcome, policy: GradingPolicy, label: dict[str, str]) -> Verdict:
    if outcome.kind == "ok":
        return outcome.value
    if outcome.kind == "timeout":
        return Verdict.invalid(f"Grading this answer took longer than {policy.budget_s:g} s, so it was stopped; "
                               "write it in a simpler form.", method="timeout", note="limit:time", **label)
    if outcome.kind == "memory":
        return Verdict.invalid("This answer needs too much memory to grade; write it in a simpler form.",
                               method="limit", note="limit:memory", **label)
    if outcome.kind == "depth":
        return Verdict.invalid("This answer is nested or chained too deeply to grade; use brackets or a "
                               "simpler form.", method="limit", note="limit:depth", **label)
    return Verdict.invalid("This answer could not be graded (an internal error); it has been kept.",
                           method="error", note="error:internal", **label)


def clear_cache() -> None:
    _cache.clear()


__all__ = [
    "DEFAULT_BUDGET_S", "DEFAULT_POLICY", "ENGINE_VERSION", "GradingPolicy", "Notation", "Preview", "STATUSES",
    "Verdict",
    "clear_cache", "grade", "grade_part", "preview_part", "read_formula", "shared_sandbox", "to_record",
]
