"""Notation shared by the generators."""
from __future__ import annotations

import sympy as sp


class At(sp.Subs):
    """`expr` evaluated at a point, held unevaluated (the bracket of (17.5.6),
    a partial derivative at a point).

    SymPy's Subs is identified by its expression up to renamed variables, so
    Subs(d2f/dxdy, (x, y), (0, 0)) equals Subs(d2f/dx2, (x, y), (0, 0)) and an
    x-bracket equals the same y-bracket: sums and matrices of them are
    silently merged, and the cache prints one in place of the other. This one
    is identified by its expression, variables and point as written."""

    def _hashable_content(self) -> tuple:
        return (self.expr, self.variables, self.point)
