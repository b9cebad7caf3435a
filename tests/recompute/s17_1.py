"""Section 17.1: angles, inverses, determinants, linear independence and
Einstein notation, recomputed with SymPy from each exercise's `given`."""
import sympy as sp


def _angle(ex):
    v, w = ex.given["v1"], ex.given["v2"]
    cosine = v.dot(w) / (v.norm() * w.norm())
    return sp.acos(sp.nsimplify(cosine))


def _mutual_inverses(ex):
    A, B = sp.Matrix(ex.given["A"]), sp.Matrix(ex.given["B"])
    identity = sp.eye(A.rows)
    return sp.S.true if A * B == identity and B * A == identity else sp.S.false


def _transformed_area(ex):
    A = sp.Matrix(ex.given["A"])
    return sp.Abs(A.det()) * ex.given["area"]


def _independent_sets(ex):
    names = ("first", "second", "third")
    independent = [name for name in names if sp.Matrix(ex.given[name]).rank() == ex.given[name].cols]
    # Cross-check rank against the determinant of the square column matrix.
    for name in names:
        assert (name in independent) == (sp.Matrix(ex.given[name]).det() != 0)
    if not independent:
        return "none"
    if len(independent) == len(names):
        return "all"
    return "_and_".join(independent)


def _outer_product_determinant_vanishes(ex):
    A = sp.Matrix(ex.given["A"])
    return sp.S.true if sp.expand(A.det()) == 0 else sp.S.false


def _columns_orthogonal(ex):
    A = sp.Matrix(ex.given["A"])
    return sp.Eq((A * ex.given["e1"]).dot(A * ex.given["e2"]), 0)


def _trace_of_power(ex, dim: int = 3):
    # The same explicit symbol matrix that tests.test_bank_references.expand_einstein
    # substitutes for the indexed base: entry (i, j) is the plain Symbol "a_ij".
    base = ex.symbols["a"].name
    M = sp.Matrix(dim, dim, lambda i, j: sp.Symbol(f"{base}_{i}{j}"))
    return sp.expand((M ** int(ex.given["power"])).trace())


RECOMPUTE = {
    "17.1.1": _angle,
    "17.1.2": _mutual_inverses,
    "17.1.3": _transformed_area,
    "17.1.4": _independent_sets,
    "17.1.5": _outer_product_determinant_vanishes,
    "17.1.6": _columns_orthogonal,
    "17.1.7": _trace_of_power,
}
