"""Linear algebra and eigendecompositions (17.1, 17.2): every derivation
verifies, every generator agrees with an independent NumPy/SymPy computation
on inputs other than the seed's, and broken steps are caught."""
from __future__ import annotations

import copy
import json

import numpy as np
import pytest
import sympy as sp
from click.testing import CliRunner

from deriver import catalog, derive, verify
from deriver.errata import CLAIMS, _agrees
from dlmath.cli import main
from exercises import default_bank

NAMES = ["vector-angle", "inverse-2x2", "mutual-inverses", "determinant-area", "independent-columns",
         "linear-independence", "outer-product-determinant", "orthogonal-columns", "trace-power-einstein",
         "eigenvalues", "eigenvalues-with-multiplicity", "eigenvector", "gershgorin"]
a, b, c, d = sp.symbols("a b c d", real=True)


def build(name: str, **inputs):
    """The derivation before verification (so a test can break a step)."""
    entry = catalog()[name]
    return entry.build(**{**entry.defaults, **inputs})


def broken(name: str, index: int, statement, **inputs) -> bool:
    """True when replacing step `index` by `statement` makes the derivation fail."""
    derivation = build(name, **inputs)
    derivation.steps[index] = copy.copy(derivation.steps[index])
    derivation.steps[index].statement = statement
    return not verify(derivation).verified


@pytest.mark.parametrize("name", NAMES)
def test_linear_algebra_catalog_entry_builds_and_verifies(name: str) -> None:
    entry = catalog()[name]
    assert entry.generator
    assert derive(name).verified


# --- 17.1 -----------------------------------------------------------------------------------

def test_linear_algebra_angle_on_other_vectors() -> None:
    rng = np.random.default_rng(1)
    for size in (2, 3, 5):
        v, w = rng.integers(-6, 7, size), rng.integers(-6, 7, size)
        if not v.any() or not w.any():
            continue
        result = derive("vector-angle", v=tuple(int(x) for x in v), w=tuple(int(x) for x in w)).result
        expected = np.arccos(v @ w / (np.linalg.norm(v) * np.linalg.norm(w)))
        assert abs(float(result) - expected) < 1e-12
    assert derive("vector-angle", v="1, 0", w="0, 3").result == sp.pi / 2
    assert derive("vector-angle", v="[['a'], ['b']]", w="[['b'], ['-a']]").result == sp.pi / 2
    with pytest.raises(ValueError):
        derive("vector-angle", v="1, 2", w="1, 2, 3")


def test_linear_algebra_inverse_on_other_matrices() -> None:
    general = derive("inverse-2x2", A=sp.Matrix([[a, b], [c, d]])).result
    assert (general - sp.Matrix([[d, -b], [-c, a]]) / (a * d - b * c)).applyfunc(sp.simplify) == sp.zeros(2)
    M = np.array([[3, -7], [2, 5]])
    assert np.allclose(np.array(derive("inverse-2x2", A=M.tolist()).result, dtype=float), np.linalg.inv(M))
    with pytest.raises(ValueError):
        derive("inverse-2x2", A="[[2, 4], [-1, -2]]")


def test_linear_algebra_mutual_inverses_on_other_matrices() -> None:
    A = sp.Matrix([[2, 0, 1], [1, 1, 0], [0, 3, 1]])
    assert derive("mutual-inverses", A=A, B=A.inv()).result == sp.true
    assert derive("mutual-inverses", A=A, B=A.T).result == sp.false
    assert derive("mutual-inverses", A="[[1, 2], [0, 1]]", B="[[1, 2], [0, 1]]").result == sp.false


def test_linear_algebra_area_on_other_matrices() -> None:
    M = [[1, 2, 3], [0, -1, 4], [5, 6, 0]]
    result = derive("determinant-area", A=M, area="7").result
    assert abs(float(result) - 7 * abs(np.linalg.det(np.array(M)))) < 1e-9
    assert derive("determinant-area", A="[[2, 3], [1, 2]]", area="100").result == 100
    assert derive("determinant-area", A="[[0, 1], [1, 0]]", area="3").result == 3  # a flip: |det| = 1


def test_linear_algebra_independence_on_other_sets() -> None:
    sets = {"first": [[1, 0], [0, 1], [1, 1]], "second": [[1, 2, 3], [2, 4, 6], [0, 1, 1]], "third": [[2], [0]]}
    expected = [n for n, V in sets.items() if np.linalg.matrix_rank(np.array(V)) == np.array(V).shape[1]]
    assert derive("linear-independence", **sets).result == "_and_".join(expected) == "first_and_third"
    assert derive("linear-independence", first="[[1, 0], [0, 1]]", second="[[1, 2], [3, 4]]",
                  third="[[1, 1], [1, 2]]").result == "all"
    assert derive("linear-independence", first="[[0, 0], [0, 0]]", second="[[1, 2], [2, 4]]",
                  third="[[1, 2, 3], [4, 5, 6]]").result == "none"
    assert derive("independent-columns", V="[[1, 0], [0, 1], [2, 3]]").result == sp.true
    assert derive("independent-columns", V="[[1, 2, 3], [4, 5, 6], [7, 8, 9]]").result == sp.false


def test_linear_algebra_outer_product_on_other_vectors() -> None:
    assert derive("outer-product-determinant", col="[['x'], ['y'], ['z']]", row="[['p', 'q', 'r']]").result == sp.true
    assert derive("outer-product-determinant", col="[[2], [5]]", row="[[-1, 7]]").result == sp.true
    assert derive("outer-product-determinant", col="[['c']]", row="[['a']]").result == sp.false


def test_linear_algebra_orthogonality_condition_on_other_matrices() -> None:
    M = sp.Matrix(3, 3, sp.symbols("m0:9", real=True))
    result = derive("orthogonal-columns", A=M, i=1, j=3).result
    assert sp.expand(result.lhs - result.rhs - M[:, 0].dot(M[:, 2])) == 0
    numeric = derive("orthogonal-columns", A="[[1, 2], [3, 4]]").result
    assert numeric.lhs == 14 and numeric.rhs == 0
    rotation = derive("orthogonal-columns", A="[[3, -4], [4, 3]]").result
    assert rotation.lhs == 0


@pytest.mark.parametrize("power", [1, 2, 3, 5])
def test_linear_algebra_trace_power_on_other_powers(power: int) -> None:
    result = derive("trace-power-einstein", power=power).result
    factors = sp.Mul.make_args(result)
    assert len(factors) == power and all(isinstance(f, sp.Indexed) for f in factors)
    from grader.index_notation import evaluate

    rng = np.random.default_rng(power)
    M = rng.standard_normal((4, 4))
    assert np.isclose(evaluate(result, {"a": M}, []), np.trace(np.linalg.matrix_power(M, power)))


# --- 17.2 -----------------------------------------------------------------------------------

def test_linear_algebra_eigenvalues_on_other_matrices() -> None:
    M = [[4, 1, 0], [1, 3, 1], [0, 1, 2]]
    result = derive("eigenvalues", A=M).result
    assert np.allclose(sorted(float(v) for v in result), sorted(np.linalg.eigvalsh(np.array(M, dtype=float))))
    irrational = derive("eigenvalues", A="[[1, 2], [3, 4]]").result
    assert irrational == sp.FiniteSet(sp.Rational(5, 2) - sp.sqrt(33) / 2, sp.Rational(5, 2) + sp.sqrt(33) / 2)
    rotation = derive("eigenvalues", A="[[0, -1], [1, 0]]").result
    assert rotation == sp.FiniteSet(sp.I, -sp.I)
    quintic = sp.Matrix(5, 5, lambda i, j: 1 if j == i + 1 else 0)
    quintic[4, 0], quintic[4, 1] = 1, 1  # companion of x^5 - x - 1: no roots in radicals
    values = derive("eigenvalues", A=quintic).result
    assert len(values) == 5 and all(v.has(sp.CRootOf) for v in values)
    symbolic = derive("eigenvalues-with-multiplicity", A=sp.Matrix([[a, b], [b, a]])).result
    assert sp.FiniteSet(*symbolic) == sp.FiniteSet(a - b, a + b)


def test_linear_algebra_multiset_on_other_matrices() -> None:
    assert derive("eigenvalues-with-multiplicity", A="[[3, 0, 0], [0, 3, 0], [0, 0, 5]]").result == sp.Tuple(3, 3, 5)
    assert derive("eigenvalues-with-multiplicity", A="[[2, 1], [0, 2]]").result == sp.Tuple(2, 2)
    assert derive("eigenvalues-with-multiplicity", A="[[2, 1], [1, 2]]").result == sp.Tuple(1, 3)


def test_linear_algebra_eigenvectors_on_other_matrices() -> None:
    M = np.array([[2, 0, 0], [1, 3, 0], [4, -1, 5]])
    for value in np.linalg.eigvals(M).real.round().astype(int):
        v = np.array(derive("eigenvector", A=M.tolist(), eigenvalue=str(value)).result, dtype=float).ravel()
        assert np.linalg.norm(v) > 0 and np.allclose(M @ v, value * v)
    assert derive("eigenvector", A="[[2, 1], [1, 2]]", eigenvalue="1").result == sp.Matrix([1, -1])
    jordan = derive("eigenvector", A="[[1, 1], [0, 1]]", eigenvalue="1")
    assert jordan.result == sp.Matrix([1, 0])
    plane = derive("eigenvector", A="[[1, 0, 0], [0, 1, 0], [0, 0, 2]]", eigenvalue="1")
    assert "dimension 2" in plane.notes[0]
    irrational = derive("eigenvector", A="[[1, 2], [3, 4]]", eigenvalue="5/2 + sqrt(33)/2").result
    A = sp.Matrix([[1, 2], [3, 4]])
    top = sp.Rational(5, 2) + sp.sqrt(33) / 2
    assert (A * irrational - top * irrational).applyfunc(sp.simplify) == sp.zeros(2, 1)
    rotation = derive("eigenvector", A="[[0, -1], [1, 0]]", eigenvalue=sp.I).result
    assert (sp.Matrix([[0, -1], [1, 0]]) * rotation - sp.I * rotation).applyfunc(sp.expand) == sp.zeros(2, 1)
    symbolic = derive("eigenvector", A=sp.Matrix([[a, b], [b, a]]), eigenvalue=a + b).result
    assert symbolic == sp.Matrix([1, 1])
    with pytest.raises(ValueError):
        derive("eigenvector", A="[[2, 1], [1, 2]]", eigenvalue="2")


def test_linear_algebra_gershgorin_on_other_matrices() -> None:
    bank = default_bank().get("17.2.3").given["A"]
    assert derive("gershgorin", A=bank, threshold="0.5").result == sp.false
    # discs reaching below the threshold: the eigenvalues decide
    M = [[1, 0.9, 0], [0.9, 1, 0], [0, 0, 4]]
    for t in ("0.5", "0.05"):
        expected = min(np.linalg.eigvalsh(np.array(M))) < float(t)
        assert derive("gershgorin", A=M, threshold=t).result == (sp.true if expected else sp.false)
    with pytest.raises(ValueError):
        derive("gershgorin", A="[[1, 2], [0, 1]]", threshold="0")


# --- broken steps are caught ------------------------------------------------------------------

def test_linear_algebra_broken_steps_are_caught() -> None:
    lam = sp.Symbol("lambda")
    assert broken("vector-angle", 1, sp.acos(sp.Rational(11, 145)))
    assert broken("inverse-2x2", 2, sp.ImmutableMatrix([[2, 1], [-sp.Rational(1, 2), sp.Rational(1, 2)]]))
    assert broken("mutual-inverses", 3, sp.false)
    assert broken("determinant-area", 2, sp.Abs(sp.Integer(1), evaluate=False))
    assert broken("linear-independence", 2, sp.ImmutableMatrix([1, 1, 5]))
    assert broken("linear-independence", 3, sp.Tuple(sp.Integer(1)))
    assert broken("linear-independence", len(build("linear-independence").steps) - 1, "third")
    assert broken("outer-product-determinant", 4, sp.false)
    assert broken("orthogonal-columns", 2, sp.Eq(a * c + b * d, 0, evaluate=False))
    i, j, k, l = sp.symbols("i j k l", integer=True)
    x = sp.IndexedBase("a", real=True)
    assert broken("trace-power-einstein", 3, x[i, j] * x[j, k] * x[k, i] * x[l, l])
    assert broken("eigenvalues", 3, sp.Eq((lam - 4) * (lam + 1), 0, evaluate=False))
    assert broken("eigenvalues", 4, sp.Contains(lam, sp.FiniteSet(1, 3), evaluate=False))
    assert broken("eigenvalues-with-multiplicity", 5, sp.Tuple(1))
    assert broken("eigenvector", 3, sp.ImmutableMatrix([1, 1]))
    assert broken("gershgorin", 1, sp.ImmutableMatrix([sp.Rational(3, 10), sp.Rational(3, 5), sp.Rational(4, 5), 1]))
    assert broken("gershgorin", 3, sp.Ge(sp.Symbol(r"\lambda_{\min}"), sp.Rational(4, 5), evaluate=False))
    assert broken("gershgorin", 5, sp.true)


# --- links, claims, command line ----------------------------------------------------------------

def test_linear_algebra_every_gradable_exercise_is_linked() -> None:
    ours = [ex for ex in default_bank() if ex.section in ("17.1", "17.2") and ex.gradable]
    assert ours and all(ex.solution is not None and ex.solution.derivation in NAMES for ex in ours)


def test_linear_algebra_claims() -> None:
    catalog()
    ours = [c for c in CLAIMS if c.compute.__module__ == "deriver.generators.linear_algebra"]
    disagree = {(c.where, c.subject.split(",")[0]) for c in ours if not _agrees(c.seed_says, c.compute())}
    assert {where for where, _ in disagree} == {"(17.1.20)", "(17.2.5)", "(17.2.13)"}
    assert len(ours) - len(disagree) >= 20


def test_linear_algebra_cli() -> None:
    result = CliRunner().invoke(main, ["derive", "eigenvector", "--A", "[[2, 1], [1, 2]]", "--eigenvalue", "3",
                                       "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["verified"] is True and data["result_sympy"] == "Matrix([\n[1],\n[1]])"
    bad = CliRunner().invoke(main, ["derive", "gershgorin", "--A", "[[1, 2], [0, 1]]"])
    assert bad.exit_code != 0 and "symmetric" in bad.output


def test_an_entry_of_a_power_chains_as_many_entries_as_the_power() -> None:
    """(A^4)_{im} is a_ij a_jk a_kl a_lm; a_ij a_jk a_kl is an entry of A^3."""
    for power in (2, 3, 4, 5):
        rule = catalog()["trace-power-einstein"].build(power=power).steps[2].rule
        assert f"chains {power} entries" in rule
    explanation = default_bank().get("17.1.7").parts[0].answer.explanation
    assert "a_{ij} a_{jk} a_{kl} a_{lm}" in explanation and "(\\mathbf{A}^4)_{il}" not in explanation


def test_linear_algebra_theorems_applied_are_checked_not_given() -> None:
    """Only a definition is taken without check here; a formula or theorem applied is recomputed."""
    for name in NAMES:
        for step in derive(name).walk():
            assert step.check != "assumed" or step.basis == "definition" or (
                name == "outer-product-determinant" and step.rule == "the determinant to compute"), (name, step.rule)
    # the first step of each, made wrong, is refused by its own check (Gauss-Jordan, B^T A^T, Leibniz, charpoly)
    assert broken("inverse-2x2", 0, sp.ImmutableMatrix([[2, -1], [-sp.Rational(1, 2), 1]]))
    assert broken("mutual-inverses", 0, sp.ImmutableMatrix([[1, 0], [0, 2]]))
    assert broken("determinant-area", 0, sp.Integer(4))
    assert broken("independent-columns", 0, sp.Integer(1))
    assert broken("linear-independence", 0, sp.ImmutableMatrix([0, 1, 4]))
    lam = sp.Symbol("lambda")
    assert broken("eigenvalues", 0, sp.Eq((lam - 4) * (lam - 2), 0, evaluate=False))
    assert broken("eigenvector", 0, sp.ImmutableMatrix([-2 * sp.Symbol("x"), 2 * sp.Symbol("x") - sp.Symbol("y")]))
    assert broken("gershgorin", 0, sp.ImmutableMatrix([sp.Rational(3, 10), sp.Rational(3, 5), sp.Rational(4, 5), 1]))
