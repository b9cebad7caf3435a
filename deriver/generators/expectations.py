"""Random variables (17.6): probabilities from a density (17.6.11), means and
variances of discrete (17.6.14)-(17.6.19) and continuous (17.6.23)-(17.6.24)
random variables, Chebyshev's inequality (17.6.20), covariance and
correlation (17.6.39)-(17.6.45). Every integral is worked rule by rule by the
engine of `integrals.py`; every density is first checked to have mass 1."""
from __future__ import annotations

import re
from typing import Any

import mpmath
import sympy as sp

from deriver.catalog import derive, register, source
from deriver.checking import recomputed
from deriver.claims import claim
from deriver.generators.integrals import (
    IntegralSteps,
    IntegrationError,
    _rename,
    as_expr,
    as_range,
    as_symbol,
    integral_chain,
    with_domain,
)
from deriver.model import Derivation, Step, definition
from exercises.symbols import Domain

QUANTITIES = ("mean", "variance", "std")
UNIT = Domain(sp.Integer(0), sp.Integer(1), False, False)


def _quantity(value: Any, allowed: tuple[str, ...]) -> str:
    text = str(value).strip().lower()
    aliases = {"standard deviation": "std", "sd": "std", "var": "variance", "cov": "covariance",
               "corr": "correlation", "rho": "correlation"}
    text = aliases.get(text, text)
    if text not in allowed:
        raise ValueError(f"quantity must be one of {', '.join(allowed)}, not {value!r}")
    return text


def _items(value: Any) -> list[sp.Expr]:
    """`a - 2, a, a + 2` (or a sequence) -> expressions."""
    if isinstance(value, str):
        return [as_expr(part) for part in value.split(",")]
    return [sp.sympify(v) for v in value]


def collected(value: sp.Expr) -> sp.Expr:
    """Expanded when a polynomial (4p - 2, as the seed writes it), else factored."""
    expanded = sp.expand(value)
    return expanded if expanded.is_polynomial() else sp.factor(expanded)


def _plus(*terms: sp.Expr) -> sp.Expr:
    return sp.Add(*terms, evaluate=False)


def _times(*factors: sp.Expr) -> sp.Expr:
    return sp.Mul(*factors, evaluate=False)


def _root(value: sp.Expr) -> sp.Expr:
    return sp.Pow(value, sp.Rational(1, 2), evaluate=False)


# --- densities ---------------------------------------------------------------------

def mass_steps(p: sp.Expr, limits: list[tuple]) -> list[Step]:
    """The check (17.6.8) that p has total mass 1, rule by rule; raises if it has not."""
    total = sp.Integral(p, *limits)
    steps, value = integral_chain(total, first=definition(
        total, "the total mass of p: its integral over the support", rule="the total mass of p, which must be 1 "
        "(17.6.8)"))
    if sp.simplify(value - 1) != 0:
        raise ValueError(f"{p} is not a density on this support: its total mass is {value}")
    return steps


@register("density-probability", "The probability of an interval from a density (17.6.11)",
          source("17.6", "17.6.8", "17.6.11"),
          params={"density": "expression", "var": "symbol", "support": "point", "lower": "expression",
                  "upper": "expression"},
          defaults={"density": "1/x**2", "var": "x", "support": "1, oo", "lower": "2", "upper": "oo"}, generator=True)
def density_probability(density: Any, var: Any, support: Any, lower: Any, upper: Any) -> Derivation:
    x = as_symbol(var)
    (s0, s1), a, b = as_range(support), as_expr(lower), as_expr(upper)
    p = _rename(as_expr(density), x.name, x)
    p, x, domain = with_domain(p, x, s0, s1)
    lo, hi = sp.Max(a, s0), sp.Min(b, s1)
    if not (lo < hi) == sp.true:
        raise ValueError(f"({a}, {b}] misses the support ({s0}, {s1}): the probability is 0")
    start = sp.Integral(p, (x, lo, hi))
    first = definition(start, "(17.6.11): P(X in (a, b]) is the integral of the density over (a, b]; p = 0 off "
                       "its support", rule="P(X in (a, b]), the integral of the density over the interval (17.6.11)")
    first.substeps = mass_steps(p, [(x, s0, s1)])
    steps, value = integral_chain(start, first=first)
    event = sp.Interval.Lopen(a, b)
    return Derivation("density-probability", f"$P(X \\in {sp.latex(event)})$ for the density ${sp.latex(p)}$",
                      source("17.6", "17.6.8", "17.6.11"), steps, value,
                      givens=[("p(x)", p), ("support", sp.Interval(s0, s1))], assumptions={x: domain})


def moment_statement(p: sp.Expr, x: sp.Symbol, lower: sp.Expr, upper: sp.Expr, quantity: str) -> sp.Expr:
    """mean (17.6.23), variance (17.6.24) or standard deviation (17.6.19), as integrals."""
    first = sp.Integral(x * p, (x, lower, upper))
    if quantity == "mean":
        return first
    second = sp.Integral(x**2 * p, (x, lower, upper))
    variance = _plus(second, _times(-1, sp.Pow(first, 2, evaluate=False)))
    return variance if quantity == "variance" else _root(variance)


MOMENT_REASONS = {
    "mean": ("(17.6.23): mu_X is the integral of x p(x)", "mean", "mean mu_X, by its definition (17.6.23)"),
    "variance": ("(17.6.24): Var(X) = E[X^2] - mu_X^2", "variance", "variance, by its definition (17.6.24)"),
    "std": ("(17.6.19), (17.6.24): sigma_X is the square root of the variance", "standard deviation",
            "standard deviation, the root of the variance (17.6.19), (17.6.24)"),
}


@register("continuous-moments", "Mean, variance or standard deviation from a density",
          source("17.6", "17.6.19", "17.6.23", "17.6.24"),
          params={"density": "expression", "var": "symbol", "support": "point", "quantity": "text"},
          defaults={"density": "exp(-abs(x))/2", "var": "x", "support": "-oo, oo", "quantity": "mean"}, generator=True)
def continuous_moments(density: Any, var: Any, support: Any, quantity: Any) -> Derivation:
    x, kind = as_symbol(var), _quantity(quantity, QUANTITIES)
    s0, s1 = as_range(support)
    p = _rename(as_expr(density), x.name, x)
    p, x, domain = with_domain(p, x, s0, s1)
    start = moment_statement(p, x, s0, s1, kind)
    reason, word, rule = MOMENT_REASONS[kind]
    first = definition(start, reason, rule=rule)
    first.substeps = mass_steps(p, [(x, s0, s1)])
    try:
        steps, value = integral_chain(start, first=first)
    except IntegrationError as err:
        raise ValueError(f"the {word} does not exist: {err}") from None
    return Derivation("continuous-moments", f"The {word} of the density ${sp.latex(p)}$",
                      source("17.6", "17.6.19", "17.6.23", "17.6.24"), steps, value,
                      givens=[("p(x)", p), ("support", sp.Interval(s0, s1))], assumptions={x: domain})


# --- discrete random variables ---------------------------------------------------------

def _probability_domains(probabilities: list[sp.Expr], values: list[sp.Expr]) -> dict:
    """Symbols that only appear in probabilities range over [0, 1]."""
    in_values = set().union(*(v.free_symbols for v in values)) if values else set()
    return {s: UNIT for q in probabilities for s in q.free_symbols if s not in in_values}


def _check_distribution(probabilities: list[sp.Expr]) -> None:
    total = sp.simplify(sp.Add(*probabilities))
    if total != 1:
        raise ValueError(f"the probabilities sum to {total}, not 1")


def expectation_sum(values: list[sp.Expr], probabilities: list[sp.Expr], power: int = 1) -> sp.Expr:
    """sum_i x_i^k p_i, unevaluated (17.6.14)."""
    return _plus(*(_times(sp.Pow(v, power, evaluate=False) if power != 1 else v, q)
                   for v, q in zip(values, probabilities)))


@register("discrete-moments", "Mean, variance or standard deviation of a discrete random variable",
          source("17.6", "17.6.14", "17.6.16", "17.6.19"),
          params={"values": "text", "probabilities": "text", "quantity": "text"},
          defaults={"values": "a - 2, a, a + 2", "probabilities": "p, 1 - 2*p, p", "quantity": "variance"},
          generator=True)
def discrete_moments(values: Any, probabilities: Any, quantity: Any) -> Derivation:
    xs, ps, kind = _items(values), _items(probabilities), _quantity(quantity, QUANTITIES)
    if len(xs) != len(ps):
        raise ValueError(f"{len(xs)} values but {len(ps)} probabilities")
    _check_distribution(ps)
    mean_sum = expectation_sum(xs, ps)
    mean = collected((mean_sum))
    if kind == "mean":
        steps = [definition(mean_sum, "(17.6.14): the mean is the probability-weighted sum of the values",
                            rule="mean mu_X, by its definition (17.6.14)"),
                 Step(mean, "=", rule="expand and collect")]
        return _discrete("mean", xs, ps, steps, mean)
    square_sum = expectation_sum(xs, ps, 2)
    second = collected((square_sum))
    variance_form = _plus(square_sum, _times(-1, sp.Pow(mean_sum, 2, evaluate=False)))
    each = _plus(second, _times(-1, sp.Pow(mean, 2, evaluate=False)))
    variance = collected((second - mean**2))
    wrap = (lambda e: e) if kind == "variance" else _root
    steps = [definition(wrap(variance_form), "(17.6.16): Var(X) = E[X^2] - mu_X^2" + (
                            "; (17.6.19): sigma_X = sqrt(Var(X))" if kind == "std" else ""),
                        rule="variance, by its definition (17.6.16)" if kind == "variance" else
                        "standard deviation, the root of the variance (17.6.19), (17.6.16)"),
             Step(wrap(each), "=", rule="E[X^2] and mu_X, each summed (17.6.14)"),
             Step(wrap(variance), "=", rule="expand and collect")]
    result = variance if kind == "variance" else sp.sqrt(variance)
    if kind == "std" and sp.srepr(result) != sp.srepr(steps[-1].statement):
        steps.append(Step(result, "=", rule="simplify the root"))
    return _discrete(kind, xs, ps, steps, result)


def _discrete(kind: str, xs: list, ps: list, steps: list[Step], result: sp.Expr) -> Derivation:
    word = {"mean": "mean", "variance": "variance", "std": "standard deviation"}[kind]
    return Derivation("discrete-moments", f"The {word} of a discrete random variable",
                      source("17.6", "17.6.14", "17.6.16", "17.6.19"), steps, result,
                      givens=[("values", sp.Tuple(*xs)), ("probabilities", sp.Tuple(*ps))],
                      assumptions=_probability_domains(ps, xs))


# --- Chebyshev's inequality ----------------------------------------------------------------

P = sp.Function("P", positive=True)  # a probability: its stand-in in checks is positive
X = sp.Symbol("X", real=True)
ALPHA = sp.Symbol("alpha", positive=True)


@register("chebyshev-check", "Is a claimed tail fraction compatible with Chebyshev's inequality?",
          source("17.6", "17.6.20"), params={"mu": "number", "sigma": "number", "threshold": "number",
                                             "fraction": "number"},
          defaults={"mu": "1", "sigma": "2", "threshold": "9", "fraction": "1/4"}, generator=True)
def chebyshev_check(mu: Any, sigma: Any, threshold: Any, fraction: Any) -> Derivation:
    mu, sigma, t, q = (as_expr(v) for v in (mu, sigma, threshold, fraction))
    if not sigma > 0:
        raise ValueError("the standard deviation must be positive")
    alpha = sp.nsimplify((t - mu) / sigma)
    steps = [Step(sp.Eq(ALPHA, _times(_plus(t, -mu), sp.Pow(sigma, -1, evaluate=False)), evaluate=False),
                  rule="alpha, the number of standard deviations the threshold lies above the mean",
                  why="the threshold is mu + alpha sigma", fresh=True,
                  checker=recomputed(lambda: sp.Eq(ALPHA, _solved_alpha(mu, sigma, t)),
                                     "alpha solved from mu + alpha sigma = threshold")),
             Step(sp.Eq(ALPHA, alpha), "<=>", rule="arithmetic")]
    event = sp.StrictGreaterThan(X, t)
    if alpha > 1:
        bound = 1 / alpha**2
        steps.append(Step(sp.Le(P(event), bound), "=>", rule=f"Chebyshev's inequality (17.6.20) with alpha = {alpha}",
                          why=f"X > {t} lies outside [{mu - alpha * sigma}, {mu + alpha * sigma}], "
                              f"which holds all but at most 1/alpha^2 of the probability",
                          checker=_chebyshev_checker(mu, sigma, t)))
    else:
        bound = sp.Integer(1)
        steps.append(Step(sp.Le(P(event), bound), "=>", rule="a probability is at most 1",
                          why="the threshold is within one standard deviation: Chebyshev's bound 1/alpha^2 >= 1 says "
                              "nothing", checker=_trivial_bound_checker))
    believable = bool(q <= bound)
    if believable:
        steps.append(Step(sp.Le(q, bound, evaluate=False), "=>", rule="compare with the claimed fraction",
                          checker=_comparison_checker(q, believable)))
        steps.append(Step(sp.true, "=>", rule="Chebyshev's inequality does not rule the claim out",
                          checker=_verdict_checker(True)))
    else:
        steps.append(Step(sp.StrictLessThan(bound, q, evaluate=False), "=>", rule="compare with the claimed fraction",
                          checker=_comparison_checker(q, believable)))
        steps.append(Step(sp.false, "=>", rule="so the claim is impossible",
                          why=f"no random variable with mean {mu} and standard deviation {sigma} puts {q} of its "
                              f"mass above {t}", checker=_verdict_checker(False)))
    return Derivation("chebyshev-check", f"Mean {mu}, standard deviation {sigma}, and {q} of the samples above {t}?",
                      source("17.6", "17.6.20"), steps, sp.true if believable else sp.false,
                      givens=[("mu", mu), ("sigma", sigma), ("threshold", t), ("claimed fraction", q)])


def _solved_alpha(mu: sp.Expr, sigma: sp.Expr, t: sp.Expr) -> sp.Expr:
    a = sp.Dummy("a", real=True)
    [root] = sp.solve(sp.Eq(mu + a * sigma, t), a)
    return root


def _chebyshev_checker(mu: sp.Expr, sigma: sp.Expr, t: sp.Expr):
    """(17.6.20): alpha from the previous equation, the event inside the excluded
    region, and the bound 1/alpha^2."""
    def check(previous, current, derivation):
        alpha = sp.solve(previous, ALPHA)
        if len(alpha) != 1 or not alpha[0] > 0:
            return False, "symbolic", f"no positive alpha in {previous}"
        a = alpha[0]
        inside = sp.simplify(t - (mu + a * sigma)) >= 0  # {X > t} is outside [mu - a sigma, mu + a sigma]
        ok = bool(inside) and sp.simplify(current.rhs - 1 / a**2) == 0
        return ok, "symbolic", "" if ok else "not Chebyshev's bound for this alpha"
    return check


def _trivial_bound_checker(previous, current, derivation):
    ok = current.rhs == 1
    return ok, "symbolic", "" if ok else "expected the bound 1"


def _comparison_checker(q: sp.Expr, believable: bool):
    def check(previous, current, derivation):
        bound = previous.rhs
        holds = (sp.Le(q, bound) if believable else sp.Lt(bound, q)) == sp.true
        same = {current.lhs, current.rhs} == {q, bound}
        ok = bool(holds and same)
        return ok, "symbolic", "" if ok else "the comparison does not hold"
    return check


def _verdict_checker(verdict: bool):
    def check(previous, current, derivation):
        holds = (previous.func(*previous.args)) == sp.true
        ok = holds and current == (sp.true if verdict else sp.false)
        return ok, "symbolic", "" if ok else "the verdict does not follow"
    return check


# --- covariance and correlation ------------------------------------------------------------------

@register("covariance", "Covariance or correlation from a joint density on a rectangle",
          source("17.6", "17.6.39", "17.6.42", "17.6.45"),
          params={"density": "expression", "x": "symbol", "y": "symbol", "x_range": "point", "y_range": "point",
                  "quantity": "text"},
          defaults={"density": "4*x*y", "x": "x", "y": "y", "x_range": "0, 1", "y_range": "0, 1",
                    "quantity": "covariance"}, generator=True)
def covariance(density: Any, x: Any, y: Any, x_range: Any, y_range: Any, quantity: Any) -> Derivation:
    x, y, kind = as_symbol(x), as_symbol(y), _quantity(quantity, ("covariance", "correlation"))
    (a, b), (c, d) = as_range(x_range), as_range(y_range)
    p = _rename(_rename(as_expr(density), x.name, x), y.name, y)
    p, x, x_domain = with_domain(p, x, a, b)
    p, y, y_domain = with_domain(p, y, c, d)
    limits = [(x, a, b), (y, c, d)]

    def expect(g: sp.Expr) -> sp.Integral:
        return sp.Integral(g * p, *limits)

    cov = _plus(expect(x * y), _times(-1, expect(x), expect(y)))
    if kind == "covariance":
        start, reason = cov, "(17.6.39): Cov(X, Y) = E[XY] - E[X]E[Y], each expectation against the joint density"
        rule = "covariance, by its definition (17.6.39)"
    else:
        sx = _root(_plus(expect(x**2), _times(-1, sp.Pow(expect(x), 2, evaluate=False))))
        sy = _root(_plus(expect(y**2), _times(-1, sp.Pow(expect(y), 2, evaluate=False))))
        start = _times(cov, sp.Pow(_times(sx, sy), -1, evaluate=False))
        reason = "(17.6.45): rho = Cov(X, Y) / (sigma_X sigma_Y), with (17.6.39) and (17.6.24)"
        rule = "correlation, by its definition (17.6.45), with (17.6.39) and (17.6.24)"
    first = definition(start, reason, rule=rule)
    first.substeps = mass_steps(p, limits)
    steps, value = IntegralSteps().chain(start, first=first)
    if value.has(sp.zoo, sp.nan):
        raise ValueError("a standard deviation is 0: the correlation is undefined")
    return Derivation("covariance", f"The {kind} of X and Y with joint density ${sp.latex(p)}$",
                      source("17.6", "17.6.39", "17.6.42", "17.6.45"), steps, value,
                      givens=[("p(x, y)", p), ("support", sp.ProductSet(sp.Interval(a, b), sp.Interval(c, d)))],
                      assumptions={x: x_domain, y: y_domain})


@register("discrete-covariance", "Covariance or correlation of two discrete random variables",
          source("17.6", "17.6.39", "17.6.41", "17.6.45", "17.6.46"),
          params={"xs": "text", "ys": "text", "table": "text", "quantity": "text"},
          defaults={"xs": "1, 3", "ys": "-1, 3", "table": "[[p/2, (1 - p)/2], [(1 - p)/2, p/2]]",
                    "quantity": "covariance"}, generator=True)
def discrete_covariance(xs: Any, ys: Any, table: Any, quantity: Any) -> Derivation:
    xs, ys, kind = _items(xs), _items(ys), _quantity(quantity, ("covariance", "correlation"))
    table = _table(table)
    if table.shape != (len(xs), len(ys)):
        raise ValueError(f"the table is {table.shape[0]} x {table.shape[1]}, the values {len(xs)} x {len(ys)}")
    _check_distribution(list(table))
    px = [sp.Add(*table.row(i)) for i in range(len(xs))]
    py = [sp.Add(*table.col(j)) for j in range(len(ys))]
    cells = [(xs[i], ys[j], table[i, j]) for i in range(len(xs)) for j in range(len(ys))]
    mx, my = collected((sum(v * q for v, q in zip(xs, px)))), collected((sum(v * q for v, q in zip(ys, py))))
    written = _plus(*(_times(xi, yj, q) for xi, yj, q in cells),
                    _times(-1, expectation_sum(xs, px), expectation_sum(ys, py)))
    centred = _plus(*(_times(_plus(xi, -mx), _plus(yj, -my), q) for xi, yj, q in cells))
    value = collected((sum((xi - mx) * (yj - my) * q for xi, yj, q in cells)))
    if kind == "covariance":
        steps = [definition(written, "(17.6.39): Cov(X, Y) = E[XY] - E[X]E[Y], the means from the marginals",
                         rule="covariance, by its definition (17.6.39)"),
                 Step(centred, "=", rule=f"Cov = sum of (x_i - mu_X)(y_j - mu_Y) p_ij (17.6.39), mu_X = {mx}, "
                                         f"mu_Y = {my}"),
                 Step(value, "=", rule="expand and collect")]
        result = value
    else:
        vx = collected((sum(v**2 * q for v, q in zip(xs, px)) - mx**2))
        vy = collected((sum(v**2 * q for v, q in zip(ys, py)) - my**2))
        if vx == 0 or vy == 0:
            raise ValueError("a standard deviation is 0: the correlation is undefined")
        sx = _root(_plus(expectation_sum(xs, px, 2), _times(-1, sp.Pow(expectation_sum(xs, px), 2, evaluate=False))))
        sy = _root(_plus(expectation_sum(ys, py, 2), _times(-1, sp.Pow(expectation_sum(ys, py), 2, evaluate=False))))
        result = sp.factor(sp.simplify(value / (sp.sqrt(vx) * sp.sqrt(vy))))
        steps = [definition(_times(written, sp.Pow(_times(sx, sy), -1, evaluate=False)),
                         "(17.6.45): rho = Cov(X, Y) / (sigma_X sigma_Y), with (17.6.39) and (17.6.16)",
                         rule="correlation, by its definition (17.6.45), with (17.6.39) and (17.6.16)"),
                 Step(_times(value, sp.Pow(_times(sp.sqrt(vx), sp.sqrt(vy)), -1, evaluate=False)), "=",
                      rule="each sum evaluated"),
                 Step(result, "=", rule="simplify")]
    symbols = set().union(*(q.free_symbols for q in table))
    return Derivation("discrete-covariance", f"The {kind} of two discrete random variables",
                      source("17.6", "17.6.39", "17.6.41", "17.6.45"), steps, result,
                      givens=[("x values", sp.Tuple(*xs)), ("y values", sp.Tuple(*ys)), ("P(X = x_i, Y = y_j)", table)],
                      assumptions={s: UNIT for s in symbols})


def _table(value: Any) -> sp.Matrix:
    """`[[p/2, (1 - p)/2], [(1 - p)/2, p/2]]`: rows of expressions (or a matrix)."""
    if not isinstance(value, str):
        return sp.Matrix(value)
    rows = re.findall(r"\[([^\[\]]*)\]", value)
    if not rows:
        raise ValueError("a table is written [[a, b], [c, d]]")
    return sp.Matrix([_items(row) for row in rows])


# --- the seed's claims (17.6) --------------------------------------------------------------------

def _result(name: str, **inputs: Any) -> Any:
    return derive(name, **inputs).result


def _mixture_riemann_sum() -> sp.Float:
    """The code after (17.6.9): sum(0.01 * p[300:800]) over np.arange(-5, 5, 0.01), as printed (7 digits)."""
    t = sp.Symbol("t", real=True)
    density = (sp.Rational(1, 5) * sp.exp(-(t - 3) ** 2 / 2) + sp.Rational(4, 5) * sp.exp(-(t + 1) ** 2 / 2)) \
        / sp.sqrt(2 * sp.pi)
    value = sp.lambdify(t, density, "mpmath")
    with mpmath.workdps(30):
        total = mpmath.fsum(value(mpmath.mpf(k) / 100) for k in range(-200, 300)) / 100
    return sp.Float(f"{float(total):.7g}")


def _cauchy_mean() -> str:
    """The two halves of the mean integral of 1/(1 + x^2): each must converge."""
    x = sp.Symbol("x", real=True)
    halves = [sp.integrate(x / (1 + x**2), (x, -sp.oo, 0)), sp.integrate(x / (1 + x**2), (x, 0, sp.oo))]
    if all(h.is_finite for h in halves):
        return sp.sstr(sum(halves))
    return (f"undefined: the integral over (-oo, 0) is {sp.sstr(halves[0])} and over (0, oo) is "
            f"{sp.sstr(halves[1])}; u = 1 + x^2 is not one-to-one on R")


def _seed_claims() -> None:
    a, p = sp.Symbol("a", real=True), sp.Symbol("p", real=True)
    running = {"values": "a - 2, a, a + 2", "probabilities": "p, 1 - 2*p, p"}
    claim("the code after (17.6.9)", "the Riemann sum printed as 'Approximate Probability' (epsilon = 0.01)",
          sp.Float("0.7736172"), _mixture_riemann_sum)
    claim("(17.6.15)", "the mean of a - 2, a, a + 2 with probabilities p, 1 - 2p, p", a,
          lambda: _result("discrete-moments", **running, quantity="mean"))
    claim("(17.6.17)", "E[X^2] for the running example", a**2 + 8 * p,
          lambda: _result("discrete-moments", values="(a - 2)**2, a**2, (a + 2)**2", probabilities=running["probabilities"],
                          quantity="mean"))
    claim("(17.6.18)", "the variance of the running example", 8 * p,
          lambda: _result("discrete-moments", **running, quantity="variance"))
    claim("(17.6.18), the remark after it", "the value the running example always takes when p = 0", sp.Integer(0),
          lambda: _result("discrete-moments", values="a - 2, a, a + 2", probabilities="0, 1, 0", quantity="mean"))
    claim("(17.6.19)", "the standard deviation of the running example", 2 * sp.sqrt(2 * p),
          lambda: _result("discrete-moments", **running, quantity="std"))
    claim("(17.6.20), the remark after it", "the fraction within 10 standard deviations guaranteed by Chebyshev",
          sp.Rational(99, 100), lambda: 1 - 1 / sp.Integer(10) ** 2)
    claim("(17.6.21)", "the p at which a + 4 sqrt(2p) reaches a + 2",
          sp.Rational(1, 8), lambda: sp.solve(sp.Eq(a + 4 * sp.sqrt(2 * sp.Symbol("q", positive=True)), a + 2),
                                              sp.Symbol("q", positive=True))[0])
    claim("(17.6.26)", "the mean of the uniform density on [0, 1]", sp.Rational(1, 2),
          lambda: _result("continuous-moments", density="1", var="x", support="0, 1", quantity="mean"))
    claim("(17.6.27)", "the variance of the uniform density on [0, 1]", sp.Rational(1, 12),
          lambda: _result("continuous-moments", density="1", var="x", support="0, 1", quantity="variance"))
    claim("(17.6.28)", "the area under the 'Cauchy p.d.f.' 1/(1 + x^2)", sp.Integer(1),
          lambda: _result("definite-integral", expr="1/(1 + x**2)", var="x", lower="-oo", upper="oo"))
    claim("(17.6.30)", "the integral of x^2/(1 + x^2) over R", "oo",
          lambda: sp.integrate(sp.Symbol("x", real=True) ** 2 / (1 + sp.Symbol("x", real=True) ** 2),
                               (sp.Symbol("x", real=True), -sp.oo, sp.oo)))
    claim("(17.6.31)", "the mean integral of x/(1 + x^2) over R, by u = 1 + x^2", "oo", _cauchy_mean)
    claim("(17.6.41)", "the covariance of the two-valued example", 4 * p - 2,
          lambda: _result("discrete-covariance"))
    claim("(17.6.46)", "sigma_X of the two-valued example (1 or 3, each with probability 1/2)", sp.Integer(1),
          lambda: _result("discrete-moments", values="1, 3", probabilities="1/2, 1/2", quantity="std"))
    claim("(17.6.46)", "sigma_Y of the two-valued example (-1 or 3, each with probability 1/2)", sp.Integer(2),
          lambda: _result("discrete-moments", values="-1, 3", probabilities="1/2, 1/2", quantity="std"))
    claim("(17.6.46)", "the correlation of the two-valued example", 2 * p - 1,
          lambda: _result("discrete-covariance", quantity="correlation"))
    claim("17.6, covariances", "Cov(Y^2, Y) for Y uniform on {-2, -1, 0, 1, 2}", sp.Integer(0),
          lambda: _result("discrete-covariance", xs="4, 1, 0", ys="-2, -1, 0, 1, 2",
                          table="[[1/5, 0, 0, 0, 1/5], [0, 1/5, 0, 1/5, 0], [0, 0, 1/5, 0, 0]]"))


_seed_claims()
