"""Plain-data views of exercises, for JSON output and for templates.

Everything a listing or a page shows is computed here (LaTeX included), so
templates only lay it out.
"""
from __future__ import annotations

from typing import Any

from exercises.citation import cite
from exercises.model import AnswerKey, Exercise, ExercisePart
from exercises.render import to_latex


def summary(exercise: Exercise) -> dict[str, Any]:
    """One row of `dlmath exercises`: id, title, type, gradable and the reference."""
    main = exercise.main_part.answer
    row: dict[str, Any] = {
        "id": exercise.id,
        "title": exercise.title,
        "section": exercise.section,
        "type": main.type.value,
        "gradable": main.gradable,
        "parts": [p.id for p in exercise.parts],
    }
    if main.gradable:
        row["reference"] = reference_latex(exercise, main)
    else:
        row["rubric"] = list(main.rubric)
    if exercise.erratum is not None:
        row["erratum"] = True
    if exercise.variants is not None:
        row["variants"] = {"parameters": list(exercise.variants.parameters), "note": exercise.variants.note}
    elif exercise.no_variants:
        row["no_variants"] = exercise.no_variants
    return row


def details(exercise: Exercise, student: bool = False) -> dict[str, Any]:
    """Everything `dlmath exercises show` prints; for a `student`, nothing that
    gives the answer away (no reference, explanation, rubric, erratum or solution)."""
    source = exercise.source
    data = {
        **summary(exercise),
        "student": student,
        "citation": cite(source.seed, source.section, source.exercise, source.equations, source.text),
        "source": source.model_dump(),
        "statement": exercise.statement,
        "seed_statement": exercise.seed_statement,
        "erratum": exercise.erratum.model_dump() if exercise.erratum else None,
        "conventions": exercise.conventions.model_dump(),
        "symbols": [
            {"name": s.name, "kind": s.kind, "latex": s.describe_latex(), "description": s.description}
            for s in exercise.symbols.values()
        ],
        "parts": [part_details(exercise, p) for p in exercise.parts],
        "hints": list(exercise.hints),
        "solution": exercise.solution.model_dump() if exercise.solution else None,
    }
    if student:
        for name in ("reference", "rubric", "erratum", "seed_statement", "solution"):
            data.pop(name, None)
        for part in data["parts"]:
            for name in ("reference", "reference_sympy", "rubric", "explanation"):
                part[name] = None if name != "rubric" else []
    return data


def part_details(exercise: Exercise, part: ExercisePart) -> dict[str, Any]:
    key = part.answer
    return {
        "id": part.id,
        "prompt": part.prompt,
        "type": key.type.value,
        "points": part.points,
        "reference": reference_latex(exercise, key) if key.gradable else None,
        "reference_sympy": key.source_text,
        "rubric": list(key.rubric),
        "choices": dict(key.choices) if key.choices else None,
        "unit": key.unit,
        "explanation": key.explanation,
    }


def reference_latex(exercise: Exercise, key: AnswerKey) -> str:
    """The reference in LaTeX, with the exercise's own symbol names."""
    if key.choices and isinstance(key.reference, str):
        return rf"\text{{{key.reference}: }} {key.choices[key.reference]}"
    names = {s.sympy: s.latex for s in exercise.symbols.values()}
    return to_latex(key.reference, names)
