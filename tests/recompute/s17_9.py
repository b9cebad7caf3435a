"""Section 17.9: estimators of a uniform's end point, confidence intervals and
type I errors, recomputed with SymPy from each exercise's `given` mathematics."""
import sympy as sp
from sympy.stats import StudentT, cdf


def _sym(ex, name):
    return ex.symbols[name].sympy


# --- 17.9.1: X_1..X_n iid with density `density` on [lower, upper] ----------------

def _one_sample_cdf(ex):
    """P(X_i <= x), integrated from the declared density."""
    x = _sym(ex, "x")
    u = sp.Dummy("u", positive=True)
    density, lower = ex.given["density"], ex.given["lower"]
    return sp.integrate(density.subs(x, u), (u, lower, x))


def _max_density(ex):
    """max_i X_i <= x iff every X_i <= x: differentiate F(x)^n."""
    x, n = _sym(ex, "x"), _sym(ex, "n")
    return sp.simplify(sp.diff(_one_sample_cdf(ex) ** n, x))  # n x^(n-1) / theta^n


def _max_expect(ex, g):
    x = _sym(ex, "x")
    return sp.simplify(sp.integrate(g * _max_density(ex), (x, ex.given["lower"], ex.given["upper"])))


def _max_bias(ex):
    return sp.simplify(_max_expect(ex, _sym(ex, "x")) - _sym(ex, "theta"))


def _max_sd(ex):
    x = _sym(ex, "x")
    mean, second = _max_expect(ex, x), _max_expect(ex, x**2)
    return sp.sqrt(sp.factor(sp.simplify(second - mean**2)))


def _max_mse(ex):
    # directly E[(max - theta)^2], not via the bias-variance decomposition
    return sp.factor(_max_expect(ex, (_sym(ex, "x") - _sym(ex, "theta")) ** 2))


def _one_sample_moment(ex, k):
    x = _sym(ex, "x")
    return sp.integrate(x**k * ex.given["density"], (x, ex.given["lower"], ex.given["upper"]))


def _scaled_mean_moments(ex):
    """E and E[.^2] of c * mean(X_1..X_n), counting the n diagonal and n(n-1)
    off-diagonal terms of (sum X_i)^2 (independence: E[X_i X_j] = E[X]^2)."""
    n, c = _sym(ex, "n"), ex.given["factor"]
    m1, m2 = _one_sample_moment(ex, 1), _one_sample_moment(ex, 2)
    first = c * m1
    second = c**2 * (n * m2 + n * (n - 1) * m1**2) / n**2
    return first, second


def _mean_bias(ex):
    first, _ = _scaled_mean_moments(ex)
    return sp.simplify(first - _sym(ex, "theta"))


def _mean_sd(ex):
    first, second = _scaled_mean_moments(ex)
    return sp.sqrt(sp.simplify(second - first**2))


def _mean_mse(ex):
    first, second = _scaled_mean_moments(ex)
    theta = _sym(ex, "theta")
    return sp.simplify(second - 2 * theta * first + theta**2)  # E[(T - theta)^2] expanded


def _mse_gap(ex):
    """MSE(tilde) - MSE(hat), as a function of a real m >= 1 standing for n."""
    n = _sym(ex, "n")
    m = sp.Symbol("m", positive=True)
    return sp.factor(sp.simplify((_mean_mse(ex) - _max_mse(ex)).subs(n, m))), m


def _integers_in(region, top=50):
    return {k for k in range(1, top + 1) if sp.Integer(k) in region}


def _better_estimator(ex):
    gap, m = _mse_gap(ex)
    domain = sp.Interval(1, sp.oo)
    tilde_better = sp.solveset(gap < 0, m, domain)
    hat_better = sp.solveset(gap > 0, m, domain)
    assert tilde_better.is_subset(sp.Interval(1, 3)), tilde_better  # bounded, so the scan below is complete
    if _integers_in(tilde_better):
        return "tilde" if not _integers_in(hat_better) else "neither"
    return "hat" if hat_better != sp.S.EmptySet else "same"


def _equal_mse_sizes(ex):
    gap, m = _mse_gap(ex)
    roots = sp.solveset(sp.numer(sp.together(gap)), m, sp.Interval(1, sp.oo))
    return sp.FiniteSet(*(r for r in roots if r.is_integer))


# --- 17.9.3: N = 2, alpha = 1/2 ------------------------------------------------------

def _t_cdf(ex):
    t = _sym(ex, "t")
    dof = ex.given["N"] - 1
    return sp.simplify(sp.hyperexpand(cdf(StudentT("T", dof))(t)))  # 1/2 + atan(t)/pi


def _t_star(ex):
    t = _sym(ex, "t")
    alpha = ex.given["alpha"]
    (star,) = [s for s in sp.solve(sp.Eq(_t_cdf(ex), 1 - alpha / 2), t) if s.is_real]
    return sp.nsimplify(star)


def _coverage(ex):
    t = _sym(ex, "t")
    F, star = _t_cdf(ex), _t_star(ex)
    return sp.simplify(F.subs(t, star) - F.subs(t, -star))


def _contradicts(ex):
    # The procedure's coverage equals the promised 1 - alpha: no contradiction.
    return sp.S.false if sp.simplify(_coverage(ex) - (1 - ex.given["alpha"])) >= 0 else sp.S.true


# --- worked examples ----------------------------------------------------------------

def _normal_moments(ex):
    x = _sym(ex, "x")
    density = ex.given["density"]
    m1 = sp.integrate(x * density, (x, -sp.oo, sp.oo))
    m2 = sp.integrate(x**2 * density, (x, -sp.oo, sp.oo))
    return sp.simplify(m1), sp.simplify(m2 - m1**2)


def _sample_mean_mse(ex):
    n, theta = _sym(ex, "n"), _sym(ex, "theta")
    mean, var = _normal_moments(ex)
    bias = mean - theta  # E of the average is E of one sample
    return sp.simplify(var / n + bias**2)  # (17.9.4) with Var(mean) = Var(x)/n


def _sample_mean_mse_value(ex):
    values = {_sym(ex, "theta"): ex.given["theta_value"], _sym(ex, "sigma"): ex.given["sigma_value"],
              _sym(ex, "n"): ex.given["n_value"]}
    return _sample_mean_mse(ex).subs(values)


def _seed_mse_claim(ex):
    # The seed prints mse(samples, theta_true) = 15.781996 as "the MSE of our estimator".
    return sp.Float("15.781996"), _sample_mean_mse_value(ex)


def _type_one_error(ex):
    z, alpha = _sym(ex, "z"), _sym(ex, "alpha")
    Phi = sp.integrate(ex.given["statistic_density"], (z, -sp.oo, z))
    (critical,) = sp.solve(sp.Eq(Phi, 1 - alpha / 2), z)
    return sp.simplify((1 - Phi.subs(z, critical)) + Phi.subs(z, -critical))  # both tails


def _seed_significance_claim(ex):
    return 1 - _sym(ex, "alpha"), _type_one_error(ex)


RECOMPUTE = {
    "17.9.1a": _max_bias,
    "17.9.1b": _max_sd,
    "17.9.1c": _max_mse,
    "17.9.1d": _mean_bias,
    "17.9.1e": _mean_sd,
    "17.9.1f": _mean_mse,
    "17.9.1g": _better_estimator,
    "17.9.1g/equal-n": _equal_mse_sizes,
    "17.9.3": _contradicts,
    "17.9.3/t-star": _t_star,
    "17.9.3/coverage": _coverage,
    "17.9.bias-variance": _sample_mean_mse,
    "17.9.bias-variance/value": _sample_mean_mse_value,
    "17.9.significance": _type_one_error,
}

SEED_DISAGREES = {
    "17.9.bias-variance": _seed_mse_claim,
    "17.9.significance": _seed_significance_claim,
}
