"""Section 17.6: random variables (densities, moments, Chebyshev, covariance), recomputed with SymPy."""
import sympy as sp


def _is_density(p, var, lower, upper):
    assert sp.simplify(sp.integrate(p, (var, lower, upper)) - 1) == 0, f"{p} is not a density"


def _tail_probability(ex):
    x = ex.symbols["x"].sympy
    p, start, threshold = ex.given["density"], ex.given["support_start"], ex.given["threshold"]
    _is_density(p, x, start, sp.oo)
    return sp.integrate(p, (x, threshold, sp.oo))


def _moments(ex):
    x = ex.symbols["x"].sympy
    p = ex.given["density"]
    # Split at 0 so that |x| is a plain polynomial on each half-line.
    halves = [(p.subs(sp.Abs(x), -x), -sp.oo, 0), (p.subs(sp.Abs(x), x), 0, sp.oo)]

    def moment(k):
        return sum(sp.integrate(x**k * q, (x, a, b)) for q, a, b in halves)

    assert sp.simplify(moment(0) - 1) == 0
    return moment(1), moment(2)


def _laplace_mean(ex):
    return _moments(ex)[0]


def _laplace_std(ex):
    mean, second = _moments(ex)
    return sp.sqrt(second - mean**2)


def _chebyshev_verdict(ex):
    g = ex.given
    alpha = (g["threshold"] - g["mu"]) / g["sigma"]
    assert alpha > 0
    # P(X > mu + alpha*sigma) <= P(|X - mu| >= alpha*sigma) <= 1/alpha^2 (17.6.20)
    bound = 1 / alpha**2
    return sp.true if g["fraction"] <= bound else sp.false


def _covariance(ex):
    x, y = ex.symbols["x"].sympy, ex.symbols["y"].sympy
    p = ex.given["density"]
    lo, hi = ex.given["support"]

    def expect(f):
        return sp.integrate(f * p, (x, lo, hi), (y, lo, hi))

    assert expect(sp.S.One) == 1
    mx, my = expect(x), expect(y)
    return sp.simplify(expect((x - mx) * (y - my)))


RECOMPUTE = {
    "17.6.1": _tail_probability,
    "17.6.2a": _laplace_mean,
    "17.6.2b": _laplace_std,
    "17.6.3": _chebyshev_verdict,
    "17.6.4": _covariance,
}
