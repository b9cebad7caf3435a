"""Change of variables: the rule itself, derived from the chain rule and the
fundamental theorem (17.5.14)-(17.5.18) for any f and u, and its form in
several variables (17.5.35)-(17.5.36) for any map given as input, with its
Jacobian determinant (polar coordinates are one instance)."""
from __future__ import annotations

from typing import Any

import sympy as sp

from deriver.catalog import register, source
from deriver.checking import probe_for
from deriver.generators.calculus import simplest
from deriver.generators.integrals import IntegralSteps, _finite, _rename, as_expr, as_range, jacobian_determinant
from deriver.model import Derivation, Step, given
from exercises.symbols import Domain
from grader.equivalence import equivalent

SEED_17_5_20 = {"f": "1", "u": "exp(-x**2)", "lower": "0", "upper": "1"}  # the seed's example (17.5.20)


def _interval(low: sp.Expr, high: sp.Expr) -> Domain:
    return Domain(sp.Min(low, high), sp.Max(low, high), False, False)


def _same_integrand(variable: sp.Symbol):
    """`=` between two integrals over the same limits whose integrands agree at
    every point of the interval: stronger than equal values."""
    def check(previous: Any, current: Any, derivation: Derivation) -> tuple[bool, str, str]:
        if previous.limits != current.limits:
            return False, "symbolic", "the limits differ"
        result = equivalent(previous.function.doit(), current.function.doit(),
                            probe_for(derivation, f"integrand:{sp.sstr(current)}"))
        return bool(result), result.method, "" if result else f"the integrands differ as functions of {variable}"
    return check


@register("change-of-variables", "The change-of-variables rule (17.5.18), from the chain rule and the fundamental "
          "theorem", source("17.5", "17.5.14", "17.5.15", "17.5.16", "17.5.17", "17.5.18"),
          params={"f": "expression", "u": "expression", "lower": "number", "upper": "number"},
          defaults=SEED_17_5_20, generator=True)
def change_of_variables(f: Any = "1", u: Any = "exp(-x**2)", lower: Any = "0", upper: Any = "1") -> Derivation:
    """int_a^b f(u(x)) u'(x) dx = int_{u(a)}^{u(b)} f(y) dy, for this f (in y) and u (in x)."""
    x, y, t = sp.Symbol("x", real=True), sp.Symbol("y", real=True), sp.Symbol("t", real=True)
    f_y, u_x = _rename(as_expr(f), "y", y), _rename(as_expr(u), "x", x)
    a, b = as_expr(lower), as_expr(upper)
    if f_y.free_symbols - {y} or u_x.free_symbols - {x} or (a.free_symbols | b.free_symbols):
        raise ValueError("f is a function of y alone, u a function of x alone, and the limits are numbers")
    u_a, u_b = u_x.xreplace({x: a}), u_x.xreplace({x: b})
    f_t = f_y.xreplace({y: t})

    def F(at: sp.Expr) -> sp.Integral:  # (17.5.14), from u(a) so that F(u(a)) = 0
        return sp.Integral(f_t, (t, u_a, at))

    right = sp.Integral(sp.Mul(f_y.xreplace({y: u_x}), sp.Derivative(u_x, x), evaluate=False), (x, a, b))
    chain = sp.Integral(sp.Derivative(F(u_x), x), (x, a, b))
    ends = sp.Add(F(u_b), sp.Mul(-1, F(u_a), evaluate=False), evaluate=False)
    left = sp.Integral(f_y, (y, u_a, u_b))
    head = [
        given(right, "the right side of (17.5.18) for this f and u", rule="the integral"),
        Step(chain, "=", rule="the chain rule (17.5.15)",
             why="with F(t) = integral of f from u(a) to t (17.5.14), dF/du = f by the fundamental theorem "
                 "(17.5.10), so d/dx F(u(x)) = f(u(x)) u'(x)", checker=_same_integrand(x)),
        Step(ends, "=", rule="the fundamental theorem (17.5.10), as in (17.5.16)",
             why="the integral of a derivative is the change of the function between the ends"),
        Step(left, "=", rule="F(u(a)) = 0, so the left side is (17.5.17)-(17.5.18)",
             why="F(u(b)) is the integral of f from u(a) to u(b)"),
    ]
    rest, value = IntegralSteps(taken={"x", "y", "t"}).chain(left, first=head.pop())
    steps = head + rest
    value = _finite(value, right)
    return Derivation("change-of-variables", f"Change of variables with u(x) = ${sp.latex(u_x)}$, "
                      f"f(y) = ${sp.latex(f_y)}$ on [{sp.sstr(a)}, {sp.sstr(b)}]",
                      source("17.5", "17.5.14", "17.5.15", "17.5.16", "17.5.17", "17.5.18"), steps, value,
                      givens=[("f(y)", f_y), ("u(x)", u_x), ("[a, b]", sp.Tuple(a, b))],
                      assumptions={x: _interval(a, b), t: _interval(u_a, u_b), y: _interval(u_a, u_b)})


# --- several variables ------------------------------------------------------------

POLAR_DISC = {"f": "exp(-x**2 - y**2)", "phi": "u*cos(v), u*sin(v)", "u_range": "0, 1", "v_range": "0, 2*pi"}


def _map(text: Any, u: sp.Symbol, v: sp.Symbol) -> tuple[sp.Expr, sp.Expr]:
    parts = text.split(",") if isinstance(text, str) else list(text)
    if len(parts) != 2:
        raise ValueError(f"phi has two components, x and y, in u and v: {text!r}")
    components = tuple(_rename(_rename(as_expr(p), "u", u), "v", v) for p in parts)
    if any(c.free_symbols - {u, v} for c in components):
        raise ValueError("phi's components may depend on u and v only")
    return components  # type: ignore[return-value]


def _hypotheses(determinant: sp.Expr, u: sp.Symbol, v: sp.Symbol, U: tuple) -> str | None:
    """(17.5.35) needs phi one-to-one on U; det D phi of one sign inside U is
    what this can check (a fold would change its sign). Why not, or None."""
    (u0, u1), (v0, v1) = U
    grid = [(u0 + (u1 - u0) * sp.Rational(i, 6), v0 + (v1 - v0) * sp.Rational(j, 6)) for i in range(1, 6)
            for j in range(1, 6)]
    values = [complex(determinant.xreplace({u: p, v: q}).evalf()) for p, q in grid]
    if any(abs(z.imag) > 1e-12 for z in values):
        return "det D phi is not real inside U"
    signs = {(z.real > 1e-12) - (z.real < -1e-12) for z in values}
    if 0 in signs or len(signs) > 1:
        return "det D phi vanishes or changes sign inside U: phi folds U over itself"
    return None


@register("multiple-change-of-variables", "Change of variables in a double integral, with the Jacobian determinant",
          source("17.5", "17.5.35", "17.5.36"),
          params={"f": "expression", "phi": "text", "u_range": "text", "v_range": "text"},
          defaults=POLAR_DISC, generator=True)
def multiple_change_of_variables(f: Any = POLAR_DISC["f"], phi: Any = POLAR_DISC["phi"],
                                 u_range: Any = POLAR_DISC["u_range"],
                                 v_range: Any = POLAR_DISC["v_range"]) -> Derivation:
    """The integral of f(x, y) over phi(U), U = u_range x v_range, as an integral over U (17.5.35)."""
    U = (as_range(u_range), as_range(v_range))
    (u0, u1), (v0, v1) = U
    u = sp.Symbol("u", real=True)
    v = sp.Symbol("v", real=True)
    x, y = sp.Symbol("x", real=True), sp.Symbol("y", real=True)
    f_xy = _rename(_rename(as_expr(f), "x", x), "y", y)
    if f_xy.free_symbols - {x, y}:
        raise ValueError("the integrand may depend on x and y only")
    components = _map(phi, u, v)
    determinant = sp.expand(sp.Matrix(components).jacobian((u, v)).det())
    problem = _hypotheses(determinant, u, v, U)
    if problem:
        raise ValueError(problem)
    sign = 1 if determinant.xreplace({u: (u0 + u1) / 2, v: (v0 + v1) / 2}).evalf() > 0 else -1
    jacobian_steps, absolute = jacobian_determinant(
        components, (u, v), sign, f"det D phi is {'positive' if sign > 0 else 'negative'} inside U "
        "(checked at a grid of points: phi does not fold U)")
    substituted = f_xy.xreplace({x: components[0], y: components[1]})
    pulled_back = simplest(substituted, like=f_xy)
    transformed = sp.Integral(sp.Integral(sp.Mul(pulled_back, absolute, evaluate=False), (u, u0, u1)), (v, v0, v1))

    def applied(previous: Any, current: Any, derivation: Derivation) -> tuple[bool, str, str]:
        """The statement is an integral over U of f(phi) |det D phi|, recomputed from phi itself."""
        if not isinstance(current, sp.Integral) or current.limits != ((u, u0, u1), (v, v0, v1)):
            return False, "symbolic", "the integral is not over U"
        expected = f_xy.subs({x: components[0], y: components[1]}, simultaneous=True) \
            * sp.Abs(sp.Matrix(components).jacobian([u, v]).det(method="berkowitz"))
        result = equivalent(current.function, expected, probe_for(derivation, "17.5.35"))
        return bool(result), result.method, "" if result else "the integrand is not f(phi) |det D phi|"

    change = Step(transformed, rule="change of variables (17.5.35)",
                  why="the integral of f over phi(U) is the integral over U of f(phi(u, v)) |det D phi(u, v)|",
                  checker=applied, fresh=True)
    rest, value = IntegralSteps(taken={"x", "y", "u", "v"}).chain(transformed, first=change)
    steps = jacobian_steps + rest
    value = _finite(value, transformed)
    return Derivation("multiple-change-of-variables",
                      rf"$\int_{{\phi(U)}} {sp.latex(f_xy)}\,dx\,dy$ with $\phi(u, v) = "
                      rf"({sp.latex(components[0])}, {sp.latex(components[1])})$",
                      source("17.5", "17.5.35", "17.5.36"), steps, value,
                      givens=[("f(x, y)", f_xy), ("phi(u, v)", sp.Tuple(*components)),
                              ("U", sp.ProductSet(sp.Interval(u0, u1), sp.Interval(v0, v1)))],
                      assumptions={u: _interval(u0, u1), v: _interval(v0, v1)})
