"""The study notes: log-likelihoods, the Gaussian log-density, cross-entropy in
nats and bits, Bayes' rule, Xavier and He initialisation, recomputed with SymPy
from each exercise's `given` mathematics."""
import sympy as sp


def _sym(ex, name):
    return ex.symbols[name].sympy


def _log(ex, value):
    base = ex.conventions.log_base
    return sp.log(value) if base == "e" else sp.log(value, int(base))


def _log_of_product(ex, factor):
    """ln prod_{i=1}^N factor = sum_{i=1}^N ln factor (log of a Product expanded)."""
    i, N = _sym(ex, "i"), _sym(ex, "N")
    total = sp.expand_log(sp.log(sp.Product(factor, (i, 1, N))), force=True)
    assert isinstance(total, sp.Sum), total
    return sp.Sum(sp.expand(sp.expand_log(total.function, force=True)), *total.limits)


def _iid_generic(ex):
    return _log_of_product(ex, ex.given["factor"])


def _iid_gaussian(ex):
    x, i, mu, sigma = ex.symbols["x"].sympy, _sym(ex, "i"), _sym(ex, "mu"), _sym(ex, "sigma")
    factor = ex.given["gaussian_factor"]
    # the model is a density: it integrates to 1 over the real line
    t = sp.Symbol("t", real=True)
    assert sp.simplify(sp.integrate(factor.subs(x[i], t), (t, -sp.oo, sp.oo))) == 1
    return _log_of_product(ex, factor)


def _gaussian_log_density(ex):
    """Log of the density, with the 1x1 quadratic form kept as a matrix expression."""
    x, mu, Sigma = (_sym(ex, n) for n in ("x", "mu", "Sigma"))
    density = ex.given["density"]
    # the density integrates to 1 (checked with mu = 0 and a diagonal covariance)
    dim = x.shape[0]
    ts = sp.symbols(f"t0:{dim}", real=True)
    entries = {x: sp.ImmutableMatrix(ts), mu: sp.ImmutableMatrix.zeros(dim, 1),
               Sigma: sp.ImmutableMatrix.diag(*[(k + 1) ** 2 for k in range(dim)])}
    explicit = sp.simplify(density.xreplace(entries).doit())
    assert sp.simplify(sp.integrate(explicit, *[(t, -sp.oo, sp.oo) for t in ts])) == 1
    log_density = sp.expand_log(sp.log(density), force=True)
    scalar, matrix = sp.S.Zero, []
    for term in sp.Add.make_args(log_density):
        traces = term.atoms(sp.Trace)
        if traces:
            (trace,) = traces
            coefficient = sp.simplify(term / trace)
            assert not coefficient.has(sp.Trace)
            matrix.append(coefficient * trace.arg)  # Trace of a 1x1 matrix is its entry
        else:
            scalar += term
    return sp.MatAdd(scalar * sp.Identity(1), *matrix)


def _xavier_bound(ex):
    a, w = _sym(ex, "a"), _sym(ex, "w")
    density = ex.given["density"]
    assert sp.integrate(density, (w, -a, a)) == 1
    mean = sp.integrate(w * density, (w, -a, a))
    variance = sp.integrate((w - mean) ** 2 * density, (w, -a, a))  # a^2 / 3
    (bound,) = sp.solve(sp.Eq(variance, ex.given["variance"]), a)  # a is declared positive
    return bound


def _he_variance(ex):
    z, w, s, v, n_in = (_sym(ex, n) for n in ("z", "w", "s", "v", "n_in"))
    pz, pw, relu = ex.given["preactivation_density"], ex.given["weight_density"], ex.given["activation"]
    E_z = lambda g: sp.simplify(sp.integrate(g * pz, (z, -sp.oo, sp.oo)))
    E_w = lambda g: sp.simplify(sp.integrate(g * pw, (w, -sp.oo, sp.oo)))
    x_mean, x_square = E_z(relu), E_z(relu**2)  # s/sqrt(2 pi), s^2/2
    # Var(w x) for independent w, x: E[w^2] E[x^2] - (E[w] E[x])^2
    term_variance = E_w(w**2) * x_square - (E_w(w) * x_mean) ** 2
    output_variance = n_in * term_variance  # n_in independent terms
    input_variance = E_z(z**2) - E_z(z) ** 2
    (solution,) = sp.solve(sp.Eq(output_variance, input_variance), v)
    return sp.simplify(solution)


def _information(ex):
    return sp.simplify(_log(ex, 1 / ex.given["probability"]))


def _cross_entropy(ex, p, q):
    return sp.simplify(-sum(pi * _log(ex, qi) for pi, qi in zip(p, q) if pi != 0))


def _one_hot_nats(ex):
    p, q = ex.given["p"], ex.given["q"]
    assert sum(p) == 1 and sum(q) == 1
    return sp.simplify(-sum(pi * sp.log(qi) for pi, qi in zip(p, q) if pi != 0))


def _one_hot_bits(ex):
    p, q = ex.given["p"], ex.given["q"]
    return -sum(pi * sp.log(qi, 2) for pi, qi in zip(p, q) if pi != 0)


def _nll_terms(ex):
    q, classes = ex.given["predictions"], ex.given["classes"]
    assert all(sum(q.row(r)) == 1 for r in range(q.rows))
    return [-sp.log(q[r, int(c) - 1]) for r, c in enumerate(classes)]


def _nll_sum(ex):
    return sp.simplify(sp.logcombine(sum(_nll_terms(ex)), force=True))


def _nll_mean(ex):
    terms = _nll_terms(ex)
    return sp.logcombine(sum(terms), force=True) / len(terms)


def _posterior_fair(ex):
    g = ex.given
    tosses = int(g["tosses"])
    # likelihood of `tosses` heads in a row, as a product over the tosses
    k = sp.Symbol("k", integer=True, positive=True)
    like_fair = sp.product(g["heads_fair"], (k, 1, tosses))
    like_biased = sp.product(g["heads_biased"], (k, 1, tosses))
    prior_fair = g["prior_fair"]
    evidence = like_fair * prior_fair + like_biased * (1 - prior_fair)
    return like_fair * prior_fair / evidence


def _certain_ce(ex):
    return _cross_entropy(ex, ex.given["p"], ex.given["q"])


def _certain_entropy(ex):
    p = ex.given["p"]
    return _cross_entropy(ex, p, p)


def _certain_kl(ex):
    p, q = ex.given["p"], ex.given["q"]
    return sp.simplify(sum(pi * _log(ex, pi / qi) for pi, qi in zip(p, q) if pi != 0))


RECOMPUTE = {
    "notes.iid-log-likelihood": _iid_generic,
    "notes.iid-log-likelihood/gaussian": _iid_gaussian,
    "notes.gaussian-log-density": _gaussian_log_density,
    "notes.xavier-uniform-bound": _xavier_bound,
    "notes.he-variance": _he_variance,
    "notes.bits-of-a-half": _information,
    "notes.one-hot-cross-entropy": _one_hot_nats,
    "notes.one-hot-cross-entropy/bits": _one_hot_bits,
    "notes.nll-batch": _nll_sum,
    "notes.nll-batch/mean": _nll_mean,
    "notes.bayes-rule": _posterior_fair,
    "notes.certain-event-cross-entropy": _certain_ce,
    "notes.certain-event-cross-entropy/entropy": _certain_entropy,
    "notes.certain-event-cross-entropy/kl": _certain_kl,
}
