"""Single-variable calculus: derivatives by the rules of 17.3.2, one layer of
rules per step as in (17.3.11), and the derivative from its limit
definition (17.3.1)-(17.3.3)."""
from __future__ import annotations

import sympy as sp
from sympy.functions.elementary.hyperbolic import HyperbolicFunction
from sympy.functions.elementary.trigonometric import TrigonometricFunction

from deriver.catalog import register, source
from deriver.inputs import as_number, expression, symbol
from deriver.model import Derivation, Step, definition, given

D = sp.Derivative


def _trig_arguments(expr: sp.Basic) -> set:
    return {f.args for f in expr.atoms(TrigonometricFunction)}


def _hyperbolic(expr: sp.Basic) -> set:
    return {type(f) for f in expr.atoms(HyperbolicFunction)}


def _attempt(transform, expr: sp.Expr | None) -> sp.Expr | None:
    """transform(expr), or None where SymPy cannot (or there is no expr)."""
    if expr is None:
        return None
    try:
        return transform(expr)
    except (NotImplementedError, TypeError, ValueError, sp.PolynomialError):
        return None


def simplest(expr: sp.Expr, *, like: sp.Basic | None = None) -> sp.Expr:
    """The simplest of equivalent forms of `expr`: the fewest operations (sp.count_ops) among expr itself,
    its simplify, factor, expand and trigsimp, and the factored simplify; ties go to the earlier form. A form
    that brings in a trigonometric argument (sin 2x where there was sin x) or a hyperbolic function found
    neither in `like` (the input) nor in expr is no candidate: simplify's double angles and cosh are not
    what a reader wrote."""
    reference = [expr] + ([like] if like is not None else [])
    angles = set().union(*(_trig_arguments(e) for e in reference))
    hyperbolic = set().union(*(_hyperbolic(e) for e in reference))

    def introduces(form: sp.Basic) -> bool:
        return not _trig_arguments(form) <= angles or not _hyperbolic(form) <= hyperbolic

    simplified = _attempt(sp.simplify, expr)
    forms = [expr, simplified, _attempt(sp.factor, expr), _attempt(sp.expand, expr), _attempt(sp.trigsimp, expr),
             _attempt(sp.factor, simplified)]
    usable = [form for form in forms if form is not None and not introduces(form)]
    return min(usable, key=sp.count_ops)  # min keeps the first of equal counts


def _d(expr: sp.Expr, x: sp.Symbol) -> sp.Expr:
    return D(expr, x, evaluate=False)


def apply_rule(expr: sp.Expr, x: sp.Symbol) -> tuple[sp.Expr, str]:
    """One rule applied to d/dx expr: the result (with unevaluated derivatives
    of the parts still to do) and the rule's name."""
    if not expr.has(x):
        return sp.Integer(0), "derivative of constants"
    if expr == x:
        return sp.Integer(1), "derivative of linear functions"
    if expr.is_Add:
        return sp.Add(*(_d(term, x) for term in expr.args), evaluate=False), "sum rule"
    if expr.is_Mul:
        constant, variable = expr.as_independent(x, as_Add=False)
        if constant != 1:
            if variable == x:
                return constant, "derivative of linear functions"
            return sp.Mul(constant, _d(variable, x), evaluate=False), "constant multiple rule"
        first, rest = variable.args[0], sp.Mul(*variable.args[1:])
        return sp.Add(sp.Mul(_d(first, x), rest, evaluate=False), sp.Mul(first, _d(rest, x), evaluate=False),
                      evaluate=False), "product rule"
    if expr.is_Pow:
        base, exponent = expr.args
        if not exponent.has(x):
            outer = sp.Mul(exponent, sp.Pow(base, exponent - 1), evaluate=False)
            if base == x:
                return outer, "power rule"
            return sp.Mul(outer, _d(base, x), evaluate=False), "power rule and chain rule"
        if not base.has(x):
            if base == sp.E:
                if exponent == x:
                    return expr, "derivative of exponentials"
                return sp.Mul(expr, _d(exponent, x), evaluate=False), "derivative of exponentials and chain rule"
            return sp.Mul(expr, sp.log(base), _d(exponent, x), evaluate=False), "exponential with base b and chain rule"
        rewritten = sp.exp(exponent * sp.log(base), evaluate=False)
        return _d(rewritten, x), "rewrite f^g as exp(g log f)"
    if isinstance(expr, sp.log) and len(expr.args) == 1:
        inner = expr.args[0]
        if inner == x:
            return sp.Pow(x, -1), "derivative of the logarithm"
        return sp.Mul(sp.Pow(inner, -1, evaluate=False), _d(inner, x), evaluate=False), \
            "chain rule and derivative of the logarithm"
    if isinstance(expr, sp.exp):
        inner = expr.args[0]
        if inner == x:
            return expr, "derivative of exponentials"
        return sp.Mul(expr, _d(inner, x), evaluate=False), "derivative of exponentials and chain rule"
    if isinstance(expr, sp.Abs):
        inner = expr.args[0]
        name = "derivative of |u|: sign(u), for u != 0 (|u| has no derivative where u = 0)"
        if inner == x:
            return sp.sign(x), name
        return sp.Mul(sp.sign(inner), _d(inner, x), evaluate=False), f"{name}, and chain rule"
    if isinstance(expr, sp.Function) and len(expr.args) == 1:
        inner = expr.args[0]
        t = sp.Dummy("t")
        outer = sp.diff(expr.func(t), t).subs(t, inner)
        name = f"derivative of {expr.func.__name__}"
        if inner == x:
            return outer, name
        return sp.Mul(outer, _d(inner, x), evaluate=False), f"{name} and chain rule"
    return sp.diff(expr, x), "table of derivatives"


def _one_layer(expr: sp.Expr, x: sp.Symbol, rules: list[str]) -> sp.Expr:
    """Replace every outstanding d/dx(...) by one rule application each."""
    if isinstance(expr, D):
        value, rule = apply_rule(expr.expr, x)
        if rule not in rules:
            rules.append(rule)
        return value
    if not expr.args or not expr.has(D):
        return expr
    return expr.func(*(_one_layer(arg, x, rules) for arg in expr.args), evaluate=False)


def derivative_steps(f: sp.Expr, x: sp.Symbol, max_steps: int = 40) -> tuple[list[Step], sp.Expr]:
    start = _d(f, x)
    steps = [given(start, "the function to differentiate", rule="the derivative to compute")]
    current = start
    for _ in range(max_steps):
        if not current.has(D):
            break
        rules: list[str] = []
        current = _one_layer(current, x, rules)
        steps.append(Step(current, "=", rule=", ".join(rules)))
    cleaned = simplest(current.doit(), like=f)
    if sp.latex(cleaned) != sp.latex(current):
        steps.append(Step(cleaned, "=", rule="simplify", why="the equivalent form with the fewest operations"))
    return steps, cleaned


@register("derivative", "Derivative by the rules of calculus", source("17.3", "17.3.11"),
          params={"expr": "expression", "var": "symbol"}, generator=True,
          defaults={"expr": "log(1 + (x - 1)**10)", "var": "x"})
def derivative(expr: sp.Expr | str, var: sp.Symbol | str) -> Derivation:
    f, x = _inputs(expr, var)
    steps, result = derivative_steps(f, x)
    derivation = Derivation("derivative", f"The derivative of ${sp.latex(f)}$", source("17.3", "17.3.11"), steps,
                            result, givens=[("f(x)", f)])
    kinks = sorted({f"{sp.sstr(a.args[0])} != 0" for a in f.atoms(sp.Abs) if a.args[0].has(x)})
    if kinks:
        derivation.notes.append(f"This holds where {' and '.join(kinks)}: an absolute value has no derivative "
                                "where its argument is 0.")
    return derivation


@register("log-chain", r"Worked example: d/dx log(1 + (x-1)^10)", source("17.3", "17.3.11"))
def log_chain() -> Derivation:
    x = sp.Symbol("x", real=True)
    f = sp.log(1 + (x - 1) ** 10)
    steps, result = derivative_steps(f, x)
    derivation = Derivation("log-chain", "The derivative of log(1 + (x-1)^10), rule by rule",
                            source("17.3", "17.3.11"), steps, result, givens=[("f(x)", f)])
    return derivation


@register("derivative-limit", "The derivative from its limit definition", source("17.3", "17.3.1", "17.3.2", "17.3.3"),
          params={"expr": "expression", "var": "symbol", "at": "number"}, generator=True,
          defaults={"expr": "x**2 + 1701*(x - 4)**3", "var": "x", "at": "4"})
def derivative_limit(expr: sp.Expr | str, var: sp.Symbol | str, at: sp.Expr | str) -> Derivation:
    f, x = _inputs(expr, var)
    a = as_number(at)
    eps = sp.Symbol("epsilon", real=True, nonzero=True)
    quotient = (f.subs(x, a + eps) - f.subs(x, a)) / eps
    expanded = sp.expand(sp.cancel(quotient))
    limit = sp.limit(expanded, eps, 0, "+-")  # (17.3.3) is two-sided; raises where the two sides differ

    def limit_check(previous, current, derivation):
        """The limit of the previous step, recomputed, and the derivative by the rules of 17.3.2."""
        ok = isinstance(previous, sp.Limit) and sp.limit(previous.args[0], eps, 0, "+-") == current
        if not ok:
            return False, "symbolic", "the limit differs"
        agrees = sp.simplify(sp.diff(f, x).subs(x, a) - current) == 0
        return agrees, "symbolic", "" if agrees else "differs from the derivative by the rules"

    steps = [
        definition(sp.Limit(quotient, eps, 0, "+-"), "(17.3.3): f'(a) is the limit of the difference quotient "
                   "(f(a + epsilon) - f(a))/epsilon", rule=f"definition of the derivative (17.3.3) at {sp.sstr(a)}"),
        Step(sp.Limit(expanded, eps, 0, "+-"), "=", rule="expand and cancel epsilon"),
        Step(limit, "=", rule="let epsilon tend to 0 (from both sides); the rules of 17.3.2 give the same",
             checker=limit_check),
    ]
    derivation = Derivation("derivative-limit", f"The derivative of ${sp.latex(f)}$ at ${sp.latex(a)}$ from the limit",
                            source("17.3", "17.3.1", "17.3.2", "17.3.3"), steps, limit,
                            givens=[("L(x)", f), ("at", a)])
    for value in (sp.Rational(1, 10), sp.Rational(1, 1000), sp.Rational(1, 10000), sp.Rational(1, 100000)):
        derivation.notes.append(f"epsilon = {float(value):g}: difference quotient {float(quotient.subs(eps, value)):.5f}")
    return derivation


def _inputs(expr: sp.Expr | str, var: sp.Symbol | str) -> tuple[sp.Expr, sp.Symbol]:
    x = symbol(var) if isinstance(var, str) else var
    f = expression(expr) if isinstance(expr, str) else expr
    return f.xreplace({s: x for s in f.free_symbols if s.name == x.name}), x
