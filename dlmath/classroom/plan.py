"""From records to work: which part each record answers, what it is worth,
the key its verdict is stored under, and the distinct answers left to grade.

A class repeats itself (hundreds of identical correct answers, a tail of
distinct wrong ones), and a verdict depends only on the part, the answer
text and the policy, so each distinct (part, answer) is graded once.
Records that cannot be graded (a defect of the file, an unknown exercise)
get their `invalid` verdict here, without a worker. Graded with an
`Assignment`, each record answers its student's own variant of a
randomised exercise: the variant's part has its own hash, so students with
the same variant share a grading and the others do not.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from dlmath.classroom.records import Record
from dlmath.classroom.store import Submission, grading_key, variant_columns
from exercises import Assignment, Bank, Exercise, ExercisePart, UnknownExercise
from grader import ENGINE_VERSION, GradingPolicy, Verdict, grade
from grader.cache import part_fingerprint
from grader.grading import resolve

INPUT_PART = "input"  # the part hash of a record that names no part


@dataclass(frozen=True)
class Job:
    """One distinct answer to one part: what a worker grades."""

    exercise: Exercise
    part: ExercisePart
    answer: str


@dataclass
class Plan:
    submissions: list[Submission]
    ready: dict[str, Verdict]  # grading key -> a verdict decided without grading
    jobs: dict[tuple[str, str], Job]  # (part hash, answer) -> the job
    job_of: dict[str, tuple[str, str]]  # grading key -> its job


def part_label(exercise: Exercise, part: ExercisePart) -> str:
    """How a gradebook names a part: `17.3.1`, or `17.6.3/why` when there are several."""
    return exercise.id if len(exercise.parts) == 1 else f"{exercise.id}/{part.id}"


def plan(records: list[Record], source: str, bank: Bank, policy: GradingPolicy,
         assignment: Assignment | None = None) -> Plan:
    """The work for `records`; with `assignment`, each student's own variants."""
    policy_key = policy.key()
    result = Plan([], {}, {}, {})
    hashes: dict[tuple[str, str, int | None], str] = {}  # a part's hash is computed once per plan, not per record
    for ordinal, record in enumerate(records):
        part_hash, label, points, verdict, job = _decide(record, bank, policy, hashes, assignment)
        key = grading_key(record.key, part_hash, policy_key, ENGINE_VERSION)
        result.submissions.append(Submission(
            source=source, ordinal=ordinal, line=record.position, record=record.key, grading=key,
            student=record.student, exercise=record.exercise, part=label, points=points, answer=record.answer,
            submitted_at=record.submitted_at, fields=record.fields, problem=record.problem,
            part_hash=part_hash, policy=policy_key, engine=ENGINE_VERSION,
            **variant_columns(job.exercise.variant if job is not None else None)))
        if verdict is not None:
            result.ready[key] = verdict
        elif job is not None:
            job_key = (part_hash, job.answer.strip())
            result.jobs.setdefault(job_key, job)
            result.job_of[key] = job_key
    return result


def _decide(record: Record, bank: Bank, policy: GradingPolicy, hashes: dict[tuple[str, str, int | None], str],
            assignment: Assignment | None) -> tuple[str, str, float, Verdict | None, Job | None]:
    """(part hash, part label, points, a verdict if no grading is needed, else the job)."""
    if record.problem is not None:
        return INPUT_PART, "", 0.0, Verdict.invalid(f"Cannot read this record: {record.problem}.", method="input",
                                                    note="input:record"), None
    try:
        exercise, part = resolve(record.exercise, bank)
    except (UnknownExercise, KeyError):
        verdict = grade(record.exercise, record.answer or "", policy=policy, bank=bank)
        return f"{INPUT_PART}:{record.exercise}", "", 0.0, replace(verdict, exercise=record.exercise), None
    if assignment is not None:
        exercise, part = assignment.part_for(exercise, part, record.student)
    slot = (exercise.id, part.id, exercise.variant.seed if exercise.variant else None)
    part_hash = hashes.get(slot)
    if part_hash is None:
        part_hash = hashes[slot] = part_fingerprint(f"{exercise.id}/{part.id}", exercise.notation, part)
    return part_hash, part_label(exercise, part), part.points, None, Job(exercise, part, record.answer or "")
