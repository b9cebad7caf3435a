"""Random variables (17.6): the catalog entries verify, the generators work on
other distributions (each result recomputed here directly), a broken step is
caught, and the seed's claims are audited."""
from __future__ import annotations

import pytest
import sympy as sp

from deriver import derive, verify
from deriver.errata import CLAIMS, _agrees

NAMES = ["density-probability", "continuous-moments", "discrete-moments", "chebyshev-check", "covariance",
         "discrete-covariance"]
x, y = sp.Symbol("x", real=True), sp.Symbol("y", real=True)


@pytest.mark.parametrize("name", NAMES)
def test_catalog_entry_verifies(name: str) -> None:
    assert derive(name).verified


def test_seed_exercises() -> None:
    assert derive("density-probability").result == sp.Rational(1, 2)
    laplace = {"density": "exp(-abs(x))/2", "var": "x", "support": "-oo, oo"}
    assert derive("continuous-moments", **laplace, quantity="mean").result == 0
    assert derive("continuous-moments", **laplace, quantity="std").result == sp.sqrt(2)
    assert derive("chebyshev-check").result == sp.false
    assert derive("covariance").result == 0


def test_probability_of_another_density() -> None:
    d = derive("density-probability", density=sp.exp(-x), var=x, support="0, oo", lower=1, upper=3)
    assert sp.simplify(d.result - sp.integrate(sp.exp(-x), (x, 1, 3))) == 0
    assert d.steps[0].substeps  # the total mass is checked first


def test_a_function_that_is_not_a_density_is_refused() -> None:
    with pytest.raises(ValueError, match="not a density"):
        derive("density-probability", density=1 / (1 + x**2), var=x, support="-oo, oo", lower=0, upper=1)


@pytest.mark.parametrize("density, support, quantity", [
    (sp.Integer(1), (0, 1), "variance"),
    (2 * sp.exp(-2 * x), (0, sp.oo), "std"),
    (3 * x**2, (0, 1), "mean"),
    (sp.exp(-sp.Abs(x - 1)) / 2, (-sp.oo, sp.oo), "variance"),
])
def test_continuous_moments_of_other_densities(density, support, quantity) -> None:
    a, b = support
    mean = sp.integrate(x * density, (x, a, b))
    variance = sp.integrate((x - mean) ** 2 * density, (x, a, b))
    expected = {"mean": mean, "variance": variance, "std": sp.sqrt(variance)}[quantity]
    d = derive("continuous-moments", density=density, var=x, support=support, quantity=quantity)
    assert d.verified and sp.simplify(d.result - expected) == 0


def test_the_cauchy_mean_does_not_exist() -> None:
    with pytest.raises(ValueError, match="does not exist"):
        derive("continuous-moments", density=1 / (sp.pi * (1 + x**2)), var=x, support="-oo, oo", quantity="mean")


def test_discrete_moments_of_a_die() -> None:
    faces = ", ".join(str(k) for k in range(1, 7))
    uniform = ", ".join(["1/6"] * 6)
    assert derive("discrete-moments", values=faces, probabilities=uniform, quantity="mean").result == sp.Rational(7, 2)
    assert derive("discrete-moments", values=faces, probabilities=uniform, quantity="variance").result == \
        sp.Rational(35, 12)
    with pytest.raises(ValueError, match="sum to"):
        derive("discrete-moments", values="0, 1", probabilities="1/2, 1/3", quantity="mean")


@pytest.mark.parametrize("mu, sigma, t, q, verdict", [
    (0, 1, 3, sp.Rational(1, 20), sp.true),   # 1/9 allows 5%
    (0, 1, 3, sp.Rational(1, 5), sp.false),   # but not 20%
    (5, 2, 6, sp.Rational(9, 10), sp.true),   # within one sigma Chebyshev says nothing
])
def test_chebyshev_on_other_claims(mu, sigma, t, q, verdict) -> None:
    d = derive("chebyshev-check", mu=mu, sigma=sigma, threshold=t, fraction=q)
    assert d.verified and d.result == verdict


def test_covariance_and_correlation_of_another_density() -> None:
    p = x + y
    def e(g):
        return sp.integrate(g * p, (x, 0, 1), (y, 0, 1))
    cov = e(x * y) - e(x) * e(y)
    rho = cov / sp.sqrt((e(x**2) - e(x) ** 2) * (e(y**2) - e(y) ** 2))
    common = {"density": p, "x": x, "y": y, "x_range": "0, 1", "y_range": "0, 1"}
    assert derive("covariance", **common, quantity="covariance").result == cov
    assert sp.simplify(derive("covariance", **common, quantity="correlation").result - rho) == 0


def test_discrete_covariance_on_other_tables() -> None:
    square = derive("discrete-covariance", xs="4, 1, 0", ys="-2, -1, 0, 1, 2",
                    table="[[1/5, 0, 0, 0, 1/5], [0, 1/5, 0, 1/5, 0], [0, 0, 1/5, 0, 0]]")
    assert square.result == 0  # X = Y^2: dependent, yet uncorrelated
    linear = derive("discrete-covariance", xs="0, 1", ys="5, 7", table="[[1/3, 0], [0, 2/3]]", quantity="correlation")
    assert linear.result == 1


def test_broken_steps_are_caught() -> None:
    d = derive("chebyshev-check")
    bound = d.steps[2]
    bound.statement = sp.Le(bound.statement.lhs, sp.Rational(1, 8))
    assert not verify(d).verified
    d = derive("discrete-moments")
    d.steps[1].statement = d.steps[1].statement + 1
    assert not verify(d).verified


def test_seed_claims_of_17_6() -> None:
    found = {c.where for c in CLAIMS if "17.6" in c.where and not _agrees(c.seed_says, c.compute())}
    assert {"(17.6.28)", "(17.6.31)", "(17.6.18), the remark after it"} <= found
    assert not {"(17.6.18)", "(17.6.27)", "(17.6.41)", "(17.6.46)", "the code after (17.6.9)"} & found


def test_the_total_mass_is_integrated_not_assumed() -> None:
    """(17.6.8) is checked: the mass is written as its integral, then integrated, step by checked step, to 1."""
    mass = derive("density-probability").steps[0].substeps
    assert mass[0].basis == "definition" and all(s.check != "assumed" for s in mass[1:])
    assert mass[-1].statement == 1
    alpha = derive("chebyshev-check").steps[0]
    assert alpha.check == "symbolic" and alpha.passed  # alpha solved again from mu + alpha sigma = threshold
