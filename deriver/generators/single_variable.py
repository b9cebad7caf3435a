"""Single-variable optimisation (17.3, 17.4.3): a zero derivative that is no
extremum (17.3 exercise 3), and the global minimum of a function on an
interval by comparing the critical values with the ends (17.3 exercise 4,
and the example (17.4.12)-(17.4.13))."""
from __future__ import annotations

from typing import Any

import sympy as sp

from deriver.catalog import derive, register, source
from deriver.checking import recomputed, solutions_on
from deriver.claims import claim
from deriver.generators.calculus import _inputs as calculus_inputs
from deriver.generators.calculus import derivative_steps
from deriver.inputs import as_number
from deriver.model import Derivation, Step, given
from deriver.notation import At
from exercises.symbols import Domain

D = sp.Derivative


def _inputs(expr: str | sp.Expr, var: str | sp.Symbol) -> tuple[sp.Expr, sp.Symbol]:
    return calculus_inputs(expr, var)


def leading_term(g: sp.Expr, x: sp.Symbol, a: sp.Expr, highest: int = 12) -> tuple[int, sp.Expr] | None:
    """(order, coefficient) of the first nonzero term of the Taylor expansion of g at a."""
    for order in range(1, highest + 1):
        coefficient = sp.simplify(sp.diff(g, x, order).subs(x, a) / sp.factorial(order))
        if coefficient != 0:
            return order, coefficient
    return None


# --- a zero derivative without an extremum (17.3 exercise 3) -------------------------

def _counterexample_checker(f: sp.Expr, x: sp.Symbol, a: sp.Expr):
    """False is proved by the example: f'(a) = 0, and f - f(a) changes sign at a (odd leading order)."""
    def check(previous, current, derivation):
        slope = sp.simplify(sp.diff(f, x).subs(x, a))
        if slope != 0:
            return False, "symbolic", f"f'({a}) = {slope}, not 0: no counterexample"
        leading = leading_term(f - f.subs(x, a), x, a)
        if leading is None or leading[0] % 2 == 0:
            return False, "symbolic", "f - f(a) does not change sign at a: the example proves nothing"
        order, coefficient = leading
        ok = current == sp.false
        return ok, "symbolic", (f"f(x) - f({a}) = {coefficient} (x - {a})^{order} + ...: odd order, so f takes larger "
                                f"and smaller values on either side of {a}")
    return check


@register("zero-derivative-counterexample", "A zero derivative without a maximum or minimum (17.3 exercise 3)",
          source("17.3", "17.3.17"), params={"expr": "expression", "var": "symbol", "at": "number"}, generator=True,
          defaults={"expr": "x**3", "var": "x", "at": "0"})
def zero_derivative_counterexample(expr: str | sp.Expr = "x**3", var: str | sp.Symbol = "x",
                                   at: Any = "0") -> Derivation:
    f, x = _inputs(expr, var)
    a = as_number(at)
    slope = sp.diff(f, x)
    change = f - f.subs(x, a)
    if sp.simplify(slope.subs(x, a)) != 0:
        raise ValueError(f"f'({a}) is not 0: {f} is no example for this question")
    leading = leading_term(change, x, a)
    if leading is None or leading[0] % 2 == 0:
        raise ValueError(f"{f} has an extremum (or is flat) at {a}: not a counterexample")
    steps = [
        given(At(D(f, x), x, a), "the claim is about f'(a), for the f and a of the problem",
              rule="the derivative at the point"),
        Step(At(slope, x, a), "=", rule="differentiate"),
        Step(sp.simplify(slope.subs(x, a)), "=", rule="evaluate"),
        Step(change, rule="f(x) - f(a): how f differs from its value at the point", fresh=True,
             checker=recomputed(lambda: _integral_of_slope(f, x, a),
                                "the fundamental theorem (17.5.6): f(x) - f(a) is the integral of f' from a to x")),
        *([Step(sp.factor(change), "=", rule="factor")] if sp.factor(change) != change else []),
        Step(sp.false, "=>", rule="a counterexample", why="f - f(a) has both signs near a: neither a maximum "
             "nor a minimum, so 'f'(x) = 0 implies an extremum' is false", checker=_counterexample_checker(f, x, a)),
    ]
    return Derivation("zero-derivative-counterexample", f"Does f'(x) = 0 force an extremum? The example ${sp.latex(f)}$",
                      source("17.3", "17.3.17"), steps, sp.false, givens=[("f", f), ("a", a)])


def _integral_of_slope(f: sp.Expr, x: sp.Symbol, a: sp.Expr) -> sp.Expr:
    t = sp.Dummy("t", real=True)
    return sp.integrate(sp.diff(f, x).subs(x, t), (t, a, x))


def by_the_rules(f: sp.Expr, x: sp.Symbol) -> sp.Expr:
    """f' worked rule by rule (the `derivative` derivation of 17.3.2), not by sp.diff."""
    return derivative_steps(f, x)[1]


# --- the global minimum on an interval (17.3 exercise 4, (17.4.12)) ------------------------

def _candidates(f: sp.Expr, x: sp.Symbol, low: sp.Expr, high: sp.Expr) -> tuple[list, list]:
    """Interior critical points, and the ends (each with f's value or limit there)."""
    critical = sp.solveset(sp.diff(f, x), x, sp.Interval.open(low, high))
    if critical is not sp.S.EmptySet and not isinstance(critical, sp.FiniteSet):
        raise ValueError(f"the critical points {critical} are not a finite set")
    interior = [(c, sp.simplify(f.subs(x, c))) for c in sorted(critical, key=float)]
    ends = [(low, sp.limit(f, x, low, "+")), (high, sp.limit(f, x, high, "-"))]
    return interior, ends


def _critical_value_checker(f: sp.Expr, x: sp.Symbol, low: sp.Expr, high: sp.Expr):
    """The statement is f at a point inside the interval where f' (by the rules of 17.3.2) is 0."""
    def check(previous, current, derivation):
        if not (isinstance(current, At) and current.expr == f and current.variables == (x,)):
            return False, "symbolic", "not f at a point"
        [point] = current.point
        inside = sp.Interval.open(low, high).contains(point) == sp.true
        slope = sp.simplify(by_the_rules(f, x).subs(x, point))
        ok = inside and slope == 0
        return ok, "symbolic", (f"f'({sp.sstr(point)}) = 0, by the rules of 17.3.2" if ok else
                                f"f'({sp.sstr(point)}) = {sp.sstr(slope)}" if inside else "not inside the interval")
    return check


def _end_checker(f: sp.Expr, x: sp.Symbol, end: sp.Expr, direction: str):
    """The statement is f's one-sided limit at this end, taken from inside the interval."""
    def check(previous, current, derivation):
        ok = isinstance(current, sp.Limit) and current.args == sp.Limit(f, x, end, direction).args
        return ok, "symbolic", "f's limit at the end, from inside" if ok else "not f's limit at this end from inside"
    return check


def _approached(f: sp.Expr, x: sp.Symbol, end: sp.Expr, direction: str, value: sp.Expr) -> bool:
    """f at points ever closer to the end (30 digits) closes in on `value`, or grows past every bound if
    `value` is infinite: a numerical route, besides SymPy's limit."""
    if end.is_infinite:
        points = [sp.sign(end) * sp.Integer(10) ** k for k in (4, 8, 16)]
    else:
        side = 1 if direction == "+" else -1
        points = [end + side * sp.Integer(10) ** -k for k in (10, 40, 160)]
    samples = [sp.N(f.subs(x, p), 30) for p in points]
    if not all(s.is_real for s in samples):
        return False
    if value.is_infinite:
        sign = 1 if value == sp.oo else -1
        return all(sign * b > sign * a for a, b in zip(samples, samples[1:])) and sign * samples[-1] > 10
    gaps = [abs(s - value) for s in samples]
    return all(b <= a for a, b in zip(gaps, gaps[1:])) and gaps[-1] < 1e-6


def _limit_checker(f: sp.Expr, x: sp.Symbol, point: sp.Expr, direction: str):
    """The value of the limit in the statement before: SymPy's limit, and f evaluated ever closer to the end."""
    def check(previous, current, derivation):
        if not isinstance(previous, sp.Limit):
            return False, "symbolic", "the step before is no limit"
        value = sp.limit(previous.args[0], x, point, direction)
        same = sp.simplify(value - current) == 0 if value.is_finite else value == current
        if not same:
            return False, "symbolic", f"the limit is {value}"
        if not _approached(f, x, point, direction, current):
            return False, "numeric", "f near the end does not approach it"
        return True, "symbolic", "SymPy's limit, and f at points ever closer to the end approaches it"
    return check


def _shown_candidates(derivation: Derivation, f: sp.Expr) -> list[tuple[sp.Expr, sp.Expr]]:
    """(point, value) of each candidate the derivation shows: f at a point, or its limit at an end, followed
    by the value it was checked to have."""
    found, steps = [], derivation.steps
    for here, after in zip(steps, steps[1:]):
        if isinstance(here.statement, At) and here.statement.expr == f:
            found.append((here.statement.point[0], after.statement))
        elif isinstance(here.statement, sp.Limit) and here.statement.args[0] == f:
            found.append((here.statement.args[2], after.statement))
    return found


def _minimum_checker(f: sp.Expr, x: sp.Symbol, low: sp.Expr, high: sp.Expr):
    """The claimed point has a smaller value than every other candidate the derivation shows (each checked
    above), and these are all of them: every solution of f' = 0 found above, and both ends."""
    def check(previous, current, derivation):
        candidates = _shown_candidates(derivation, f)
        points = {p for p, _ in candidates}
        critical = [s.statement.args[1] for s in derivation.steps if isinstance(s.statement, sp.Contains)]
        if not critical or not set(critical[0]) | {low, high} <= points:
            return False, "symbolic", "a critical point or an end is missing from the comparison"
        best = [v for p, v in candidates if p == current.rhs]
        if not best:
            return False, "symbolic", f"{current.rhs} is not a candidate"
        value = best[0]
        others = [v for p, v in candidates if p != current.rhs]
        ok = value.is_finite and all(v == sp.oo or sp.simplify(value - v).is_negative for v in others)
        return ok, "symbolic", f"f = {value} there; the other candidates give {others}"
    return check


@register("global-minimum", "Where a function of one variable is smallest on an interval (17.3 exercise 4, (17.4.12))",
          source("17.4", "17.4.11", "17.4.12", "17.4.13"),
          params={"expr": "expression", "var": "symbol", "lower": "number", "upper": "number"}, generator=True,
          defaults={"expr": "x*log(x)", "var": "x", "lower": "0", "upper": "oo"})
def global_minimum(expr: str | sp.Expr = "x*log(x)", var: str | sp.Symbol = "x", lower: Any = "0",
                   upper: Any = "oo") -> Derivation:
    f, x = _inputs(expr, var)
    low, high = as_number(lower), as_number(upper)
    interval = sp.Interval.open(low, high)
    slope = sp.diff(f, x)
    interior, ends = _candidates(f, x, low, high)
    values = interior + [(p, v) for p, v in ends if p.is_finite]
    if not values:
        raise ValueError("no candidate: the function has no minimum on this interval")
    best = min(values, key=lambda item: float(item[1]) if item[1].is_finite else float("inf"))
    infimum_at_infinity = any(p.is_finite is False and sp.simplify(v - best[1]).is_nonpositive for p, v in ends)
    if best[1].is_finite is False or infimum_at_infinity:
        raise ValueError("the function has no minimum on this interval (its infimum is not attained)")
    ties = [p for p, v in values if p != best[0] and sp.simplify(v - best[1]) == 0]
    if ties:
        raise ValueError(f"the minimum value is attained at several points: {[best[0], *ties]}")
    factored = sp.factor(slope)
    steps = [
        Step(sp.Eq(D(f, x), 0, evaluate=False), rule="first-order condition (17.4.11)",
             why="inside the interval a minimum has f'(x) = 0", fresh=True,
             checker=recomputed(lambda: sp.Eq(by_the_rules(f, x), 0), "f' worked by the rules of 17.3.2")),
        Step(sp.Eq(slope, 0, evaluate=False), "<=>", rule="differentiate"),
    ]
    if sp.srepr(factored) != sp.srepr(slope):
        steps.append(Step(sp.Eq(factored, 0, evaluate=False), "<=>", rule="factor"))
    steps.append(Step(sp.Contains(x, sp.FiniteSet(*(c for c, _ in interior)), evaluate=False), "=>",
                      rule=f"solve on the open interval ({sp.sstr(low)}, {sp.sstr(high)})", checker=solutions_on(x, interval)))
    for point, value in interior:
        steps += [Step(At(f, x, point), rule=f"a candidate: f at the critical point {sp.sstr(point)}", fresh=True,
                       checker=_critical_value_checker(f, x, low, high)),
                  Step(value, "=", rule="evaluate")]
    for point, value in ends:
        direction = "+" if point == low else "-"
        steps += [Step(sp.Limit(f, x, point, direction), rule=f"a candidate: the end {sp.sstr(point)}",
                       why="f's limit there, from inside the interval", fresh=True,
                       checker=_end_checker(f, x, point, direction)),
                  Step(value, "=", rule="limit", checker=_limit_checker(f, x, point, direction))]
    answer = sp.Eq(sp.Symbol(r"x_{\min}"), best[0], evaluate=False)
    steps.append(Step(answer, "=>", rule="compare the candidates", why="the smallest value is the minimum",
                      checker=_minimum_checker(f, x, low, high)))
    assumptions = {x: Domain(low, high, True, True)}
    return Derivation("global-minimum", f"The minimum of ${sp.latex(f)}$ on ${sp.latex(sp.Interval(low, high))}$",
                      source("17.4", "17.4.11", "17.4.12", "17.4.13"), steps, best[0], givens=[("f", f)],
                      assumptions=assumptions,
                      notes=[f"The minimum value is f({sp.sstr(best[0])}) = {sp.sstr(best[1])}."])


# --- the seed's printed values (17.4.12)-(17.4.13) --------------------------------------------

_x = sp.Symbol("x", real=True)
_POLY = 3 * _x**4 - 4 * _x**3 - 12 * _x**2


def _poly_minimum() -> sp.Expr:
    return derive("global-minimum", expr=_POLY, var=_x, lower=-sp.oo, upper=sp.oo).result


claim("(17.4.13)", "df/dx of 3x^4 - 4x^3 - 12x^2", 12 * _x * (_x - 2) * (_x + 1), lambda: sp.diff(_POLY, _x))
claim("17.4.3, after (17.4.13)", "the values of 3x^4 - 4x^3 - 12x^2 at its critical points -1, 0, 2",
      sp.Matrix([-5, 0, -32]),
      lambda: sp.Matrix([v for _, v in _candidates(_POLY, _x, -sp.oo, sp.oo)[0]]))
claim("17.4.3, after (17.4.13)", "where 3x^4 - 4x^3 - 12x^2 is smallest", sp.Integer(2), _poly_minimum)
