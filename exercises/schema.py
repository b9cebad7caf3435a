"""The shape of a bank file, as authors write it in YAML.

These models only check structure and spelling; turning the SymPy-syntax
strings into SymPy objects is the job of :mod:`exercises.compile`.
"""
from __future__ import annotations

import re
from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class AnswerType(str, Enum):
    """What kind of object a gradable part expects (and `manual` for prose)."""

    expression = "expression"
    number = "number"
    boolean = "boolean"
    choice = "choice"
    equation = "equation"
    set = "set"
    multiset = "multiset"
    tuple = "tuple"
    vector = "vector"  # a vector up to a nonzero factor (eigenvectors)
    matrix = "matrix"
    matrix_expression = "matrix_expression"
    index_expression = "index_expression"
    interval = "interval"
    interval_union = "interval_union"  # a union of intervals and points, as a SymPy set
    inequality = "inequality"  # a relation such as x < 2 or x != 2; `relation` is the same type
    relation = "relation"
    condition = "condition"  # equations and inequalities joined by and / or: the set they describe
    manual = "manual"


class Strict(BaseModel):
    """Unknown keys are typos, not extensions."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(Strict):
    """Where an exercise comes from: a place in the course's seeds, or (in an instructor's own bank) any `text`,
    such as a book, a URL or "own"; a plain string under `source:` is that text."""

    seed: str | None = Field(None, description="file name of the seed under shared/seeds")
    section: str | None = None
    exercise: int | None = None
    equations: list[str] = []
    note: str | None = None
    text: str | None = None


class QuestionTest(Strict):
    """An answer as a student would type it, and the verdict the author expects (STACK's question tests)."""

    answer: str
    expect: str = Field(pattern=r"^(correct|incorrect|invalid|manual)$")
    feedback_contains: str | None = None


class Conventions(Strict):
    log_base: str = Field("e", pattern=r"^(e|2|10)$")
    layout: str = Field("denominator", pattern=r"^(denominator|numerator)$")
    angle_unit: str = Field("radians", pattern=r"^(radians|degrees)$")
    decimal_separator: str = Field(".", pattern=r"^[.,]$")  # ",": 0,5 is one half, and ; separates items


class SymbolDecl(Strict):
    """A symbol an answer may use, with its domain or its shape."""

    kind: str = Field("scalar", pattern=r"^(scalar|matrix|indexed|index|function)$")
    domain: str = "real"
    shape: tuple[str | int, str | int] | None = None
    latex: str | None = None
    description: str | None = None
    definition: str | None = None  # SymPy syntax: what an answer using this name means
    range: tuple[str | int, str | int] | None = None  # an index's bounds, for sums written without them

    @model_validator(mode="after")
    def _shape_only_for_matrices(self) -> "SymbolDecl":
        if self.kind == "matrix" and self.shape is None:
            raise ValueError("a matrix symbol needs a shape such as [n, n]")
        if self.kind != "matrix" and self.shape is not None:
            raise ValueError("only a symbol of kind 'matrix' has a shape")
        if self.kind != "index" and self.range is not None:
            raise ValueError("only a symbol of kind 'index' has a range")
        return self


class Mistake(Strict):
    """A known wrong answer and what to tell the student who gives it."""

    answer: str  # SymPy syntax, like `reference`
    feedback: str
    note: str | None = Field(None, pattern=r"^[a-z0-9-]+$", description="names the mistake in verdict notes")


class AlsoRight(Strict):
    """Another answer that is right under another fair reading of the question."""

    answer: str  # SymPy syntax, like `reference`
    feedback: str  # says which reading it is


class Tolerance(Strict):
    relative: float | None = Field(None, gt=0)
    absolute: float | None = Field(None, gt=0)


class Answer(Strict):
    type: AnswerType
    reference: str | None = None  # SymPy syntax: trusted authoring input
    choices: dict[str, str] | None = None  # key -> LaTeX label, for `choice`
    synonyms: dict[str, list[str]] | None = None  # key -> other ways students name that choice
    rubric: list[str] | None = None  # for `manual`
    tolerance: Tolerance | None = None
    unit: str | None = None
    mistakes: list[Mistake] = []
    accept: list[AlsoRight] = []  # also right: another fair reading of the question
    explanation: str | None = None  # why this is the answer, shown after grading
    tests: list[QuestionTest] = []  # run by `dlmath bank check`
    forbid: list[str] | None = Field(None, description="operations an answer must not contain, unevaluated: "
                                     "integral, derivative, limit, sum, product, trace (default: see exercises.operations)")

    @field_validator("forbid")
    @classmethod
    def _known_operations(cls, value: list[str] | None) -> list[str] | None:
        known = ("integral", "derivative", "limit", "sum", "product", "trace")
        unknown = [name for name in value or () if name not in known]
        if unknown:
            raise ValueError(f"unknown operation(s) {unknown}: use {', '.join(known)}")
        return value

    @model_validator(mode="after")
    def _needs_reference_or_rubric(self) -> "Answer":
        if self.type is AnswerType.manual:
            if not self.rubric:
                raise ValueError("a manual answer needs a non-empty rubric")
        elif self.reference is None:
            raise ValueError(f"an answer of type {self.type.value} needs a reference")
        if self.tolerance is not None and self.type is not AnswerType.number:
            raise ValueError(f"a tolerance applies to number answers only: a {self.type.value} answer would ignore it")
        if self.type is AnswerType.choice:
            if not self.choices:
                raise ValueError("a choice answer needs its choices")
            if self.reference not in self.choices:
                raise ValueError(f"reference {self.reference!r} is not one of the choices")
        unknown = set(self.synonyms or {}) - set(self.choices or {})
        if unknown:
            raise ValueError(f"synonyms for {sorted(unknown)}, which are not choices")
        return self


class Part(Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9_-]+$")
    prompt: str
    answer: Answer
    points: float = Field(1.0, gt=0)


class Erratum(Strict):
    equations: list[str] = []
    seed_says: str
    correction: str


class Solution(Strict):
    """A link to the derivation that solves the exercise (see `deriver`)."""

    derivation: str
    inputs: dict[str, Any] = {}


class Parameter(Strict):
    """One variant parameter: a whole number in `integers` (both ends included)
    or one of `choices` (SymPy syntax), never one of `exclude`."""

    integers: tuple[int, int] | None = None
    choices: list[str] | None = None
    exclude: list[str] = []

    @model_validator(mode="after")
    def _one_kind(self) -> "Parameter":
        if (self.integers is None) == (self.choices is None):
            raise ValueError("give exactly one of 'integers' or 'choices'")
        if self.integers is not None and self.integers[0] > self.integers[1]:
            raise ValueError(f"the range {list(self.integers)} is empty")
        if self.choices is not None and not self.choices:
            raise ValueError("give at least one choice")
        return self


class Variants(Strict):
    """How an exercise is randomised. `template` holds the exercise's fields
    again (statement, given, answer, hints, solution, ...) with `<<expr>>`
    where a parameter's value goes (`<<n_H + n_T>>` is computed); a dict
    merges into the exercise's own, a list or a text replaces it, null removes it. `require`
    (SymPy conditions in the parameters) keeps a variant well-posed; a draw
    that breaks one, or that makes a known mistake equal the reference, is
    drawn again. `note` tells variants apart, for the teacher."""

    parameters: dict[str, Parameter] = Field(min_length=1)
    require: list[str] = []
    note: str
    template: dict[str, Any]


EXERCISE_ID = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$")


class ExerciseEntry(Strict):
    id: str
    title: str
    source: Source = Source()
    statement: str
    seed_statement: str | None = None
    erratum: Erratum | None = None
    symbols: dict[str, SymbolDecl] = {}
    given: dict[str, str] = {}  # named inputs in SymPy syntax, for recomputation
    conventions: Conventions | None = None
    answer: Answer | None = None
    parts: list[Part] | None = None
    hints: list[str] = []
    solution: Solution | None = None
    tags: list[str] = []
    variants: Variants | None = None
    no_variants: str | None = Field(None, min_length=10, description="why a gradable exercise is not randomised")

    @field_validator("id")
    @classmethod
    def _readable_id(cls, value: str) -> str:
        if not EXERCISE_ID.match(value) or ".." in value:
            raise ValueError(f"the id {value!r} should be letters, digits and . _ - (such as hw3.q2 or 17.3.1), "
                             "beginning and ending with a letter or a digit; '/' names a part, so it cannot be in one")
        return value

    @field_validator("source", mode="before")
    @classmethod
    def _source_as_text(cls, value: Any) -> Any:
        return {"text": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _answer_or_parts(self) -> "ExerciseEntry":
        if (self.answer is None) == (self.parts is None):
            raise ValueError("give exactly one of 'answer' or 'parts'")
        if self.variants is not None and self.no_variants is not None:
            raise ValueError("give 'variants' or 'no_variants' (why there are none), not both")
        if self.parts is not None:
            ids = [p.id for p in self.parts]
            if len(set(ids)) != len(ids):
                raise ValueError(f"part ids repeat: {ids}")
        if self.erratum is not None and self.seed_statement is None:
            raise ValueError("an erratum needs the seed_statement it corrects")
        return self


class SectionFile(Strict):
    section: str
    title: str
    extends: str | None = Field(None, pattern=r"^dlmath$", description="dlmath: the shipped bank comes first")
    conventions: Conventions = Conventions()
    exercises: list[dict[str, Any]]  # validated one by one, to name the bad one

    @field_validator("exercises")
    @classmethod
    def _not_empty(cls, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if not value:
            raise ValueError("a section file lists at least one exercise")
        return value
