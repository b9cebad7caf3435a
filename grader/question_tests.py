"""Check a bank before students see it: every reference, typed as a student
would type it, must grade `correct`; every known mistake must be recognised
as that mistake; every question test (`tests:` on an answer) must give the
verdict its author expects; and a randomised exercise's variants must pass
too. STACK calls these question tests.

Each problem names the file, the exercise, the part and the field, so an
author can go straight to it.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

import sympy as sp

from exercises import Exercise, ExercisePart, VariantError, instantiate, randomisable
from exercises.model import AnswerKey
from exercises.operations import present
from exercises.render import to_latex
from exercises.schema import AnswerType
from grader.verdict import Verdict

Grade = Callable[[Exercise, ExercisePart, str], Verdict]
LOG = re.compile(r"\\log(?![A-Za-z_])")
VARIANT_SEEDS = 5  # variants drawn per randomised exercise


@dataclass(frozen=True)
class CheckProblem:
    """One thing in the bank that would not grade as its author means it to."""

    file: str
    exercise: str
    part: str | None
    field: str
    message: str

    def __str__(self) -> str:
        part = f", part {self.part}" if self.part and self.part != "main" else ""
        return f"{self.file}: exercise {self.exercise}{part}: field {self.field}: {self.message}"


def check_exercise(exercise: Exercise, grade: Grade, *, variant_seeds: int = VARIANT_SEEDS) -> list[CheckProblem]:
    problems: list[CheckProblem] = []
    for index, part in enumerate(exercise.parts):
        problems += _check_part(exercise, part, _field(exercise, index), grade)
    if randomisable(exercise):
        problems += _check_variants(exercise, grade, variant_seeds)
    return problems


def _field(exercise: Exercise, index: int) -> str:
    """`answer` for a one-answer exercise, `parts.1.answer` for its second part."""
    return "answer" if exercise.entry is None or "answer" in exercise.entry else f"parts.{index}.answer"


def typings(exercise: Exercise, key: AnswerKey, value: object) -> list[str]:
    """`value` (the reference or a known mistake) as a student would type it: a choice's key, true or false;
    else its LaTeX (natural logs as `\\ln`, since `\\log` takes the section's base), then its SymPy text."""
    if key.type is AnswerType.choice:
        return [str(value)]
    if key.type is AnswerType.boolean:
        return ["true" if value else "false"]
    names = {s.sympy: s.latex for s in exercise.symbols.values()}
    latex = LOG.sub(r"\\ln", to_latex(value, names))
    typed = [latex, str(value)]
    if key.unit and key.type is AnswerType.number:
        typed = [rf"{latex} \mathrm{{{key.unit}}}", f"{value} {key.unit}", *typed]
    if isinstance(value, sp.Tuple) and len(value) == 1:  # a point of one coordinate, typed as that number
        typed += typings(exercise, replace(key, type=AnswerType.number, unit=None), value[0])
    return list(dict.fromkeys(typed))


def _first_verdict(exercise: Exercise, part: ExercisePart, typed: list[str], grade: Grade,
                   wanted: Callable[[Verdict], bool]) -> tuple[str, Verdict]:
    """The first typing that gives the wanted verdict, else the first typing and its verdict."""
    verdicts = []
    for text in typed:
        verdict = grade(exercise, part, text)
        if wanted(verdict):
            return text, verdict
        verdicts.append((text, verdict))
    return verdicts[0]


def _check_part(exercise: Exercise, part: ExercisePart, field: str, grade: Grade) -> list[CheckProblem]:
    key = part.answer
    problems = []

    def problem(where: str, message: str) -> None:
        problems.append(CheckProblem(exercise.file, exercise.id, part.id, where, message))

    if key.gradable:
        typed, verdict = _first_verdict(exercise, part, typings(exercise, key, key.reference), grade, _correct)
        if verdict.status != "correct":
            problem(f"{field}.reference", f"the reference typed as a student would (${typed}$) is graded "
                                          f"{verdict.status}: {verdict.feedback} No answer may be able to match it.")
        for index, mistake in enumerate(key.mistakes):
            # a mistake that still holds an operation to carry out is answered "restates the question"
            restating = present([mistake.value]) & set(key.forbidden)
            notes = {mistake.note} | ({"structure:restated"} if restating else set())
            typed, verdict = _first_verdict(exercise, part, typings(exercise, key, mistake.value), grade,
                                            lambda v: v.status == "incorrect" and v.note in notes)
            if verdict.status != "incorrect" or verdict.note not in notes:
                problem(f"{field}.mistakes.{index}", f"the known mistake typed as a student would (${typed}$) is "
                                                     f"graded {verdict.status} ({verdict.feedback}), not recognised "
                                                     "as this mistake")
    for index, test in enumerate(key.tests):
        verdict = grade(exercise, part, test.answer)
        if verdict.status != test.expect:
            problem(f"{field}.tests.{index}", f"{test.answer!r} is graded {verdict.status}, not {test.expect}: "
                                              f"{verdict.feedback}")
        elif test.feedback_contains and test.feedback_contains.lower() not in verdict.feedback.lower():
            problem(f"{field}.tests.{index}", f"the feedback on {test.answer!r} does not contain "
                                              f"{test.feedback_contains!r}: it is {verdict.feedback!r}")
    return problems


def _check_variants(exercise: Exercise, grade: Grade, seeds: int) -> list[CheckProblem]:
    problems = []
    for seed in range(seeds):
        try:
            variant = instantiate(exercise, seed)
        except VariantError as err:
            return [CheckProblem(exercise.file, exercise.id, None, "variants", str(err))]
        for index, part in enumerate(variant.parts):
            if not part.answer.gradable:
                continue
            typed, verdict = _first_verdict(variant, part, typings(variant, part.answer, part.answer.reference),
                                            grade, _correct)
            if verdict.status != "correct":
                problems.append(CheckProblem(
                    exercise.file, exercise.id, part.id, "variants.template",
                    f"variant {seed} ({variant.variant.note}): its reference (${typed}$, field "
                    f"{_field(exercise, index)}.reference) is graded {verdict.status}: {verdict.feedback}"))
    return problems


def _correct(verdict: Verdict) -> bool:
    return verdict.status == "correct"
