"""The study notes (000_70461560bd1d1a2f.txt): products to sums for an i.i.d. log-likelihood, the
cross-entropy from the categorical log-likelihood, the multivariate Gaussian log-density, Bayes' rule,
and the Xavier and He initialisations derived from the variance they must give.

The notes' "bits of a half" and their practical example (a certain event predicted with probability
one half) are the `self-information` and `cross-entropy` generators of `information.py`.
"""
from __future__ import annotations

from typing import Any

import sympy as sp
from sympy import stats

from deriver.catalog import NOTES, derive, register, source
from deriver.checking import evaluated, probe_for, recomputed
from deriver.claims import claim
from deriver.generators.information import (
    POSITIVE,
    approx_step,
    as_expression,
    as_printed,
    distribution,
    fraction,
    gaussian,
    log_base,
    log_value,
    plus,
    printed,
    rounded,
    scaled_log,
    solves_for,
    times,
    unit,
)
from deriver.generators.likelihood import SAMPLE_SIZES, I, N, SampleSum, X, plain_sums
from deriver.inputs import expression, matrix, points
from deriver.model import Derivation, Step, definition, given
from grader.equivalence import equivalent


def notes_source(section: str, note: str = ""):
    return source(section, seed=NOTES, note=note)


# --- products to sums: the log-likelihood of i.i.d. data (notes 2.0, 2.2) ------------------------------

def _names(text: str) -> list[str]:
    return [name.strip() for name in str(text).split(",") if name.strip()]


DENSITY = sp.Function("p", positive=True)  # an unspecified density p(x | Theta)


def data_factor(density: str, parameters: str, positive: str) -> tuple[sp.Expr, dict]:
    """p(x_i | Theta): an unspecified function (density `p`) or an explicit density in x, with x
    replaced by the data point x[i]; the names in `positive` are positive symbols."""
    text = str(density).strip()
    domains: dict = {N: SAMPLE_SIZES}
    if text.isidentifier() and text not in ("x", "exp", "log"):
        params = [sp.Symbol(name, real=True) for name in _names(parameters)] or [sp.Symbol("Theta", real=True)]
        return sp.Function(text, positive=True)(X[I], *params), domains  # a density: positive, as DENSITY
    expr = expression(text)
    if sp.Symbol("x", real=True) not in expr.free_symbols:
        raise ValueError("an explicit density is written in the data point x, e.g. exp(-(x - mu)**2/2)/sqrt(2*pi)")
    wanted = set(_names(positive))
    swaps = {s: sp.Symbol(s.name, positive=True) if s.name in wanted else s for s in expr.free_symbols}
    swaps[sp.Symbol("x", real=True)] = X[I]
    domains.update({s: POSITIVE for s in swaps.values() if isinstance(s, sp.Symbol) and s.is_positive})
    return expr.xreplace(swaps), domains


def log_of(f: sp.Expr) -> sp.Expr:
    """log f for a positive product of powers and exponentials: the sum of the logs of the factors,
    log(a^k) = k log a, and log e^u = u (the notes: 'it allows you to avoid computation of the exponential')."""
    if f.is_Mul:
        return sp.Add(*(log_of(factor) for factor in f.args))
    if isinstance(f, sp.exp):
        return f.args[0]
    if f.is_Pow and f.exp.is_number:
        return f.exp * log_of(f.base)
    return sp.log(f)


def _constant_shown(constant: sp.Expr) -> sp.Expr:
    """-1/2 log(2 pi sigma^2) rather than -log(2)/2 - log(pi)/2 - log(sigma), when that is what it is."""
    inner = sp.simplify(sp.exp(-2 * constant))
    if constant != 0 and not inner.has(sp.exp, sp.log):
        return sp.Mul(sp.Rational(-1, 2), sp.log(inner, evaluate=False), evaluate=False)
    return constant


def _times_n(term: sp.Expr) -> sp.Expr:
    """N copies of a constant term: -N/2 log(2 pi sigma^2) rather than N (-1/2 log(2 pi sigma^2))."""
    if term.is_Mul and term.args and term.args[0].is_Rational:
        return sp.Mul(term.args[0] * N, *term.args[1:], evaluate=False)
    return sp.Mul(N, term, evaluate=False)


@register("iid-log-likelihood", "The log-likelihood of i.i.d. data: products to sums",
          notes_source("2.2", "2.0 Turning products into sums; 2.2 Calculation of the likelihood formula"),
          params={"density": "text", "parameters": "text", "positive": "text"},
          defaults={"density": "p", "parameters": "Theta", "positive": "sigma"}, generator=True)
def iid_log_likelihood(density: str = "p", parameters: str = "Theta", positive: str = "sigma") -> Derivation:
    """ln prod_i p(x_i | Theta) = sum_i ln p(x_i | Theta); for an explicit density each log is worked
    out and the terms free of x_i are summed N times."""
    factor, domains = data_factor(density, parameters, positive)
    steps = [
        definition(sp.log(sp.Product(factor, (I, 1, N))), "(notes 2.2): for independent, identically distributed "
                   "points the likelihood is the product p(x_1 | Theta) ... p(x_N | Theta)",
                   rule="the log-likelihood of i.i.d. points, by its definition (notes 2.2)"),
        Step(SampleSum(sp.log(factor), (I, 1, N)), rule="ln(a b) = ln a + ln b", why="products to sums (notes 2.0)"),
    ]
    result = steps[-1].statement
    if not isinstance(factor, sp.core.function.AppliedUndef):
        per_point = log_of(factor)
        constant, varying = per_point.as_independent(I, as_Add=True)
        shown = _constant_shown(constant)
        terms = [term.as_independent(I, as_Add=False) for term in sp.Add.make_args(varying)]
        split = sp.Add(_times_n(shown) if constant != 0 else sp.Integer(0),
                       *(c * SampleSum(v, (I, 1, N)) for c, v in terms))
        steps += [
            Step(SampleSum(sp.Add(shown, varying, evaluate=False), (I, 1, N)),
                 rule="the log of each factor", why="the log undoes the exponential"),
            Step(split, rule="linearity of the sum", why="a term free of x_i is added N times"),
        ]
        result = split
    return Derivation("iid-log-likelihood", f"ln p(X | Theta) for i.i.d. points with density ${sp.latex(factor)}$",
                      notes_source("2.2"), steps, plain_sums(result),
                      givens=[("p(x_i | Theta)", factor)], assumptions=domains)


# --- from the categorical log-likelihood to the cross-entropy (notes 2.2.1.1; 17.10.29-17.10.32) ---------

def _classes(value: Any, k: int, n: int) -> list[int]:
    items = points(str(value).strip("()[] ")) if isinstance(value, str) else (
        (value,) if isinstance(value, int) else tuple(value))
    classes = [int(c) for c in items]
    if len(classes) != n or any(not 1 <= c <= k for c in classes):
        raise ValueError(f"give one true class in 1, ..., {k} per row of predictions ({n} rows)")
    return classes


def _predictions(value: Any) -> sp.Matrix:
    table = matrix(value) if isinstance(value, str) else sp.Matrix(value)
    table = table.applyfunc(lambda v: sp.nsimplify(v) if isinstance(v, sp.Float) else sp.sympify(v))
    if table.cols == 1 and table.rows > 1:  # the matrix converter reads [[0.2, 0.7, 0.1]] as a column
        table = table.T
    for r in range(table.rows):
        distribution(list(table.row(r)), f"prediction {r + 1}")
    return table


@register("categorical-nll", "Cross-entropy from the categorical log-likelihood",
          notes_source("2.2.1.1", "Derivation from log-likelihood to cross-entropy; (17.10.29)-(17.10.32)"),
          params={"predictions": "matrix", "classes": "text", "quantity": "text", "base": "text"},
          defaults={"predictions": "[[0.3, 0.6, 0.1], [0.2, 0.3, 0.5]]", "classes": "1, 3", "quantity": "sum",
                    "base": "e"}, generator=True)
def categorical_nll(predictions: Any = "[[0.3, 0.6, 0.1], [0.2, 0.3, 0.5]]", classes: Any = "1, 3",
                    quantity: str = "sum", base: Any = "e") -> Derivation:
    """ln prod_i prod_j q_ij^(y_ij) = sum_i sum_j y_ij ln q_ij = sum_i ln q_(i c_i) for one-hot labels y;
    its negative (or its mean over the batch) is the cross-entropy loss."""
    q, b = _predictions(predictions), log_base(base)
    n, k = q.shape
    cs = _classes(classes, k, n)
    if quantity not in ("sum", "mean"):
        raise ValueError(f"quantity is sum or mean, not {quantity!r}")
    y = [[sp.Integer(int(j + 1 == c)) for j in range(k)] for c in cs]
    if any(q[i, c - 1] == 0 for i, c in enumerate(cs)):
        raise ValueError("a true class predicted with probability 0 has an infinite loss")
    powers = [sp.Pow(sp.UnevaluatedExpr(q[i, j]), y[i][j], evaluate=False) for i in range(n) for j in range(k)]
    weighted = [scaled_log(y[i][j], q[i, j], b) for i in range(n) for j in range(k) if q[i, j] != 0]
    true_class = [scaled_log(1, q[i, c - 1], b) for i, c in enumerate(cs)]
    scale = sp.Integer(-1) if quantity == "sum" else sp.Rational(-1, n)
    product = sp.Mul(*(q[i, c - 1] for i, c in enumerate(cs)))
    value = log_value(1 / product, b) * (-scale)
    steps = [
        definition(sp.log(sp.Mul(*powers, evaluate=False), evaluate=False) if b == sp.E else
                   scaled_log(1, sp.Mul(*powers, evaluate=False), b),
                   "one-hot labels y_ij: the categorical likelihood of the batch is prod_i prod_j q_ij^(y_ij) "
                   "((17.10.31), (17.10.32))",
                   rule="the categorical log-likelihood, by its definition (17.10.31), (17.10.32)"),
        Step(plus(weighted), rule="ln(a b) = ln a + ln b, ln(a^y) = y ln a", why="products to sums (notes 2.2.1)"),
        Step(plus(true_class), rule="only the true class contributes", why="y_ij = 0 for j != c_i (notes 2.2.1.1)"),
        definition(sp.Mul(scale, plus(true_class), evaluate=False),
                   "(notes 2.2.1.1): the loss is minus the log-likelihood, the cross-entropy "
                   "H(p, q) = -sum_i ln q_(c_i)"
                   + (", averaged over the batch as the appendix's cross_entropy does" if quantity == "mean" else ""),
                   rule="the negative log-likelihood" + (", averaged over the batch" if quantity == "mean" else "")
                   + ", by its definition (notes 2.2.1.1): the cross-entropy loss"),
        Step(value, rule="-ln a - ln b = ln(1/(a b))"),
    ]
    steps += approx_step(value, 6)
    return Derivation("categorical-nll", f"The negative log-likelihood ({quantity}) of {n} one-hot label"
                      f"{'s' if n > 1 else ''} in {unit(b)}", notes_source("2.2.1.1"), steps, value,
                      givens=[("predictions q", sp.ImmutableMatrix(q)), ("true classes", sp.Tuple(*cs))])


# --- the multivariate Gaussian log-density (notes 2.3) ---------------------------------------------------

def positive_definite(*names: str):
    """`=` between matrix expressions, probed with the named matrices positive definite (a covariance)."""
    def check(previous, current, derivation):
        probe = probe_for(derivation, "positive definite")
        probe.structures = {name: "positive_definite" for name in names}
        result = equivalent(evaluated(previous), evaluated(current), probe)
        return bool(result), result.method, result.detail
    return check


def gaussian_parts(d: int) -> tuple[sp.MatrixSymbol, sp.MatrixSymbol, sp.MatrixSymbol, sp.MatrixExpr]:
    x, mu, sigma = sp.MatrixSymbol("x", d, 1), sp.MatrixSymbol("mu", d, 1), sp.MatrixSymbol("Sigma", d, d)
    return x, mu, sigma, (x - mu).T * sigma.I * (x - mu)


@register("gaussian-log-density", "The log-density of the multivariate Gaussian", notes_source("2.3"),
          params={"d": "integer"}, defaults={"d": 3}, generator=True)
def gaussian_log_density(d: Any = 3) -> Derivation:
    """ln[(2 pi)^(-d/2) det(Sigma)^(-1/2) e^(-q/2)] = -d/2 ln(2 pi) - 1/2 ln det Sigma - q/2, with the
    quadratic form q = (x - mu)^T Sigma^-1 (x - mu) a 1 x 1 matrix."""
    d = int(d)
    if d < 1:
        raise ValueError(f"the dimension d is a positive integer, not {d}")
    x, mu, sigma, form = gaussian_parts(d)
    det = sp.Determinant(sigma)
    density = sp.Mul(sp.Pow(2 * sp.pi, sp.Rational(-d, 2), evaluate=False), sp.Pow(det, sp.Rational(-1, 2), evaluate=False),
                     sp.exp(-sp.Trace(form) / 2), evaluate=False)
    constant = sp.Rational(-d, 2) * sp.log(2 * sp.pi) - sp.log(det) / 2
    summed = sp.Add(sp.Mul(sp.Rational(-d, 2), sp.log(2 * sp.pi), evaluate=False),
                    sp.Mul(sp.Rational(-1, 2), sp.log(det), evaluate=False),
                    sp.Mul(sp.Rational(-1, 2), sp.Trace(form), evaluate=False), evaluate=False)
    result = sp.MatAdd(constant * sp.Identity(1), -form / 2)
    steps = [
        definition(sp.log(density, evaluate=False), "(notes 2.3): the log of the d-dimensional Gaussian density; "
                   "the quadratic form is a 1 x 1 matrix, written as its trace inside the exponential",
                   rule="the log of the Gaussian density, by its definition (notes 2.3)"),
        Step(summed, rule="ln(a b c) = ln a + ln b + ln c, ln a^k = k ln a, ln e^u = u",
             why="the log avoids computing the exponential (notes 2.3)", checker=positive_definite("Sigma")),
        Step(result, rule="a 1 x 1 matrix is its own trace", checker=positive_definite("Sigma")),
    ]
    return Derivation("gaussian-log-density", f"ln p(x | Theta) of the {d}-dimensional Gaussian", notes_source("2.3"),
                      steps, result, givens=[("p(x | Theta)", density), ("Sigma", sp.Symbol("positive definite"))])


# --- Bayes' rule (notes 4.1) ------------------------------------------------------------------------

@register("bayes-rule", "Bayes' rule for coin hypotheses", notes_source("4.1"),
          params={"priors": "text", "heads": "text", "n_heads": "integer", "n_tails": "integer", "hypothesis": "integer"},
          defaults={"priors": "1/2, 1/2", "heads": "1/2, 3/4", "n_heads": 3, "n_tails": 0, "hypothesis": 1},
          generator=True)
def bayes_rule(priors: Any = "1/2, 1/2", heads: Any = "1/2, 3/4", n_heads: Any = 3, n_tails: Any = 0,
               hypothesis: Any = 1) -> Derivation:
    """P(theta | X) = P(X | theta) P(theta) / P(X), the evidence P(X) summing over the hypotheses."""
    prior = distribution(priors, "the prior")
    chance = [as_expression(h) for h in (heads.split(",") if isinstance(heads, str) else heads)]
    n_h, n_t, j = int(n_heads), int(n_tails), int(hypothesis) - 1
    if len(chance) != len(prior) or any(not (h.is_number and 0 <= h <= 1) for h in chance):
        raise ValueError("give one probability of heads in [0, 1] per hypothesis, as many as priors")
    if n_h < 0 or n_t < 0 or not 0 <= j < len(prior):
        raise ValueError(f"counts are nonnegative and the hypothesis is 1, ..., {len(prior)}")

    def shown(h: sp.Expr) -> sp.Expr:
        factors = ([sp.Pow(h, n_h, evaluate=False)] if n_h else []) + ([sp.Pow(1 - h, n_t, evaluate=False)] if n_t else [])
        return times(*factors) if len(factors) > 1 else (factors[0] if factors else sp.Integer(1))

    likelihood = [h ** n_h * (1 - h) ** n_t for h in chance]
    evidence = sp.Add(*(l * p for l, p in zip(likelihood, prior)))
    if evidence == 0:
        raise ValueError("no hypothesis can produce these tosses: P(X) = 0")
    posterior = likelihood[j] * prior[j] / evidence
    tosses = [True] * n_h + [False] * n_t

    def toss_by_toss() -> tuple[sp.Expr, list[sp.Expr]]:
        """A second route: update the prior one toss at a time, P(X) the product of the predictive probabilities."""
        belief, total = list(prior), sp.Integer(1)
        for heads_up in tosses:
            chances = [h if heads_up else 1 - h for h in chance]
            predictive = sum((b * c for b, c in zip(belief, chances)), sp.Integer(0))
            total *= predictive
            belief = [b * c / predictive for b, c in zip(belief, chances)]
        return total, belief

    steps = [
        Step(sp.ImmutableMatrix([shown(h) for h in chance]), rule="likelihood of each hypothesis",
             why=f"independent tosses: P(X | theta) = h^{n_h} (1 - h)^{n_t} for a coin with P(heads) = h",
             checker=recomputed(lambda: sp.ImmutableMatrix([sp.Mul(*(h if up else 1 - h for up in tosses))
                                                            for h in chance]),
                                "the probabilities of the tosses multiplied one toss at a time")),
        Step(sp.ImmutableMatrix(likelihood), rule="evaluate"),
        Step(plus([times(l, p) for l, p in zip(likelihood, prior)]), rule="evidence (total probability)",
             why="P(X) = sum_theta P(X | theta) P(theta)", fresh=True,
             checker=recomputed(lambda: toss_by_toss()[0], "the product of the predictive probabilities of the "
                                "tosses, the prior updated after each")),
        Step(evidence, rule="evaluate"),
        Step(fraction(times(likelihood[j], prior[j]), evidence), rule="Bayes' rule",
             why="P(theta | X) = P(X | theta) P(theta) / P(X) (notes 4.1)", fresh=True,
             checker=recomputed(lambda: toss_by_toss()[1][j], "the prior updated by Bayes' rule one toss at a time")),
        Step(posterior, rule="divide"),
    ]
    steps += approx_step(posterior)
    return Derivation("bayes-rule", f"The posterior of hypothesis {j + 1} after {n_h} heads and {n_t} tails",
                      notes_source("4.1"), steps, posterior,
                      givens=[("priors P(theta)", sp.Tuple(*prior)), ("P(heads | theta)", sp.Tuple(*chance))])


# --- Xavier and He initialisation (notes 5.1, 5.2) ---------------------------------------------------

N_IN, N_OUT = (sp.Symbol(name, integer=True, positive=True) for name in ("n_in", "n_out"))


def _fan_expression(value: Any) -> sp.Expr:
    expr = as_expression(value)
    return expr.xreplace({s: sp.Symbol(s.name, integer=True, positive=True) if s.name.startswith("n")
                          else sp.Symbol(s.name, positive=True) for s in expr.free_symbols})


@register("xavier-uniform-bound", "The bound a of Unif(-a, a) with a given variance (Xavier)", notes_source("5.1.1"),
          params={"variance": "expression"}, defaults={"variance": "2/(n_in + n_out)"}, generator=True)
def xavier_uniform_bound(variance: Any = "2/(n_in + n_out)") -> Derivation:
    """Unif(-a, a) has mean 0 and variance a^2/3; a^2/3 = v gives a = sqrt(3 v)."""
    target = _fan_expression(variance)
    a, w = sp.Symbol("a", positive=True), sp.Symbol("w", real=True)
    density = 1 / (2 * a)
    mean, second = sp.Integral(w * density, (w, -a, a)), sp.Integral(w ** 2 * density, (w, -a, a))
    var = second.doit()
    [bound] = sp.solve(sp.Eq(var, target), a)
    steps = [
        definition(mean, "(17.6.23): the mean of a density; Unif(-a, a) has density 1/(2a) on [-a, a]",
                   rule="its mean E[w], by its definition (17.6.23): Unif(-a, a) has density 1/(2a) on [-a, a]"),
        Step(mean.doit(), rule="integrate"),
        Step(second, rule="its variance", why="Var(w) = E[w^2] - E[w]^2 (17.6.24), and E[w] = 0", fresh=True,
             checker=recomputed(lambda: stats.variance(stats.Uniform("w", -a, a)),
                                "sympy.stats: the variance of Uniform(-a, a)")),
        Step(var, rule="integrate"),
        given(sp.Eq(var, target), "the variance the initialisation must have (notes 5.1.1)",
              rule="match the variance the initialisation must have (notes 5.1.1)"),
        Step(sp.Eq(a ** 2, sp.factor(3 * target)), "<=>", rule="multiply by 3"),
        Step(sp.Eq(a, bound), "<=>", rule="the positive square root", why="a > 0", checker=solves_for(a)),
    ]
    domains = {s: POSITIVE for s in target.free_symbols}
    return Derivation("xavier-uniform-bound", f"Unif(-a, a) with variance ${sp.latex(target)}$", notes_source("5.1.1"),
                      steps, bound, givens=[("variance", target)], assumptions={a: POSITIVE, **domains})


@register("he-variance", "The weight variance that keeps the pre-activation variance (He)", notes_source("5.2.1"),
          params={"activation": "text"}, defaults={"activation": "relu"}, generator=True)
def he_variance(activation: str = "relu") -> Derivation:
    """Var(y) = n_in (E[w^2] E[x^2] - (E[w] E[x])^2) with x = max(z, 0): E[x^2] = s^2/2, so
    n_in v s^2 / 2 = s^2 gives v = 2/n_in (1/n_in without the ReLU)."""
    if activation not in ("relu", "linear"):
        raise ValueError(f"activation is relu or linear, not {activation!r}")
    z, w = sp.Symbol("z", real=True), sp.Symbol("w", real=True)
    s, v = sp.Symbol("s", positive=True), sp.Symbol("v", positive=True)
    pz, pw = gaussian(z, 0, s), gaussian(w, 0, sp.sqrt(v))
    low = 0 if activation == "relu" else -sp.oo
    moments = [sp.Integral(w ** 2 * pw, (w, -sp.oo, sp.oo)), sp.Integral(z ** 2 * pz, (z, low, sp.oo)),
               sp.Integral(w * pw, (w, -sp.oo, sp.oo)), sp.Integral(z * pz, (z, low, sp.oo))]
    values = [m.doit() for m in moments]
    variance_y = N_IN * (moments[0] * moments[1] - (moments[2] * moments[3]) ** 2)
    value = sp.factor(variance_y.xreplace(dict(zip(moments, values))))
    keep = sp.Integral(z ** 2 * pz, (z, -sp.oo, sp.oo))
    [solution] = sp.solve(sp.Eq(value, keep.doit()), v)
    relu = activation == "relu"
    W, Z = stats.Normal("w", 0, sp.sqrt(v)), stats.Normal("z", 0, s)
    X_ = sp.Max(Z, 0) if relu else Z

    def moment(m: sp.Integral, k: int) -> Step:
        """E[w^k] or E[x^k] as its integral: a definition, but for the ReLU's x = max(z, 0), checked."""
        name = "w" if m.limits[0][0] == w else "x"
        power = f"^{k}" if k > 1 else ""
        if name == "x" and relu:
            return Step(m, rule=f"E[x{power}], x = max(z, 0)", fresh=True,
                        why=f"x is 0 for z < 0: the integral of z{power} against the density of z over z > 0 only",
                        checker=recomputed(lambda: stats.E(X_ ** k), f"sympy.stats: E[max(z, 0)^{k}], z ~ N(0, s^2)"))
        return definition(m, f"(17.6.23), (17.6.24): the integral of {name}{power} against the density",
                          rule=f"E[{name}{power}], by its definition "
                          + ("(17.6.23), (17.6.24)" if k > 1 else "(17.6.23)"))

    steps = [
        Step(variance_y, rule="variance of the output",
             why="y = sum_j w_j x_j has n_in independent terms of one distribution: Var(y) = n_in Var(w x), "
             "and for independent w, x: Var(w x) = E[w^2]E[x^2] - (E[w]E[x])^2"
             + ("; x = max(z, 0) is 0 for z < 0, so E[x^k] integrates over z > 0 only" if relu else "; x = z"),
             checker=recomputed(lambda: N_IN * stats.variance(W * X_),
                                "n_in times sympy.stats' Var(w x) for independent w ~ N(0, v), z ~ N(0, s^2)")),
        Step(value, rule="the moments: E[w] = 0, E[w^2] = v" + (", E[x^2] = s^2/2" if relu else ", E[x^2] = s^2"),
             substeps=[st for m, k, val in zip(moments, (2, 2, 1, 1), values)
                       for st in (moment(m, k), Step(val, rule="integrate"))]),
        given(sp.Eq(value, keep), "keep the variance of the pre-activations: Var(y) = Var(z) = E[z^2]",
              rule="He's condition: keep Var(y) = Var(z) = E[z^2] (notes 5.2.1)" if relu else
              "the condition without the ReLU: keep Var(y) = Var(z) = E[z^2]"),
        Step(sp.Eq(value, keep.doit()), "<=>", rule="E[z^2] = s^2"),
        Step(sp.Eq(v, solution), "<=>", rule="solve for v", checker=solves_for(v)),
    ]
    derivation = Derivation("he-variance", f"The weight variance for a {activation} layer", notes_source("5.2.1"),
                            steps, solution, givens=[("density of a pre-activation z", pz), ("density of a weight w", pw)],
                            assumptions={s: POSITIVE, v: POSITIVE})
    if relu:
        derivation.notes.append("The ReLU zeroes half of a symmetric z, halving E[x^2]: the weight variance doubles "
                                "from 1/n_in to 2/n_in. It keeps the variance; the post-ReLU mean s/sqrt(2 pi) is "
                                "not zero.")
    return derivation


# --- what the notes (and 17.10.5) print ------------------------------------------------------------------

def _derive(name: str, **inputs: Any) -> Derivation:
    return derive(name, **inputs)


def _notes_claims() -> None:
    theta = sp.Symbol("Theta", real=True)
    claim("notes 2.2", "ln p(X | Theta) = sum_i ln p(x_i | Theta) for i.i.d. points",
          sp.Sum(sp.log(DENSITY(X[I], theta)), (I, 1, N)), lambda: _derive("iid-log-likelihood").result,
          seed=NOTES)
    x, mu, sigma, form = gaussian_parts(3)
    claim("notes 2.3", "ln p(x | Theta) = -d/2 ln(2 pi) - 1/2 ln det Sigma - 1/2 (x - mu)^T Sigma^-1 (x - mu), d = 3",
          sp.MatAdd((-sp.Rational(3, 2) * sp.log(2 * sp.pi) - sp.log(sp.Determinant(sigma)) / 2) * sp.Identity(1),
                    -form / 2), lambda: _derive("gaussian-log-density").result, seed=NOTES)
    claim("notes 3.2", "the information content log_2(1/p) of an event of probability 0.5", sp.Integer(1),
          lambda: _derive("self-information", probability="1/2").result, seed=NOTES)

    def compared() -> str:
        ce = _derive("cross-entropy", p="1, 0", q="1/2, 1/2", base="2").result
        entropy = _derive("entropy", probabilities="1, 0").result
        return "higher than" if ce > entropy else ("equal to" if ce == entropy else "lower than")

    # "the cross-entropy would be higher" (than the entropy of the true distribution, 0 bits): right.
    claim("notes 3.2", "the cross-entropy H(p, q) when the event always happens (p = (1, 0)) and the model says 0.5, "
          "against the entropy H(p) of the true distribution", "higher than", compared, seed=NOTES)
    claim("notes 5.1.1", "the bound a of the Xavier uniform distribution Unif(-a, a), variance 2/(n_in + n_out)",
          sp.sqrt(6 / (N_IN + N_OUT)), lambda: _derive("xavier-uniform-bound").result, seed=NOTES)
    claim("notes 5.2.1", "the He weight variance for ReLU layers", 2 / N_IN,
          lambda: _derive("he-variance").result, seed=NOTES)


def _cross_entropy_code_claims() -> None:
    batch = {"predictions": "[[0.3, 0.6, 0.1], [0.2, 0.3, 0.5]]", "classes": "1, 3"}
    claim("17.10.5 (code)", "cross_entropy(preds, labels): the mean negative log-likelihood of the two samples",
          printed("0.94856"), lambda: as_printed(_derive("categorical-nll", quantity="mean", **batch).result, "0.94856"))
    claim("17.10.5 (code)", "NegativeLogLikelihood on the same batch, to the 6 significant digits of float32",
          rounded(printed("0.9485599994659424"), 6),
          lambda: rounded(_derive("categorical-nll", quantity="mean", **batch).result, 6))


_notes_claims()
_cross_entropy_code_claims()
