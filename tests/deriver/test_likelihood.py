"""Maximum likelihood (17.7): the coin in general, the exponential rate, the Gaussian mean and
variance, the negative log-likelihood, and the seed's printed values."""
from __future__ import annotations

import random

import pytest
import sympy as sp

from deriver import catalog, derive, verify
from deriver.errata import CLAIMS, _agrees
from deriver.model import Step
from exercises import default_bank

NAMES = ["coin-mle", "coin-mle-general", "exponential-mle", "gaussian-mle", "negative-log-likelihood"]


@pytest.mark.parametrize("name", NAMES)
def test_catalog_derivation_builds_and_verifies(name: str) -> None:
    assert name in catalog()
    assert derive(name).verified


def test_coin_general_is_symbolic_and_takes_numbers() -> None:
    n_H, n_T = sp.symbols("n_H n_T", positive=True, integer=True)
    assert sp.simplify(derive("coin-mle-general").result - n_H / (n_H + n_T)) == 0
    rng = random.Random(7)
    for _ in range(3):
        heads, tails = rng.randint(1, 500), rng.randint(1, 500)
        theta = sp.Symbol("theta", positive=True)
        loglik = heads * sp.log(theta) + tails * sp.log(1 - theta)
        [independent] = sp.solve(sp.diff(loglik, theta), theta)  # recomputed here, not by the module
        assert derive("coin-mle-general", n_H=heads, n_T=tails).result == independent


def test_exponential_rate_on_other_observations() -> None:
    data = (sp.Rational(1, 2), 2, 7, sp.Rational(5, 2))
    alpha = sp.Symbol("alpha", positive=True)
    loglik = sum(sp.log(alpha * sp.exp(-alpha * v)) for v in data)
    [independent] = sp.solve(sp.diff(sp.expand_log(loglik, force=True), alpha), alpha)
    assert derive("exponential-mle", observations=data).result == independent == sp.Rational(4, 12)
    assert derive("exponential-mle").result == sp.Rational(1, 3)
    with pytest.raises(ValueError):
        derive("exponential-mle", observations=(0,))


def test_gaussian_mean_and_variance_on_a_concrete_sample() -> None:
    """Put in N = 5 numbers: the estimates are the mean and the 1/N variance (numpy's ddof=0)."""
    x = sp.IndexedBase("x", real=True)
    N = sp.Symbol("N", integer=True, positive=True)
    sample = [sp.Rational(3), sp.Rational(-1, 2), sp.Rational(7, 3), 4, 0]
    values = {x[k + 1]: v for k, v in enumerate(sample)}

    def at_sample(expr: sp.Expr) -> sp.Expr:
        return sp.nsimplify(expr.subs(N, len(sample)).doit().xreplace(values))

    mean = sum(sample) / len(sample)
    assert at_sample(derive("gaussian-mle").result) == mean
    assert at_sample(derive("gaussian-mle", sigma2="tau**2").result) == mean
    variance = sum((v - mean) ** 2 for v in sample) / len(sample)
    assert at_sample(derive("gaussian-mle", estimate="variance").result) == variance


def test_gaussian_mean_is_the_reference_of_17_7_2() -> None:
    """Compared with the bank's own symbols, x an IndexedBase."""
    exercise = default_bank().get("17.7.2")
    symbols = {name: s.sympy for name, s in exercise.symbols.items()}
    result = derive("gaussian-mle").result
    renamed = result.xreplace({sp.IndexedBase("x", real=True): symbols["x"]})
    renamed = renamed.xreplace({s: symbols[s.name] for s in renamed.free_symbols
                                if isinstance(s, sp.Symbol) and s.name in ("N", "i")})
    assert sp.simplify(renamed - exercise.main_part.answer.reference) == 0


def test_negative_log_likelihood_of_other_densities() -> None:
    d = derive("negative-log-likelihood", density="alpha*exp(-alpha*x)", param="alpha", domain="positive")
    x, i, N = sp.IndexedBase("x", real=True), sp.Symbol("i", integer=True), sp.Symbol("N", integer=True, positive=True)
    alpha = sp.Symbol("alpha", positive=True)
    expected = -sp.Sum(sp.log(alpha) - alpha * x[i], (i, 1, N))
    at = {N: 3, x[1]: 1, x[2]: 2, x[3]: 5, alpha: sp.Rational(1, 3)}
    assert sp.simplify((d.result - expected).subs(N, 3).doit().subs(at)) == 0


def test_a_broken_step_is_caught() -> None:
    d = catalog()["coin-mle-general"].build(n_H=3, n_T=5)
    theta = sp.Symbol("theta", positive=True)
    wrong = [i for i, s in enumerate(d.steps) if s.rule.startswith("solve")][0]
    d.steps[wrong] = Step(sp.Eq(theta, sp.Rational(5, 8)), "<=>", rule="solve (wrong)", checker=d.steps[wrong].checker)
    assert not verify(d).verified
    g = catalog()["gaussian-mle"].build()
    g.steps[1] = Step(g.steps[1].statement * 2, rule="expand (wrong)")
    assert not verify(g).verified


def test_seed_claims_of_17_7() -> None:
    found = {(c.where, c.subject[:20]): _agrees(c.seed_says, c.compute()) for c in CLAIMS
             if "17.7" in c.where and c.quote is None}  # the quoted passages: test_errata
    disagree = sorted(where for (where, _), ok in found.items() if not ok)
    assert disagree == ["(17.7.5)", "(17.7.5)", "(17.7.7)", "17.7 exercise 1", "17.7.2 (code)"]
    assert sum(found.values()) == 3  # (17.7.6) twice and n_H/(n_H + n_T) of the code agree


def test_conditions_are_checked_not_assumed() -> None:
    """The first-order conditions, second-derivative tests and log-likelihoods are checked by sp.diff of
    a loss built independently (sympy.stats); the negative log-likelihood itself is a definition."""
    for name in NAMES:
        for step in derive(name).walk():
            assert step.basis != "given", (name, step.rule)
            if "condition" in step.rule or "test" in step.rule or step.rule.startswith("log-likelihood"):
                assert step.check in ("symbolic", "numeric"), (name, step.rule)
    assert derive("coin-mle-general").steps[0].basis == "definition"
    assert derive("negative-log-likelihood").steps[0].basis == "definition"


def test_a_wrong_condition_is_refused() -> None:
    theta, alpha = sp.Symbol("theta", positive=True), sp.Symbol("alpha", positive=True)
    d = catalog()["coin-mle"].build()
    first = d.steps[0]
    wrong = sp.Eq(0, sp.Derivative(theta ** 8 * (1 - theta) ** 4, theta), evaluate=False)  # one head lost
    d.steps[0] = Step(wrong, rule=first.rule, checker=first.checker, fresh=True)
    assert not verify(d).verified
    e = catalog()["exponential-mle"].build()
    e.steps[0] = Step(sp.log(alpha * sp.exp(-2 * alpha), evaluate=False), rule="log-likelihood (wrong)",
                      checker=e.steps[0].checker, fresh=True)
    assert not verify(e).verified
    g = catalog()["gaussian-mle"].build(estimate="variance")
    test = [i for i, s in enumerate(g.steps) if s.rule == "second-order condition"][0]
    g.steps[test] = Step(g.steps[test].statement * 2, rule="Hessian (wrong)", checker=g.steps[test].checker, fresh=True)
    assert not verify(g).verified


def test_estimates_print_as_hats() -> None:
    from deriver.render import statement_text
    assert statement_text(derive("coin-mle").steps[-1].statement) == "θ̂ = 9/13"
    assert "α̂" in statement_text(derive("exponential-mle").steps[-1].statement)
