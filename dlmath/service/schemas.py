"""What goes over the wire. Requests are validated here (a malformed body is
a 422); responses are built from the bank's views (`dlmath.export.views`, the
same ones the problem sets are written from) and the grader's verdicts.

The student models hold no reference, no explanation and no solution: those
are only in the instructor models, behind the token."""
from __future__ import annotations

from dataclasses import asdict
from typing import Any, Literal

from pydantic import BaseModel, Field

from dlmath.export.text import Segment
from dlmath.export.views import ExerciseView, PartView
from exercises import Exercise
from exercises.schema import AnswerType
from grader import Preview, Verdict

MAX_ANSWER_CHARS = 10_000  # the grader refuses far less (its own message says how much): this bounds the JSON
MAX_ID_CHARS = 200


class Text(BaseModel):
    """Prose with mathematics, as segments: `text` (prose), `math` and
    `display` (LaTeX, for KaTeX), `code`. A page sets prose as text, never as HTML."""

    kind: Literal["text", "math", "display", "code"]
    content: str


def _text(found: tuple[Segment, ...]) -> list[Text]:
    return [Text(kind=s.kind, content=s.content) for s in found]


class Choice(BaseModel):
    key: str
    label: list[Text]


class Symbol(BaseModel):
    latex: str  # `\theta \in (0, 1)`
    description: str


class Part(BaseModel):
    id: str
    label: str | None = Field(description="None for the only part of an exercise")
    prompt: list[Text]
    type: AnswerType
    points: float
    unit: str | None = None
    choices: list[Choice] = []


class ExerciseSummary(BaseModel):
    id: str
    title: str
    section: str
    section_title: str
    parts: int
    gradable: bool


class VariantOut(BaseModel):
    """Which variant of a randomised exercise this is (its numbers are in the statement).
    The note, which may name the answer (`critical point (1, -2)`), is for the instructor."""

    seed: int
    note: str | None = None


class ExerciseOut(BaseModel):
    """The student's view of an exercise: their own variant, when the service gives variants."""

    id: str
    title: str
    section: str
    section_title: str
    citation: str
    statement: list[Text]
    symbols: list[Symbol]
    parts: list[Part]
    hints: list[list[Text]]
    solution_after: int | None = Field(None, description="attempts after which GET .../solution answers; "
                                                         "None: it never does without the instructor's token")
    variant: VariantOut | None = Field(None, description="the student's variant; None: the exercise as written")


class Reference(BaseModel):
    """A part's answer, for the instructor."""

    part: str
    latex: str | None
    sympy: str | None
    chosen: list[Text] = []
    explanation: list[Text] = []
    rubric: list[list[Text]] = []


class InstructorExercise(ExerciseOut):
    references: list[Reference]
    erratum: dict[str, Any] | None = None


def summary(exercise: Exercise) -> ExerciseSummary:
    return ExerciseSummary(id=exercise.id, title=exercise.title, section=exercise.section,
                           section_title=exercise.section_title, parts=len(exercise.parts),
                           gradable=exercise.gradable)


def _part(view: PartView) -> Part:
    return Part(id=view.id, label=view.label, prompt=_text(view.prompt), type=AnswerType(view.type),
                points=view.points, unit=view.unit,
                choices=[Choice(key=key, label=_text(label)) for key, label in view.choices])


def student_exercise(exercise: Exercise, view: ExerciseView, solution_after: int | None) -> ExerciseOut:
    """From the problem-set view, which carries no answers."""
    return ExerciseOut(id=exercise.id, title=exercise.title, section=exercise.section,
                       section_title=exercise.section_title, citation=view.citation,
                       statement=_text(view.statement),
                       symbols=[Symbol(latex=latex, description=text) for latex, text in view.symbols],
                       parts=[_part(p) for p in view.parts], hints=[_text(h) for h in view.hints],
                       solution_after=solution_after,
                       variant=VariantOut(seed=exercise.variant.seed) if exercise.variant else None)


def instructor_exercise(exercise: Exercise, problems: ExerciseView, solutions: ExerciseView) -> InstructorExercise:
    student = student_exercise(exercise, problems, None)
    if exercise.variant is not None:
        student.variant = VariantOut(seed=exercise.variant.seed, note=exercise.variant.note)
    return InstructorExercise(
        **student.model_dump(),
        references=[Reference(part=p.id, latex=p.answer, sympy=p.plain, chosen=_text(p.chosen),
                              explanation=_text(p.explanation), rubric=[_text(r) for r in p.rubric])
                    for p in solutions.parts],
        erratum=solutions.erratum)


class AnswerIn(BaseModel):
    exercise: str = Field(max_length=MAX_ID_CHARS, description="`17.7.coin`, or `17.6.3/why` for a part")
    answer: str = Field(max_length=MAX_ANSWER_CHARS)
    student: str | None = Field(None, max_length=MAX_ID_CHARS,
                                description="the student's id, if known (it selects their variant)")
    session: str | None = Field(None, max_length=MAX_ID_CHARS,
                                description="an anonymous session id (the practice page's), when no student is given")


class GradeIn(AnswerIn):
    channel: Literal["practice", "api"] = "api"


class BatchIn(BaseModel):
    answers: list[GradeIn]


class VerdictOut(BaseModel):
    status: Literal["correct", "incorrect", "invalid", "manual"]
    score: float | None
    feedback: str
    interpreted: str = Field(description="LaTeX of what was understood")
    note: str = Field(description="names the branch that decided: mistake:sign, parse:unbalanced-brace, ...")
    method: str
    warnings: list[str] = []
    exercise: str
    part: str
    column: int | None = None


class PreviewOut(BaseModel):
    valid: bool
    interpreted: str
    message: str = ""
    column: int | None = None
    warnings: list[str] = []


def verdict_out(verdict: Verdict) -> VerdictOut:
    data = asdict(verdict)
    data["warnings"] = list(verdict.warnings)
    return VerdictOut(**data)


def preview_out(preview: Preview) -> PreviewOut:
    return PreviewOut(valid=preview.valid, interpreted=preview.interpreted, message=preview.message,
                      column=preview.column, warnings=list(preview.warnings))


class BatchOut(BaseModel):
    verdicts: list[VerdictOut]


class AttemptOut(BaseModel):
    student: str
    exercise: str
    part: str
    answer: str
    channel: str
    attempted_at: str
    verdict: VerdictOut
    variant: VariantOut | None = None


class ErrorOut(BaseModel):
    detail: str
    suggestions: list[str] = []
