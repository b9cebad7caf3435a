"""Read the bank's SymPy-syntax strings: trusted authoring input only.

Student answers never come through here (see `grader`): a bug in the student
parser must not be able to corrupt the reference it is compared with.
"""
from __future__ import annotations

from typing import Any, Mapping

import sympy as sp
from sympy.parsing.sympy_parser import parse_expr, standard_transformations


def parse_authored(text: str, namespace: Mapping[str, Any]) -> sp.Basic:
    """Parse `text` (SymPy syntax) with the exercise's declared symbols.

    A name that is neither declared nor a SymPy function is an authoring
    error, not a fresh symbol: it would silently carry the wrong assumptions.
    """
    names = {name: obj for name, obj in namespace.items()}
    value = parse_expr(text, local_dict=names, transformations=standard_transformations, evaluate=True)
    value = _as_sympy(value)
    declared = {getattr(obj, "name", None) for obj in namespace.values()} | set(namespace)
    stray = sorted(
        str(s) for s in value.free_symbols
        if isinstance(s, sp.Symbol) and s.name not in declared and not _is_bound_dimension(s, namespace)
    )
    if stray:
        raise ValueError(f"undeclared symbol(s) {', '.join(stray)} in {text!r}: declare them under 'symbols'")
    return value


def _as_sympy(value: Any) -> sp.Basic:
    """Python containers from `{1, 3}` or `(1, 2)` become SymPy ones."""
    if isinstance(value, bool):
        return sp.true if value else sp.false
    if isinstance(value, (set, frozenset)):
        return sp.FiniteSet(*(_as_sympy(v) for v in value))
    if isinstance(value, (tuple, list)):
        return sp.Tuple(*(_as_sympy(v) for v in value))
    return sp.sympify(value)


def _is_bound_dimension(symbol: sp.Symbol, namespace: Mapping[str, Any]) -> bool:
    """Matrix dimensions such as `n` in `MatrixSymbol('A', n, n)` count as declared."""
    for obj in namespace.values():
        if isinstance(obj, sp.MatrixSymbol) and symbol in obj.shape:
            return True
    return False
