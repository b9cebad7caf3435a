"""What an exported document shows, computed once for every output language:
exercises with their statements, parts and answers, worked solutions from
the deriver, and the errata appendix. Templates only lay these out.

Prose is kept as segments (`dlmath.export.text`), so each language escapes
it its own way; every piece of mathematics is LaTeX the bank or the engine
wrote.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Literal

from deriver import DerivationFailed, solution_of
from deriver.errata import Finding, mistakes
from deriver.render import RELATION_SYMBOLS, as_data
from dlmath.export.text import Segment, segments
from exercises import default_bank
from exercises.citation import cite
from exercises.describe import reference_latex
from exercises.model import Exercise, ExercisePart
from grader.cache import canonical

Kind = Literal["problems", "solutions"]
CHECK_WORDS = {"symbolic": "checked symbolically", "numeric": "checked numerically"}  # assumed: its basis


@dataclass(frozen=True)
class StepView:
    relation: str  # LaTeX (empty for the first line)
    symbol: str  # the relation for a terminal: =, ⇒, ⇔, ≈, ≤
    latex: str
    pretty: str  # SymPy's Unicode rendering, for the terminal
    justification: tuple[Segment, ...]
    check: str  # how the step was checked, in words
    passed: bool
    depth: int
    substeps: tuple["StepView", ...] = ()


@dataclass(frozen=True)
class DerivationView:
    name: str
    title: tuple[Segment, ...]  # a generator's title may hold mathematics
    citation: str
    givens: tuple[tuple[str, str, str], ...]  # (label, LaTeX, pretty)
    steps: tuple[StepView, ...]
    result: str
    result_pretty: str
    verified: bool
    notes: tuple[tuple[Segment, ...], ...]


@dataclass(frozen=True)
class PartView:
    id: str
    label: str | None  # None for the single part of an exercise
    prompt: tuple[Segment, ...]
    type: str
    points: float
    answer: str | None  # LaTeX of the reference; None for a choice and for a part a person grades
    chosen: tuple[Segment, ...]  # the right choice, in words
    plain: str | None  # the reference in SymPy syntax, as an instructor types it back in
    unit: str | None
    choices: tuple[tuple[str, tuple[Segment, ...]], ...]
    rubric: tuple[tuple[Segment, ...], ...]
    explanation: tuple[Segment, ...]


@dataclass(frozen=True)
class ExerciseView:
    id: str
    anchor: str  # for links: ex-17-7-1
    title: str
    citation: str
    statement: tuple[Segment, ...]
    symbols: tuple[tuple[str, str], ...]  # (LaTeX, description)
    parts: tuple[PartView, ...]
    hints: tuple[tuple[Segment, ...], ...]
    erratum: dict[str, Any] | None
    derivation: DerivationView | None = None
    derivation_problem: str | None = None
    variant: str | None = None  # which variant this is, in solutions: `11 heads, 4 tails` (a note may name the answer)


@dataclass(frozen=True)
class SectionView:
    id: str
    title: str
    exercises: tuple[ExerciseView, ...]


@dataclass(frozen=True)
class FindingView:
    where: str
    subject: tuple[Segment, ...]
    seed_says: tuple[Segment, ...]
    truth: tuple[Segment, ...]
    exercises: tuple[tuple[str, str], ...]  # (id, anchor) of the exercises it concerns
    source: str  # audit or bank
    quote: str | None = None  # the passage, verbatim (shown as it is, not typeset)


@dataclass(frozen=True)
class MistakeView:
    """One mistake of the text and the findings that show it."""

    where: str
    findings: tuple[FindingView, ...]
    exercises: tuple[tuple[str, str], ...]  # every exercise its findings concern


@dataclass(frozen=True)
class Document:
    kind: Kind
    title: str
    sections: tuple[SectionView, ...]
    mistakes: tuple[MistakeView, ...] = ()  # the errata appendix of the solutions
    generator: str = "dlmath"
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def exercises(self) -> tuple[ExerciseView, ...]:
        return tuple(ex for section in self.sections for ex in section.exercises)


def anchor(exercise_id: str) -> str:
    return "ex-" + re.sub(r"[^A-Za-z0-9]+", "-", exercise_id).strip("-")


def document(kind: Kind, exercises: Iterable[Exercise], title: str | None = None, student: str | None = None
             ) -> Document:
    """The problem set or the solutions manual of `exercises`, in bank order;
    `student` names whose it is (their own variants)."""
    chosen = list(exercises)
    by_section: dict[str, list[ExerciseView]] = {}
    titles: dict[str, str] = {}
    for exercise in chosen:
        by_section.setdefault(exercise.section, []).append(exercise_view(exercise, kind))
        titles[exercise.section] = exercise.section_title
    sections = tuple(SectionView(section, titles[section], tuple(views)) for section, views in by_section.items())
    # the whole course bank gets the whole errata; an instructor's own exercises only the mistakes they concern
    whole = {ex.id for ex in chosen} == set(default_bank().ids()) and any(ex.source.seed for ex in chosen)
    errata = errata_views(chosen, every=whole) if kind == "solutions" else ()
    default = "Mathematics for Deep Learning: " + ("worked solutions" if kind == "solutions" else "exercises")
    if student:
        default += f" for {student}"
    counts = {"exercises": len(chosen), "derivations": sum(1 for s in sections for e in s.exercises if e.derivation)}
    return Document(kind, title or default, sections, errata, counts=counts)


def exercise_view(exercise: Exercise, kind: Kind) -> ExerciseView:
    source = exercise.source
    solutions = kind == "solutions"
    derivation, problem = (solved(exercise) if solutions else (None, None))
    return ExerciseView(
        id=exercise.id,
        anchor=anchor(exercise.id),
        title=exercise.title,
        citation=cite(source.seed, source.section, source.exercise, source.equations, source.text),
        statement=segments(exercise.statement),
        symbols=tuple((s.describe_latex(), s.description or "") for s in exercise.symbols.values()
                      if s.kind != "index"),
        parts=tuple(part_view(exercise, part, solutions) for part in exercise.parts),
        hints=tuple(segments(h) for h in exercise.hints) if not solutions else (),
        erratum=_erratum(exercise) if solutions else None,
        derivation=derivation,
        derivation_problem=problem,
        variant=exercise.variant.note if exercise.variant and solutions else None,
    )


def part_view(exercise: Exercise, part: ExercisePart, solutions: bool) -> PartView:
    key = part.answer
    single = len(exercise.parts) == 1
    choices = tuple((k, segments(label)) for k, label in (key.choices or {}).items())
    return PartView(
        id=part.id,
        label=None if single else part.id,
        prompt=() if single else segments(part.prompt),
        type=key.type.value,
        points=part.points,
        answer=reference_latex(exercise, key) if solutions and key.gradable and not key.choices else None,
        chosen=segments(f"`{key.reference}`: {key.choices[key.reference]}") if solutions and key.choices else (),
        plain=key.source_text if solutions and key.gradable and not key.choices else None,
        unit=key.unit,
        choices=choices,
        rubric=tuple(segments(item) for item in key.rubric) if solutions else (),
        explanation=segments(key.explanation) if solutions else (),
    )


_SOLVED: dict[str, tuple[DerivationView | None, str | None]] = {}


def solved(exercise: Exercise) -> tuple[DerivationView | None, str | None]:
    """The exercise's worked solution, or why there is none to show.

    Derivations are deterministic, and their views immutable, so each is
    computed once per process for the same linked derivation and inputs."""
    key = canonical((exercise.id, exercise.solution))
    if key not in _SOLVED:
        _SOLVED[key] = _solve(exercise)
    return _SOLVED[key]


def _solve(exercise: Exercise) -> tuple[DerivationView | None, str | None]:
    try:
        derivation = solution_of(exercise)
    except DerivationFailed as err:
        return None, f"the linked derivation did not verify: {err}"
    if derivation is None:
        return None, None
    return derivation_view(as_data(derivation)), None


def derivation_view(data: dict[str, Any]) -> DerivationView:
    source = data["source"]
    return DerivationView(
        name=data["name"],
        title=segments(data["title"]),
        citation=cite(source["seed"], source["section"], equations=source["equations"]),
        givens=tuple((g["label"], g["latex"], g["pretty"]) for g in data["givens"]),
        steps=tuple(_step(s) for s in data["steps"]),
        result=data["result"],
        result_pretty=data["result_pretty"],
        verified=data["verified"],
        notes=tuple(segments(n) for n in data["notes"]),
    )


def _step(data: dict[str, Any]) -> StepView:
    return StepView(
        relation=data["relation_latex"],
        symbol=RELATION_SYMBOLS.get(data["relation"], data["relation"]) if data["relation_latex"] else "",
        latex=data["latex"],
        pretty=data["pretty"],
        justification=segments(data["justification"]),
        check=data["basis"] if data["check"] == "assumed" else CHECK_WORDS.get(data["check"] or "", data["check"] or ""),
        passed=data["passed"] is not False,
        depth=data["depth"],
        substeps=tuple(_step(s) for s in data["substeps"]),
    )


def sentence(text: str) -> tuple[Segment, ...]:
    """Prose that ends as a sentence does, with exactly one full stop."""
    found = segments(text)
    last = found[-1] if found else None
    if last is not None and not (last.kind == "text" and last.content.rstrip()[-1:] in ".!?"):
        found = found + (Segment("text", "."),)
    return found


def _erratum(exercise: Exercise) -> dict[str, Any] | None:
    erratum = exercise.erratum
    if erratum is None:
        return None
    return {"equations": ", ".join(f"({e})" for e in erratum.equations), "seed_says": sentence(erratum.seed_says),
            "correction": sentence(erratum.correction)}


def errata_views(exercises: list[Exercise], every: bool = True) -> tuple[MistakeView, ...]:
    """The text's mistakes, each with its findings linked to the exercises they
    concern (the one they were recorded on, or those citing their equations);
    without `every`, only the mistakes that concern one of `exercises`."""
    views = []
    for mistake in mistakes():
        findings = tuple(finding_view(f, exercises) for f in mistake.findings)
        concerned = tuple(dict.fromkeys(pair for f in findings for pair in f.exercises))
        if every or concerned:
            views.append(MistakeView(mistake.where, findings, concerned))
    return tuple(views)


def finding_view(finding: Finding, exercises: list[Exercise]) -> FindingView:
    equations = set(re.findall(r"\((\d+\.\d+\.\d+)\)", finding.where))
    named = set(re.findall(r"exercise (\S+?):", finding.subject))
    concerned = [ex for ex in exercises
                 if ex.id in named or (equations and equations & set(ex.source.equations))]
    return FindingView(
        where=finding.where,
        subject=segments(finding.subject),
        seed_says=sentence(finding.seed_says),
        truth=sentence(finding.truth),
        exercises=tuple((ex.id, anchor(ex.id)) for ex in concerned),
        source=finding.source,
        quote=finding.quote,
    )
