"""Derivations as plain data (for JSON) and through templates (text, LaTeX,
Markdown). All LaTeX is computed here; the templates only lay it out."""
from __future__ import annotations

from typing import Any

import sympy as sp

from deriver.model import Derivation, Step
from exercises.render import render, to_latex

RELATION_TEXT = {"approx": "~="}
RELATION_LATEX = {"=": "=", "=>": r"\Rightarrow", "<=>": r"\Leftrightarrow", "approx": r"\approx", "<=": r"\le"}


def statement_latex(value: Any) -> str:
    if isinstance(value, str):
        return rf"\text{{{value}}}"
    if isinstance(value, sp.Basic) and not isinstance(value, sp.MatrixBase):
        return to_latex(value)
    return to_latex(sp.sympify(value))


def step_data(step: Step, depth: int = 0) -> dict[str, Any]:
    return {
        "latex": step.display or statement_latex(step.statement),
        "relation": step.relation,
        "relation_latex": "" if step.assumed else RELATION_LATEX[step.relation],
        "relation_text": "" if step.assumed else RELATION_TEXT.get(step.relation, step.relation),
        "justification": step.justification,
        "check": step.check,
        "passed": step.passed,
        "detail": step.detail,
        "depth": depth,
        "substeps": [step_data(sub, depth + 1) for sub in step.substeps],
    }


def as_data(derivation: Derivation) -> dict[str, Any]:
    """The JSON shape: name, title, source, result, verified, steps."""
    return {
        "name": derivation.name,
        "title": derivation.title,
        "source": derivation.source.as_dict(),
        "result": statement_latex(derivation.result),
        "result_sympy": sp.sstr(derivation.result),
        "verified": derivation.verified,
        "givens": [{"label": label, "latex": statement_latex(value)} for label, value in derivation.givens],
        "notes": list(derivation.notes),
        "steps": [step_data(step) for step in derivation.steps],
    }


def as_json_data(derivation: Derivation) -> dict[str, Any]:
    data = as_data(derivation)

    def slim(step: dict[str, Any]) -> dict[str, Any]:
        return {k: step[k] for k in ("latex", "relation", "justification", "check")} | (
            {"substeps": [slim(s) for s in step["substeps"]]} if step["substeps"] else {})
    data["steps"] = [slim(s) for s in data["steps"]]
    return data


def render_derivation(derivation: Derivation, fmt: str) -> str:
    """`text`, `latex` or `markdown` through templates/derivation.<fmt>.j2."""
    extension = {"text": "txt", "latex": "tex", "markdown": "md"}[fmt]
    return render(f"derivation.{extension}.j2", d=as_data(derivation))
