"""The "guess from the 1 x 1 case, then fix the shapes" argument (17.4.49)-(17.4.52):
it verifies, ends at the corrected sign, and catches the seed's sign."""
from __future__ import annotations

import pytest
import sympy as sp

from deriver import derive, verify
from deriver.catalog import catalog

n, r, m = sp.symbols("n r m", positive=True, integer=True)
X, U, V = sp.MatrixSymbol("X", n, m), sp.MatrixSymbol("U", n, r), sp.MatrixSymbol("V", r, m)


@pytest.mark.parametrize("sizes", [{}, {"n": 2, "r": 3, "m": 1}, {"n": 5, "r": 1, "m": 2}])
def test_the_guess_verifies_with_the_minus_sign(sizes: dict) -> None:
    derivation = derive("shape-guess", **sizes)
    assert derivation.verified
    assert derivation.result == sp.MatMul(-2, U.T, X - U * V, evaluate=False)
    assert "drop the minus sign" in derivation.notes[0]


def test_the_seeds_sign_is_caught_entry_by_entry() -> None:
    entry = catalog()["shape-guess"]
    derivation = entry.build(**entry.defaults)
    derivation.steps[-1].statement = sp.MatMul(2, U.T, X - U * V, evaluate=False)  # (17.4.52) as printed
    assert not verify(derivation).verified
    assert "entry by entry" in derivation.steps[-1].detail


def test_only_one_product_has_the_shape_of_v() -> None:
    [shapes] = [s for s in derive("shape-guess").steps if s.rule == "fix the shapes"]
    assert shapes.statement == sp.MatMul(U.T, X - U * V, evaluate=False)


def test_sizes_that_make_shapes_ambiguous_are_refused() -> None:
    with pytest.raises(ValueError, match="different sizes"):
        derive("shape-guess", n=2, r=2, m=3)
