"""17.3 exercises 3 and 4 and the example (17.4.12): a zero derivative that is
no extremum, and the minimum on an interval; other inputs recomputed, broken
steps caught."""
from __future__ import annotations

import pytest
import sympy as sp

from deriver import catalog, derive, verify

x = sp.Symbol("x", real=True)


def test_the_seed_exercises() -> None:
    assert derive("zero-derivative-counterexample").result == sp.false
    assert derive("global-minimum").result == sp.exp(-1)


@pytest.mark.parametrize("f, at", [(x**5, 0), ((x - 1) ** 3 + 2, 1), (sp.sin(x) - x, 0)])
def test_other_counterexamples(f, at) -> None:
    assert sp.diff(f, x).subs(x, at) == 0
    assert derive("zero-derivative-counterexample", expr=f, var=x, at=at).result == sp.false


@pytest.mark.parametrize("f, at", [(x**2, 0), (x**4 - 1, 0), (x**3, 1)])
def test_what_is_no_counterexample_is_refused(f, at) -> None:
    with pytest.raises(ValueError):
        derive("zero-derivative-counterexample", expr=f, var=x, at=at)


@pytest.mark.parametrize("f, low, high", [
    (3 * x**4 - 4 * x**3 - 12 * x**2, -sp.oo, sp.oo),  # (17.4.12): 2
    (x - sp.log(x), 0, sp.oo),
    (sp.exp(x) - 2 * x, -sp.oo, sp.oo),
    (x**3 - 3 * x, -3, 3),  # the minimum at the left end
])
def test_other_minima_recomputed(f, low, high) -> None:
    result = derive("global-minimum", expr=f, var=x, lower=low, upper=high).result
    import numpy as np

    low, high = sp.sympify(low), sp.sympify(high)
    a = float(low) if low.is_finite else -10.0
    b = float(high) if high.is_finite else 10.0
    grid = np.linspace(a, b, 200001)
    with np.errstate(all="ignore"):
        values = sp.lambdify(x, f, "numpy")(grid)
    values = np.where(np.isfinite(values), values, np.inf)
    assert abs(float(result) - grid[int(np.argmin(values))]) < 1e-3


def test_no_minimum_is_refused() -> None:
    with pytest.raises(ValueError):
        derive("global-minimum", expr=sp.exp(-x), var=x, lower=0, upper=sp.oo)


def _unverified(name, **inputs):
    entry = catalog()[name]
    return entry.build(**{**entry.defaults, **inputs})


def test_a_wrong_minimiser_is_caught() -> None:
    derivation = _unverified("global-minimum")
    derivation.steps[-1].statement = sp.Eq(sp.Symbol(r"x_{\min}"), 0, evaluate=False)  # f(0) = 0 > -1/e
    assert not verify(derivation).verified


def test_a_wrong_verdict_is_caught() -> None:
    derivation = _unverified("zero-derivative-counterexample")
    derivation.steps[-1].statement = sp.true
    assert not verify(derivation).verified


def test_the_derivative_of_an_absolute_value_states_where_it_holds() -> None:
    derivation = derive("derivative", expr="abs(x)", var="x")
    assert derivation.result.func == sp.sign
    assert any("u != 0" in step.rule for step in derivation.steps)
    assert any("x != 0" in note for note in derivation.notes)
    assert not derive("derivative", expr="x**2", var="x").notes


def test_the_sigmoid_derivative_keeps_exponentials() -> None:
    """simplify writes the sigmoid's derivative with cosh(x/2); the simplest form in the input's functions is kept."""
    derivation = derive("derivative", expr="1/(1 + exp(-x))", var="x")
    assert derivation.verified
    assert not derivation.result.atoms(sp.cosh, sp.sinh, sp.tanh)
    assert sp.simplify(derivation.result - sp.diff(1 / (1 + sp.exp(-x)), x)) == 0


def test_the_candidates_of_the_minimum_are_checked_not_given() -> None:
    derivation = derive("global-minimum")
    assert [s.rule for s in derivation.walk() if s.check == "assumed"] == []
    wrong = _unverified("global-minimum")
    end = next(i for i, s in enumerate(wrong.steps) if isinstance(s.statement, sp.Limit))
    wrong.steps[end].statement = sp.Limit(wrong.steps[end].statement.args[0], x, 1, "+")  # not an end
    assert not verify(wrong).verified
