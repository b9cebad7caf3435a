"""Estimators (17.9.1): the bias-variance decomposition (17.9.4) derived with linearity of
expectation, the mean squared error of a scaled sample mean, and the two estimators of the
uniform's upper end (17.9 exercise 1): the maximum and twice the sample mean.

Expectations of an estimator are kept as an operator E[.] on polynomials in the estimator: its
`doit` applies linearity (constants come out, E[c] = c) and leaves the moments m_k = E[T^k] as
symbols, so every line of the decomposition is checked as an identity in the moments.
"""
from __future__ import annotations

from functools import cached_property, lru_cache
from typing import Any

import sympy as sp
from sympy import stats

from deriver.catalog import derive, register, source
from deriver.checking import probe_for, recomputed
from deriver.claims import claim
from deriver.generators.integrals import with_domain
from deriver.generators.likelihood import SampleSum
from deriver.inputs import expression
from deriver.model import Derivation, Step, definition
from exercises.symbols import Domain
from grader.equivalence import equivalent

ESTIMATOR = sp.Symbol(r"\hat{\theta}_n", real=True)
THETA = sp.Symbol("theta", real=True)


# --- the expectation operator on polynomials in the estimator -------------------------------------

def moment(k: int) -> sp.Expr:
    return sp.Integer(1) if k == 0 else sp.Symbol(f"m_{k}", real=True)


def _power(tex: str, exp: str | None) -> str:
    return rf"\left[{tex}\right]^{{{exp}}}" if exp else tex


class Expect(sp.Function):
    """E[p(T)] for a polynomial p in the estimator T: linear, constants come out; `doit` gives
    sum_k c_k m_k with the moments m_k = E[T^k]."""

    nargs = 1

    def doit(self, **hints):
        argument = self.args[0].doit(**hints)
        polynomial = sp.Poly(sp.expand(argument), ESTIMATOR)
        return sp.Add(*(coefficient * moment(k) for (k,), coefficient in polynomial.terms()))

    def _latex(self, printer, exp=None) -> str:
        return _power(rf"\mathbb{{E}}\left[{printer._print(self.args[0])}\right]", exp)


class Var(sp.Function):
    """Var(T) = E[(T - E[T])^2] (17.9.3)."""

    nargs = 1

    def doit(self, **hints):
        T = self.args[0]
        return Expect((T - Expect(T)) ** 2).doit(**hints)

    def _latex(self, printer, exp=None) -> str:
        return _power(rf"\operatorname{{Var}}\left({printer._print(self.args[0])}\right)", exp)


class Bias(sp.Function):
    """bias(T) = E[T] - theta (17.9.2)."""

    nargs = 2

    def doit(self, **hints):
        T, target = self.args
        return Expect(T).doit(**hints) - target

    def _latex(self, printer, exp=None) -> str:
        return _power(rf"\operatorname{{bias}}\left({printer._print(self.args[0])}\right)", exp)


class MSE(sp.Function):
    """MSE(T, theta) = E[(T - theta)^2] (17.9.1)."""

    nargs = 2

    def doit(self, **hints):
        T, target = self.args
        return Expect((T - target) ** 2).doit(**hints)

    def _latex(self, printer, exp=None) -> str:
        T, target = (printer._print(a) for a in self.args)
        return _power(rf"\operatorname{{MSE}}\left({T}, {target}\right)", exp)


def _add(*terms: sp.Expr) -> sp.Expr:
    return sp.Add(*terms, evaluate=False)


def decomposition_steps(T: sp.Expr = ESTIMATOR, target: sp.Expr = THETA) -> list[Step]:
    """MSE = Var + bias^2, one rule per line; each line is an identity in the moments of T."""
    mean = Expect(T)
    centred, offset = _add(T, -mean), _add(mean, -target)
    square = Expect((T - target) ** 2)
    return [
        definition(square, "(17.9.1): the mean squared error of the estimator",
                   rule="MSE(theta_hat, theta) = E[(theta_hat - theta)^2], by its definition (17.9.1)",
                   display=f"{sp.latex(MSE(T, target))} = {sp.latex(square)}"),
        Step(Expect(_add(centred, offset) ** 2), rule="add and subtract E[theta_hat]"),
        Step(_add(Expect(centred ** 2), Expect(2 * sp.Mul(centred, offset, evaluate=False)), Expect(offset ** 2)),
             rule="expand the square; linearity of expectation"),
        Step(_add(Expect(centred ** 2), sp.Mul(2, offset, Expect(centred), evaluate=False), offset ** 2),
             rule="E[theta_hat] - theta is a constant: it comes out of the expectation, and E[c] = c"),
        Step(_add(Expect(centred ** 2), sp.Mul(2, offset, _add(mean, -mean), evaluate=False), offset ** 2),
             rule="linearity again: E[theta_hat - E[theta_hat]] = E[theta_hat] - E[theta_hat]"),
        Step(_add(Expect(centred ** 2), offset ** 2), rule="the cross term is 0"),
        Step(_add(Var(T), Bias(T, target) ** 2), rule="definitions of the variance (17.9.3) and the bias (17.9.2)"),
    ]


# --- integrals that the checker evaluates quickly ------------------------------------------------

class QuickIntegral(sp.Integral):
    """An integral over a finite interval done term by term without the Risch and Meijer-G machinery
    (seconds faster for x^n with a symbolic n), remembered once done; anything left over falls
    back to SymPy's default."""

    def doit(self, **hints):
        return _integrate(sp.Integral(*self.args))


@lru_cache(maxsize=256)
def _integrate(form: sp.Integral) -> sp.Expr:
    [(x, lower, upper)] = form.limits
    if lower.is_finite and upper.is_finite and not form.function.has(sp.exp):
        terms = sp.Add.make_args(sp.expand(form.function))
        value = sp.Add(*(sp.Integral(t, (x, lower, upper)).doit(risch=False, meijerg=False, conds="none")
                         for t in terms))
        if not value.has(sp.Integral):
            return value
    return form.doit(conds="none")


def integral(expr: sp.Expr, x: sp.Symbol, lower: sp.Expr, upper: sp.Expr) -> QuickIntegral:
    return QuickIntegral(expr, (x, lower, upper))


def value_of(expr: sp.Expr) -> sp.Expr:
    """The simplified value of a step (integrals and sums done)."""
    return sp.simplify(expr.doit())


# --- the mean squared error of a scaled sample mean ------------------------------------------------

I = sp.Symbol("i", integer=True)


class SampleMeanSteps:
    """theta_tilde = c * (1/n) sum X_i for X_i i.i.d. with density p on [lower, upper]:
    its mean, bias, variance, standard deviation and MSE, each from the density."""

    def __init__(self, density: sp.Expr, x: sp.Symbol, lower: sp.Expr, upper: sp.Expr, target: sp.Expr,
                 factor: sp.Expr, n: sp.Expr, name: str = "theta_tilde"):
        self.density, self.x, self.lower, self.upper = density, x, lower, upper
        self.target, self.factor, self.n, self.name = target, factor, n, name

    @cached_property
    def by_stats(self) -> tuple[sp.Expr, sp.Expr]:
        """E[X] and E[X^2] of one draw, recomputed by sympy.stats from the density (for the checks only)."""
        density, x, _ = with_domain(self.density, self.x, self.lower, self.upper)  # x > 0 on (0, oo), ...
        X = stats.ContinuousRV(x, density, set=sp.Interval(self.lower, self.upper))
        first, second = (stats.E(X ** k, evaluate=False).doit(conds="none") for k in (1, 2))
        return sp.simplify(first), sp.simplify(second)

    def _mean_by_stats(self) -> sp.Expr:
        return self.factor * self.by_stats[0]

    def _variance_by_stats(self) -> sp.Expr:
        first, second = self.by_stats
        return self.factor ** 2 * (second - first ** 2) / self.n

    def _mse_by_stats(self) -> sp.Expr:
        """E[(c Xbar - theta)^2] expanded: c^2 E[Xbar^2] - 2 c theta E[Xbar] + theta^2, with
        E[Xbar^2] = E[X^2]/n + (1 - 1/n) E[X]^2 for independent draws."""
        (first, second), c, n, aim = self.by_stats, self.factor, self.n, self.target
        return c ** 2 * (second / n + (1 - sp.Integer(1) / n) * first ** 2) - 2 * c * aim * first + aim ** 2

    @cached_property
    def mean_x(self) -> sp.Expr:
        return value_of(integral(self.x * self.density, self.x, self.lower, self.upper))

    @cached_property
    def var_x(self) -> sp.Expr:
        return value_of(integral((self.x - self.mean_x) ** 2 * self.density, self.x, self.lower, self.upper))

    @cached_property
    def mean(self) -> sp.Expr:
        return sp.simplify(self.factor * self.mean_x)

    @cached_property
    def bias(self) -> sp.Expr:
        return sp.simplify(self.mean - self.target)

    @cached_property
    def variance(self) -> sp.Expr:
        return sp.simplify(self.factor ** 2 * self.var_x / self.n)

    @cached_property
    def sd(self) -> sp.Expr:
        return sp.simplify(sp.sqrt(self.variance))

    @cached_property
    def mse(self) -> sp.Expr:
        return sp.factor(sp.simplify(self.variance + self.bias ** 2))

    def build(self, upto: str = "mse") -> list[Step]:
        """The steps up to `upto`: mean, bias, variance, sd, mse (mse needs the bias and the variance)."""
        wanted = {"mean": ["mean"], "bias": ["mean", "bias"], "variance": ["mean", "variance"],
                  "sd": ["mean", "variance", "sd"], "mse": ["mean", "bias", "variance", "mse"]}[upto]
        steps: list[Step] = []
        for part in wanted:
            steps += getattr(self, f"_{part}_steps")()
        return steps

    def _mean_steps(self) -> list[Step]:
        c, n, x = self.factor, self.n, self.x
        one = integral(x * self.density, x, self.lower, self.upper)
        return [
            Step(c / n * SampleSum(one, (I, 1, n)), rule=f"E[{self.name}] by linearity of expectation",
                 why="E[(c/n) sum_i X_i] = (c/n) sum_i E[X_i], and E[X_i] is the integral of x p(x) (17.6.23)", fresh=True,
                 checker=recomputed(self._mean_by_stats, "c E[X], E[X] recomputed by sympy.stats from the density")),
            Step(c * one, rule="the n terms are equal: the X_i are identically distributed"),
            Step(self.mean, rule="integrate"),
        ]

    def _bias_steps(self) -> list[Step]:
        return [
            definition(_add(self.mean, -self.target), f"(17.9.2): bias = E[{self.name}] - theta",
                       rule=f"bias({self.name}) = E[{self.name}] - theta, by its definition (17.9.2)"),
            Step(self.bias, rule="simplify"),
        ]

    def _variance_steps(self) -> list[Step]:
        c, n, x = self.factor, self.n, self.x
        one = integral((x - self.mean_x) ** 2 * self.density, x, self.lower, self.upper)
        return [
            Step(c ** 2 / n ** 2 * SampleSum(one, (I, 1, n)), rule=f"Var({self.name}) of a sum of independent terms",
                 why="variances of independent terms add, Var(aY) = a^2 Var(Y), and Var(X_i) is the integral of "
                 "(x - E[X])^2 p(x) (17.9.3)",
                 fresh=True, checker=recomputed(self._variance_by_stats, "(c^2/n) (E[X^2] - E[X]^2), the moments of X "
                                                "recomputed by sympy.stats from the density")),
            Step(c ** 2 / n * one, rule="the n terms are equal"),
            Step(self.variance, rule="integrate"),
        ]

    def _sd_steps(self) -> list[Step]:
        return [
            definition(sp.sqrt(self.variance, evaluate=False), "(17.9.3): the standard deviation is the square root "
                       "of the variance", rule=f"sigma of {self.name}, the root of its variance (17.9.3)"),
            Step(self.sd, rule="simplify"),
        ]

    def _mse_steps(self) -> list[Step]:
        return [
            Step(_add(self.variance, self.bias ** 2), rule=f"MSE({self.name}) = Var + bias^2 (17.9.4)",
                 why="with the variance and the bias above", fresh=True,
                 checker=recomputed(self._mse_by_stats, "E[(c Xbar - theta)^2] expanded, E[Xbar^2] = E[X^2]/n + "
                                    "(1 - 1/n) E[X]^2, the moments of X recomputed by sympy.stats")),
            Step(self.mse, rule="simplify"),
        ]


def _expr(value: Any) -> sp.Expr:
    return expression(value) if isinstance(value, str) else sp.sympify(value)


def _named(expr: sp.Expr, symbols: dict[str, sp.Symbol]) -> sp.Expr:
    """Put our symbols (with their assumptions) in place of the parsed ones of the same name."""
    return expr.xreplace({s: symbols[s.name] for s in expr.free_symbols if s.name in symbols})


GAUSSIAN = "exp(-(x - theta)**2/(2*sigma**2))/sqrt(2*pi*sigma**2)"


@register("bias-variance", "The bias-variance decomposition, and the MSE of a scaled sample mean",
          source("17.9", "17.9.1", "17.9.2", "17.9.3", "17.9.4"),
          params={"density": "expression", "lower": "expression", "upper": "expression", "target": "expression",
                  "factor": "expression"},
          defaults={"density": GAUSSIAN, "lower": "-oo", "upper": "oo", "target": "theta", "factor": "1"},
          generator=True)
def bias_variance(density: Any = GAUSSIAN, lower: Any = "-oo", upper: Any = "oo", target: Any = "theta",
                  factor: Any = "1") -> Derivation:
    """First MSE = Var + bias^2 for any estimator (17.9.4); then for theta_hat = factor * sample mean of
    n i.i.d. draws from `density` (in x, on [lower, upper]) estimating `target`: its MSE."""
    x, n = sp.Symbol("x", real=True), sp.Symbol("n", integer=True, positive=True)
    symbols = {"x": x, "n": n, "theta": THETA, "sigma": sp.Symbol("sigma", positive=True)}
    p = _named(_expr(density), symbols)
    lo, hi, aim, c = (_named(_expr(v), symbols) for v in (lower, upper, target, factor))
    mean = SampleMeanSteps(p, x, lo, hi, aim, c, n, name="theta_hat")
    steps = decomposition_steps(ESTIMATOR, THETA) + mean.build("mse")
    domains = {s: Domain.parse("positive" if s.is_positive else "real") for s in p.free_symbols | aim.free_symbols}
    derivation = Derivation(
        "bias-variance", "MSE = Var + bias^2, and the MSE of the sample mean", source("17.9", "17.9.1", "17.9.4"),
        steps, mean.mse, givens=[("density of one sample p(x)", p), ("support", sp.Interval(lo, hi)),
                                 ("estimator", c * sp.Symbol(r"\bar{X}_n"))],
        assumptions={**domains, n: Domain.parse("positive_integer"), **_moment_domains()},
    )
    derivation.notes.append(f"E = {sp.sstr(mean.mean)}, bias = {sp.sstr(mean.bias)}, Var = {sp.sstr(mean.variance)}")
    return derivation


def _moment_domains() -> dict[sp.Symbol, Domain]:
    return {moment(1): Domain.parse("real"), moment(2): Domain.parse("real"), THETA: Domain.parse("real")}


# --- the uniform's upper end: the maximum and twice the sample mean (17.9 exercise 1) -------------

class MaximumSteps:
    """theta_hat = max X_i for X_i i.i.d. Unif(0, theta): the CDF (x/theta)^n, the density
    n x^{n-1}/theta^n, then its mean, bias, variance, standard deviation and MSE."""

    def __init__(self, theta: sp.Symbol, n: sp.Expr, x: sp.Symbol):
        self.theta, self.n, self.x = theta, n, x
        t = sp.Symbol("t", positive=True)
        self.cdf_form = sp.Product(integral(1 / theta, t, 0, x), (I, 1, n))
        self.cdf = sp.powsimp(self.cdf_form.doit())  # (x/theta)^n

    @cached_property
    def pdf(self) -> sp.Expr:
        return sp.simplify(sp.diff(self.cdf, self.x))

    # --- the checks' own route: sympy.stats's Unif(0, theta) and the density of the largest of n draws

    def _uniform(self) -> tuple[sp.Expr, sp.Expr]:
        """The density f and the CDF F of Unif(0, theta) on [0, theta], by sympy.stats."""
        U = stats.Uniform("U", 0, self.theta)
        inside = sp.Q.le(self.x, self.theta)
        return sp.refine(stats.density(U)(self.x), inside), sp.refine(stats.cdf(U)(self.x), inside)

    def _cdf_by_stats(self) -> sp.Expr:
        return self._uniform()[1] ** self.n

    def _largest_density(self) -> sp.Expr:
        """n f(x) F(x)^(n-1): one of the n draws at x (n choices), the other n - 1 below it."""
        f, F = self._uniform()
        return self.n * f * F ** (self.n - 1)

    def _moment_by_stats(self, g: sp.Expr) -> sp.Expr:
        return sp.integrate(sp.expand(g * self._largest_density()), (self.x, 0, self.theta), conds="none")

    def _variance_directly(self) -> sp.Expr:
        mean = self._moment_by_stats(self.x)
        return self._moment_by_stats((self.x - mean) ** 2)

    @cached_property
    def m1(self) -> sp.Expr:
        return value_of(integral(self.x * self.pdf, self.x, 0, self.theta))

    @cached_property
    def m2(self) -> sp.Expr:
        return value_of(integral(self.x ** 2 * self.pdf, self.x, 0, self.theta))

    @cached_property
    def mean(self) -> sp.Expr:
        return self.m1

    @cached_property
    def bias(self) -> sp.Expr:
        return sp.factor(self.m1 - self.theta)

    @cached_property
    def variance(self) -> sp.Expr:
        return sp.factor(sp.simplify(self.m2 - self.m1 ** 2))

    @cached_property
    def sd(self) -> sp.Expr:
        return sp.simplify(sp.sqrt(self.variance))

    @cached_property
    def mse(self) -> sp.Expr:
        return sp.factor(sp.simplify(self.variance + self.bias ** 2))

    def build(self, upto: str = "mse") -> list[Step]:
        wanted = {"mean": ["density", "mean"], "bias": ["density", "mean", "bias"],
                  "variance": ["density", "mean", "second", "variance"],
                  "sd": ["density", "mean", "second", "variance", "sd"],
                  "mse": ["density", "mean", "second", "bias", "variance", "mse"]}[upto]
        steps: list[Step] = []
        for part in wanted:
            steps += getattr(self, f"_{part}_steps")()
        return steps

    def _density_steps(self) -> list[Step]:
        x = self.x
        return [
            Step(self.cdf_form, rule="CDF of the maximum, P(theta_hat <= x)", why="max X_i <= x exactly when every "
                 "X_i <= x; independent events multiply, and P(X_i <= x) is the integral of 1/theta from 0 to x",
                 fresh=True, checker=recomputed(self._cdf_by_stats, "F(x)^n, F the CDF of Unif(0, theta) on "
                                                "[0, theta] by sympy.stats")),
            Step(self.cdf, rule="integrate: (x/theta)^n for 0 <= x <= theta"),
            Step(sp.Derivative(self.cdf, x, evaluate=False), rule="density of theta_hat: the derivative of its CDF",
                 fresh=True, checker=recomputed(self._largest_density, "n f(x) F(x)^(n-1): one of the n draws at x, "
                                                "the other n - 1 below it; f and F of Unif(0, theta) by sympy.stats")),
            Step(self.pdf, rule="power rule"),
        ]

    def _mean_steps(self) -> list[Step]:
        form = integral(self.x * self.pdf, self.x, 0, self.theta)
        return [definition(form, "(17.6.23): the mean of a density", rule="E[theta_hat], the mean of its density "
                           "(17.6.23)"), Step(self.m1, rule="integrate")]

    def _second_steps(self) -> list[Step]:
        form = integral(self.x ** 2 * self.pdf, self.x, 0, self.theta)
        return [definition(form, "(17.6.24): E[X^2] is the integral of x^2 p(x)",
                           rule="E[theta_hat^2], the integral of x^2 against its density (17.6.24)"),
                Step(self.m2, rule="integrate")]

    def _bias_steps(self) -> list[Step]:
        return [definition(_add(self.m1, -self.theta), "(17.9.2): bias = E[theta_hat] - theta",
                           rule="bias(theta_hat) = E[theta_hat] - theta, by its definition (17.9.2)"),
                Step(self.bias, rule="simplify: the maximum never exceeds theta")]

    def _variance_steps(self) -> list[Step]:
        return [Step(_add(self.m2, -self.m1 ** 2), rule="Var(theta_hat) = E[theta_hat^2] - E[theta_hat]^2",
                     why="the square of (17.9.3) expanded, with the two moments above", fresh=True,
                     checker=recomputed(self._variance_directly, "E[(theta_hat - E[theta_hat])^2] (17.9.3) integrated "
                                        "directly against n f(x) F(x)^(n-1), f and F by sympy.stats")),
                Step(self.variance, rule="common denominator")]

    def _sd_steps(self) -> list[Step]:
        return [definition(sp.sqrt(self.variance, evaluate=False), "(17.9.3): the square root of the variance",
                           rule="sigma of theta_hat, the root of its variance (17.9.3)"),
                Step(self.sd, rule="theta > 0 and n + 1 > 0 come out of the root")]

    def _mse_steps(self) -> list[Step]:
        direct = integral((self.x - self.theta) ** 2 * self.pdf, self.x, 0, self.theta)
        return [definition(direct, "(17.9.1): MSE = E[(theta_hat - theta)^2], against the density of theta_hat",
                           rule="MSE(theta_hat) = E[(theta_hat - theta)^2], by its definition (17.9.1)"),
                Step(_add(self.variance, self.bias ** 2), rule="Var + bias^2 (17.9.4)",
                     why="with the variance and the bias above: the decomposition agrees with the integral"),
                Step(self.mse, rule="factor")]


QUANTITIES = ("mean", "bias", "variance", "sd", "mse")
SAMPLE = (sp.Symbol("X_1"), sp.Symbol(r"\dots"), sp.Symbol("X_n"))


def _uniform_givens(theta: sp.Symbol, c: sp.Expr) -> list[tuple[str, sp.Expr]]:
    return [("X_1, ..., X_n i.i.d.", sp.Function(r"\operatorname{Unif}")(0, theta)),
            ("theta_hat", sp.Function(r"\max")(*SAMPLE)), ("theta_tilde", c * sp.Symbol(r"\bar{X}_n"))]


def _sample_size(value: Any) -> sp.Expr:
    n = _expr(value)
    if n.is_Symbol:
        return sp.Symbol(n.name, integer=True, positive=True)
    if not (n.is_Integer and n > 0):
        raise ValueError(f"n is a positive integer or a symbol, not {n}")
    return n


def uniform_parts(n: sp.Expr, factor: sp.Expr) -> tuple[MaximumSteps, SampleMeanSteps]:
    theta, x = sp.Symbol("theta", positive=True), sp.Symbol("x", positive=True)
    maximum = MaximumSteps(theta, n, x)
    mean = SampleMeanSteps(1 / theta, x, sp.Integer(0), theta, theta, factor, n)
    return maximum, mean


def sign_over_positive_integers(expr: sp.Expr, n: sp.Symbol) -> set[int]:
    """The signs (-1, 0, 1) a rational function of n takes at n = 1, 2, 3, ...: every integer up to past
    the last real root, then the sign at infinity."""
    numerator, denominator = sp.fraction(sp.together(expr))
    roots = [r for f in (numerator, denominator) for r in sp.Poly(f, n).real_roots()] if expr.has(n) else []
    last = int(sp.ceiling(max([abs(r) for r in roots], default=0))) + 2
    signs = {int(sp.sign(expr.subs(n, k))) for k in range(1, last + 1)}
    at_infinity = sp.sign(sp.limit(expr, n, sp.oo)) if expr.has(n) else sp.sign(expr)
    if at_infinity == 0 and expr.has(n):
        degree = sp.degree(numerator, n) - sp.degree(denominator, n)
        at_infinity = sp.sign(sp.limit(expr * n ** (-degree), n, sp.oo))
    return signs | {int(at_infinity)}


def better_key(difference: sp.Expr, n: sp.Expr) -> str:
    """difference = MSE(tilde) - MSE(hat): `hat` if never negative and positive somewhere, `tilde` the other
    way round, `same` if always 0, `depends` if it changes sign with n."""
    signs = sign_over_positive_integers(difference, n) if isinstance(n, sp.Symbol) else {int(sp.sign(difference))}
    if signs == {0}:
        return "same"
    if signs <= {0, 1}:
        return "hat"
    if signs <= {0, -1}:
        return "tilde"
    return "depends"


def equal_sizes(difference: sp.Expr, n: sp.Expr) -> sp.Set:
    """The sample sizes n >= 1 where the two MSEs agree."""
    if not isinstance(n, sp.Symbol):
        return sp.FiniteSet(n) if sp.simplify(difference) == 0 else sp.EmptySet
    numerator, _ = sp.fraction(sp.together(difference))
    return sp.FiniteSet(*(r for r in sp.Poly(numerator, n).all_roots() if r.is_integer and r >= 1))


def signs_by_solveset(difference: sp.Expr, n: sp.Expr) -> tuple[sp.Set, sp.Set, sp.Set]:
    """The sample sizes n = 1, 2, ... where `difference` is negative, zero, positive: the inequalities solved
    over the reals by SymPy's solveset, then met with the positive integers (the checks' route; `better_key`
    and `equal_sizes` sample signs and find roots instead)."""
    if not isinstance(n, sp.Symbol):
        sign = sp.sign(sp.simplify(difference))
        return tuple(sp.FiniteSet(n) if sign == k else sp.EmptySet for k in (-1, 0, 1))
    r = sp.Dummy("r", real=True)
    d = sp.simplify(difference.xreplace({n: r}))
    sizes = sp.Interval(1, sp.oo)
    found = (sp.solveset(d < 0, r, sizes), sp.solveset(sp.Eq(d, 0), r, sizes), sp.solveset(d > 0, r, sizes))
    return tuple(sp.Intersection(part, sp.S.Naturals) for part in found)


def _shape(statement: Any, theta: sp.Symbol) -> sp.Expr:
    return sp.simplify(sp.sympify(statement).doit() / theta ** 2)


def _comparison_steps(maximum: MaximumSteps, mean: SampleMeanSteps, n: sp.Expr, quantity: str) -> list[Step]:
    theta = maximum.theta
    difference = _add(mean.mse, -maximum.mse)
    factored = sp.factor(sp.simplify(difference.doit()))
    # the MSEs are theta^2 times a function of n: compare that function
    shape = sp.simplify(factored / theta ** 2)

    def key_check(previous, current, derivation):
        below, zero, above = signs_by_solveset(_shape(previous, theta), n)
        computed = ("same" if below is sp.EmptySet and above is sp.EmptySet else "hat" if below is sp.EmptySet
                    else "tilde" if above is sp.EmptySet else "depends")
        return current == computed, "symbolic", (f"MSE(tilde) - MSE(hat) < 0 for n in {below}, > 0 for n in {above}"
                                                 if current == computed else f"the signs say {computed}")

    def sizes_check(previous, current, derivation):
        computed = signs_by_solveset(_shape(previous, theta), n)[1]
        ok = isinstance(current, sp.Set) and current == computed
        return ok, "symbolic", "the roots of the difference by solveset" if ok else f"the MSEs agree for n in {computed}"

    def both_mses() -> sp.Expr:
        """MSE(theta_tilde) from sympy.stats's moments of Unif(0, theta), minus MSE(theta_hat) integrated
        directly against the density n f F^(n-1) of the largest draw."""
        U = stats.Uniform("U", 0, theta)
        c = mean.factor
        tilde = c ** 2 * stats.variance(U) / n + (c * stats.E(U) - theta) ** 2
        return tilde - maximum._moment_by_stats((maximum.x - theta) ** 2)

    steps = [
        Step(difference, rule="compare the mean squared errors: MSE(theta_tilde) - MSE(theta_hat)",
             why="which estimator errs less on average, with the two MSEs above", fresh=True,
             checker=recomputed(both_mses, "MSE(theta_tilde) by sympy.stats, MSE(theta_hat) integrated directly")),
        Step(factored, rule="common denominator and factor"),
    ]
    if quantity == "equal-n":
        steps.append(Step(equal_sizes(shape, n), "=>", rule="the MSEs agree exactly at the positive integer roots "
                          "of the difference",
                          checker=sizes_check))
    else:
        steps.append(Step(better_key(shape, n), "=>", rule="the sign of the difference for every n >= 1",
                          why="where the difference is negative, zero or positive among n = 1, 2, 3, ...",
                          checker=key_check))
    return steps


@register("uniform-estimators", "Estimating theta of Unif(0, theta): the maximum against c times the sample mean",
          source("17.9", "17.9.1", "17.9.2", "17.9.3", "17.9.4", "17.9.14", "17.9.15", note="exercise 1"),
          params={"estimator": "text", "quantity": "text", "n": "expression", "factor": "expression"},
          defaults={"estimator": "max", "quantity": "mse", "n": "n", "factor": "2"}, generator=True)
def uniform_estimators(estimator: str = "max", quantity: str = "mse", n: Any = "n", factor: Any = "2") -> Derivation:
    """estimator `max` (theta_hat) or `mean` (theta_tilde = factor * Xbar), quantity one of mean, bias,
    variance, sd, mse; or quantity `better` (the choice key hat / tilde / same / depends, by the MSE)
    and `equal-n` (the sample sizes where both MSEs agree), which derive both estimators."""
    n_, c = _sample_size(n), _expr(factor)
    if quantity not in QUANTITIES + ("better", "equal-n"):
        raise ValueError(f"quantity is one of {', '.join(QUANTITIES + ('better', 'equal-n'))}")
    if estimator not in ("max", "mean"):
        raise ValueError("estimator is max or mean")
    maximum, mean = uniform_parts(n_, c)
    if quantity in QUANTITIES:
        parts = maximum if estimator == "max" else mean
        steps = parts.build(quantity)
        result = getattr(parts, quantity)
        label = "theta_hat = max X_i" if estimator == "max" else f"theta_tilde = {c} Xbar"
        title = f"{quantity} of {label} for Unif(0, theta)"
    else:
        steps = maximum.build("mse") + mean.build("mse") + _comparison_steps(maximum, mean, n_, quantity)
        result = steps[-1].statement
        title = "theta_hat = max X_i against theta_tilde = " + f"{c} Xbar, by the MSE"
    theta = maximum.theta
    assumptions = {theta: Domain.parse("positive"), maximum.x: Domain.parse("(0, 1)")}
    if isinstance(n_, sp.Symbol):
        assumptions[n_] = Domain.parse("positive_integer")
    return Derivation("uniform-estimators", title, source("17.9", "17.9.1", "17.9.4", "17.9.14", "17.9.15"), steps,
                      result, givens=_uniform_givens(theta, c),
                      assumptions=assumptions)


# --- hypothesis tests: the probability of a type I error (17.9.5) -----------------------------------

ALPHA = sp.Symbol("alpha", positive=True)


def standard_normal(s: sp.Symbol) -> sp.Expr:
    return sp.exp(-s ** 2 / 2) / sp.sqrt(2 * sp.pi)


def normal_quantile(level: sp.Expr) -> sp.Expr:
    """The z with Phi(z) = level, solved from Phi(z) = (1 + erf(z / sqrt 2)) / 2."""
    z = sp.Symbol("z", real=True)
    [root] = sp.solve(sp.Eq((1 + sp.erf(z / sp.sqrt(2))) / 2, level), z)
    return root


@register("type-one-error", "The probability of rejecting a true null hypothesis in a z-test",
          source("17.9", "17.9.5"), params={"sides": "integer"}, defaults={"sides": 2}, generator=True)
def type_one_error(sides: Any = 2) -> Derivation:
    """A one- or two-sided z-test at level alpha rejects when Z is beyond z_{1 - alpha/sides}; under H0,
    Z ~ N(0, 1), and the rejection region has probability alpha (not 1 - alpha, as (17.9.5) says)."""
    sides = int(sides)
    if sides not in (1, 2):
        raise ValueError("a z-test has one or two sides")
    s, z = sp.Symbol("s", real=True), sp.Symbol("z", positive=True)
    tail = sides * _add(sp.Rational(1, 2), -integral(standard_normal(s), s, 0, z))
    tail_value = sp.expand(tail.doit())
    quantile = normal_quantile(1 - ALPHA / sides)
    with sp.evaluate(False):
        at_quantile = tail_value.subs(z, quantile)

    Z = stats.Normal("Z", 0, 1)

    def put_in_quantile(previous, current, derivation):
        """The previous step at the quantile of N(0, 1) by sympy.stats (not the z solved for above)."""
        root = stats.quantile(Z)(1 - ALPHA / sides)
        result = equivalent(sp.sympify(previous).doit().subs(z, root), current, probe_for(derivation, "quantile"))
        return bool(result), result.method, result.detail or "the quantile of N(0, 1) by sympy.stats"

    def rejection_by_stats() -> sp.Expr:
        return stats.P(Z >= z) + (stats.P(Z <= -z) if sides == 2 else 0)

    region = "|Z| >= z" if sides == 2 else "Z >= z"
    steps = [
        Step(tail, rule="P(reject H0 | H0 true)", why=f"under H0, Z ~ N(0, 1); the test rejects when {region} with "
             f"z = z_(1 - alpha/{sides}); P(Z >= z) = 1/2 - P(0 <= Z < z) by symmetry"
             + (", and the two tails have equal mass" if sides == 2 else ""), fresh=True,
             checker=recomputed(rejection_by_stats, f"P({region}) for Z ~ N(0, 1), by sympy.stats")),
        Step(tail_value, rule="integrate the standard normal density"),
        Step(at_quantile, "=>", rule=f"put in the quantile: Phi(z) = 1 - alpha/{sides}", checker=put_in_quantile),
        Step(sp.simplify(at_quantile.doit()), rule="erf(erfinv(y)) = y"),
    ]
    return Derivation("type-one-error", f"Type I error of a {sides}-sided z-test", source("17.9", "17.9.5"), steps,
                      steps[-1].statement, givens=[("density of Z under H0", standard_normal(s))],
                      assumptions={ALPHA: Domain.parse("(0, 1)"), z: Domain.parse("positive")})


# --- the t confidence interval with N samples (17.9 exercise 3) ----------------------------------

def t_density(nu: int, s: sp.Symbol) -> sp.Expr:
    return (sp.gamma(sp.Rational(nu + 1, 2)) / (sp.sqrt(nu * sp.pi) * sp.gamma(sp.Rational(nu, 2)))
            * (1 + s ** 2 / nu) ** (-sp.Rational(nu + 1, 2)))


def t_coverage(nu: int, t: sp.Expr) -> sp.Expr:
    """P(|T| <= t) for Student's t with nu degrees of freedom, by the regularized incomplete beta."""
    return 1 - sp.betainc_regularized(sp.Rational(nu, 2), sp.Rational(1, 2), 0, nu / (nu + t ** 2))


def _bisect(f, low: sp.Float, high: sp.Float, digits: int = 30) -> sp.Float:
    """The root of an increasing f on [low, high], to `digits` digits (the coverage is increasing in t)."""
    for _ in range(200):
        middle = (low + high) / 2
        if sp.N(f(middle), 40) < 0:
            low = middle
        else:
            high = middle
        if high - low < sp.Float(10) ** (-digits - 2) * max(1, abs(middle)):
            break
    return sp.Float((low + high) / 2, digits)


def _number(value: Any) -> sp.Expr:
    number = _expr(value)
    if number.free_symbols or not (0 < number < 1):
        raise ValueError(f"alpha is a number in (0, 1), not {value}")
    return sp.nsimplify(number)


@register("t-interval-coverage", "Coverage of the t confidence interval with N samples",
          source("17.9", "17.9.8", "17.9.10", "17.9.13", note="exercise 3"),
          params={"N": "integer", "alpha": "number", "quantity": "text"},
          defaults={"N": 2, "alpha": "1/2", "quantity": "contradicts"}, generator=True)
def t_interval_coverage(N: Any = 2, alpha: Any = "1/2", quantity: str = "contradicts") -> Derivation:
    """T = (mu_hat - mu)/(sigma_hat/sqrt N) has Student's t law with N - 1 degrees of freedom (17.9.10);
    t_star solves P(|T| <= t_star) = 1 - alpha, and the interval covers mu with probability exactly
    1 - alpha over repeated datasets: short intervals that miss do not contradict it. Quantities:
    contradicts (boolean), t-star, coverage. N = 2 is exact (Cauchy); larger N numeric."""
    N, level = int(N), _number(alpha)
    if N < 2 or quantity not in ("contradicts", "t-star", "coverage"):
        raise ValueError("N >= 2; quantity is contradicts, t-star or coverage")
    nu, s, t = N - 1, sp.Symbol("s", real=True), sp.Symbol("t", positive=True)
    t_star = sp.Symbol(r"t_{\text{star}}")
    exact = nu == 1
    if exact:
        form = 2 * integral(t_density(nu, s), s, 0, t)
        cover = sp.simplify(form.doit())
        [root] = sp.solve(sp.Eq(cover, 1 - level), t)
    else:
        cover = t_coverage(nu, t)
        root = _bisect(lambda v: cover.subs(t, v) - (1 - level), sp.Float(0, 40), sp.Float(10 ** 6, 40))
    achieved = sp.Subs(cover, t, root)

    def solves(previous, current, derivation):
        value = sp.sympify(previous).doit().subs(t, current.rhs)
        gap = sp.N(value - (1 - level), 30)
        ok = current.lhs == t_star and abs(gap) < 1e-20
        return ok, "symbolic" if exact and sp.simplify(value - (1 - level)) == 0 else "numeric", "" if ok else f"off by {gap}"

    T = stats.StudentT("T", nu)

    def inside(bound: sp.Expr) -> sp.Expr:
        """P(|T| <= bound) = 2 F_T(bound) - 1, F_T by sympy.stats (the checks' route)."""
        return 2 * stats.cdf(T)(bound) - 1

    def coverage_check(previous, current, derivation):
        """The coverage at the t_star of the step before, by sympy.stats."""
        if not (isinstance(previous, sp.Equality) and previous.lhs == t_star):
            return False, "symbolic", "the step before does not give t_star"
        gap = sp.N(sp.sympify(current).doit() - inside(previous.rhs), 30)
        ok = abs(gap) < 1e-20
        return ok, "numeric", "2 F_T(t_star) - 1, F_T by sympy.stats" if ok else f"off by {gap}"

    def covers(previous, current, derivation):
        """No contradiction exactly when the coverage is 1 - alpha; the coverage recomputed by sympy.stats
        at the t_star found, and the one of the step before agreeing with it."""
        coverage = sp.N(inside(root), 30)
        agrees = abs(sp.N(sp.sympify(previous).doit() - coverage, 30)) < 1e-20
        gap = coverage - (1 - level)
        ok = agrees and current == sp.sympify(abs(gap) > 1e-12)
        return ok, "numeric", ("the coverage is 1 - alpha, by sympy.stats" if ok else
                               f"the coverage by sympy.stats differs from 1 - alpha by {gap}" if agrees else
                               "the coverage of the step before is not the one by sympy.stats")

    steps = [Step(form if exact else cover, rule="P(|T| <= t)", why=f"T has Student's t law with N - 1 = {nu} degree(s) "
                  "of freedom (17.9.10), symmetric about 0", fresh=True,
                  checker=recomputed(lambda: inside(t), f"2 F_T(t) - 1, F_T the CDF of Student's t law with {nu} "
                                     "degree(s) of freedom by sympy.stats"))]
    if exact:
        steps.append(Step(cover, rule="integrate: the t law with 1 degree of freedom is the Cauchy law"))
    steps += [
        Step(sp.Eq(t_star, root, evaluate=False), "=>", rule=f"solve P(|T| <= t) = 1 - alpha = {1 - level}", checker=solves),
        Step(achieved, rule="coverage over repeated datasets (17.9.8)",
             why="the interval mu_hat +- t_star sigma_hat / sqrt(N) contains mu exactly when |T| <= t_star, "
             "so the coverage is P(|T| <= t_star)",
             fresh=True, checker=coverage_check),
        Step(sp.nsimplify(sp.simplify(achieved.doit())) if exact else sp.Float(sp.N(achieved.doit(), 30), 30),
             rule="evaluate"),
    ]
    if quantity == "contradicts":
        steps.append(Step(sp.false, "=>", rule="the procedure covers mu with probability 1 - alpha: no contradiction",
                          why="single intervals still miss with probability alpha, short ones included", checker=covers))
    result = root if quantity == "t-star" else steps[-1].statement
    return Derivation("t-interval-coverage", f"The t interval with N = {N}, alpha = {level}",
                      source("17.9", "17.9.8", "17.9.10"), steps, result,
                      givens=[("density of T", t_density(nu, s))], assumptions={t: Domain.parse("positive")})


# --- what the seed prints in 17.9 -----------------------------------------------------------------

def _derive(name: str, **inputs: Any) -> Derivation:
    return derive(name, **inputs)


def _sample_mean_mse(theta: int, sigma: int, size: int) -> sp.Expr:
    value = _derive("bias-variance").result
    return value.subs({sp.Symbol("sigma", positive=True): sigma, sp.Symbol("n", integer=True, positive=True): size,
                       THETA: theta})


claim("(17.9.5)", "P(reject H0 | H0 is true), which (17.9.5) calls the statistical significance",
      1 - ALPHA, lambda: _derive("type-one-error").result)
claim("17.9 exercise 3", "t_star for N = 2 and alpha = 0.5", sp.Float("1.0"),
      lambda: _derive("t-interval-coverage", quantity="t-star").result)
claim("(17.9.4)", "MSE = Var + bias^2, in the moments m_1 = E[theta_hat], m_2 = E[theta_hat^2]",
      moment(2) - moment(1) ** 2 + (moment(1) - THETA) ** 2, lambda: MSE(ESTIMATOR, THETA).doit())
claim("17.9.1 (Evaluating Estimators in Code)", "the MSE of the estimator theta_est (the mean of 10000 samples of "
      "N(1, 4^2)); the printed mse(samples, theta_true) is the mean squared deviation of single samples",
      sp.Float("15.781996"), lambda: _sample_mean_mse(1, 4, 10000), mistake="17.9.bias-variance")
