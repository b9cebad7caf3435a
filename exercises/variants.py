"""Randomised variants: `instantiate(exercise, seed)` draws the exercise's
parameters (its `variants:` block), renders its template with them and
compiles the result as the bank compiles any entry, so the variant's
reference and its known mistakes are computed by SymPy from the drawn
values, and its worked solution is the linked derivation run on them.

The seed comes from the student and the assignment (`seed_for`), so a
student gets the same variant on every run and every machine.
"""
from __future__ import annotations

import copy
import hashlib
import random
import threading
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from typing import Any

import jinja2
import sympy as sp
from pydantic import ValidationError

from exercises.authoring import parse_authored
from exercises.bank import FieldError, compile_entry
from exercises.model import Exercise, ExercisePart, Variant
from exercises.schema import ExerciseEntry, Parameter, SectionFile

MAX_DRAWS = 200  # draws before a parameter set that keeps every constraint is given up on
_TEMPLATES = jinja2.Environment(variable_start_string="<<", variable_end_string=">>", block_start_string="<%",
                                block_end_string="%>", comment_start_string="<#", comment_end_string="#>",
                                undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=True)
_TEMPLATES.filters["latex"] = sp.latex


class VariantError(ValueError):
    """The exercise has no variants, or none could be drawn that keeps its constraints."""


def seed_for(student: str, assignment: str = "") -> int:
    """A stable seed for a student on an assignment (the same on every run and machine)."""
    digest = hashlib.sha256(f"{assignment}\x1f{student.strip()}".encode()).digest()
    return int.from_bytes(digest[:6], "big")


def randomisable(exercise: Exercise) -> bool:
    return exercise.variants is not None and exercise.entry is not None


@dataclass
class Assignment:
    """Who gets which variant on one assignment: each student their own,
    stable across runs (`seed_for(student, name)`). A student with no id,
    or an exercise with no variants, gets the exercise as the bank has it.
    The latest `remember` variants are kept, since a class asks for each one
    many times (and a long-running service meets ever new sessions)."""

    name: str = ""
    remember: int = 4096
    _made: OrderedDict[tuple[str, int], Exercise] = field(default_factory=OrderedDict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def exercise_for(self, exercise: Exercise, student: str | None) -> Exercise:
        if not randomisable(exercise) or not student or not student.strip():
            return exercise
        key = (exercise.id, seed_for(student, self.name))
        with self._lock:
            made = self._made.get(key)
            if made is not None:
                self._made.move_to_end(key)
                return made
        made = instantiate(exercise, key[1])
        with self._lock:
            self._made[key] = made
            while len(self._made) > self.remember:
                self._made.popitem(last=False)
        return made

    def part_for(self, exercise: Exercise, part: ExercisePart, student: str | None
                 ) -> tuple[Exercise, ExercisePart]:
        """`student`'s variant of `exercise`, and the same part of it."""
        mine = self.exercise_for(exercise, student)
        return mine, mine.part(part.id)


def instantiate(exercise: Exercise, seed: int) -> Exercise:
    """The variant of `exercise` for `seed`: a concrete exercise, with its
    statement, givens, reference, mistakes, hints and solution inputs
    computed from the drawn parameters, and `variant` saying which it is."""
    if not randomisable(exercise):
        raise VariantError(f"exercise {exercise.id} has no variants")
    spec = exercise.variants
    rng = random.Random(f"{exercise.id}\x1f{seed}")
    problems: list[str] = []
    for _ in range(MAX_DRAWS):
        values = {name: _draw(parameter, rng) for name, parameter in spec.parameters.items()}
        problem = _broken(spec.require, values)
        if problem:
            problems.append(problem)
            continue
        variant = _compiled(exercise, values)
        problem = _mistake_equals_reference(variant)
        if problem:
            problems.append(problem)
            continue
        note = _render(spec.note, values)
        return replace(variant, variant=Variant(seed, note, values), variants=spec, entry=exercise.entry)
    raise VariantError(f"no variant of {exercise.id} kept its constraints in {MAX_DRAWS} draws "
                       f"(last: {problems[-1] if problems else 'none'})")


def _draw(parameter: Parameter, rng: random.Random) -> sp.Basic:
    excluded = {sp.sympify(text) for text in parameter.exclude}
    for _ in range(MAX_DRAWS):
        if parameter.integers is not None:
            value: sp.Basic = sp.Integer(rng.randint(*parameter.integers))
        else:
            value = parse_authored(rng.choice(parameter.choices), {})
        if value not in excluded:
            return value
    raise VariantError(f"every value of {parameter} is excluded")


def _broken(conditions: list[str], values: dict[str, sp.Basic]) -> str | None:
    """The first condition these values break, or None."""
    for condition in conditions:
        if parse_authored(condition, dict(values)) is not sp.true:
            return f"{condition} fails for {values}"
    return None


def _render(text: str, values: dict[str, sp.Basic]) -> str:
    return _TEMPLATES.from_string(text).render(**values)


def _filled(template: Any, values: dict[str, sp.Basic]) -> Any:
    """Every string of a template with the parameters' values in place."""
    if isinstance(template, str):
        return _render(template, values)
    if isinstance(template, dict):
        return {key: _filled(value, values) for key, value in template.items()}
    if isinstance(template, list):
        return [_filled(item, values) for item in template]
    return template


def _merged(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    merged = copy.deepcopy(base)
    for key, value in over.items():
        if value is None:  # `key: null` in a template: the variant has no such field
            merged.pop(key, None)
        elif isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merged(merged[key], value)
        else:
            merged[key] = value
    return merged


def _compiled(exercise: Exercise, values: dict[str, sp.Basic]) -> Exercise:
    raw = _merged({k: v for k, v in exercise.entry.items() if k != "variants"},
                  _filled(exercise.variants.template, values))
    for stale in ("seed_statement", "erratum"):  # about the text's own numbers, not the variant's
        if stale not in exercise.variants.template:
            raw.pop(stale, None)
    try:
        entry = ExerciseEntry.model_validate(raw)
    except ValidationError as err:
        raise VariantError(f"a variant of {exercise.id} is not a valid exercise: {err}") from None
    section = SectionFile.model_construct(section=exercise.section, title=exercise.section_title, exercises=[],
                          conventions=exercise.conventions)
    try:
        return replace(compile_entry(entry, section, exercise.file), extra=exercise.extra)
    except FieldError as err:
        raise VariantError(f"a variant of {exercise.id} cannot be compiled: {err.field}: {err.message}") from None


def _mistake_equals_reference(variant: Exercise) -> str | None:
    for part in variant.parts:
        key = part.answer
        if not key.gradable or isinstance(key.reference, str):
            continue
        for mistake in key.mistakes:
            if _same(mistake.value, key.reference):
                return f"the mistake {mistake.value} of part {part.id} equals the reference"
    return None


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, sp.Expr) and isinstance(b, sp.Expr):
        return sp.simplify(a - b) == 0
    return a == b
