"""The bank's runtime objects: what the grader and the deriver consume."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from exercises.schema import AnswerType, Conventions, Erratum, QuestionTest, Solution, Source, Tolerance, Variants
from exercises.symbols import DeclaredSymbol


@dataclass(frozen=True)
class Notation:
    """What reading a formula needs: the names it may use (with their domains
    and shapes) and the conventions (log base, layout, angle unit)."""

    symbols: dict[str, DeclaredSymbol] = field(default_factory=dict)
    conventions: Conventions = field(default_factory=Conventions)


@dataclass(frozen=True)
class KnownMistake:
    """A known answer (a mistake, or in `accepted` another right reading) and what to say to it."""

    value: sp.Basic | str  # a choice key for choice answers
    feedback: str
    note: str = ""  # the verdict's note when an answer gives this


@dataclass(frozen=True)
class AnswerKey:
    """How one part is graded: its type, reference and policy."""

    type: AnswerType
    reference: sp.Basic | str | None  # a choice key is a str; manual has none
    source_text: str | None  # the SymPy syntax the reference was written in
    choices: dict[str, str] | None = None
    synonyms: dict[str, tuple[str, ...]] | None = None
    rubric: tuple[str, ...] = ()
    tolerance: Tolerance | None = None
    unit: str | None = None
    mistakes: tuple[KnownMistake, ...] = ()
    accepted: tuple[KnownMistake, ...] = ()  # also right, with the reading each one takes
    explanation: str | None = None
    forbidden: tuple[str, ...] = ()  # operations (exercises.operations) an answer must not contain
    tests: tuple[QuestionTest, ...] = ()  # answers with the verdicts the author expects (`dlmath bank check`)

    @property
    def gradable(self) -> bool:
        return self.type is not AnswerType.manual


@dataclass(frozen=True)
class ExercisePart:
    id: str
    prompt: str | None
    answer: AnswerKey
    points: float = 1.0


@dataclass(frozen=True)
class Variant:
    """Which variant an instantiated exercise is."""

    seed: int
    note: str
    values: dict[str, sp.Basic]


@dataclass(frozen=True)
class Exercise:
    """One exercise of the bank, compiled: every string is now a SymPy object."""

    id: str
    title: str
    section: str
    file: str
    source: Source
    statement: str
    conventions: Conventions
    symbols: dict[str, DeclaredSymbol]
    given: dict[str, sp.Basic]
    parts: tuple[ExercisePart, ...]
    seed_statement: str | None = None
    erratum: Erratum | None = None
    hints: tuple[str, ...] = ()
    solution: Solution | None = None
    tags: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)
    section_title: str = ""  # the bank file's title: "Maximum Likelihood"
    variants: Variants | None = None  # how it is randomised (exercises.variants)
    no_variants: str | None = None  # or why it is not
    entry: dict[str, Any] | None = None  # its YAML entry, as written: a variant is compiled from it
    variant: "Variant | None" = None  # set on an instance: its seed, note and parameters


    @property
    def main_part(self) -> ExercisePart:
        """The part a single answer is graded against: the first gradable one."""
        return next((p for p in self.parts if p.answer.gradable), self.parts[0])

    @property
    def answer_type(self) -> AnswerType:
        return self.main_part.answer.type

    @property
    def gradable(self) -> bool:
        return self.main_part.answer.gradable

    def part(self, part_id: str) -> ExercisePart:
        for part in self.parts:
            if part.id == part_id:
                return part
        raise KeyError(f"exercise {self.id} has no part {part_id!r}; parts: {[p.id for p in self.parts]}")

    @property
    def notation(self) -> Notation:
        return Notation(self.symbols, self.conventions)

    def namespace(self) -> dict[str, sp.Basic]:
        """Name -> SymPy object, for parsing text that uses this exercise's symbols."""
        return {name: sym.sympy for name, sym in self.symbols.items()}
