"""LaTeX for bank values: references, givens, symbols.

One printer for the whole engine, so a reference, a student's interpreted
answer and a derivation step are written the same way.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

import jinja2
import sympy as sp
from sympy.core.function import AppliedUndef
from sympy.printing.latex import LatexPrinter

UNEVALUATED = (sp.Subs, sp.Integral, sp.Sum, sp.Product, sp.Derivative, sp.Limit)


def in_written_order(expr: sp.Add) -> bool:
    """A sum of unevaluated operations is printed in the order it was written:
    F|_b - F|_a (17.5.6), E[X^2] - E[X]^2 (17.6.24); sorted, they read
    -F|_a + F|_b. Sorting them is also slow: SymPy's term order expands each
    integral, which took 20 s for a Laplace variance."""
    return any(term.has(*UNEVALUATED) for term in expr.args)


def written_order(expr: sp.Add) -> sp.Add:
    """`expr` with its terms in the order to print them: as written, except that
    integrals over the pieces of a split interval run from left to right."""
    def lower_limit(term: sp.Basic) -> sp.Basic | None:  # of a term c * Integral(f, (x, a, b)), a a number
        integrals = [f for f in sp.Mul.make_args(term) if isinstance(f, sp.Integral)]
        if len(integrals) != 1 or len(integrals[0].limits) != 1 or len(integrals[0].limits[0]) != 3:
            return None
        low = integrals[0].limits[0][1]
        return low if low.is_extended_real and low.is_number else None
    lows = [lower_limit(term) for term in expr.args]
    pieces = sorted((pair for pair in zip(lows, expr.args) if pair[0] is not None), key=lambda pair: float(pair[0]))
    if len(pieces) < 2:
        return expr
    ordered: list[sp.Basic] = []
    placed = False
    for low, term in zip(lows, expr.args):
        if low is None:
            ordered.append(term)
        elif not placed:  # the pieces, together and left to right, where the first of them was
            ordered.extend(piece for _, piece in pieces)
            placed = True
    return sp.Add(*ordered, evaluate=False)


class DlmathLatexPrinter(LatexPrinter):
    """SymPy's printer, with `log(a)/log(2)` written back as `\\log_2 a`."""

    def _print_Mul(self, expr: sp.Mul) -> str:
        for base in (2, 10):
            inverse = sp.Pow(sp.log(base), -1)
            if inverse in expr.args:
                rest = expr / inverse
                if isinstance(rest, sp.log) and len(rest.args) == 1:
                    return rf"\log_{{{base}}}{{\left({self._print(rest.args[0])}\right)}}"
                coeff, logs = rest.as_independent(sp.log)
                if isinstance(logs, sp.log) and coeff.is_number:
                    sign, coeff = ("-", -coeff) if coeff.could_extract_minus_sign() else ("", coeff)
                    shown = "" if coeff == 1 else self._print(coeff) + " "
                    return rf"{sign}{shown}\log_{{{base}}}{{\left({self._print(logs.args[0])}\right)}}"
        return super()._print_Mul(expr)

    def _print_Add(self, expr: sp.Add, order: str | None = None) -> str:
        if in_written_order(expr):
            return super()._print_Add(written_order(expr), order="none")
        return super()._print_Add(expr, order=order)

    def _print_Function(self, expr: sp.Expr, exp: str | None = None) -> str:
        """`f'(u)`, the reader's derivative of the question's function f at u, as it is written."""
        name = type(expr).__name__
        base = name.rstrip("'")
        if isinstance(expr, AppliedUndef) and base and base != name:
            arguments = ", ".join(self._print(a) for a in expr.args)
            written = rf"{self._print(sp.Symbol(base))}{name[len(base):]}\left({arguments}\right)"
            return rf"\left({written}\right)^{{{exp}}}" if exp else written
        return super()._print_Function(expr, exp)

    def _print_Subs(self, subs: sp.Subs) -> str:
        """f'(x^2), as it is written and read, for the derivative of an unspecified function at a point."""
        if len(subs.variables) != 1:
            return super()._print_Subs(subs)
        derivative, (variable,), (point,) = subs.args[0], subs.variables, subs.point
        if isinstance(derivative, sp.Derivative) and isinstance(derivative.expr, AppliedUndef) \
                and derivative.expr.args == (variable,) and set(derivative.variables) == {variable}:
            order = len(derivative.variables)
            primes = "'" * order if order <= 3 else f"^{{({order})}}"
            return rf"{self._print(derivative.expr.func)}{primes}\left({self._print(point)}\right)"
        return super()._print_Subs(subs)

    def _print_BooleanTrue(self, expr: Any) -> str:
        return r"\text{true}"

    def _print_BooleanFalse(self, expr: Any) -> str:
        return r"\text{false}"


def to_latex(value: Any, symbol_names: Mapping[sp.Basic, str] | None = None, order: str | None = None) -> str:
    """LaTeX of a SymPy value (or a plain string, returned as text); `order="none"`
    keeps the terms of a sum in the order they were written."""
    if isinstance(value, str):
        return rf"\text{{{value.replace('_', ' ')}}}"
    printer = DlmathLatexPrinter({"symbol_names": dict(symbol_names or {}), "order": order})
    return printer.doprint(value)


TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"


@lru_cache(maxsize=None)
def templates() -> jinja2.Environment:
    """The Jinja2 environment over `templates/` (shipped beside the packages)."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=jinja2.select_autoescape(["html"]),
    )


def render(template: str, **context: Any) -> str:
    """Render a template; the output ends with exactly one newline."""
    return templates().get_template(template).render(**context).rstrip("\n") + "\n"
