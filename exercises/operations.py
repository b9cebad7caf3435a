"""Operations a question asks to carry out (an integral, a derivative, a limit,
a sum, a product): an answer that still contains one of them, unevaluated,
restates the question (STACK's "forbidden words").

A part may list them (`forbid: [integral]`); by default they are the ones
the statement or the given mathematics shows, plus integrals, derivatives
and limits always, less any the reference itself contains (the mean
`\\bar{x}` is a sum, and an answer may be one too).
"""
from __future__ import annotations

import re
from typing import Iterable

import sympy as sp
from sympy.core.function import AppliedUndef

OPERATIONS: dict[str, type[sp.Basic]] = {
    "integral": sp.Integral,
    "derivative": sp.Derivative,
    "limit": sp.Limit,
    "sum": sp.Sum,
    "product": sp.Product,
    "trace": sp.Trace,  # only where a part forbids it (17.1.7 asks for tr(A^4) in index notation)
}
ALWAYS = ("integral", "derivative", "limit")
_D = r"(?:d|\\mathrm\s*\{\s*d\s*\}|\\partial)"
# d/dx, dy/dx, \partial^2 f / \partial x^2: a d over a d (\frac{dz}{z} is an integrand, not a derivative)
LEIBNIZ = re.compile(r"\\frac\s*\{\s*" + _D + r"[^{}]*(?:\{[^{}]*\}[^{}]*)*\}\s*\{\s*" + _D)
IN_LATEX = {
    "integral": re.compile(r"\\i+nt(?![a-z])|\\oint|integrat", re.I),
    "derivative": re.compile(LEIBNIZ.pattern + r"|\\partial|\\nabla|derivative|differentiat", re.I),
    "limit": re.compile(r"\\lim(?![a-z])|\blimit\b", re.I),
    "sum": re.compile(r"\\sum(?![a-z])"),
    "product": re.compile(r"\\prod(?![a-z])"),
}


WRITTEN = {
    "integral": re.compile(r"\\i+nt(?![a-z])|\\oint"),
    "derivative": re.compile(LEIBNIZ.pattern + r"|\\partial|\\nabla"),
    "limit": re.compile(r"\\lim(?![a-z])"),
    "sum": re.compile(r"\\sum(?![a-z])"),
    "product": re.compile(r"\\prod(?![a-z])"),
    "trace": re.compile(r"\\(?:text|mathrm|operatorname)\s*\{\s*(?:tr|Tr|trace)\s*\}|\\tr(?![a-z])|\btr\s*\(|"
                        r"\\operatorname\s*\{\s*tr"),
}


def written(text: str) -> set[str]:
    """The operations whose LaTeX an answer's text writes out (for readers that
    cannot build them, such as the matrix reader)."""
    return {name for name, pattern in WRITTEN.items() if pattern.search(text)}


def present(values: Iterable[object]) -> set[str]:
    """The operations that occur, unevaluated, in these SymPy values; not the derivative f'(x) of an
    unspecified function f, which is a value (so a reference f'(x) + 2x still forbids d/dx (x^2 f(x)))."""
    found = set()
    for value in values:
        if isinstance(value, sp.Basic):
            found |= {name for name, cls in OPERATIONS.items() if any(map(_to_compute, value.atoms(cls)))}
    return found


def _to_compute(operation: sp.Basic) -> bool:
    if isinstance(operation, sp.Derivative) and isinstance(operation.expr, AppliedUndef):
        return set(operation.variables) - set(operation.expr.args) != set()  # d/dx f(x^2) is still to compute
    return True


def default_forbidden(texts: Iterable[str], given: Iterable[object], reference: object) -> tuple[str, ...]:
    """The operations an answer must not contain, for a part asked in `texts`."""
    asked = set(ALWAYS) | present(given)
    for text in texts:
        asked |= {name for name, pattern in IN_LATEX.items() if pattern.search(text or "")}
    return tuple(name for name in OPERATIONS if name in asked - present([reference]) and name != "trace")
