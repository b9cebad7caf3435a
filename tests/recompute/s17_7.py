"""Section 17.7: maximum likelihood estimates, recomputed with SymPy."""
import re

import sympy as sp


def _argmax(loglik, var):
    """The stationary point of `loglik` in `var`, checked to be a maximum."""
    critical = sp.solve(sp.diff(loglik, var), var)
    assert len(critical) == 1, f"expected one stationary point, got {critical}"
    best = critical[0]
    assert sp.simplify(sp.diff(loglik, var, 2).subs(var, best)).is_negative
    return sp.simplify(best)


def _exponential_rate(ex):
    alpha, x = ex.symbols["alpha"].sympy, ex.symbols["x"].sympy
    p = ex.given["density"]
    assert sp.simplify(sp.integrate(p, (x, 0, sp.oo)) - 1) == 0
    return _argmax(sp.log(p.subs(x, ex.given["observation"])), alpha)


def _seed_density_mass(ex):
    """The seed calls (1/alpha) e^{-alpha x} a density: its total mass is not 1."""
    alpha, x = ex.symbols["alpha"].sympy, ex.symbols["x"].sympy
    mass = sp.integrate(ex.given["seed_density"], (x, 0, sp.oo))
    # and its 'likelihood' has no stationary point with alpha > 0 (it is decreasing)
    seed_loglik = sp.log(ex.given["seed_density"].subs(x, ex.given["observation"]))
    assert sp.solve(sp.diff(seed_loglik, alpha), alpha) == []
    return sp.Integer(1), mass


def _gaussian_mean(ex):
    x, i = ex.symbols["x"].sympy, ex.symbols["i"].sympy
    N, mu = ex.symbols["N"].sympy, ex.symbols["mu"].sympy
    loglik = ex.given["loglik"]
    score = sp.diff(loglik, mu)  # Sum(d/dmu log p(x_i | mu), (i, 1, N))
    (_, lower, upper), = score.limits
    terms = sp.Add.make_args(sp.expand(score.function))
    score = sp.Add(*(sp.Sum(t, (i, lower, upper)).doit() for t in terms))
    (mle,) = sp.solve(score, mu)
    curvature = sp.diff(loglik, mu, 2).doit()
    assert sp.simplify(curvature + N) == 0  # -N < 0: a maximum
    # the same estimate for a concrete sample, N = 5
    sample = [3, -1, 4, 1, -5]
    concrete = loglik.subs(N, len(sample)).doit().subs({x[k + 1]: v for k, v in enumerate(sample)})
    assert sp.solve(sp.diff(concrete, mu), mu) == [sp.Rational(sum(sample), len(sample))]
    return mle


def _coin(ex):
    theta = ex.symbols["theta"].sympy
    likelihood = ex.given["likelihood"]
    critical = [c for c in sp.solve(sp.diff(likelihood, theta), theta) if 0 < c < 1]
    best = max(critical, key=lambda c: likelihood.subs(theta, c))
    # the endpoints 0 and 1 give likelihood 0 (minima)
    assert likelihood.subs(theta, best) > max(likelihood.subs(theta, 0), likelihood.subs(theta, 1))
    return best


def _coin_seed_string(ex):
    """The seed's string "HHHTHTTTHHHHT" is said to have n_H heads: count them."""
    (flips,) = re.findall(r'"([HT]+)"', ex.seed_statement)
    assert len(flips) == ex.given["n_H"] + ex.given["n_T"]
    return ex.given["n_H"], sp.Integer(flips.count("H"))


def _coin_general(ex):
    theta = ex.symbols["theta"].sympy
    loglik = sp.expand_log(sp.log(ex.given["likelihood"]), force=True)
    return _argmax(loglik, theta)


RECOMPUTE = {
    "17.7.1": _exponential_rate,
    "17.7.2": _gaussian_mean,
    "17.7.coin": _coin,
    "17.7.coin-general": _coin_general,
}

SEED_DISAGREES = {
    "17.7.1": _seed_density_mass,
    "17.7.coin": _coin_seed_string,
}
