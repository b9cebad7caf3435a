"""Functions of several variables (17.4.1-17.4.6): gradients, derivatives
along a direction, Hessians, linear and quadratic Taylor approximations,
critical points and their classification, for any function of any number
of variables, each partial derivative worked rule by rule as in 17.3."""
from __future__ import annotations

import random
from typing import Any, Sequence

import sympy as sp

from deriver.catalog import derive, register, source
from deriver.checking import recomputed
from deriver.claims import claim
from deriver.generators.calculus import derivative_steps
from deriver.inputs import expression, points, symbol
from deriver.model import Derivation, Step, definition, given
from deriver.notation import At

D = sp.Derivative


# --- inputs --------------------------------------------------------------------

def _variables(text: str | Sequence[sp.Symbol]) -> list[sp.Symbol]:
    if isinstance(text, str):
        return [symbol(part.strip()) for part in text.split(",") if part.strip()]
    return list(text)


def _function(expr: str | sp.Expr, variables: list[sp.Symbol]) -> sp.Expr:
    """The function, its symbols renamed to the variables of the same name (real symbols)."""
    f = expression(expr) if isinstance(expr, str) else sp.sympify(expr)
    by_name = {v.name: v for v in variables}
    return f.xreplace({s: by_name[s.name] for s in f.free_symbols if s.name in by_name})


def _point(value: str | Sequence[Any], variables: list[sp.Symbol]) -> tuple[sp.Expr, ...]:
    p = points(value) if isinstance(value, str) else tuple(sp.sympify(v) for v in value)
    if len(p) != len(variables):
        raise ValueError(f"the point {p} has {len(p)} coordinates for {len(variables)} variables")
    return p


def _inputs(expr, variables, at=None):
    xs = _variables(variables)
    f = _function(expr, xs)
    return (f, xs) if at is None else (f, xs, _point(at, xs))


def _tidy(value: sp.Expr) -> sp.Expr:
    """The shorter of the simplified and the factored form."""
    simple = sp.simplify(value)
    factored = sp.factor(simple)
    return factored if sp.count_ops(factored) < sp.count_ops(simple) else simple


# --- gradient ------------------------------------------------------------------

def gradient_steps(f: sp.Expr, xs: list[sp.Symbol]) -> tuple[list[Step], list[sp.Expr]]:
    """The gradient (17.4.4): each partial derivative rule by rule (the other variables held fixed)."""
    components, substeps = [], []
    for x in xs:
        steps, result = derivative_steps(f, x)
        steps[0] = definition(steps[0].statement, f"(17.4.1): the derivative in {x} with the other variables "
                              "held constant", rule=f"the partial derivative in {x}, by its definition (17.4.1)")
        substeps.extend(steps)
        components.append(_tidy(result))
    start = definition(sp.ImmutableMatrix([D(f, x) for x in xs]), "(17.4.4): the gradient stacks the partial "
                       "derivatives", rule="the gradient, by its definition (17.4.4)")
    computed = Step(sp.ImmutableMatrix(components), "=", rule="each partial derivative by the rules of 17.3",
                    substeps=substeps)
    return [start, computed], components


@register("gradient", "The gradient of a function of several variables", source("17.4", "17.4.4", "17.4.6"),
          params={"expr": "expression", "vars": "text"}, generator=True,
          defaults={"expr": "log(exp(x) + exp(y))", "vars": "x, y"})
def gradient(expr: str | sp.Expr = "log(exp(x) + exp(y))", vars: str = "x, y") -> Derivation:  # noqa: A002
    f, xs = _inputs(expr, vars)
    steps, components = gradient_steps(f, xs)
    return Derivation("gradient", f"The gradient of ${sp.latex(f)}$", source("17.4", "17.4.4", "17.4.6"), steps,
                      sp.Tuple(*components), givens=[("f", f)])


@register("directional-derivative", "The derivative along a direction, grad f . u (the sum of the gradient's "
          "components for u = (1, ..., 1))", source("17.4", "17.4.5"),
          params={"expr": "expression", "vars": "text", "direction": "point"}, generator=True,
          defaults={"expr": "log(exp(x) + exp(y))", "vars": "x, y", "direction": "1, 1"})
def directional_derivative(expr: str | sp.Expr = "log(exp(x) + exp(y))", vars: str = "x, y",  # noqa: A002
                           direction: str | Sequence[Any] = "1, 1") -> Derivation:
    f, xs, u = _inputs(expr, vars, direction)
    partials = [sp.diff(f, x) for x in xs]
    def times(c: sp.Expr, e: sp.Expr) -> sp.Expr:
        return e if c == 1 else sp.Mul(c, e, evaluate=False)

    along = sp.Add(*(times(c, D(f, x)) for c, x in zip(u, xs) if c != 0), evaluate=False)
    t = sp.Dummy("t")
    on_line = f.xreplace({x: x + c * t for c, x in zip(u, xs)})
    plugged = sp.Add(*(times(c, p) for c, p in zip(u, partials) if c != 0), evaluate=False)
    value = _tidy(sp.together(sum(c * p for c, p in zip(u, partials))))
    steps = [
        Step(along, rule="directional derivative", why="the change of f along u is grad f . u (17.4.5)",
             checker=recomputed(lambda: sp.diff(on_line, t).subs(t, 0),
                                "d/dt f(x + t u) at t = 0, f differentiated along the line")),
        Step(plugged, "=", rule="the partial derivatives", why="by the rules of 17.3"),
        Step(value, "=", rule="common denominator and simplify"),
    ]
    return Derivation("directional-derivative", f"The derivative of ${sp.latex(f)}$ along ${sp.latex(sp.Tuple(*u))}$",
                      source("17.4", "17.4.5"), steps, value, givens=[("f", f), ("u", sp.Tuple(*u))])


# --- Hessian and Taylor approximations -------------------------------------------

def hessian_steps(f: sp.Expr, xs: list[sp.Symbol]) -> tuple[list[Step], sp.Matrix]:
    n = len(xs)
    symbolic = sp.ImmutableMatrix(n, n, lambda i, j: D(f, xs[i], xs[j]))
    computed = sp.ImmutableMatrix(n, n, lambda i, j: _tidy(sp.diff(f, xs[i], xs[j])))
    steps = [definition(symbolic, "(17.4.25), (17.4.26): the matrix of the second partial derivatives "
                        "d/dx_i (d/dx_j f)",
                        rule="the Hessian, by its definition (17.4.25), (17.4.26)"),
             Step(computed, "=", rule="differentiate twice", why="mixed partials agree (17.4.27)")]
    return steps, computed


@register("hessian", "The Hessian of a function of several variables", source("17.4", "17.4.26", "17.4.32"),
          params={"expr": "expression", "vars": "text"}, generator=True,
          defaults={"expr": "x*exp(-x**2 - y**2)", "vars": "x, y"})
def hessian(expr: str | sp.Expr = "x*exp(-x**2 - y**2)", vars: str = "x, y") -> Derivation:  # noqa: A002
    f, xs = _inputs(expr, vars)
    steps, H = hessian_steps(f, xs)
    return Derivation("hessian", f"The Hessian of ${sp.latex(f)}$", source("17.4", "17.4.26", "17.4.32"), steps, H,
                      givens=[("f", f)])


def _at(expr: sp.Expr, xs: list[sp.Symbol], point: tuple) -> sp.Subs:
    return At(expr, tuple(xs), tuple(point))


def _taylor_checker(f: sp.Expr, xs: list[sp.Symbol], point: tuple, order: int):
    """f minus the approximation vanishes to order `order` + 1 along random lines through the point."""
    def check(previous, current, derivation):
        t = sp.Symbol("t")
        approximation = current.doit()
        rng = random.Random(f"{derivation.name}:{point}")
        for _ in range(3):
            u = [sp.Rational(rng.randint(-9, 9), rng.randint(1, 5)) for _ in xs]
            line = {x: p + ui * t for x, p, ui in zip(xs, point, u)}
            error = (previous - approximation).xreplace(line)
            for k in range(order + 1):
                term = sp.simplify(sp.diff(error, t, k).subs(t, 0))
                if term != 0:
                    return False, "symbolic", f"along {u} the error has a term of order {k}: {term} t^{k}/{k}!"
        return True, "symbolic", f"the error is O(|x - x0|^{order + 1}) along three random lines"
    return check


def taylor_derivation(name: str, f: sp.Expr, xs: list[sp.Symbol], point: tuple, order: int) -> Derivation:
    """f(x) approx f(x0) + grad f(x0).(x - x0) [+ 1/2 (x - x0)^T Hf(x0) (x - x0)]  (17.4.5), (17.4.30)."""
    h = [x - p for x, p in zip(xs, point)]
    terms = [_at(f, xs, point)] + [sp.Mul(_at(D(f, x), xs, point), hi, evaluate=False) for x, hi in zip(xs, h)]
    gradient0 = [sp.simplify(sp.diff(f, x).subs(dict(zip(xs, point)))) for x in xs]
    f0 = sp.simplify(f.subs(dict(zip(xs, point))))
    plugged = f0 + sp.Add(*(g * hi for g, hi in zip(gradient0, h)))
    equations = ["17.4.5"]
    if order == 2:
        n = len(xs)
        terms += [sp.Mul(sp.Rational(1, 2), _at(D(f, xs[i], xs[j]), xs, point), h[i], h[j], evaluate=False)
                  for i in range(n) for j in range(n)]
        H0 = sp.Matrix(n, n, lambda i, j: sp.simplify(sp.diff(f, xs[i], xs[j]).subs(dict(zip(xs, point)))))
        d = sp.Matrix(h)
        plugged += sp.Rational(1, 2) * (d.T * H0 * d)[0, 0]
        equations = ["17.4.30", "17.4.33"]
    formula = sp.Add(*terms, evaluate=False)
    result = _in_powers(plugged, xs, point)
    title = "quadratic" if order == 2 else "linear"
    steps = [
        given(f, "the function", rule="the function"),
        Step(formula, "approx", rule="Taylor's formula" if order == 2 else "the gradient approximation",
             why=f"(17.4.30) at {sp.sstr(sp.Tuple(*point))}" if order == 2 else f"(17.4.5) at {sp.sstr(sp.Tuple(*point))}",
             checker=_taylor_checker(f, xs, point, order)),
        Step(plugged, "=", rule="the value, gradient" + (" and Hessian" if order == 2 else "") + " at the point"),
    ]
    if sp.srepr(result) != sp.srepr(plugged):
        steps.append(Step(result, "=", rule="collect powers of x - x0"))
    return Derivation(name, f"The {title} approximation of ${sp.latex(f)}$ at ${sp.latex(sp.Tuple(*point))}$",
                      source("17.4", *equations), steps, result, givens=[("f", f), ("x0", sp.Tuple(*point))])


def _in_powers(expr: sp.Expr, xs: list[sp.Symbol], point: tuple) -> sp.Expr:
    """Written in powers of x_i - x0_i, lowest degree first, a common factor pulled out:
    e^{-1}(-1 - (x + 1) + (x + 1)^2 + y^2) as in (17.4.33). Left unevaluated, for display."""
    hs = [sp.Dummy(f"h_{x.name}") for x in xs]
    shifted = sp.Poly(sp.expand(expr.xreplace({x: h + p for x, h, p in zip(xs, hs, point)})), *hs)
    terms = sorted(shifted.terms(), key=lambda item: (sum(item[0]), [-e for e in item[0]]))
    if not terms:
        return sp.Integer(0)
    common = terms[0][1].as_coeff_Mul()[1]
    if common == 1 or not all((c / common).is_Rational for _, c in terms):
        common = sp.Integer(1)
    parts = []
    for powers, c in terms:
        monomial = sp.Mul(*((x - p if p != 0 else x) ** e for x, p, e in zip(xs, point, powers) if e),
                          evaluate=False) if any(powers) else sp.Integer(1)
        ratio = sp.nsimplify(c / common)
        parts.append(ratio if monomial == 1 else monomial if ratio == 1 else sp.Mul(ratio, monomial, evaluate=False))
    inner = sp.Add(*parts, evaluate=False) if len(parts) > 1 else parts[0]
    return inner if common == 1 else sp.Mul(common, inner, evaluate=False)


@register("linear-approximation", "The linear approximation f(x0) + grad f(x0).(x - x0)",
          source("17.4", "17.4.5", "17.4.8"), params={"expr": "expression", "vars": "text", "at": "point"},
          generator=True, defaults={"expr": "log(exp(x) + exp(y))", "vars": "x, y", "at": "0, log(2)"})
def linear_approximation(expr: str | sp.Expr = "log(exp(x) + exp(y))", vars: str = "x, y",  # noqa: A002
                         at: str | Sequence[Any] = "0, log(2)") -> Derivation:
    f, xs, point = _inputs(expr, vars, at)
    return taylor_derivation("linear-approximation", f, xs, point, 1)


@register("quadratic-approximation", "The best approximating quadratic (17.4.30)",
          source("17.4", "17.4.30", "17.4.33"), params={"expr": "expression", "vars": "text", "at": "point"},
          generator=True, defaults={"expr": "x*exp(-x**2 - y**2)", "vars": "x, y", "at": "-1, 0"})
def quadratic_approximation(expr: str | sp.Expr = "x*exp(-x**2 - y**2)", vars: str = "x, y",  # noqa: A002
                            at: str | Sequence[Any] = "-1, 0") -> Derivation:
    f, xs, point = _inputs(expr, vars, at)
    return taylor_derivation("quadratic-approximation", f, xs, point, 2)


# --- critical points ---------------------------------------------------------------

def solve_gradient(components: list[sp.Expr], xs: list[sp.Symbol]) -> list[tuple]:
    """The real solutions of grad f = 0 (a finite set, or an error)."""
    solutions = sp.solve(components, xs, dict=True)
    points = []
    for solution in solutions:
        if set(solution) != set(xs) or any(solution[x].free_symbols for x in xs):
            raise ValueError("the critical points are not isolated: this generator needs finitely many")
        point = tuple(sp.simplify(solution[x]) for x in xs)
        if all(c.is_real for c in point):
            points.append(point)
    return sorted(set(points), key=lambda p: [float(c) for c in p])


def _critical_checker(components: list[sp.Expr], xs: list[sp.Symbol]):
    """Each point zeroes the gradient, and a second solver (nonlinsolve) finds no other real one."""
    def check(previous, current, derivation):
        claimed = [tuple(p) if isinstance(p, sp.Tuple) else (p,) for p in current]
        for point in claimed:
            if any(sp.simplify(c.subs(dict(zip(xs, point)))) != 0 for c in components):
                return False, "symbolic", f"the gradient does not vanish at {point}"
        other = sp.nonlinsolve(components, xs)
        found = {tuple(sp.simplify(v) for v in s) for s in other if all(sp.sympify(v).is_real for v in s)}
        if found != set(claimed):
            return False, "symbolic", f"nonlinsolve finds {found}"
        return True, "symbolic", "each point zeroes the gradient; nonlinsolve finds the same real solutions"
    return check


def _case_notes(components: list[sp.Expr], xs: list[sp.Symbol]) -> list[str]:
    """Two variables: the case split on the factors of the first component, as a student would write it."""
    if len(xs) != 2:
        return []
    x, y = xs
    first, second = (sp.factor(c) for c in components)
    notes = []
    for factor, _ in sp.factor_list(first)[1]:
        var = y if factor.has(y) else x
        for value in sp.solve(factor, var):
            rest = sp.factor(second.subs(var, value))
            other = x if var == y else y
            roots = sp.solve(rest, other) if rest != 0 else "every value"
            became = f" = {sp.sstr(rest)}" if rest != second else ""
            notes.append(f"{sp.sstr(first)} = 0 with {var} = {sp.sstr(value)}: then {sp.sstr(second)}{became} = 0 "
                         f"gives {other} in {sp.sstr(roots)}")
    return notes


@register("critical-points", "The critical points of a function of several variables: grad f = 0",
          source("17.4", "17.4.11", "17.4.13"), params={"expr": "expression", "vars": "text"}, generator=True,
          defaults={"expr": "x**2*y + x*y**2", "vars": "x, y"})
def critical_points(expr: str | sp.Expr = "x**2*y + x*y**2", vars: str = "x, y") -> Derivation:  # noqa: A002
    f, xs = _inputs(expr, vars)
    components = [sp.diff(f, x) for x in xs]
    points = solve_gradient(components, xs)
    if not points:
        raise ValueError("the function has no real critical point")
    as_values = [p if len(xs) > 1 else p[0] for p in points]
    found = sp.FiniteSet(*(sp.Tuple(*p) if len(xs) > 1 else p[0] for p in points))
    steps = [
        definition(sp.ImmutableMatrix([D(f, x) for x in xs]), "(17.4.4): the gradient, which vanishes at a critical "
                   "point (17.4.11)", rule="the gradient (17.4.4), which vanishes at a critical point (17.4.11)"),
        Step(sp.ImmutableMatrix([sp.factor(c) for c in components]), "=", rule="the partial derivatives, factored"),
        Step(found, "=>", rule="solve grad f = 0", why="every component must vanish",
             checker=_critical_checker(components, xs)),
    ]
    result = sp.Tuple(*points[0]) if len(points) == 1 and len(xs) > 1 else (
        as_values[0] if len(points) == 1 else found)
    return Derivation("critical-points", f"The critical points of ${sp.latex(f)}$", source("17.4", "17.4.11", "17.4.13"),
                      steps, result, givens=[("f", f)], notes=_case_notes(components, xs))


def _sign_change(g: sp.Expr, t: sp.Symbol) -> tuple[int, sp.Expr] | None:
    """The order and coefficient of the first nonzero term of g(t) at t = 0."""
    for order in range(1, 12):
        coefficient = sp.simplify(sp.diff(g, t, order).subs(t, 0) / sp.factorial(order))
        if coefficient != 0:
            return order, coefficient
    return None


def classify(f: sp.Expr, xs: list[sp.Symbol], point: tuple, direction: tuple | None) -> tuple[str, str]:
    """maximum | minimum | neither, and why: the Hessian when it is definite or indefinite, else a line."""
    at = dict(zip(xs, point))
    H = sp.hessian(f, xs).subs(at)
    eigenvalues = [sp.simplify(e) for e in H.eigenvals(multiple=True)]
    if all(e > 0 for e in eigenvalues):
        return "minimum", "the Hessian is positive definite"
    if all(e < 0 for e in eigenvalues):
        return "maximum", "the Hessian is negative definite"
    if any(e > 0 for e in eigenvalues) and any(e < 0 for e in eigenvalues):
        return "neither", "the Hessian is indefinite: a saddle point"
    if direction is None:
        raise ValueError("the Hessian is degenerate here: give a direction to look along (e.g. 1, 1)")
    t = sp.Symbol("t", real=True)
    g = sp.expand(f.xreplace({x: p + u * t for x, p, u in zip(xs, point, direction)}) - f.subs(at))
    leading = _sign_change(g, t)
    if leading and leading[0] % 2 == 1:
        return "neither", f"along the line f - f(x0) = {sp.sstr(g)} changes sign at t = 0"
    raise ValueError("the Hessian is degenerate and this line does not decide: try another direction")


def _classification_checker(f: sp.Expr, xs: list[sp.Symbol], point: tuple, direction: tuple | None):
    def check(previous, current, derivation):
        grad = [sp.simplify(sp.diff(f, x).subs(dict(zip(xs, point)))) for x in xs]
        if any(g != 0 for g in grad):
            return False, "symbolic", f"the gradient at the point is {grad}, not 0"
        kind, why = classify(f, xs, point, direction)
        return kind == current, "symbolic", why
    return check


@register("critical-point-type", "Is a critical point a maximum, a minimum or neither?",
          source("17.4", "17.4.26", "17.4.30"),
          params={"expr": "expression", "vars": "text", "point": "point", "direction": "point"}, generator=True,
          defaults={"expr": "x**2*y + x*y**2", "vars": "x, y", "point": "0, 0", "direction": "1, 1"})
def critical_point_type(expr: str | sp.Expr = "x**2*y + x*y**2", vars: str = "x, y",  # noqa: A002
                        point: str | Sequence[Any] = "0, 0",
                        direction: str | Sequence[Any] | None = "1, 1") -> Derivation:
    f, xs, p = _inputs(expr, vars, point)
    u = _point(direction, xs) if direction not in (None, "") else None
    kind, why = classify(f, xs, p, u)
    n = len(xs)
    at_point = sp.ImmutableMatrix(n, n, lambda i, j: _at(D(f, xs[i], xs[j]), xs, p))
    H0 = sp.ImmutableMatrix(n, n, lambda i, j: sp.simplify(sp.diff(f, xs[i], xs[j]).subs(dict(zip(xs, p)))))
    steps = [
        definition(sp.ImmutableMatrix([_at(D(f, x), xs, p) for x in xs]), "(17.4.4) at the point: it must vanish "
                   "for a critical point (17.4.11)", rule="the gradient at the point, by its definition (17.4.4)"),
        Step(sp.ImmutableMatrix.zeros(n, 1), "=", rule="it vanishes: a critical point"),
        definition(at_point, "(17.4.26) at the point: it gives the second-order behaviour (17.4.30)",
                   rule="the Hessian at the point, by its definition (17.4.26)"),
        Step(H0, "=", rule="differentiate twice and evaluate"),
    ]
    if "Hessian" not in why:
        t = sp.Symbol("t", real=True)
        line = {x: pi + ui * t for x, pi, ui in zip(xs, p, u)}
        on_line, at_p = At(f, tuple(xs), tuple(line[x] for x in xs)), At(f, tuple(xs), tuple(p))
        restricted = sp.Add(on_line, -at_p, evaluate=False)
        steps += [
            definition(restricted, f"g(t) = f(x0 + t u) - f(x0) with u = {sp.sstr(sp.Tuple(*u))}: the Hessian is "
                       "degenerate, so (17.4.30) does not decide; compare f with f(x0) along a line",
                       rule="f along the line x0 + t u, less f(x0): the Hessian does not decide",
                       display=f"{sp.latex(on_line)} - {sp.latex(at_p)}"),
            Step(sp.factor(sp.expand(restricted.doit())), "=", rule="substitute and expand"),
        ]
    steps.append(Step(kind, "=>", rule=why, checker=_classification_checker(f, xs, p, u)))
    return Derivation("critical-point-type", f"Is ${sp.latex(sp.Tuple(*p))}$ an extremum of ${sp.latex(f)}$?",
                      source("17.4", "17.4.26", "17.4.30"), steps, kind,
                      givens=[("f", f), ("point", sp.Tuple(*p))])


# --- the seed's printed values ------------------------------------------------------

_x, _y = sp.symbols("x y", real=True)


def _result(name: str, **inputs: Any) -> Any:
    return derive(name, **inputs).result


_E = sp.exp(-_x**2 - _y**2)


def _column(value: Any) -> sp.Matrix:
    """Tuples as columns: the equivalence engine compares matrices entry by entry."""
    return sp.Matrix(list(value))


claim("(17.4.6)", "the gradient of log(e^x + e^y)",
      _column([sp.exp(_x) / (sp.exp(_x) + sp.exp(_y)), sp.exp(_y) / (sp.exp(_x) + sp.exp(_y))]),
      lambda: _column(_result("gradient")))
claim("(17.4.7)", "log(e^x + e^y) and its gradient at (0, log 2)",
      _column([sp.log(3), sp.Rational(1, 3), sp.Rational(2, 3)]),
      lambda: _column([_result("linear-approximation").subs({_x: 0, _y: sp.log(2)}),
                       *_result("gradient").subs({_x: 0, _y: sp.log(2)})]))
claim("(17.4.8)", "the linear approximation of log(e^x + e^y) at (0, log 2)",
      sp.log(3) + _x / 3 + sp.Rational(2, 3) * (_y - sp.log(2)), lambda: _result("linear-approximation"))
claim("(17.4.32)", "the gradient of x e^{-x^2-y^2}", _column([_E * (1 - 2 * _x**2), _E * (-2 * _x * _y)]),
      lambda: _column(_result("gradient", expr="x*exp(-x**2 - y**2)")))
claim("(17.4.32)", "the Hessian of x e^{-x^2-y^2}",
      _E * sp.Matrix([[4 * _x**3 - 6 * _x, 4 * _x**2 * _y - 2 * _y], [4 * _x**2 * _y - 2 * _y, 4 * _x * _y**2 - 2 * _x]]),
      lambda: _result("hessian"))
claim("(17.4.33)", "the approximating quadratic of x e^{-x^2-y^2} at (-1, 0)",
      sp.exp(-1) * (-1 - (_x + 1) + 2 * (_x + 1) ** 2 + 2 * _y**2), lambda: _result("quadratic-approximation"))


def _general_quadratic_hessian() -> sp.Matrix:
    a, b1, b2, c11, c12, c22 = sp.symbols("a b_1 b_2 c_11 c_12 c_22", real=True)
    f = a + b1 * _x + b2 * _y + c11 * _x**2 + c12 * _x * _y + c22 * _y**2
    return _result("hessian", expr=f).subs({_x: 0, _y: 0})


_c11, _c12, _c22 = sp.symbols("c_11 c_12 c_22", real=True)
claim("(17.4.28)", "the Hessian at 0 of the general quadratic in two variables",
      sp.Matrix([[2 * _c11, _c12], [_c12, 2 * _c22]]), _general_quadratic_hessian)
