"""Estimators (17.9): the bias-variance decomposition, the uniform's two estimators, the type I
error and the t interval; each recomputed here another way (sympy.stats, Monte Carlo-free
closed forms, direct integration)."""
from __future__ import annotations

import pytest
import sympy as sp
from sympy import stats

from deriver import catalog, derive, verify
from deriver.errata import CLAIMS, _agrees
from deriver.model import Step

NAMES = ["bias-variance", "uniform-estimators", "type-one-error", "t-interval-coverage"]
theta = sp.Symbol("theta", positive=True)
n = sp.Symbol("n", integer=True, positive=True)


@pytest.mark.parametrize("name", NAMES)
def test_catalog_derivation_builds_and_verifies(name: str) -> None:
    assert derive(name).verified


def test_bias_variance_for_the_gaussian_sample_mean() -> None:
    sigma = sp.Symbol("sigma", positive=True)
    assert sp.simplify(derive("bias-variance").result - sigma ** 2 / n) == 0


def test_bias_variance_on_another_distribution() -> None:
    """The mean of n exponentials with rate 1/theta, scaled by c = 1/2, estimating theta: recomputed from
    the moments with sympy.stats."""
    lam = sp.Symbol("lambda", positive=True)
    d = derive("bias-variance", density="exp(-x/lambda)/lambda", lower="0", upper="oo", target="lambda",
               factor="1/2")
    X = stats.Exponential("X", 1 / lam)
    mean, var = stats.E(X), stats.variance(X)
    expected = (sp.Rational(1, 2) * mean - lam) ** 2 + sp.Rational(1, 4) * var / n
    result = d.result.xreplace({s: lam for s in d.result.free_symbols if s.name == "lambda"})
    assert sp.simplify(result - expected) == 0


@pytest.mark.parametrize("estimator,quantity", [(e, q) for e in ("max", "mean") for q in ("mean", "bias", "variance", "sd", "mse")])
def test_uniform_quantities_against_a_concrete_n(estimator: str, quantity: str) -> None:
    """Symbolic n, then a concrete n recomputed with sympy.stats on the actual random variables."""
    symbolic = derive("uniform-estimators", estimator=estimator, quantity=quantity).result
    th, size = sp.Rational(3), 4 if estimator == "max" else 2
    if estimator == "max":
        # the maximum of 4 uniforms on [0, 3]: density from P(max <= x) = (x/3)^4
        y = sp.Symbol("y", positive=True)
        M = stats.ContinuousRV(y, sp.diff((y / th) ** size, y), set=sp.Interval(0, th))
    else:
        M = 2 * (stats.Uniform("X1", 0, th) + stats.Uniform("X2", 0, th)) / size
    moments = {"mean": stats.E(M), "variance": stats.variance(M)}
    moments["bias"] = moments["mean"] - th
    moments["sd"] = sp.sqrt(moments["variance"])
    moments["mse"] = moments["variance"] + moments["bias"] ** 2
    assert sp.simplify(symbolic.subs({n: size, theta: th}) - moments[quantity]) == 0


def test_which_uniform_estimator_is_better() -> None:
    assert derive("uniform-estimators", quantity="better").result == "hat"
    assert derive("uniform-estimators", quantity="equal-n").result == sp.FiniteSet(1, 2)
    # theta_tilde = c Xbar with c = 2 n/(n+1)... a constant c = 1 is biased and never better either
    assert derive("uniform-estimators", quantity="better", factor="1").result == "hat"
    # for a single sample the two MSEs agree, so at n = 1 neither is better
    assert derive("uniform-estimators", quantity="better", n="1").result == "same"
    assert derive("uniform-estimators", quantity="better", n="7").result == "hat"


def test_type_one_error_and_t_interval() -> None:
    alpha = sp.Symbol("alpha", positive=True)
    assert derive("type-one-error").result == alpha
    assert derive("type-one-error", sides=1).result == alpha
    assert derive("t-interval-coverage").result == sp.false
    assert derive("t-interval-coverage", quantity="t-star").result == 1
    assert derive("t-interval-coverage", quantity="coverage").result == sp.Rational(1, 2)
    # N = 5, alpha = 0.05: t_{4, 0.975} = 2.7764451051977987 (tables); recomputed with sympy.stats
    t_star = derive("t-interval-coverage", N=5, alpha="0.05", quantity="t-star").result
    T = stats.StudentT("T", 4)
    assert abs(float(t_star) - 2.7764451051977987) < 1e-12
    assert abs(float(stats.cdf(T)(sp.Float(t_star, 30)).evalf(30)) - 0.975) < 1e-12


def test_a_broken_step_is_caught() -> None:
    d = catalog()["bias-variance"].build()
    cross = [i for i, s in enumerate(d.steps) if s.rule == "the cross term is 0"][0]
    d.steps[cross] = Step(d.steps[cross].statement * 2, rule="the cross term is 0 (wrong)")
    assert not verify(d).verified
    u = catalog()["uniform-estimators"].build(estimator="max", quantity="bias")
    u.steps[-1] = Step(theta / (n + 1), rule="simplify (sign lost)")
    assert not verify(u).verified
    b = catalog()["uniform-estimators"].build(quantity="better")
    b.steps[-1] = Step("tilde", "=>", rule="verdict (wrong)", checker=b.steps[-1].checker)
    assert not verify(b).verified


def test_seed_claims_of_17_9() -> None:
    verdicts = {c.where: _agrees(c.seed_says, c.compute()) for c in CLAIMS
                if "17.9" in c.where and c.quote is None}  # the quoted passages: test_errata
    assert verdicts == {"(17.9.5)": False, "17.9 exercise 3": True, "(17.9.4)": True,
                        "17.9.1 (Evaluating Estimators in Code)": False}


@pytest.mark.parametrize("name,inputs", [("bias-variance", {}), ("uniform-estimators", {"quantity": "better"}),
                                         ("type-one-error", {}), ("t-interval-coverage", {})])
def test_only_definitions_are_taken_without_check(name: str, inputs: dict) -> None:
    """The estimators' theorems (the CDF of the maximum, linearity, Var = E[X^2] - E[X]^2, MSE = Var + bias^2,
    the normal and t laws) are checked by another route; what is not checked is a definition citing its equation."""
    unchecked = [s for s in derive(name, **inputs).walk() if s.check == "assumed"]
    assert all(s.basis == "definition" and "(17." in s.rule for s in unchecked)


def test_the_verdict_checks_refuse_a_wrong_key_or_set() -> None:
    for quantity, wrong in (("better", "tilde"), ("better", "same"), ("equal-n", sp.FiniteSet(1))):
        d = catalog()["uniform-estimators"].build(quantity=quantity)
        d.steps[-1].statement = wrong
        assert not verify(d).verified
