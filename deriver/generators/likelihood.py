"""Maximum likelihood (17.7): the coin, in the seed's numbers and in general."""
from __future__ import annotations

import mpmath
import sympy as sp
import sympy.stats as stats

from deriver.catalog import register, source
from deriver.checking import evaluated, probe_for, recomputed, same_value, solutions_on
from deriver.claims import claim, rounded
from deriver.inputs import expression, points, symbol
from deriver.model import Derivation, Step, definition
from exercises.symbols import Domain
from grader.equivalence import equivalent, sample_values


def defined(statement, rule: str, why: str) -> Step:
    """A definition step whose justification shows the definition it writes out (`why` cites it)."""
    step = definition(statement, why, rule=rule)
    step.why = why
    return step


def flips_likelihood(n_H, n_T, theta: sp.Symbol) -> sp.Expr:
    """P(the flips | theta) by independence: n_H factors P(H) and n_T factors P(T) of a Bernoulli
    variable (sympy.stats), for the checks; not the generators' own formula."""
    pmf = stats.density(stats.Bernoulli("flip", theta)).dict
    return pmf[1] ** n_H * pmf[0] ** n_T


def _maximum_checker(theta: sp.Symbol, likelihood: sp.Expr):
    def check(previous, current, derivation):
        candidates = list(previous.args[1])
        best = max(candidates, key=lambda c: likelihood.subs(theta, c))
        ok = current.rhs == best and all(likelihood.subs(theta, c) < likelihood.subs(theta, best)
                                        for c in candidates if c != best)
        return ok, "symbolic", "" if ok else f"the largest likelihood is at {best}"
    return check


@register("coin-mle", "Maximum likelihood for a coin", source("17.7", "17.7.4", "17.7.5", "17.7.6"),
          params={"n_H": "integer", "n_T": "integer"}, defaults={"n_H": 9, "n_T": 4}, generator=True)
def coin_mle(n_H: int = 9, n_T: int = 4) -> Derivation:
    n_H, n_T = int(n_H), int(n_T)
    if n_H < 1 or n_T < 1:
        raise ValueError("the coin derivation needs at least one head and one tail")
    theta = sp.Symbol("theta", positive=True)
    likelihood = theta ** n_H * (1 - theta) ** n_T
    derivative = sp.diff(likelihood, theta)
    factored = sp.factor(derivative)
    critical = sp.solveset(derivative, theta, sp.Interval(0, 1))
    estimate = sp.Rational(n_H, n_H + n_T)
    d = sp.Derivative(likelihood, theta, evaluate=False)
    product_rule = (n_H * theta ** (n_H - 1) * (1 - theta) ** n_T
                    - n_T * theta ** n_H * (1 - theta) ** (n_T - 1))
    steps = [
        Step(sp.Eq(0, d, evaluate=False), rule="first-order condition",
             why="at an interior maximum the derivative of the likelihood vanishes", fresh=True,
             checker=recomputed(lambda: sp.Eq(0, sp.diff(flips_likelihood(n_H, n_T, theta), theta)),
                                "sp.diff of the likelihood as a product of Bernoulli probabilities, flip by flip")),
        Step(sp.Eq(0, product_rule, evaluate=False), "<=>", rule="product rule and power rule"),
        Step(sp.Eq(0, factored, evaluate=False), "<=>", rule="factor"),
        Step(sp.Contains(theta, critical, evaluate=False), "=>", rule="solve on [0, 1]",
             checker=solutions_on(theta, sp.Interval(0, 1))),
        Step(sp.Eq(sp.Symbol("thetahat"), estimate, evaluate=False), "=>", rule="compare the likelihoods",
             why="0 and 1 give the data probability 0", checker=_maximum_checker(theta, likelihood)),
    ]
    return Derivation(
        "coin-mle", f"Maximum likelihood for {n_H} heads and {n_T} tails", source("17.7", "17.7.4", "17.7.5", "17.7.6"),
        steps, estimate, givens=[("likelihood P(X | theta)", likelihood)],
        assumptions={theta: Domain(sp.Integer(0), sp.Integer(1), True, True)},
    )


# --- checkers shared by the likelihood and estimator derivations --------------------------------

def _difference(equation: sp.Equality) -> sp.Expr:
    return equation.lhs - equation.rhs


def scaled_by(factor: sp.Expr):
    """`<=>` by multiplying both sides by `factor`: the new equation is exactly `factor` times
    the old one, and `factor` is nonzero on the domain (so no solution is gained or lost)."""
    def check(previous, current, derivation):
        nonzero = factor.is_nonzero
        if nonzero is None:
            values = _probe_values(factor, derivation)
            nonzero = bool(values) and all(v != 0 for v in values)
        if not nonzero:
            return False, "symbolic", f"the factor {factor} may vanish"
        result = same_value(_difference(current), factor * _difference(previous), probe_for(derivation, str(factor)))
        return bool(result), result.method, result.detail or ("" if result else f"not {factor} times the equation")
    return check


def solved_for(var: sp.Symbol):
    """`<=>` from an equation to `var = value`: SymPy solves the equation and finds exactly that value."""
    def check(previous, current, derivation):
        solutions = sp.solve(split_sums(evaluated(_difference(previous))), var, check=False, simplify=False)
        if current.lhs != var or len(solutions) != 1:
            return False, "symbolic", f"solving for {var} gives {solutions}"
        result = equivalent(evaluated(current.rhs), solutions[0], probe_for(derivation, f"solve {var}"))
        return bool(result), result.method, result.detail or ("" if result else f"the solution is {solutions[0]}")
    return check


def has_sign(sign: int):
    """`=> expr > 0` (sign 1) or `=> expr < 0` (sign -1): the previous step has that sign
    everywhere on the domain, symbolically when SymPy knows, otherwise at every probe point."""
    def check(previous, current, derivation):
        value = evaluated(previous)
        relation = sp.StrictGreaterThan if sign > 0 else sp.StrictLessThan
        if current != relation(previous, 0, evaluate=False):
            return False, "symbolic", "the statement is not a sign of the previous step"
        known = (sign * value).is_positive
        if known is not None:
            return bool(known), "symbolic", "" if known else "the sign is wrong"
        values = _probe_values(value, derivation)
        ok = bool(values) and all(v.is_real and sign * v > 0 for v in values)
        return ok, "numeric", "" if ok else "the sign fails at a probe point"
    return check


def entrywise(previous, current, derivation):
    """`=` between explicit matrices of unevaluated derivatives: the checking core does not `doit()`
    a (mutable) Matrix, so evaluate each entry here and compare entry by entry."""
    left = sp.Matrix(previous).applyfunc(lambda e: e.doit())
    right = sp.Matrix(current).applyfunc(lambda e: e.doit())
    result = equivalent(left, right, probe_for(derivation, "entrywise"))
    return bool(result), result.method, result.detail


def _probe_values(expr: sp.Expr, derivation: Derivation) -> list[sp.Expr]:
    probe = probe_for(derivation, f"sign {expr}")
    return sample_values(expr, probe, count=probe.points)


def concluded(var_hat: sp.Basic, compute):
    """`=> var_hat = value`: `compute()` recomputes the estimate from scratch (solve and sign test)."""
    def check(previous, current, derivation):
        truth = compute()
        if current.lhs != var_hat:
            return False, "symbolic", f"the conclusion is about {current.lhs}, not {var_hat}"
        result = equivalent(current.rhs, truth, probe_for(derivation, "conclusion"))
        return bool(result), result.method, result.detail or ("" if result else f"the estimate is {truth}")
    return check


def _d(expr: sp.Expr, *variables) -> sp.Derivative:
    return sp.Derivative(expr, *variables, evaluate=False)


def _count(value, name: str) -> sp.Expr:
    """A count of flips: a positive integer, or a symbol (made a positive integer symbol)."""
    value = expression(value) if isinstance(value, str) else sp.sympify(value)
    if value.is_Symbol:
        return sp.Symbol(value.name, integer=True, positive=True)
    if not (value.is_Integer and value > 0):
        raise ValueError(f"{name} must be a positive integer or a symbol, not {value}")
    return value


def _domains(symbols: dict[sp.Basic, str]) -> dict[sp.Basic, Domain]:
    return {s: Domain.parse(text) for s, text in symbols.items() if isinstance(s, sp.Symbol)}


# --- the coin by the negative log-likelihood (17.7.9) -----------------------------------------

def coin_estimate(n_H: sp.Expr, n_T: sp.Expr) -> sp.Expr:
    """The coin's MLE computed from scratch: the critical point of the log-likelihood in (0, 1)."""
    t = sp.Symbol("t", positive=True)
    critical = sp.solve(sp.diff(n_H * sp.log(t) + n_T * sp.log(1 - t), t), t)
    [estimate] = critical
    return sp.simplify(estimate)


@register("coin-mle-general", "Maximum likelihood for a coin, by the negative log-likelihood",
          source("17.7", "17.7.4", "17.7.8", "17.7.9"), params={"n_H": "expression", "n_T": "expression"},
          defaults={"n_H": "n_H", "n_T": "n_T"}, generator=True)
def coin_mle_general(n_H: sp.Expr | str = "n_H", n_T: sp.Expr | str = "n_T") -> Derivation:
    """Symbolic counts (or numbers): minimise -(n_H log theta + n_T log(1 - theta))."""
    n_H, n_T = _count(n_H, "n_H"), _count(n_T, "n_T")
    theta = sp.Symbol("theta", positive=True)
    likelihood = theta ** n_H * (1 - theta) ** n_T
    nll = sp.Mul(-1, n_H * sp.log(theta) + n_T * sp.log(1 - theta), evaluate=False)
    gradient = -n_H / theta + n_T / (1 - theta)
    cleared = sp.collect(sp.expand(sp.cancel(gradient * theta * (1 - theta))), theta)
    estimate = n_H / (n_H + n_T)
    curvature = n_H / theta ** 2 + n_T / (1 - theta) ** 2
    hat = sp.Symbol("thetahat")
    loss = lambda: -sp.log(flips_likelihood(n_H, n_T, theta))  # noqa: E731  the checks' own loss
    how = "sp.diff of -log of the likelihood as a product of Bernoulli probabilities"
    steps = [
        defined(-sp.log(likelihood), "negative log-likelihood (17.7.8)",
                "the loss -log P(X | theta): maximising P(X | theta) is minimising it, log being increasing"),
        Step(nll, rule="log of a product is the sum of the logs, log(a^n) = n log a", why="(17.7.9)"),
        Step(sp.Eq(0, _d(nll, theta), evaluate=False), rule="first-order condition",
             why="at an interior minimum of the loss the derivative vanishes", fresh=True,
             checker=recomputed(lambda: sp.Eq(0, sp.diff(loss(), theta)), how)),
        Step(sp.Eq(0, gradient, evaluate=False), "<=>", rule="derivative of the logarithm and chain rule"),
        Step(sp.Eq(0, cleared, evaluate=False), "<=>", rule="multiply by theta(1 - theta) > 0",
             checker=scaled_by(theta * (1 - theta))),
        Step(sp.Eq(theta, estimate, evaluate=False), "<=>", rule="solve the linear equation for theta",
             checker=solved_for(theta)),
        Step(_d(nll, (theta, 2)), rule="second-derivative test",
             why="a critical point where the second derivative is positive is a minimum", fresh=True,
             checker=recomputed(lambda: sp.diff(loss(), theta, 2), how + ", twice")),
        Step(curvature, rule="differentiate once more"),
        Step(sp.StrictGreaterThan(curvature, 0, evaluate=False), "=>", rule="both terms are positive on (0, 1)",
             why="the loss is convex", checker=has_sign(1)),
        Step(sp.Eq(hat, estimate, evaluate=False), "=>", rule="the only critical point of a convex loss is its minimum",
             checker=concluded(hat, lambda: coin_estimate(n_H, n_T))),
    ]
    domains = {theta: "(0, 1)", n_H: "positive_integer", n_T: "positive_integer"}
    return Derivation(
        "coin-mle-general", f"Maximum likelihood for ${sp.latex(n_H)}$ heads and ${sp.latex(n_T)}$ tails",
        source("17.7", "17.7.4", "17.7.8", "17.7.9"), steps, estimate,
        givens=[("likelihood P(X | theta) (17.7.4)", likelihood)], assumptions=_domains(domains),
    )


# --- the exponential rate (17.7 exercise 1, with the corrected density) ---------------------------

def _observations(values) -> tuple[sp.Expr, ...]:
    if isinstance(values, str):
        return points(values)
    if isinstance(values, (int, float, sp.Expr)):
        return (sp.nsimplify(values),)
    return tuple(sp.nsimplify(v) for v in values)


def exponential_density(alpha: sp.Symbol, x: sp.Symbol) -> sp.Expr:
    return alpha * sp.exp(-alpha * x)


@register("exponential-mle", "Maximum likelihood rate of an exponential density alpha e^{-alpha x}",
          source("17.7", "17.7.15", "17.7.18", note="exercise 1, with the density corrected to alpha e^{-alpha x}"),
          params={"observations": "point"}, defaults={"observations": "3"}, generator=True)
def exponential_mle(observations="3") -> Derivation:
    """n observations x_i >= 0 (not all 0): maximise n log alpha - alpha sum x_i; the answer is n / sum x_i."""
    data = _observations(observations)
    if not data or any(not v.is_real or v < 0 for v in data) or sum(data) == 0:
        raise ValueError("the observations of an exponential are nonnegative numbers, not all zero")
    alpha, x = sp.Symbol("alpha", positive=True), sp.Symbol("x", nonnegative=True)
    n, total = len(data), sp.Add(*data)
    density = exponential_density(alpha, x)
    loglik = sp.Add(*(sp.log(density.subs(x, v), evaluate=False) for v in data), evaluate=False)
    expanded = n * sp.log(alpha) - total * alpha
    estimate = sp.Integer(n) / total
    hat = sp.Symbol("alphahat")

    def from_scratch() -> sp.Expr:
        a = sp.Symbol("a", positive=True)
        return sp.solve(sp.diff(sum(sp.log(density.subs({alpha: a, x: v})) for v in data), a), a)[0]

    def log_of_product() -> sp.Expr:
        """log of the product of the densities at the observations, the density from sympy.stats."""
        pdf = stats.density(stats.Exponential("X", alpha))
        return sp.log(sp.Mul(*(pdf(v) for v in data)))

    how = "sp.diff of the log of the product of the densities (sympy.stats)"
    steps = [
        Step(loglik, rule="log-likelihood (17.7.15)", fresh=True,
             why="independent observations: the likelihood is the product of the densities, "
                 "its log the sum of their logs",
             checker=recomputed(log_of_product, "the log of the product of the densities at the observations "
                                                "(sympy.stats)")),
        Step(expanded, rule="log(ab) = log a + log b and log e^u = u"),
        Step(sp.Eq(0, _d(expanded, alpha), evaluate=False), rule="first-order condition",
             why="at an interior maximum the derivative vanishes", fresh=True,
             checker=recomputed(lambda: sp.Eq(0, sp.diff(log_of_product(), alpha)), how)),
        Step(sp.Eq(0, n / alpha - total, evaluate=False), "<=>", rule="derivative of the logarithm"),
        Step(sp.Eq(alpha, estimate, evaluate=False), "<=>", rule="solve for alpha", checker=solved_for(alpha)),
        Step(_d(expanded, (alpha, 2)), rule="second-derivative test",
             why="a critical point where the second derivative is negative is a maximum", fresh=True,
             checker=recomputed(lambda: sp.diff(log_of_product(), alpha, 2), how + ", twice")),
        Step(-n / alpha ** 2, rule="differentiate once more"),
        Step(sp.StrictLessThan(-n / alpha ** 2, 0, evaluate=False), "=>", rule="negative for every alpha > 0",
             why="the log-likelihood is concave", checker=has_sign(-1)),
        Step(sp.Eq(hat, estimate, evaluate=False), "=>", rule="the only critical point of a concave function is its maximum",
             checker=concluded(hat, from_scratch)),
    ]
    derivation = Derivation(
        "exponential-mle", f"Maximum likelihood rate from the observations {', '.join(map(str, data))}",
        source("17.7", "17.7.15", "17.7.18"), steps, estimate,
        givens=[("density p(x | alpha), x >= 0", density), ("observations", sp.Tuple(*data))],
        assumptions=_domains({alpha: "positive", x: "nonnegative"}),
    )
    derivation.notes.append("The seed's exercise writes the density as (1/alpha) e^{-alpha x}, which has total mass "
                            "1/alpha^2, not 1; its 'likelihood' (1/alpha) e^{-3 alpha} has no maximiser.")
    return derivation


def seed_density_mass() -> sp.Expr:
    """The total mass of the seed's (1/alpha) e^{-alpha x} on x >= 0: 1/alpha^2, so not a density."""
    alpha, x = sp.Symbol("alpha", positive=True), sp.Symbol("x", nonnegative=True)
    return sp.integrate(sp.exp(-alpha * x) / alpha, (x, 0, sp.oo))


# --- the Gaussian: the mean, and the variance with its 1/N (17.7 exercise 2) ----------------------

class SampleSum(sp.Sum):
    """A sum over the sample x_1, ..., x_N that SymPy does not try to close symbolically: with a
    symbolic N it stays as written (so checking a step does not spend seconds in Gosper's
    algorithm); with a number N, as when the checker probes N = 5, it is the explicit sum."""

    def doit(self, **hints):
        function = self.function.doit(**hints) if hints.get("deep", True) else self.function
        [(index, low, high)] = self.limits
        if low.is_Integer and high.is_Integer:
            return sp.Add(*(function.xreplace({index: sp.Integer(k)}) for k in range(int(low), int(high) + 1)))
        return self.func(function, *self.limits)


def plain_sums(expr: sp.Expr) -> sp.Expr:
    """The same expression with ordinary SymPy sums (for results compared with the bank)."""
    return expr.replace(lambda e: isinstance(e, SampleSum), lambda e: sp.Sum(*e.args))


X = sp.IndexedBase("x", real=True)
I = sp.Symbol("i", integer=True)
J = sp.Symbol("j", integer=True)
N = sp.Symbol("N", integer=True, positive=True)
# The checker probes sums of N = 1, ..., 6 terms: enough to catch a wrong identity, fast to evaluate.
SAMPLE_SIZES = Domain(sp.Integer(1), sp.Integer(6), False, False, True)


def sample_mean(x: sp.IndexedBase = X, n: sp.Symbol = N) -> sp.Expr:
    return SampleSum(x[I], (I, 1, n)) / n


def _variance_input(value) -> sp.Expr:
    value = expression(value) if isinstance(value, str) else sp.sympify(value)
    value = value.xreplace({s: sp.Symbol(s.name, positive=True) for s in value.free_symbols})
    if value.is_positive is not True:
        raise ValueError(f"a variance must be positive, not {value}")
    return value


def gaussian_loss(mu: sp.Symbol, v: sp.Expr) -> tuple[sp.Expr, sp.Expr, sp.Expr]:
    """The negative log-likelihood (17.7.18) of the sample, as given, log-expanded, and summed."""
    density = sp.exp(-(X[I] - mu) ** 2 / (2 * v)) / sp.sqrt(2 * sp.pi * v)
    given_form = -SampleSum(sp.log(density, evaluate=False), (I, 1, N))
    expanded = SampleSum((X[I] - mu) ** 2 / (2 * v) + sp.log(2 * sp.pi * v) / 2, (I, 1, N))
    summed = SampleSum((X[I] - mu) ** 2, (I, 1, N)) / (2 * v) + N * sp.log(2 * sp.pi * v) / 2
    return given_form, expanded, summed


def normal_pdf(mu: sp.Symbol, v: sp.Expr):
    """The density of N(mu, v) from sympy.stats, for the checks."""
    return stats.density(stats.Normal("X", mu, sp.sqrt(v)))


def normal_loss(mu: sp.Symbol, v: sp.Expr) -> sp.Expr:
    """-sum_i log p(x_i | mu, v), the density from sympy.stats: the checks' own loss."""
    return -SampleSum(sp.log(normal_pdf(mu, v)(X[I])), (I, 1, N))


NORMAL_HOW = "sp.diff of -sum_i log p(x_i), the normal density from sympy.stats"


def _mean_steps(mu: sp.Symbol, v: sp.Expr, loss: sp.Expr) -> list[Step]:
    residual = SampleSum(X[I] - mu, (I, 1, N))
    return [
        Step(sp.Eq(0, _d(loss, mu), evaluate=False), rule="first-order condition in mu",
             why="at a minimum of the loss the derivative in mu vanishes", fresh=True,
             checker=recomputed(lambda: sp.Eq(0, sp.diff(normal_loss(mu, v), mu)), NORMAL_HOW)),
        Step(sp.Eq(0, -residual / v, evaluate=False), "<=>", rule="differentiate the sum term by term, chain rule"),
        Step(sp.Eq(0, SampleSum(X[I], (I, 1, N)) - N * mu, evaluate=False), "<=>",
             rule="multiply by -sigma^2 and split the sum", why="the sum of N copies of mu is N mu",
             checker=scaled_by(-v)),
        Step(sp.Eq(mu, sample_mean(), evaluate=False), "<=>", rule="solve for mu", checker=solved_for(mu)),
        Step(_d(loss, (mu, 2)), rule="second-derivative test",
             why="a critical point where the second derivative is positive is a minimum", fresh=True,
             checker=recomputed(lambda: sp.diff(normal_loss(mu, v), mu, 2), NORMAL_HOW + ", twice")),
        Step(N / v, rule="differentiate once more: each of the N terms gives 1/sigma^2"),
        Step(sp.StrictGreaterThan(N / v, 0, evaluate=False), "=>", rule="N > 0 and sigma^2 > 0", why="the loss is convex in mu",
             checker=has_sign(1)),
    ]


def split_sums(expr: sp.Expr) -> sp.Expr:
    """Linearity of the sum: sum (a t_i + c) = a sum t_i + N c, so that `solve` sees the unknowns."""
    def split(summand, *limits):
        [(index, low, high)] = limits
        total = sp.Integer(0)
        for term in sp.Add.make_args(sp.expand(summand)):
            constant, varying = term.as_independent(index, as_Add=False)
            total += constant * (SampleSum(varying, (index, low, high)) if varying.has(index)
                                 else varying * (high - low + 1))
        return total
    return expr.replace(lambda e: isinstance(e, sp.Sum), lambda e: split(e.function, *e.limits))


def _solve_loss(loss: sp.Expr, unknowns: list[sp.Symbol]) -> dict:
    """The critical point of the loss, solved from scratch (used by the conclusions' checkers)."""
    solution: dict = {}
    for unknown in unknowns:  # one at a time: the mean's equation does not involve the variance
        equation = split_sums(sp.diff(loss, unknown).doit())
        [value] = [s for s in sp.solve(equation, unknown, check=False, simplify=False) if s != 0]
        solution[unknown] = value.xreplace(solution)
    return solution


@register("gaussian-mle", "Maximum likelihood mean (and variance) of a Gaussian sample",
          source("17.7", "17.7.15", "17.7.18", note="exercise 2; estimate=variance adds the variance, with its 1/N"),
          params={"estimate": "text", "sigma2": "expression"}, defaults={"estimate": "mean", "sigma2": "1"},
          generator=True)
def gaussian_mle(estimate: str = "mean", sigma2: sp.Expr | str = "1") -> Derivation:
    """`mean`: the variance sigma2 is known (any positive value or symbol), the answer is the sample
    mean. `variance`: mean and variance are both unknown; the answer is (1/N) sum (x_i - xbar)^2."""
    if estimate not in ("mean", "variance"):
        raise ValueError("estimate is 'mean' or 'variance'")
    mu = sp.Symbol("mu", real=True)
    v = _variance_input(sigma2) if estimate == "mean" else sp.Symbol("sigma^2", positive=True)
    given_form, expanded, summed = gaussian_loss(mu, v)
    mu_hat, v_hat = sp.Symbol("muhat"), sp.Symbol("sigmahat^2")
    steps = [
        Step(given_form, rule="negative log-likelihood (17.7.18)", fresh=True,
             why="independent samples: the loss is -log of the product of the densities, -sum_i log p(x_i | mu)",
             checker=recomputed(lambda: -sp.log(sp.Product(normal_pdf(mu, v)(X[I]), (I, 1, N))),
                                "-log of the product of the normal densities (sympy.stats)")),
        Step(expanded, rule="log(a/b) = log a - log b and log e^u = u"),
        Step(summed, rule="split the sum; the constant term is added N times"),
        *_mean_steps(mu, v, summed),
    ]
    unknowns = [mu] + ([v] if estimate == "variance" else [])
    if estimate == "mean":
        result = sample_mean()
        steps.append(Step(sp.Eq(mu_hat, result, evaluate=False), "=>", rule="the critical point of a convex loss",
                          checker=concluded(mu_hat, lambda: _solve_loss(summed, unknowns)[mu])))
    else:
        xbar = SampleSum(X[J], (J, 1, N)) / N
        result = SampleSum((X[I] - xbar) ** 2, (I, 1, N)) / N
        steps += _variance_steps(mu, v, summed, xbar, result, v_hat)
    domains = {mu: "real", **{s: "positive" for s in v.free_symbols}}
    title = "mean" if estimate == "mean" else "mean and variance"
    derivation = Derivation(
        "gaussian-mle", f"Maximum likelihood {title} of a Gaussian sample x_1, ..., x_N",
        source("17.7", "17.7.15", "17.7.18"), steps, plain_sums(result),
        givens=[("density p(x | mu)", sp.exp(-(sp.Symbol("x") - mu) ** 2 / (2 * v)) / sp.sqrt(2 * sp.pi * v))],
        assumptions={**_domains(domains), N: SAMPLE_SIZES},
    )
    return derivation


def _variance_steps(mu, v, loss, xbar, result, v_hat) -> list[Step]:
    squares = SampleSum((X[I] - mu) ** 2, (I, 1, N))
    hessian = sp.Matrix([[_d(loss, mu, mu), _d(loss, mu, v)], [_d(loss, v, mu), _d(loss, v, v)]])
    computed = sp.Matrix([[N / v, SampleSum(X[I] - mu, (I, 1, N)) / v ** 2],
                          [SampleSum(X[I] - mu, (I, 1, N)) / v ** 2, -N / (2 * v ** 2) + squares / v ** 3]])
    at_optimum = sp.Matrix([[N / v_hat, 0], [0, N / (2 * v_hat ** 2)]])

    def at_critical_point(previous, current, derivation):
        """Substitute mu = xbar and sigma^2 = (1/N) sum (x_i - xbar)^2 in the computed Hessian."""
        point = {mu: xbar, v: result}
        substituted = sp.Matrix(previous).xreplace(point).applyfunc(lambda e: e.doit())
        target = sp.Matrix(current).xreplace({v_hat: result}).applyfunc(lambda e: e.doit())
        outcome = equivalent(substituted, target, probe_for(derivation, "hessian at the critical point"))
        return bool(outcome), outcome.method, outcome.detail

    def positive_definite(previous, current, derivation):
        """The previous matrix is diagonal, the statement says its diagonal entries are positive,
        and they are (v_hat > 0, N >= 1): a diagonal matrix with positive entries is positive definite."""
        off = [previous[0, 1], previous[1, 0]]
        said = sp.And(*(sp.StrictGreaterThan(previous[k, k], 0, evaluate=False) for k in range(2)))
        diagonal = [previous[k, k].xreplace({v_hat: v}) for k in range(2)]
        ok = current == said and all(entry == 0 for entry in off) and all(d.is_positive for d in diagonal)
        return ok, "symbolic", "" if ok else "not diagonal with positive entries"

    def from_scratch() -> sp.Expr:
        return _solve_loss(loss, [mu, v])[v]

    return [
        Step(sp.Eq(0, _d(loss, v), evaluate=False), rule="first-order condition in sigma^2",
             why="at a minimum the derivative in sigma^2 vanishes too", fresh=True,
             checker=recomputed(lambda: sp.Eq(0, sp.diff(normal_loss(mu, v), v)), NORMAL_HOW)),
        Step(sp.Eq(0, N / (2 * v) - squares / (2 * v ** 2), evaluate=False), "<=>",
             rule="derivative of log and of 1/sigma^2"),
        Step(sp.Eq(0, N * v - squares, evaluate=False), "<=>", rule="multiply by 2 sigma^4 > 0",
             checker=scaled_by(2 * v ** 2)),
        Step(sp.Eq(v, squares / N, evaluate=False), "<=>", rule="solve for sigma^2", checker=solved_for(v)),
        Step(sp.Eq(v_hat, result, evaluate=False), "=>", rule="put in the estimate mu = xbar",
             why="the divisor is N, not N - 1: the maximum likelihood variance is biased",
             checker=concluded(v_hat, from_scratch)),
        Step(hessian, rule="second-order condition",
             why="the critical point is a minimum if the Hessian there is positive definite", fresh=True,
             checker=recomputed(lambda: sp.hessian(normal_loss(mu, v), (mu, v)), "sp.hessian of -sum_i log p(x_i), "
                                "the normal density from sympy.stats")),
        Step(computed, rule="differentiate the loss twice", checker=entrywise),
        Step(at_optimum, "=>", rule="at the critical point", why="sum (x_i - xbar) = 0, sum (x_i - xbar)^2 = N sigma^2",
             checker=at_critical_point),
        Step(sp.And(*(sp.StrictGreaterThan(at_optimum[k, k], 0, evaluate=False) for k in range(2))), "=>",
             rule="diagonal with positive entries: positive definite", why="N >= 1 and the estimate is positive",
             checker=positive_definite),
    ]


# --- the negative log-likelihood of an i.i.d. sample (17.7.10)-(17.7.15) ---------------------------

def _density_input(density, param, var: str = "x") -> tuple[sp.Expr, sp.Symbol, sp.Symbol]:
    p = expression(density) if isinstance(density, str) else sp.sympify(density)
    theta = symbol(param) if isinstance(param, str) else param
    by_name = {s.name: s for s in p.free_symbols}
    if theta.name not in by_name:
        raise ValueError(f"the density does not depend on the parameter {theta.name}")
    x = by_name.get(var, sp.Symbol(var, real=True))
    return p.xreplace({by_name[theta.name]: theta}), theta, x


@register("negative-log-likelihood", "The negative log-likelihood of an i.i.d. sample and its derivative",
          source("17.7", "17.7.10", "17.7.12", "17.7.13", "17.7.15"),
          params={"density": "expression", "param": "symbol", "domain": "text"},
          defaults={"density": "theta**x*(1 - theta)**(1 - x)", "param": "theta", "domain": "(0, 1)"},
          generator=True)
def negative_log_likelihood(density="theta**x*(1 - theta)**(1 - x)", param="theta", domain="(0, 1)") -> Derivation:
    """Any density p(x | param) of one variable x: the product over the sample becomes a sum of
    logs, and its derivative a sum of p'/p (n divisions instead of n(n - 1) products)."""
    p, theta, x = _density_input(density, param)
    theta_domain = Domain.parse(domain)
    theta = sp.Symbol(theta.name, **theta_domain.assumptions())
    p = p.xreplace({s: theta for s in p.free_symbols if s.name == theta.name})
    at = p.xreplace({x: X[I]})
    per_point = sp.expand_log(sp.log(at), force=True)
    nll = -SampleSum(per_point, (I, 1, N))
    gradient_form = -SampleSum(sp.Mul(sp.Pow(at, -1, evaluate=False), _d(at, theta), evaluate=False), (I, 1, N))
    gradient = -SampleSum(sp.simplify(sp.diff(per_point, theta)), (I, 1, N))
    steps = [
        defined(-sp.log(sp.Product(at, (I, 1, N))), "negative log-likelihood (17.7.10)",
                "-log of the likelihood, which for independent observations is the product "
                "p(x_1 | theta) ... p(x_N | theta)"),
        Step(-SampleSum(sp.log(at, evaluate=False), (I, 1, N)), rule="the log of a product is the sum of the logs",
             why="(17.7.12), (17.7.15)"),
        Step(nll, rule="expand each logarithm"),
        defined(_d(nll, theta), "the gradient of the loss", "d/dtheta of the loss, which gradient descent follows "
                "(17.7.13)"),
        Step(gradient_form, rule="derivative of the logarithm and chain rule", why="(17.7.13): one division per point"),
        Step(gradient, rule="simplify each term"),
    ]
    return Derivation(
        "negative-log-likelihood", f"The negative log-likelihood of a sample from ${sp.latex(p)}$",
        source("17.7", "17.7.10", "17.7.12", "17.7.13", "17.7.15"), steps, plain_sums(nll),
        givens=[(f"density p(x | {theta.name})", p)], assumptions={theta: theta_domain, N: SAMPLE_SIZES},
        notes=[f"The derivative of the loss: {sp.sstr(plain_sums(gradient))}"],
    )


# --- what the seed prints in 17.7 -----------------------------------------------------------------

COIN_STRING = "HHHTHTTTHHHHT"


def _truncated(value: sp.Expr, decimals: int) -> sp.Float:
    """A value cut (not rounded) to `decimals` places, as the seed prints "-301029995.6..."."""
    scaled = sp.Integer(sp.floor(abs(value) * 10 ** decimals))
    text = f"{'-' if value < 0 else ''}{scaled // 10 ** decimals}.{str(scaled % 10 ** decimals).zfill(decimals)}"
    return sp.Float(text, len(text))


def _gradient_descent(n_H: int, n_T: int, start: sp.Rational, rate: sp.Rational, steps: int) -> sp.Float:
    """The seed's loop (17.7.2 code), theta -= lr * d/dtheta of (17.7.9), in 50-digit arithmetic."""
    theta = sp.Symbol("theta", positive=True)
    gradient = sp.lambdify(theta, sp.diff(-(n_H * sp.log(theta) + n_T * sp.log(1 - theta)), theta), "mpmath")
    with mpmath.workdps(50):
        value, rate_ = mpmath.mpf(start.p) / start.q, mpmath.mpf(rate.p) / rate.q
        for _ in range(steps):
            value = value - rate_ * gradient(value)
        return sp.Float(value, 50)


claim("(17.7.5)", 'the number of heads n_H in the sequence "HHHTHTTTHHHHT"', sp.Integer(9),
      lambda: sp.Integer(COIN_STRING.count("H")))
claim("(17.7.5)", 'the number of tails n_T in the sequence "HHHTHTTTHHHHT"', sp.Integer(4),
      lambda: sp.Integer(COIN_STRING.count("T")))
claim("(17.7.6)", "the factored derivative of theta^9 (1 - theta)^4",
      (lambda t: t ** 8 * (1 - t) ** 3 * (9 - 13 * t))(sp.Symbol("theta", positive=True)),
      lambda: sp.diff(sp.Symbol("theta", positive=True) ** 9 * (1 - sp.Symbol("theta", positive=True)) ** 4,
                      sp.Symbol("theta", positive=True)))
claim("(17.7.6)", "the maximum likelihood estimate for 9 heads and 4 tails", sp.Rational(9, 13),
      lambda: coin_estimate(sp.Integer(9), sp.Integer(4)))
claim("(17.7.7)", "log((1/2)^1000000000) = 1000000000 log(1/2) with the natural log (the appendix's log, 17.7), "
      "cut to one decimal; the printed value is the base-10 logarithm", sp.Float("-301029995.6", 11),
      lambda: _truncated(10 ** 9 * sp.log(sp.Rational(1, 2)), 1))
claim("17.7.2 (code)", "theta after the 10 gradient-descent steps printed (lr = 1e-12 from 0.5, "
      "n_H = 8675309, n_T = 25624), to 8 decimals", sp.Float("0.50172704"),
      lambda: rounded(_gradient_descent(8675309, 25624, sp.Rational(1, 2), sp.Rational(1, 10 ** 12), 10), 8))
claim("17.7.2 (code)", "n_H / (n_H + n_T) for n_H = 8675309, n_T = 25624", sp.Float("0.9970550284664874", 16),
      lambda: coin_estimate(sp.Integer(8675309), sp.Integer(25624)))
claim("17.7 exercise 1", "the total mass on x >= 0 of the seed's 'density' (1/alpha) e^{-alpha x} "
      "(a density has mass 1)", sp.Integer(1), seed_density_mass, mistake="17.7.1")
