"""Integral calculus (17.5): integrals worked rule by rule from SymPy's
`manualintegrate.integral_steps`, one layer of rules per step as the
derivative generator does; definite integrals through the fundamental
theorem (17.5.6) with the limits transformed by every substitution
(17.5.18); iterated integrals (17.5.32)-(17.5.33), in both orders where
Fubini's theorem fails; the change to polar coordinates (17.5.35)-(17.5.40).

The engine (`IntegralSteps`) is shared with the expectations of 17.6.
"""
from __future__ import annotations

import re
import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Iterator

import sympy as sp
from sympy.calculus.util import continuous_domain
from sympy.integrals import manualintegrate as mi

from deriver.catalog import derive, register, source
from deriver.checking import probe_for
from deriver.claims import claim
from deriver.generators.calculus import simplest
from deriver.inputs import expression, symbol
from deriver.model import Derivation, Step, definition, given
from deriver.notation import At
from exercises.symbols import Domain
from grader.equivalence import equivalent

SEARCH_BUDGET_S = 2.0  # CPU seconds SymPy's full search may spend on one integral
MAX_LAYERS = 40
DISPLAY_NAMES = ("u", "v", "w", "t", "s", "z")


class IntegrationError(ValueError):
    """SymPy found no rule (or no finite value) for an integral."""


# --- evaluation at a point ---------------------------------------------------------

# --- the rules --------------------------------------------------------------

@dataclass
class PartialFractionsRule(mi.RewriteRule):
    """A rational integrand rewritten by `apart`, as a sum of simpler terms."""


class _OutOfTime(Exception):
    pass


@contextmanager
def _cpu_limit(seconds: float) -> Iterator[None]:
    """Stop a runaway rule search after `seconds` of CPU time (not wall time, so
    a loaded machine does not change the outcome); a no-op off the main thread
    or when another profiling timer runs."""
    usable = (threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
              and signal.getitimer(signal.ITIMER_PROF)[0] == 0)
    if not usable:
        yield
        return

    def on_alarm(signum: int, frame: Any) -> None:
        raise _OutOfTime()

    previous = signal.signal(signal.SIGPROF, on_alarm)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def rule_for(f: sp.Expr, x: sp.Symbol) -> mi.Rule:
    """A rule tree for the antiderivative of f in x, in the order a person
    works: partial fractions, linearity, constant factors, then a substitution
    whose derivative divides the integrand and leaves a table integral, and
    only then SymPy's full search `integral_steps` (which explores every
    alternative and can take minutes, e.g. on the integrand of 17.5 ex. 4)."""
    if f.is_rational_function(x) and not f.is_polynomial(x):
        terms = sp.Add.make_args(sp.apart(f, x))
        if len(terms) > 1:
            parts = sp.Add(*terms, evaluate=False)
            return PartialFractionsRule(f, x, parts, mi.AddRule(parts, x, [rule_for(t, x) for t in terms]))
    if f.is_Add:
        return mi.AddRule(f, x, [rule_for(t, x) for t in f.args])
    constant, rest = f.as_independent(x, as_Add=False)
    if constant != 1 and rest != 1:
        return mi.ConstantTimesRule(f, x, constant, rest, rule_for(rest, x))
    if sp.count_ops(rest) > 2:
        found = _table_substitution(f, x)
        if found is not None:
            return found
    try:
        with _cpu_limit(SEARCH_BUDGET_S):
            return _chosen(mi.integral_steps(f, x))
    except _OutOfTime:
        found = _table_substitution(f, x, table_only=False)
        if found is None:
            raise IntegrationError(f"SymPy found no rule for the integral of {f} in {SEARCH_BUDGET_S:g} s") from None
        return found


def _table_substitution(f: sp.Expr, x: sp.Symbol, table_only: bool = True) -> mi.Rule | None:
    """u = u(x) with f dx = g(u) du and g a table integral (a constant times
    one rule): the derivative-divides substitution. The simplest g wins."""
    u = sp.Dummy("u")
    options = sorted(((constant * substituted, u_func) for u_func, constant, substituted
                      in mi.find_substitutions(f, x, u) if not (constant * substituted).has(x)),
                     key=lambda o: (sp.count_ops(o[0]), sp.default_sort_key(o[1])))
    for g, u_func in options:
        try:
            with _cpu_limit(SEARCH_BUDGET_S / 4):
                inner = _chosen(mi.integral_steps(g, u))
        except _OutOfTime:
            continue
        if not inner.contains_dont_know() and (_is_table(inner) or not table_only):
            return mi.URule(f, x, u, u_func, inner)
    return None


def _is_table(rule: mi.Rule) -> bool:
    while isinstance(rule, mi.ConstantTimesRule):
        rule = rule.substep
    return isinstance(rule, mi.AtomicRule)


def _chosen(rule: mi.Rule) -> mi.Rule:
    """Of SymPy's alternatives, the shortest one that it can finish."""
    while isinstance(rule, mi.AlternativeRule):
        usable = [r for r in rule.alternatives if not r.contains_dont_know()] or rule.alternatives
        rule = min(usable, key=_size)
    return rule


def _size(rule: Any) -> int:
    """Rule nodes in a tree (an alternative counts as its shortest branch)."""
    if isinstance(rule, mi.AlternativeRule):
        return min(_size(r) for r in rule.alternatives)
    if isinstance(rule, list):
        return sum(_size(r) for r in rule)
    if not isinstance(rule, mi.Rule):
        return 0
    shown = [name for name in rule.__dataclass_fields__ if name != "v_step"]  # v of parts is not a shown step
    return 1 + sum(_size(getattr(rule, name)) for name in shown if isinstance(getattr(rule, name), (mi.Rule, list)))


LEAF_NAMES = {
    "ConstantRule": "integral of a constant", "PowerRule": "power rule", "ExpRule": "integral of exponentials",
    "ReciprocalRule": "integral of 1/x is log|x|", "ArctanRule": "integral of 1/(1 + x^2) is arctan",
    "SinRule": "integral of sin", "CosRule": "integral of cos", "CyclicPartsRule": "integration by parts (cyclic)",
    "NestedPowRule": "power rule", "ErfRule": "integral of exp(-x^2) is an erf",
}


def rule_name(rule: mi.Rule) -> str:
    name = type(rule).__name__
    if name in LEAF_NAMES:
        return LEAF_NAMES[name]
    words = re.sub(r"(?<!^)(?=[A-Z])", " ", name.removesuffix("Rule")).lower()
    return f"table of integrals ({words})"


# --- one layer of rules -------------------------------------------------------

@dataclass
class IntegralSteps:
    """Rewrites expressions holding unevaluated integrals, one rule per
    outstanding integral per step. Definite integrals keep limits: a
    substitution moves them (17.5.18), an antiderivative F is shown as
    F|_b - F|_a (a limit at an infinite end). Indefinite integrals are
    carried up to a constant."""

    taken: set[str] = field(default_factory=set)
    # integral -> (its rule, SymPy's dummies -> display symbols, the variable the rule was made for)
    pending: dict[sp.Integral, tuple[mi.Rule, dict, sp.Symbol]] = field(default_factory=dict)

    def chain(self, start: sp.Expr, first: Step | None = None, indefinite: bool = False) -> tuple[list[Step], sp.Expr]:
        """Steps from `start` (shown by `first`, or as a given) to a closed form."""
        self.taken |= {s.name for s in start.atoms(sp.Symbol)}  # bound variables too
        steps = [first or given(start, "the integral to compute", rule="the integral")]
        current = start
        for _ in range(MAX_LAYERS):
            if not current.has(sp.Integral):
                break
            names: list[str] = []
            current = self.layer(current, names)
            steps.append(self._step(current, ", ".join(names), indefinite))
        else:
            raise IntegrationError(f"the integral needs more than {MAX_LAYERS} layers of rules")
        if current.has(At, sp.Limit):
            rule = "substitute back" if indefinite else "evaluate at the limits (17.5.6)"
            current = _finite(current.doit(), start)
            steps.append(self._step(current, rule, indefinite))
        tidy = tidied(current, like=start)
        if sp.srepr(tidy) != sp.srepr(current):
            steps.append(self._step(tidy, "simplify", indefinite))
        return steps, tidy

    def _step(self, statement: sp.Expr, rule: str, indefinite: bool) -> Step:
        if not indefinite:
            return Step(statement, "=", rule=rule)
        return Step(statement, "=", rule=rule, why="up to a constant of integration", checker=same_up_to_constant)

    def layer(self, expr: sp.Expr, names: list[str]) -> sp.Expr:
        """Apply one rule to every outstanding integral of `expr`."""
        if isinstance(expr, sp.Integral):
            return self._integral_layer(expr, names)
        if not expr.args or not expr.has(sp.Integral):
            return expr
        return rebuild(expr, [self.layer(arg, names) for arg in expr.args])

    def _integral_layer(self, integral: sp.Integral, names: list[str]) -> sp.Expr:
        if len(integral.limits) > 1:  # SymPy merges nested integrals: the first limit is innermost
            first = sp.Integral(integral.function, integral.limits[0])
            return sp.Integral(self._integral_layer(first, names), *integral.limits[1:])
        inner = integral.function
        if integral not in self.pending:
            if inner.has(sp.Integral):
                return sp.Integral(self.layer(inner, names), *integral.limits)
            if inner.has(At, sp.Limit):
                _note(names, "evaluate the inner integral at its limits")
                return sp.Integral(tidied(inner.doit()), *integral.limits)
            self.pending[integral] = (rule_for(inner, integral.variables[0]), {}, integral.variables[0])
        rule, names_of, made_for = self.pending.pop(integral)
        x = integral.variables[0]
        if made_for != x:  # SymPy finds integrals equal up to the name of the bound variable
            names_of = {**{k: (x if v == made_for else v) for k, v in names_of.items()}, made_for: x}
        value, name = self.apply(rule, integral, names_of)
        _note(names, name)
        return value

    def apply(self, rule: mi.Rule, integral: sp.Integral, names_of: dict) -> tuple[sp.Expr, str]:
        """One rule applied to `integral` (whose integrand the rule integrates)."""
        x, limits = integral.variables[0], integral.limits[0][1:]
        shown = lambda e: e.xreplace(names_of)  # noqa: E731  (SymPy's dummies -> display symbols)
        if isinstance(rule, mi.ConstantTimesRule) and rule.constant != 1:
            other = self._pending(shown(rule.other), x, limits, rule.substep, names_of)
            return sp.Mul(shown(rule.constant), other, evaluate=False), "constant multiple rule"
        if isinstance(rule, mi.ConstantTimesRule):
            return self.apply(rule.substep, integral, names_of)
        if isinstance(rule, mi.AddRule):
            terms = [self._pending(shown(sub.integrand), x, limits, sub, names_of) for sub in rule.substeps]
            return sp.Add(*terms, evaluate=False), "linearity of integration"
        if isinstance(rule, mi.RewriteRule) and not isinstance(rule, mi.CompleteSquareRule):
            name = "partial fractions" if isinstance(rule, PartialFractionsRule) else "rewrite the integrand"
            return self._pending(shown(rule.rewritten), x, limits, rule.substep, names_of), name
        if isinstance(rule, mi.URule):
            return self._substitute(rule, x, limits, names_of)
        if isinstance(rule, mi.PartsRule) and rule.second_step is not None:
            return self._parts(rule, x, limits, names_of)
        if isinstance(rule, mi.DontKnowRule) or rule.contains_dont_know():
            antiderivative = sp.integrate(integral.function, x)
            if antiderivative.has(sp.Integral):
                raise IntegrationError(f"SymPy finds no antiderivative of {integral.function}")
            return self._at_limits(antiderivative, x, limits), "table of integrals"
        if isinstance(rule, mi.ReciprocalRule):  # SymPy's log(u) holds for u > 0 only
            base = shown(rule.base)
            return self._at_limits(sp.log(base if base.is_positive else sp.Abs(base)), x, limits), rule_name(rule)
        return self._at_limits(shown(rule.eval()), x, limits), rule_name(rule)

    def _pending(self, integrand: sp.Expr, x: sp.Symbol, limits: tuple, rule: mi.Rule, names_of: dict) -> sp.Integral:
        integral = sp.Integral(integrand, (x, *limits)) if limits else sp.Integral(integrand, x)
        self.pending[integral] = (_chosen(rule), names_of, x)
        return integral

    def _substitute(self, rule: mi.URule, x: sp.Symbol, limits: tuple, names_of: dict) -> tuple[sp.Expr, str]:
        u = self.fresh()
        inner_names = {**names_of, rule.u_var: u}
        u_of_x = rule.u_func.xreplace(names_of)
        integrand = rule.substep.integrand.xreplace(inner_names)
        name = f"substitution {sp.sstr(u)} = {sp.sstr(u_of_x)} (17.5.18)"
        if not limits:
            inner = self._pending(integrand, u, (), rule.substep, inner_names)
            return At(inner, u, u_of_x), name
        new_limits = tuple(value_at(u_of_x, x, end) for end in limits)
        return self._pending(integrand, u, new_limits, rule.substep, inner_names), name + ", limits transformed"

    def _parts(self, rule: mi.PartsRule, x: sp.Symbol, limits: tuple, names_of: dict) -> tuple[sp.Expr, str]:
        u, v = rule.u.xreplace(names_of), rule.v_step.eval().xreplace(names_of)
        rest = self._pending(v * sp.diff(u, x), x, limits, rule.second_step, names_of)
        boundary = self._at_limits(sp.Mul(u, v, evaluate=False), x, limits)
        name = f"integration by parts with the factors {sp.sstr(u)} and {sp.sstr(rule.dv.xreplace(names_of))}"
        return sp.Add(boundary, sp.Mul(-1, rest, evaluate=False), evaluate=False), name

    def _at_limits(self, antiderivative: sp.Expr, x: sp.Symbol, limits: tuple) -> sp.Expr:
        if not limits:
            return antiderivative
        lower, upper = limits
        return sp.Add(at_end(antiderivative, x, upper, "-"),
                      sp.Mul(-1, at_end(antiderivative, x, lower, "+"), evaluate=False),
                      evaluate=False)

    def fresh(self) -> sp.Symbol:
        """A display name for a substitution variable not used yet."""
        candidates = list(DISPLAY_NAMES) + [f"u_{i}" for i in range(1, 100)]
        name = next(n for n in candidates if n not in self.taken)
        self.taken.add(name)
        return sp.Symbol(name, real=True)


def _note(names: list[str], name: str) -> None:
    if name not in names:
        names.append(name)


def rebuild(expr: sp.Basic, args: list[Any]) -> sp.Basic:
    """expr with new arguments, without SymPy's automatic evaluation where it has the option."""
    if isinstance(expr, (sp.Add, sp.Mul, sp.Pow)) or isinstance(expr, sp.Function):
        return expr.func(*args, evaluate=False)
    return expr.func(*args)


def at_end(f: sp.Expr, x: sp.Symbol, end: sp.Expr, side: str = "+") -> sp.Expr:
    """F at an end of the interval: its value, or a one-sided limit from inside
    the interval at an infinite end or where F is undefined (x log x at 0)."""
    if end in (sp.oo, -sp.oo):
        return sp.Limit(f, x, end)
    if not end.free_symbols and not f.free_symbols - {x}:
        value = f.subs(x, end)
        if value.has(sp.nan, sp.zoo, sp.oo, -sp.oo) or value.is_finite is False:
            return sp.Limit(f, x, end, side)
    return At(f, x, end)


def check_continuous(f: sp.Expr, x: sp.Symbol, a: sp.Expr, b: sp.Expr) -> None:
    """The fundamental theorem (17.5.6) needs f continuous inside the interval."""
    if (a.free_symbols | b.free_symbols) or f.free_symbols - {x}:
        return
    low, high = sorted((a, b), key=lambda e: float(e) if e.is_finite else (1e300 if e == sp.oo else -1e300))
    inside = sp.Interval.open(low, high)
    try:
        domain = continuous_domain(f, x, inside)
    except (NotImplementedError, ValueError, TypeError):
        return
    if domain != inside:
        gaps = inside - domain
        raise IntegrationError(f"{f} is not continuous on {inside} (not at {gaps}): "
                               "the fundamental theorem (17.5.6) does not apply")


def value_at(f: sp.Expr, x: sp.Symbol, end: sp.Expr) -> sp.Expr:
    if end in (sp.oo, -sp.oo):
        return sp.limit(f, x, end)
    return f.subs(x, end)


def tidied(value: sp.Expr, like: sp.Basic | None = None) -> sp.Expr:
    """A short form of `value` (skipped on large expressions): the simplest of its equivalent forms, none
    bringing in a double angle or a hyperbolic function absent from `like` (the integral) and `value`."""
    if sp.count_ops(value) > 200:
        return value
    return simplest(value, like=like)


def _finite(value: sp.Expr, start: sp.Expr) -> sp.Expr:
    if value.has(sp.oo, -sp.oo, sp.zoo, sp.nan):
        raise IntegrationError(f"{sp.sstr(start)} diverges: its value would be {sp.sstr(value)}")
    return value


def same_up_to_constant(previous: Any, current: Any, derivation: Derivation) -> tuple[bool, str, str]:
    """Indefinite integrals agree when their derivatives (in the integration variable) agree."""
    x = next(iter(derivation.assumptions))
    left, right = sp.diff(previous.doit(), x), sp.diff(current.doit(), x)
    result = equivalent(left, right, probe_for(derivation, f"const:{sp.sstr(current)}"))
    return bool(result), result.method, "" if result else "the derivatives differ"


# --- integrands with kinks ---------------------------------------------------------

def integral_chain(start: sp.Expr, first: Step | None = None) -> tuple[list[Step], sp.Expr]:
    """The steps of `start` (an expression of definite integrals): split at the
    kinks of |.| and, over the whole line, at 0 first; then rule by rule."""
    first = first or given(start, "the integral to compute", rule="the integral")
    split = split_intervals(start)
    if split == start:
        return IntegralSteps().chain(start, first=first)
    steps, value = IntegralSteps().chain(split, first=Step(
        split, "=", rule="split the interval", why="at 0 for an integral over the whole line (each half must "
        "converge), and where an argument of |.| changes sign"))
    return [first] + steps, value


def split_intervals(expr: sp.Expr) -> sp.Expr:
    """Every definite integral of expr over the whole line, or whose integrand
    holds |g(x)|, written as a sum over intervals where each g keeps its sign."""
    def split(integral: sp.Integral) -> sp.Expr:
        x, a, b = integral.limits[0]
        pieces = interval_pieces(integral.function, x, a, b)
        if len(pieces) == 1:
            return sp.Integral(pieces[0][0], (x, a, b))
        return sp.Add(*(sp.Integral(g, (x, lo, hi)) for g, lo, hi in pieces), evaluate=False)

    def splittable(e: sp.Basic) -> bool:
        if not isinstance(e, sp.Integral) or len(e.limits) != 1 or len(e.limits[0]) != 3:
            return False
        x, a, b = e.limits[0]
        return (a, b) == (-sp.oo, sp.oo) or any(g.args[0].has(x) for g in e.function.atoms(sp.Abs))
    return expr.replace(splittable, split)


def interval_pieces(f: sp.Expr, x: sp.Symbol, a: sp.Expr, b: sp.Expr) -> list[tuple[sp.Expr, sp.Expr, sp.Expr]]:
    """(g, lo, hi) with g = f on (lo, hi) and free of |.| there."""
    inner = [e.args[0] for e in f.atoms(sp.Abs) if e.args[0].has(x)]
    cuts: set = {sp.Integer(0)} if (a, b) == (-sp.oo, sp.oo) else set()
    for g in inner:
        roots = sp.solveset(g, x, sp.Interval.open(a, b))
        if not isinstance(roots, sp.FiniteSet):
            raise IntegrationError(f"cannot find where {g} changes sign on ({a}, {b})")
        cuts |= set(roots)
    ends = [a, *sorted(cuts, key=float), b]
    pieces = []
    for lo, hi in zip(ends, ends[1:]):
        inside = _inside(lo, hi)
        signs = {sp.Abs(g): (g if g.subs(x, inside) >= 0 else -g) for g in inner}
        pieces.append((sp.simplify(f.xreplace(signs)) if signs else f, lo, hi))
    return pieces


def _inside(lo: sp.Expr, hi: sp.Expr) -> sp.Expr:
    if lo == -sp.oo and hi == sp.oo:
        return sp.Integer(0)
    if lo == -sp.oo:
        return hi - 1
    if hi == sp.oo:
        return lo + 1
    return (lo + hi) / 2


# --- inputs -------------------------------------------------------------------

def as_expr(value: Any) -> sp.Expr:
    return expression(value) if isinstance(value, str) else sp.sympify(value)


def as_symbol(value: Any) -> sp.Symbol:
    return symbol(value) if isinstance(value, str) else value


def as_range(value: Any) -> tuple[sp.Expr, sp.Expr]:
    """`0, 1` (or `(0, 1)`, or a pair) -> (lower, upper)."""
    if isinstance(value, str):
        parts = [as_expr(p) for p in value.strip().strip("()[]").split(",")]
    else:
        parts = [sp.sympify(p) for p in value]
    if len(parts) != 2:
        raise ValueError(f"a range has two ends: {value!r}")
    return parts[0], parts[1]


def with_domain(f: sp.Expr, x: sp.Symbol, lower: sp.Expr, upper: sp.Expr) -> tuple[sp.Expr, sp.Symbol, Domain]:
    """The integration variable re-made with the assumptions of its range (so
    SymPy knows y > 0 on (0, 1]), and the integrand rewritten in it."""
    low, high = sp.Min(lower, upper), sp.Max(lower, upper)
    if not (low.is_comparable or low in (sp.oo, -sp.oo)) or not (high.is_comparable or high in (sp.oo, -sp.oo)):
        return f, x, Domain(-sp.oo, sp.oo, True, True)
    domain = Domain(low, high, True, True) if low != high else Domain(-sp.oo, sp.oo, True, True)
    facts = domain.assumptions()
    new = sp.Symbol(x.name, **facts)
    return _rename(f, x.name, new), new, domain


def _rename(f: sp.Expr, name: str, new: sp.Symbol) -> sp.Expr:
    return f.xreplace({s: new for s in f.free_symbols if getattr(s, "name", None) == name})


def _limits_free(lower: sp.Expr, upper: sp.Expr) -> set:
    return (lower.free_symbols | upper.free_symbols) - {sp.oo}


# --- generators ---------------------------------------------------------------

SEED_EXAMPLE = {"expr": "x/(1 + x**2)", "var": "x", "lower": "0", "upper": "2"}


@register("definite-integral", "A definite integral, rule by rule, by the fundamental theorem",
          source("17.5", "17.5.4", "17.5.6", "17.5.18"),
          params={"expr": "expression", "var": "symbol", "lower": "expression", "upper": "expression"},
          defaults=SEED_EXAMPLE, generator=True)
def definite_integral(expr: Any, var: Any, lower: Any, upper: Any) -> Derivation:
    x = as_symbol(var)
    f, a, b = _rename(as_expr(expr), x.name, x), as_expr(lower), as_expr(upper)
    f, x, domain = with_domain(f, x, a, b) if not _limits_free(a, b) else (f, x, None)
    check_continuous(f, x, a, b)
    start = sp.Integral(f, (x, a, b))
    steps, value = integral_chain(start)
    derivation = Derivation("definite-integral", f"The integral ${sp.latex(start)}$", source("17.5", "17.5.6", "17.5.18"),
                            steps, _finite(value, start), givens=[("f", f), ("interval", sp.Interval(a, b))],
                            assumptions={x: domain} if domain else {})
    return derivation


@register("antiderivative", "An antiderivative, rule by rule (up to a constant)", source("17.5", "17.5.9", "17.5.11"),
          params={"expr": "expression", "var": "symbol"}, defaults={"expr": "x/(1 + x**2)", "var": "x"},
          generator=True)
def antiderivative(expr: Any, var: Any) -> Derivation:
    x = as_symbol(var)
    f = _rename(as_expr(expr), x.name, x)
    engine = IntegralSteps()
    steps, value = engine.chain(sp.Integral(f, x), indefinite=True)
    derivation = Derivation("antiderivative", f"An antiderivative of ${sp.latex(f)}$", source("17.5", "17.5.9", "17.5.11"),
                            steps, value, givens=[("f", f)], assumptions={x: Domain(-sp.oo, sp.oo, True, True)})
    derivation.notes.append("Any constant C may be added: (17.5.11).")
    return derivation


@register("substitution-integral", "A definite integral by a change of variables, limits transformed",
          source("17.5", "17.5.18", "17.5.20", "17.5.21"),
          params={"expr": "expression", "var": "symbol", "substitution": "text", "lower": "expression",
                  "upper": "expression"},
          defaults={"expr": "y*exp(-y**2)", "var": "y", "substitution": "exp(-y**2)", "lower": "0", "upper": "1"},
          generator=True)
def substitution_integral(expr: Any, var: Any, substitution: Any, lower: Any, upper: Any) -> Derivation:
    x = as_symbol(var)
    f, a, b = _rename(as_expr(expr), x.name, x), as_expr(lower), as_expr(upper)
    f, x, domain = with_domain(f, x, a, b)
    check_continuous(f, x, a, b)
    u_of_x = _substitution(f, x, substitution)
    engine = IntegralSteps(taken={x.name} | {s.name for s in f.free_symbols})
    u = engine.fresh()
    g = outer_function(f, x, u, u_of_x, (a, b))
    du = sp.Derivative(u_of_x, x, evaluate=False)
    written = sp.Integral(sp.Mul(g.subs(u, u_of_x), du, evaluate=False), (x, a, b))
    moved = sp.Integral(g, (u, value_at(u_of_x, x, a), value_at(u_of_x, x, b)))
    start = sp.Integral(f, (x, a, b))
    steps = [given(start, "the integral to compute", rule="the integral"),
             Step(written, "=", rule=f"write the integrand as g(u({x})) u'({x}), u = {sp.sstr(u_of_x)}",
                  why=f"g({u}) = {sp.sstr(g)}"),
             Step(moved, "=", rule="change of variables (17.5.18)",
                  why=f"the limits become u({sp.sstr(a)}) and u({sp.sstr(b)})")]
    rest, value = engine.chain(moved, first=steps[-1])
    derivation = Derivation("substitution-integral", f"${sp.latex(start)}$ by the substitution ${u} = {sp.latex(u_of_x)}$",
                            source("17.5", "17.5.18", "17.5.20", "17.5.21"), steps + rest[1:], _finite(value, start),
                            givens=[("f", f), (f"{u}({x})", u_of_x)], assumptions={x: domain})
    return derivation


def _substitution(f: sp.Expr, x: sp.Symbol, substitution: Any) -> sp.Expr:
    """The substitution u(x): as given, or ("auto") the first one SymPy's rules use."""
    if isinstance(substitution, str) and substitution.strip().lower() in ("", "auto"):
        found = _first_substitution(rule_for(f, x))
        if found is None:
            raise ValueError(f"SymPy's rules for {f} use no substitution; give one with --substitution")
        return found
    u_of_x = _rename(as_expr(substitution), x.name, x)
    if not u_of_x.has(x):
        raise ValueError(f"the substitution {u_of_x} does not depend on {x} (or pass --substitution auto)")
    return u_of_x


def _first_substitution(rule: mi.Rule) -> sp.Expr | None:
    rule = _chosen(rule)
    if isinstance(rule, mi.URule):
        return rule.u_func
    if isinstance(rule, (mi.ConstantTimesRule, mi.RewriteRule)):
        return _first_substitution(rule.substep)
    return None


def outer_function(f: sp.Expr, x: sp.Symbol, u: sp.Symbol, u_of_x: sp.Expr, interval: tuple) -> sp.Expr:
    """g with f(x) = g(u(x)) u'(x) on the interval: f / u' written in u."""
    ratio = sp.simplify(f / sp.diff(u_of_x, x))
    candidate = sp.simplify(ratio.subs(u_of_x, u))
    if not candidate.has(x):
        return candidate
    for inverse in sp.solve(sp.Eq(u_of_x, u), x):
        g = sp.simplify(ratio.subs(x, inverse))
        if not g.has(x) and _agrees_on(g.subs(u, u_of_x), ratio, x, interval):
            return g
    raise ValueError(f"{f} is not of the form g(u) u'(x) for u = {u_of_x}")


def _agrees_on(left: sp.Expr, right: sp.Expr, x: sp.Symbol, interval: tuple) -> bool:
    a, b = (e if e.is_finite else sp.sign(e) * 10 for e in interval)
    points = [a + (b - a) * sp.Rational(k, 7) for k in (1, 3, 5)]
    return all(abs(sp.N((left - right).subs(x, p))) < 1e-9 for p in points)


# --- iterated integrals ---------------------------------------------------------

@register("iterated-integral", "An iterated integral (17.5.32), inner integral first, and the other order",
          source("17.5", "17.5.27", "17.5.32", "17.5.33"),
          params={"expr": "expression", "inner": "symbol", "inner_range": "point", "outer": "symbol",
                  "outer_range": "point"},
          defaults={"expr": "x*y*(x**2 - y**2)/(x**2 + y**2)**3", "inner": "y", "inner_range": "0, 1",
                    "outer": "x", "outer_range": "0, 2"}, generator=True)
def iterated_integral(expr: Any, inner: Any, inner_range: Any, outer: Any, outer_range: Any) -> Derivation:
    x, y = as_symbol(inner), as_symbol(outer)
    (a, b), (c, d) = as_range(inner_range), as_range(outer_range)
    f = _rename(_rename(as_expr(expr), x.name, x), y.name, y)
    f, y, outer_domain = with_domain(f, y, c, d)
    a, b = _rename(a, y.name, y), _rename(b, y.name, y)  # an inner limit may depend on the outer variable
    f, x, inner_domain = with_domain(f, x, a, b)
    start = sp.Integral(sp.Integral(f, (x, a, b)), (y, c, d))
    steps, value = IntegralSteps().chain(start)
    value = _finite(value, start)
    derivation = Derivation("iterated-integral", f"The iterated integral ${sp.latex(start)}$",
                            source("17.5", "17.5.27", "17.5.32", "17.5.33"), steps, value,
                            givens=[("f", f), (f"{x} in", sp.Interval(a, b)), (f"{y} in", sp.Interval(c, d))],
                            assumptions={x: inner_domain, y: outer_domain})
    if (a.free_symbols | b.free_symbols) & {y}:
        derivation.notes.append("The region is not a rectangle: the other order needs other limits.")
        return derivation
    other = sp.Integral(sp.Integral(f, (y, c, d)), (x, a, b))
    other_value = other_order_value(f, x, (a, b), y, (c, d))
    if sp.simplify(other_value - value) == 0:
        steps.append(Step(other, "=", rule="Fubini's theorem (17.5.33)", why="the other order gives the same value"))
    else:
        steps.append(Step(sp.Ne(other, value, evaluate=False), "=>", rule="the other order of integration",
                          why=f"it gives {sp.sstr(other_value)}; so |f| is not integrable on the rectangle, "
                              "or Fubini's theorem (17.5.32) would make the orders agree",
                          checker=_other_order_checker(f, x, (a, b), y, (c, d))))
        derivation.notes.append(f"The two orders differ: {sp.sstr(value)} and {sp.sstr(other_value)}.")
    return derivation


def other_order_value(f: sp.Expr, x: sp.Symbol, x_range: tuple, y: sp.Symbol, y_range: tuple) -> sp.Expr:
    """The iterated integral with the outer variable innermost, computed by SymPy directly."""
    inner = sp.integrate(f, (y, *y_range))
    if inner.has(sp.Integral):
        raise IntegrationError(f"SymPy cannot integrate {f} in {y}")
    return sp.simplify(sp.integrate(inner, (x, *x_range)))


def _other_order_checker(f, x, x_range, y, y_range):
    def check(previous, current, derivation):
        this = sp.simplify(previous.doit())
        other = other_order_value(f, x, x_range, y, y_range)
        differs = (sp.simplify(other - this) != 0 and sp.simplify(current.rhs - this) == 0
                   and sp.simplify(current.lhs.doit() - other) == 0)
        return differs, "symbolic", "" if differs else f"the orders agree ({other})"
    return check


# --- change of variables in two dimensions ------------------------------------------

@register("polar-gaussian-integral", "A plane integral in polar coordinates, with the Jacobian determinant",
          source("17.5", "17.5.35", "17.5.37", "17.5.38", "17.5.39", "17.5.40"),
          params={"expr": "expression"}, defaults={"expr": "exp(-x**2 - y**2)"}, generator=True)
def polar_integral(expr: Any = "exp(-x**2 - y**2)") -> Derivation:
    x, y = sp.Symbol("x", real=True), sp.Symbol("y", real=True)
    r, theta = sp.Symbol("r", nonnegative=True), sp.Symbol("theta", nonnegative=True)
    f = _rename(_rename(as_expr(expr), "x", x), "y", y)
    if f.free_symbols - {x, y}:
        raise ValueError("the integrand may depend on x and y only")
    phi = (r * sp.cos(theta), r * sp.sin(theta))
    jacobian_steps, jacobian = jacobian_determinant(phi, (r, theta))
    f_polar = sp.trigsimp(sp.simplify(f.xreplace({x: phi[0], y: phi[1]})))
    start = sp.Integral(sp.Integral(f, (x, -sp.oo, sp.oo)), (y, -sp.oo, sp.oo))
    with_det = sp.Integral(sp.Integral(sp.Mul(f_polar, jacobian_steps[0].statement, evaluate=False),
                                       (theta, 0, 2 * sp.pi)), (r, 0, sp.oo))
    polar = sp.Integral(sp.Integral(sp.Mul(f_polar, jacobian, evaluate=False), (theta, 0, 2 * sp.pi)), (r, 0, sp.oo))
    change = Step(with_det, "=", rule="change of variables (17.5.35), x = r cos(theta), y = r sin(theta)",
                  why="phi maps (0, oo) x (0, 2 pi) onto the plane (less a ray, of area 0)",
                  checker=_polar_checker(f, (x, y), phi, jacobian), substeps=jacobian_steps)
    determinant = Step(polar, "=", rule=f"|det D phi| = {sp.sstr(jacobian)} (17.5.39)",
                       checker=_replaced_checker(jacobian_steps[0].statement, jacobian))
    first = given(start, "the integral over the plane (17.5.37)", rule="the integral")
    rest, value = IntegralSteps(taken={"x", "y", "r", "theta"}).chain(polar, first=determinant)
    steps = [first, change] + rest
    return Derivation("polar-gaussian-integral", f"${sp.latex(start)}$ in polar coordinates",
                      source("17.5", "17.5.35", "17.5.37", "17.5.38", "17.5.39", "17.5.40"), steps,
                      _finite(value, start), givens=[("f(x, y)", f), ("phi(r, theta)", sp.Tuple(*phi))],
                      assumptions={x: Domain(-sp.oo, sp.oo, True, True), y: Domain(-sp.oo, sp.oo, True, True),
                                   r: Domain(sp.Integer(0), sp.oo, False, True),
                                   theta: Domain(sp.Integer(0), 2 * sp.pi, False, True)})


def jacobian_determinant(phi: tuple, variables: tuple, sign: int = 1,
                         without_bars: str = "cos^2 + sin^2 = 1, r >= 0") -> tuple[list[Step], sp.Expr]:
    """|det D phi| (17.5.36), entry by entry, then simplified (17.5.39): det D phi has the
    sign `sign` on the region, and `without_bars` says why the bars go."""
    unevaluated = sp.ImmutableMatrix([[sp.Derivative(p, v, evaluate=False) for v in variables] for p in phi])
    matrix = sp.ImmutableMatrix(sp.Matrix(phi).jacobian(variables))
    expanded = sp.expand(matrix.det())
    collected = sp.factor_terms(expanded)
    value = sp.trigsimp(sp.factor_terms(sign * expanded))
    steps = [definition(sp.Abs(sp.Determinant(unevaluated)), "(17.5.36): D phi is the matrix of the partial "
                        "derivatives of phi's components", rule="|det D phi|, D phi the Jacobian matrix (17.5.36)"),
             Step(sp.Abs(sp.Determinant(matrix)), "=", rule="differentiate each entry"),
             Step(sp.Abs(expanded), "=", rule="expand the 2 x 2 determinant"),
             Step(sp.Abs(collected), "=", rule="factor"),
             Step(value, "=", rule=without_bars)]
    return steps, value


def _polar_checker(f, xy, phi, jacobian):
    """(17.5.35) applied: the polar integrand is f(phi) |det D phi|, and both integrals agree."""
    def check(previous, current, derivation):
        inner = current.function
        target = f.xreplace(dict(zip(xy, phi))) * jacobian
        integrand_ok = sp.simplify(inner.doit() - target) == 0
        cartesian, polar = previous.doit(), current.doit()
        values_ok = integrand_ok and sp.simplify(cartesian - polar) == 0
        return values_ok, "symbolic", "" if values_ok else f"{cartesian} != {polar}"
    return check


def _replaced_checker(old, new):
    def check(previous, current, derivation):
        replaced = previous.xreplace({old: new})
        ok = (replaced.limits == current.limits and sp.simplify(replaced.function - current.function) == 0
              and sp.simplify(old.doit() - new) == 0)
        return ok, "symbolic", "" if ok else "not the previous integral with the determinant replaced"
    return check


# --- the seed's claims (17.5) -----------------------------------------------------------

def _integral(expr: str, var: str, lower: str, upper: str) -> sp.Expr:
    return derive("definite-integral", expr=expr, var=var, lower=lower, upper=upper).result


def _riemann_sum(f: sp.Expr, x: sp.Symbol, a: int, b: int, eps: sp.Rational, digits: int) -> sp.Float:
    """The code's left Riemann sum sum(eps * f(np.arange(a, b, eps))), rounded as printed."""
    k = sp.Symbol("k", integer=True)
    count = int((b - a) / eps)
    total = sp.Sum(eps * f.subs(x, a + k * eps), (k, 0, count - 1)).doit()
    return sp.Float(f"{float(total):.{digits}g}")


def _seed_claims() -> None:
    x, n = sp.Symbol("x", positive=True), sp.Symbol("n", positive=True)
    claim("(17.5.4), the code of 17.5.1", "the 'Truth' printed for the integral of x/(1 + x^2) on [0, 2]",
          sp.Float("0.34657359027997264"), lambda: _integral("x/(1 + x**2)", "x", "0", "2"))
    claim("(17.5.4), the code of 17.5.1", "the Riemann sum printed as 'Approximation' (epsilon = 0.05)",
          sp.Float("0.79448557"), lambda: _riemann_sum(x / (1 + x**2), x, 0, 2, sp.Rational(1, 20), 8))
    claim("(17.5.12)", "the integral of n y^(n-1) from 0 to x (n > 0)", x**n,
          lambda: derive_result("definite-integral", expr=n * sp.Symbol("y", positive=True) ** (n - 1),
                                var=sp.Symbol("y", positive=True), lower=0, upper=x))
    claim("(17.5.13)", "the integral of e^y from 0 to x (the seed reuses x as the dummy variable)", sp.exp(x) - 1,
          lambda: derive_result("definite-integral", expr=sp.exp(sp.Symbol("y", real=True)),
                                var=sp.Symbol("y", real=True), lower=0, upper=x))
    claim("(17.5.20)", "-2 times the integral of y e^(-y^2) on [0, 1]", sp.exp(-1) - 1,
          lambda: -2 * derive_result("substitution-integral"))
    claim("(17.5.21)", "the integral of y e^(-y^2) on [0, 1]", (1 - sp.exp(-1)) / 2,
          lambda: derive_result("substitution-integral"))
    claim("(17.5.22)", "the integral of 1 from e^0 to e^(-1)", sp.exp(-1) - 1, lambda: _integral("1", "y", "1", "exp(-1)"))
    claim("(17.5.23)", "the integral of -1 on [0, 1]", -1, lambda: _integral("-1", "x", "0", "1"))
    claim("(17.5.24)", "the integral of 1 from 0 to -1", -1, lambda: _integral("1", "x", "0", "-1"))
    claim("(17.5.25)", "the integral of -1 from 0 to -1", 1, lambda: _integral("-1", "x", "0", "-1"))
    claim("(17.5.39)", "|det D phi| for polar coordinates", sp.Symbol("r", nonnegative=True),
          lambda: jacobian_determinant((sp.Symbol("r", nonnegative=True) * sp.cos(sp.Symbol("theta", nonnegative=True)),
                                        sp.Symbol("r", nonnegative=True) * sp.sin(sp.Symbol("theta", nonnegative=True))),
                                       (sp.Symbol("r", nonnegative=True), sp.Symbol("theta", nonnegative=True)))[1])
    claim("(17.5.40)", "the integral of exp(-x^2 - y^2) over the plane", sp.pi,
          lambda: derive_result("polar-gaussian-integral"))
    claim("17.5, exercise 4 (and the remark after (17.5.32))",
          "the iterated integrals of xy(x^2 - y^2)/(x^2 + y^2)^3 over [0, 2] x [0, 1] in the two orders",
          "different", _fubini_verdict)


def derive_result(name: str, **inputs: Any) -> Any:
    return derive(name, **inputs).result


def _fubini_verdict() -> str:
    d = derive("iterated-integral")
    return "different" if d.steps[-1].relation == "=>" else f"equal ({d.result})"


_seed_claims()
