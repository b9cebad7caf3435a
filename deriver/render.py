"""Derivations as plain data, for JSON and for the export views (text,
LaTeX, HTML, Markdown). All LaTeX, and the Unicode pretty printing for the
terminal, is computed here; the templates only lay it out."""
from __future__ import annotations

from typing import Any

import sympy as sp
from sympy.printing.pretty.pretty import PrettyPrinter
from sympy.printing.pretty.stringpict import prettyForm

from deriver.model import Derivation, Step
from exercises.render import to_latex

RELATION_LATEX = {"=": "=", "=>": r"\Rightarrow", "<=>": r"\Leftrightarrow", "approx": r"\approx", "<=": r"\le"}


def statement_latex(value: Any) -> str:
    if isinstance(value, str):
        return to_latex(value)  # a choice key: \text{...}, its underscores spaces
    if isinstance(value, sp.Basic) and not isinstance(value, sp.MatrixBase):
        return to_latex(value)
    return to_latex(sp.sympify(value))


RELATION_SYMBOLS = {"=": "=", "=>": "⇒", "<=>": "⇔", "approx": "≈", "<=": "≤"}


def statement_text(value: Any, relation: str = "") -> str:
    """The statement as a terminal shows it, SymPy's Unicode pretty printer,
    with `relation` (⇒, =, ...) in front of it on its baseline."""
    text = value if isinstance(value, str) else None
    if text is None:
        try:
            form = PrettyPrinter({"use_unicode": True})._print(value if isinstance(value, sp.Basic) else
                                                                sp.sympify(value))
        except (TypeError, ValueError, sp.SympifyError):
            text = str(value)
        else:
            if relation:
                form = prettyForm(*form.left(relation + " "))
            return form.render(wrap_line=False)
    return f"{relation} {text}" if relation else text


def step_data(step: Step, depth: int = 0, first: bool = False) -> dict[str, Any]:
    return {
        "latex": step.display or statement_latex(step.statement),
        "pretty": statement_text(step.statement, "" if step.assumed or depth == 0 and first else
                                 RELATION_SYMBOLS.get(step.relation, step.relation)),
        "relation": step.relation,
        "relation_latex": "" if step.assumed else RELATION_LATEX[step.relation],
        "justification": step.justification,
        "check": step.check,
        "basis": step.basis,  # for an assumed step: given or definition
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
        "result_pretty": statement_text(derivation.result),
        "result_sympy": sp.sstr(derivation.result),
        "verified": derivation.verified,
        "givens": [{"label": label, "latex": statement_latex(value), "pretty": statement_text(value)}
                   for label, value in derivation.givens],
        "notes": list(derivation.notes),
        "steps": [step_data(step, first=index == 0) for index, step in enumerate(derivation.steps)],
    }


def as_json_data(derivation: Derivation) -> dict[str, Any]:
    data = as_data(derivation)

    def slim(step: dict[str, Any]) -> dict[str, Any]:
        return {k: step[k] for k in ("latex", "relation", "justification", "check")} | (
            {"basis": step["basis"]} if step["check"] == "assumed" else {}) | (
            {"substeps": [slim(s) for s in step["substeps"]]} if step["substeps"] else {})
    data["steps"] = [slim(s) for s in data["steps"]]
    return data
