"""Derivations as plain data, for JSON and for the export views (text,
LaTeX, HTML, Markdown). All LaTeX, and the Unicode pretty printing for the
terminal, is computed here; the templates only lay it out."""
from __future__ import annotations

from typing import Any

import sympy as sp
from sympy.printing.pretty.pretty import PrettyPrinter
from sympy.printing.pretty.stringpict import prettyForm

from deriver.model import Derivation, Step
from exercises.render import in_written_order, to_latex, written_order

RELATION_LATEX = {"=": "=", "=>": r"\Rightarrow", "<=>": r"\Leftrightarrow", "approx": r"\approx", "<=": r"\le"}


def _written_order(value: Any) -> str | None:
    """"none" for a sum of numbers left unevaluated (64·8 + 64·(-8)): its terms
    are in the order the derivation wrote them, which the printers would sort."""
    if isinstance(value, sp.Add) and not value.free_symbols and not value.is_Number:
        return "none"
    return None


def statement_latex(value: Any) -> str:
    if isinstance(value, str):
        return to_latex(value)  # a choice key: \text{...}, its underscores spaces
    if isinstance(value, sp.Basic) and not isinstance(value, sp.MatrixBase):
        return to_latex(value, order=_written_order(value))
    return to_latex(sp.sympify(value))


class _StepPrettyPrinter(PrettyPrinter):
    """SymPy's Unicode printer, with a negative number inside a product of
    numbers in brackets, 64⋅(-8), not 64⋅-8, and a fraction or a negative number
    raised to a power in brackets: (3/10)¹, not 3/10¹, and F|_b - F|_a as written."""

    def _print_Mul(self, product: sp.Mul) -> prettyForm:
        factors = product.args
        if len(factors) > 1 and all(f.is_Number for f in factors) and any(f.is_negative for f in factors[1:]):
            form = self._print(factors[0])
            for factor in factors[1:]:
                printed = self._print(factor)
                if factor.is_negative:
                    printed = prettyForm(*printed.parens())
                form = prettyForm(*form.right("⋅", printed))
            return form
        return super()._print_Mul(product)

    def _print_Add(self, expr: sp.Add, order: str | None = None) -> prettyForm:
        if in_written_order(expr):
            return super()._print_Add(written_order(expr), order="none")
        return super()._print_Add(expr, order=order)

    def _print_Pow(self, power: sp.Pow) -> prettyForm:
        base = power.base.args[0] if isinstance(power.base, sp.UnevaluatedExpr) else power.base
        if base.is_Rational and not base.is_Integer or base.is_Number and base.is_negative:
            form = prettyForm(*self._print(base).parens())
            return form ** self._print(power.exp)
        return super()._print_Pow(power)


RELATION_SYMBOLS = {"=": "=", "=>": "⇒", "<=>": "⇔", "approx": "≈", "<=": "≤"}


def statement_text(value: Any, relation: str = "") -> str:
    """The statement as a terminal shows it, SymPy's Unicode pretty printer,
    with `relation` (⇒, =, ...) in front of it on its baseline."""
    text = value if isinstance(value, str) else None
    if text is None:
        try:
            value = value if isinstance(value, sp.Basic) else sp.sympify(value)
            form = _StepPrettyPrinter({"use_unicode": True, "order": _written_order(value)})._print(value)
        except (TypeError, ValueError, sp.SympifyError):
            text = str(value)
        else:
            if relation:
                form = prettyForm(*form.left(relation + " "))
            return form.render(wrap_line=False)
    return f"{relation} {text}" if relation else text


def _states_its_own_equation(step: Step) -> bool:
    """A step shown as `f = ...` or `df/dx = ...`: a leading `=` would read "= f = ...".
    Only an `=` outside braces counts: the one in `\\sum_{i=1}` does not."""
    if step.relation != "=" or step.display is None:
        return False
    depth = 0
    for ch in step.display:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if ch == "=" and depth == 0:
            return True
    return False


def step_data(step: Step, depth: int = 0, first: bool = False) -> dict[str, Any]:
    return {
        "latex": step.display or statement_latex(step.statement),
        "pretty": statement_text(step.statement, "" if step.assumed or step.fresh or depth == 0 and first else
                                 RELATION_SYMBOLS.get(step.relation, step.relation)),
        "relation": step.relation,
        "relation_latex": "" if step.assumed or step.fresh or _states_its_own_equation(step) else
        RELATION_LATEX[step.relation],
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
