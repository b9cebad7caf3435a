"""Section 17.2: eigenvalues, eigenvectors and Gershgorin discs, recomputed
with SymPy from each exercise's `given` matrix."""
import sympy as sp


def _eigenvalue_set(ex):
    return sp.FiniteSet(*sp.Matrix(ex.given["A"]).eigenvals())


def _eigenvalue_multiset(ex):
    values = sp.Matrix(ex.given["A"]).eigenvals()  # eigenvalue -> algebraic multiplicity
    return [value for value, multiplicity in values.items() for _ in range(multiplicity)]


def _eigenvector(ex):
    A, eigenvalue = sp.Matrix(ex.given["A"]), ex.given["eigenvalue"]
    for value, _, vectors in A.eigenvects():
        if value == eigenvalue:
            assert len(vectors) == 1, f"eigenvalue {value} has {len(vectors)} eigenvector directions"
            return vectors[0]
    raise AssertionError(f"{eigenvalue} is not an eigenvalue of {A}")


def _smallest_eigenvalue_can_be_below(ex):
    A, threshold = sp.Matrix(ex.given["A"]), ex.given["threshold"]
    assert A == A.T, "the Gershgorin intervals are real only for a symmetric matrix"
    n = A.rows
    radii = [sum(abs(A[i, j]) for j in range(n) if j != i) for i in range(n)]
    gershgorin_lower = min(A[i, i] - radii[i] for i in range(n))
    # Numerically, from the characteristic polynomial.
    eigenvalues = [sp.re(sp.N(root, 30)) for root in A.charpoly().all_roots()]
    smallest = min(eigenvalues)
    assert smallest >= gershgorin_lower, "an eigenvalue lies outside every Gershgorin disc"
    possible = smallest < threshold
    if gershgorin_lower >= threshold:
        assert not possible, "the Gershgorin bound and the eigenvalues disagree"
    return sp.S.true if possible else sp.S.false


RECOMPUTE = {
    "17.2.1a": _eigenvalue_set,
    "17.2.1b": _eigenvector,
    "17.2.1c": _eigenvector,
    "17.2.2a": _eigenvalue_multiset,
    "17.2.2b": _eigenvector,
    "17.2.3": _smallest_eigenvalue_can_be_below,
}
