"""Matrix calculus through index notation (17.4.7): the catalog entries, the
generator on other functions of its class (recomputed entry by entry on
explicit matrices of symbols), broken steps caught, the class enforced."""
from __future__ import annotations

import random

import pytest
import sympy as sp

from deriver import catalog, derive, verify
from deriver.generators.matrix_calculus import OutsideClass, parse_shapes
from grader.errors import AnswerError

NAMES = ["matrix-gradient", "quadratic-form-gradient", "matrix-factorization-gradient"]


def entrywise(f: str, wrt: str, shapes: str, result: sp.MatrixExpr, sizes: dict[str, int]) -> bool:
    """Independent check: explicit matrices of symbols at concrete sizes; f differentiated by
    every entry of the variable with SymPy's scalar diff, compared with the result at random values."""
    from deriver.generators.matrix_calculus import parse_function

    declared = parse_shapes(shapes)
    function = parse_function(f, declared)
    dims = {sp.Symbol(name, integer=True, positive=True): size for name, size in sizes.items()}
    explicit, symbols = {}, []
    for name, decl in declared.items():
        rows, cols = (int(sp.sympify(d).subs(dims)) for d in decl.sympy.shape)
        entries = sp.Matrix(rows, cols, lambda i, j, n=name: sp.Symbol(f"{n}_{i}{j}", real=True))
        explicit[decl.sympy] = entries
        symbols += list(entries)

    def concrete(expr):
        sized = expr.xreplace(dims)
        swap = {m: explicit[next(k for k in explicit if k.name == m.name)] for m in sized.atoms(sp.MatrixSymbol)}
        return sized.xreplace(swap).doit()

    value = concrete(function)
    value = value[0, 0] if isinstance(value, sp.MatrixBase) else value
    var = explicit[declared[wrt].sympy]
    expected = var.applyfunc(lambda entry: sp.diff(value, entry))
    claimed = sp.Matrix(concrete(result))
    rng = random.Random(3)
    for _ in range(2):
        point = {s: sp.Rational(rng.randint(-9, 9), rng.randint(1, 4)) for s in symbols}
        if "det" in f:  # keep log det real: a diagonally dominant positive matrix
            point.update({s: 9 + abs(v) for s, v in point.items() if s.name[-2] == s.name[-1]})
        difference = (expected - claimed).xreplace(point)
        if any(sp.nsimplify(sp.N(e, 30), tolerance=1e-20) != 0 for e in difference):
            return False
    return True


@pytest.mark.parametrize("name", NAMES)
def test_catalog_entries_verify(name: str) -> None:
    assert derive(name).verified


def test_the_seed_examples() -> None:
    m = {n: s.sympy for n, s in parse_shapes("A: n x n, x: n x 1, X: n x m, U: n x r, V: r x m").items()}
    from grader.equivalence import equivalent

    assert equivalent(derive("quadratic-form-gradient").result, (m["A"] + m["A"].T) * m["x"])
    factorization = derive("matrix-factorization-gradient").result
    assert equivalent(factorization, -2 * m["U"].T * (m["X"] - m["U"] * m["V"]))
    assert not equivalent(factorization, 2 * m["U"].T * (m["X"] - m["U"] * m["V"]))  # the seed's sign


OTHERS = [
    ("tr(X^T*A*X)", "X", "A: n x n, X: n x m", {"n": 3, "m": 2}),
    ("x^T*A*y", "y", "x: n x 1, A: n x m, y: m x 1", {"n": 2, "m": 3}),
    ("x^T*A*y", "A", "x: n x 1, A: n x m, y: m x 1", {"n": 2, "m": 3}),
    ("norm(A*X - B)^2", "X", "A: m x n, X: n x p, B: m x p", {"m": 3, "n": 2, "p": 2}),
    ("tr(A*X*B)", "X", "A: m x n, X: n x p, B: p x m", {"m": 2, "n": 3, "p": 2}),
    ("norm(X - U*V)^2", "U", "X: n x m, U: n x r, V: r x m", {"n": 3, "m": 2, "r": 2}),
    ("log(det(A*X))", "X", "A: n x n, X: n x n", {"n": 2}),
    ("exp(x^T*x)", "x", "x: n x 1", {"n": 3}),
    ("tr(X^(-1)*A)", "X", "X: n x n, A: n x n", {"n": 2}),
    ("norm(A*x)", "x", "A: m x n, x: n x 1", {"m": 3, "n": 2}),
]


@pytest.mark.parametrize("f, wrt, shapes, sizes", OTHERS, ids=[o[0] + " d" + o[1] for o in OTHERS])
def test_generator_on_other_functions(f: str, wrt: str, shapes: str, sizes: dict) -> None:
    derivation = derive("matrix-gradient", f=f, wrt=wrt, shapes=shapes)
    assert derivation.verified
    result = derivation.result
    assert isinstance(result, sp.MatrixExpr) and result.shape == parse_shapes(shapes)[wrt].sympy.shape
    assert {m.name for m in result.atoms(sp.MatrixSymbol)} <= set(parse_shapes(shapes))
    assert entrywise(f, wrt, shapes, result, sizes)


def _unverified(name: str, **inputs):
    entry = catalog()[name]
    return entry.build(**{**entry.defaults, **inputs})


def test_a_wrong_gradient_is_caught() -> None:
    derivation = _unverified("quadratic-form-gradient")
    A, x = (s.sympy for s in parse_shapes("A: n x n, x: n x 1").values())
    derivation.steps[-1].statement = 2 * A * x  # right only for symmetric A
    assert not verify(derivation).verified


def test_the_seed_sign_error_is_caught_at_the_differentiation_step() -> None:
    derivation = _unverified("matrix-factorization-gradient")
    step = next(s for s in derivation.steps if s.relation == "=>")
    step.statement = -step.statement  # (17.4.55) without its minus sign
    verify(derivation)
    assert step.passed is False and "partial" in step.detail


def test_a_wrong_index_form_is_caught() -> None:
    derivation = _unverified("matrix-gradient", f="tr(A*X)", wrt="X", shapes="A: m x n, X: n x m")
    derivation.steps[1].statement = derivation.steps[1].statement * 2
    assert not verify(derivation).verified


@pytest.mark.parametrize("f, shapes", [("A*x", "A: n x n, x: n x 1"), ("tr(A)", "A: n x n, x: n x 1")])
def test_outside_the_class(f: str, shapes: str) -> None:
    with pytest.raises(OutsideClass):
        derive("matrix-gradient", f=f, wrt="x", shapes=shapes)


def test_input_errors() -> None:
    with pytest.raises(ValueError):
        derive("matrix-gradient", f="x^T*x", wrt="y", shapes="x: n x 1")
    with pytest.raises(ValueError):
        derive("matrix-gradient", f="x^T*x", wrt="x", shapes="x n 1")
    with pytest.raises(AnswerError):  # read by the grader's safe grammar, never evaluated
        derive("matrix-gradient", f="import os", wrt="x", shapes="x: n x 1")
    with pytest.raises(AnswerError):
        derive("matrix-gradient", f="A*x", wrt="x", shapes="A: n x m, x: n x 1")  # shapes do not fit


def _latex_of(derivation) -> str:
    from deriver.render import as_data

    def visit(steps):
        for step in steps:
            yield step["latex"]
            yield from visit(step["substeps"])
    return "\n".join(visit(as_data(derivation)["steps"]))


@pytest.mark.parametrize("name", NAMES)
def test_index_sums_run_from_1_as_the_seed_writes_them(name: str) -> None:
    latex = _latex_of(derive(name))
    assert r"\sum_{" in latex
    assert "=0}^{" not in latex and "- 1}" not in latex
    assert "=1}^{" in latex


def test_log_det_has_no_index_step_repeating_the_function() -> None:
    derivation = derive("matrix-gradient", f="log(det(X))", wrt="X", shapes="X: n x n")
    assert derivation.verified
    assert [step.rule for step in derivation.steps][:1] == ["the function"]
    assert "index notation" not in [step.rule for step in derivation.steps]
    assert derivation.steps[1].relation == "=>" and derivation.steps[1].check == "numeric"
