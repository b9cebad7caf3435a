"""Check every step of a derivation with the grader's equivalence engine.

`=` steps: the step equals the one before it (both sides `doit()`-ed, so an
unevaluated derivative or integral is compared by its value). `<=>` steps
between equations: the same equation up to a nonzero factor, or the same
solution set. `<=`: the step bounds the one before from above at every
probe point. `=>`, `approx` and anything unusual: the step's own checker.
"""
from __future__ import annotations

import hashlib
from typing import Any, Callable

import sympy as sp

from deriver.model import BASES, Checker, Derivation, Step
from grader.equivalence import Equivalence, Probe, equivalent, proportional, sample_values

METHOD_TO_CHECK = {"exact": "symbolic", "symbolic": "symbolic", "numeric": "numeric", "structure": "symbolic"}


def verify(derivation: Derivation) -> Derivation:
    """Mark every step passed or failed (in place) and return the derivation."""
    _EVALUATED.clear()
    try:
        _verify_chain(derivation.steps, None, derivation, "top")
    finally:
        _EVALUATED.clear()
    return derivation


_EVALUATED: dict[int, tuple[Any, Any]] = {}  # id(statement) -> (statement, its value), during one verify()


def _verify_chain(steps: list[Step], previous: Any, derivation: Derivation, where: str) -> None:
    for index, step in enumerate(steps):
        if step.substeps:
            _verify_chain(step.substeps, previous, derivation, f"{where}.{index}")
        _verify_step(step, previous, derivation, f"{where}.{index}")
        previous = step.statement


def probe_for(derivation: Derivation, where: str) -> Probe:
    seed = hashlib.sha256(f"{derivation.name}:{where}".encode()).hexdigest()
    return Probe(domains=derivation.assumptions, structures=derivation.structures, seed=seed)


def _verify_step(step: Step, previous: Any, derivation: Derivation, where: str) -> None:
    if step.assumed:
        step.check, step.detail = "assumed", step.assumed
        step.passed = step.basis in BASES
        if not step.passed:
            step.detail = "a step taken without check must be a given or a definition; anything else is checked"
        return
    if step.checker is not None:
        passed, method, detail = step.checker(previous, step.statement, derivation)
        step.check, step.passed, step.detail = METHOD_TO_CHECK.get(method, method), passed, detail
        return
    if previous is None:
        step.check, step.passed = "symbolic", False
        step.detail = "the first step must be a given (assumed) or carry its own checker"
        return
    probe = probe_for(derivation, where)
    if step.relation == "=":
        result = same_value(previous, step.statement, probe)
    elif step.relation == "<=>":
        result = same_equation(previous, step.statement, probe)
    elif step.relation == "<=":
        result = bounded_above(previous, step.statement, probe)
    else:
        step.check, step.passed = "symbolic", False
        step.detail = f"a {step.relation!r} step needs its own checker"
        return
    step.check = METHOD_TO_CHECK.get(result.method, "numeric")
    step.passed = bool(result.equivalent)
    step.detail = result.detail or ("" if step.passed else "not equal to the previous step")


def evaluated(value: Any) -> Any:
    """The value of a statement: unevaluated derivatives, integrals, sums done
    (once per statement: each step is compared with the next one too)."""
    if isinstance(value, sp.MatrixBase) and not isinstance(value, sp.Basic):
        value = sp.ImmutableMatrix(value)  # a mutable Matrix is not a SymPy Basic
    if not isinstance(value, sp.Basic):
        return value
    cached = _EVALUATED.get(id(value))
    if cached is not None and cached[0] is value:
        return cached[1]
    result = value.doit()
    _EVALUATED[id(value)] = (value, result)
    return result


def same_value(previous: Any, current: Any, probe: Probe) -> Equivalence:
    left, right = evaluated(previous), evaluated(current)
    if isinstance(left, sp.Equality) and isinstance(right, sp.Equality):
        return same_equation(left, right, probe)
    return equivalent(left, right, probe)


def same_equation(previous: Any, current: Any, probe: Probe) -> Equivalence:
    """Equations with the same solutions: equal up to a nonzero factor, or
    (one unknown) the same solution set over the declared domain."""
    if not (isinstance(previous, sp.Equality) and isinstance(current, sp.Equality)):
        return Equivalence(False, "structure", detail="<=> relates two equations")
    mine = evaluated(current.lhs - current.rhs)
    theirs = evaluated(previous.lhs - previous.rhs)
    result = proportional(mine, theirs, probe)
    if result:
        return result
    unknowns = (mine.free_symbols | theirs.free_symbols)
    if len(unknowns) == 1:
        [unknown] = unknowns
        domain = _interval(probe.domains.get(unknown))
        if sp.solveset(mine, unknown, domain) == sp.solveset(theirs, unknown, domain):
            return Equivalence(True, "symbolic")
    return Equivalence(False, "numeric", detail="the equations have different solutions")


def bounded_above(previous: Any, current: Any, probe: Probe) -> Equivalence:
    """previous <= current, symbolically when SymPy can tell, else at probe points."""
    difference = sp.simplify(evaluated(current) - evaluated(previous))
    if difference.is_nonnegative:
        return Equivalence(True, "symbolic")
    values = sample_values(difference, probe, count=probe.points)
    if values and all(v.is_real and v >= -1e-12 for v in values):
        return Equivalence(True, "numeric")
    return Equivalence(False, "numeric", detail="the bound fails at a probe point")


def recomputed(compute: Callable[[], Any], how: str) -> Checker:
    """A checker for a step whose value comes from a theorem or a formula: the
    statement must equal `compute()`, a second computation by another route
    (`how`, shown with the check). `compute` must not call the function that
    produced the statement, or the check confirms nothing."""
    def check(previous: Any, current: Any, derivation: Derivation) -> tuple[bool, str, str]:
        result = same_value(compute(), current, probe_for(derivation, f"recomputed:{how}"))
        return bool(result.equivalent), result.method, how if result.equivalent else f"{how} gives another value"
    return check


def solutions_on(unknown: sp.Symbol, interval: sp.Set):
    """A checker for `=> unknown in {...}`: the set is exactly the solutions of
    the previous equation on `interval` (SymPy's solveset)."""
    def check(previous: Any, current: Any, derivation: Derivation) -> tuple[bool, str, str]:
        found = sp.solveset(previous.lhs - previous.rhs, unknown, interval)
        ok = found == current.args[1]
        return ok, "symbolic", "" if ok else f"the solutions are {found}"
    return check


def _interval(domain: Any) -> sp.Set:
    if domain is None:
        return sp.S.Reals
    return sp.Interval(domain.lower, domain.upper, domain.lower_open, domain.upper_open)
