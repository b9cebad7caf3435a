"""Einstein-notation answers (`a_{ij}a_{jk}a_{ki}`), checked by evaluation:
every index that appears twice in a term is summed, the others are free.
Both sides are evaluated with `numpy.einsum` on the same random arrays, so
dummy indices may be renamed freely; free indices must match by name.
NumPy is imported by the functions that use it, as in matrix_equivalence.
"""
from __future__ import annotations

import hashlib
import string
from collections import Counter
from typing import TYPE_CHECKING

import sympy as sp

from grader.equivalence import Equivalence

if TYPE_CHECKING:
    import numpy as np

DIMENSIONS = (3, 4)
DRAWS = 2


class IndexError_(ValueError):
    """A term that is not valid Einstein notation."""


def _terms(expr: sp.Expr) -> list[tuple[float, list[sp.Indexed]]]:
    terms = []
    for term in sp.Add.make_args(sp.expand(expr)):
        coefficient, factors = sp.Integer(1), []
        for factor in sp.Mul.make_args(term):
            base, exponent = factor.as_base_exp()
            if isinstance(base, sp.Indexed) and exponent.is_Integer and exponent > 0:
                factors.extend([base] * int(exponent))
            elif factor.is_number:
                coefficient *= factor
            else:
                raise IndexError_(f"{sp.latex(factor)} is not an entry such as a_{{ij}}")
        try:
            terms.append((complex(coefficient), factors))
        except (TypeError, ValueError, OverflowError):
            raise IndexError_(f"the factor {sp.latex(coefficient)} is not a number that can be evaluated") from None
    return terms


def free_indices(expr: sp.Expr) -> set[str]:
    found: set[str] | None = None
    for _, factors in _terms(expr):
        counts = Counter(str(i) for f in factors for i in f.indices)
        if any(c > 2 for c in counts.values()):
            raise IndexError_("an index appears more than twice in one term")
        free = {i for i, c in counts.items() if c == 1}
        if found is not None and free != found:
            raise IndexError_("the terms have different free indices")
        found = free
    return found or set()


def evaluate(expr: sp.Expr, arrays: dict[str, np.ndarray], output: list[str]) -> np.ndarray:
    import numpy as np
    total = 0
    for coefficient, factors in _terms(expr):
        letters: dict[str, str] = {}
        def letter(index: sp.Basic) -> str:
            key = str(index)
            if key not in letters:
                letters[key] = string.ascii_letters[len(letters)]
            return letters[key]
        subscripts = ",".join("".join(letter(i) for i in f.indices) for f in factors)
        result = "".join(letter(sp.Symbol(name)) for name in output)
        operands = [arrays[str(f.base)] for f in factors]
        value = np.einsum(f"{subscripts}->{result}", *operands) if factors else np.asarray(1.0)
        total = total + coefficient * value
    return np.asarray(total)


def compare_index_expressions(student: sp.Expr, reference: sp.Expr, seed: str) -> Equivalence:
    import numpy as np
    try:
        theirs = free_indices(reference)
        mine = free_indices(student)
    except IndexError_ as err:
        return Equivalence(False, "structure", detail=f"Not valid index notation: {err}.")
    if mine != theirs:
        expected = ", ".join(sorted(theirs)) or "none (the result is a number)"
        return Equivalence(False, "structure", detail=f"The free indices should be {expected}.")
    bases = {str(i.base): len(i.indices) for e in (student, reference) for i in e.atoms(sp.Indexed)}
    rng = np.random.default_rng(int.from_bytes(hashlib.sha256(seed.encode()).digest()[:8], "big"))
    output = sorted(theirs)
    for dim in DIMENSIONS:
        for _ in range(DRAWS):
            arrays = {name: rng.standard_normal((dim,) * rank) for name, rank in bases.items()}
            left, right = evaluate(student, arrays, output), evaluate(reference, arrays, output)
            if not np.allclose(left, right, rtol=1e-9, atol=1e-9):
                return Equivalence(False, "numeric", detail="")
    return Equivalence(True, "numeric")
