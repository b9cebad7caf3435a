"""Rules every derivation of the catalog keeps:

- no step prints as the one before it (a step must say something new);
- a step taken without check is a given or a definition, and says which;
- every check can fail: the step made wrong is refused by the same check.
  A checker that ignores the statement, or compares it with itself, passes
  the wrong step too, and is caught here.
"""
from __future__ import annotations

import copy
from functools import lru_cache
from typing import Any, Iterator

import pytest
import sympy as sp

from deriver import catalog, derive
from deriver.checking import _verify_step, verify
from deriver.model import BASES, Derivation, Step, given
from deriver.model import definition as defined


def _repeats(steps: list[Step]) -> list[str]:
    found, previous = [], None
    for step in steps:
        shown = sp.latex(step.statement) if isinstance(step.statement, sp.Basic) else repr(step.statement)
        if shown == previous:
            found.append(f"{shown} ({step.rule})")
        previous = shown
        found += _repeats(step.substeps)
    return found


def test_no_step_repeats_the_one_before_it() -> None:
    repeated = {name: found for name in catalog() if (found := _repeats(derive(name).steps))}
    assert repeated == {}


def test_the_check_sees_a_repeated_step() -> None:
    steps = [Step(sp.Integer(8), rule="let epsilon tend to 0"), Step(sp.Integer(8), rule="agrees")]
    assert _repeats(steps) == ["8 (agrees)"]


def test_every_step_taken_without_check_is_a_given_or_a_definition() -> None:
    unchecked = {name: [(step.rule, step.basis) for step in derive(name).walk()
                        if step.check == "assumed" and step.basis not in BASES] for name in catalog()}
    assert {name: found for name, found in unchecked.items() if found} == {}
    wrong = Derivation("t", "t", derive("derivative").source, [Step(sp.Integer(1), assumed="I say so")], 1)
    assert not verify(wrong).verified  # an assumption with no basis is not accepted
    assert verify(Derivation("t", "t", wrong.source, [given(sp.Integer(1), "the data"),
                                                      defined(sp.Integer(1), "(17.10.1)")], 1)).verified


def _shifted(value: sp.Basic) -> sp.Basic:
    """value + 1, and + its first variable too: an antiderivative is checked up to a constant."""
    if isinstance(value, sp.MatrixBase):
        return value + sp.ones(*value.shape)
    if isinstance(value, sp.ZeroMatrix):
        return sp.OneMatrix(*value.shape)
    if isinstance(value, sp.MatrixExpr):
        return 2 * value
    if isinstance(value, sp.Set):
        return sp.Union(value, sp.FiniteSet(123457), evaluate=False)
    if value in (sp.oo, -sp.oo, sp.zoo):
        return sp.Integer(0)
    variables = sorted((s for s in value.free_symbols if isinstance(s, sp.Symbol)), key=sp.default_sort_key)
    return value + 1 + (variables[0] if variables else 0)


def _made_wrong(step: Step) -> Any:
    """The step's statement changed so that it is false; None where the kind of statement has no such change."""
    value = step.statement
    if isinstance(value, sp.Equality):
        return sp.Eq(value.lhs, _shifted(value.rhs), evaluate=False)
    if isinstance(value, sp.MatrixBase):
        return _shifted(value)
    if isinstance(value, (sp.Tuple, sp.FiniteSet)):
        return type(value)(*value.args, sp.Integer(123457))
    if isinstance(value, sp.Contains):
        return sp.Contains(value.args[0], sp.Union(value.args[1], sp.FiniteSet(123457)), evaluate=False)
    if isinstance(value, sp.Expr):
        if step.relation == "<=":
            return value - 1000
        return 2 * value + 1 if step.relation == "approx" else _shifted(value)
    if isinstance(value, str):
        return value + " (made wrong)"
    if value in (sp.true, sp.false, True, False):
        return sp.Not(value)
    return None


def _checked_steps(steps: list[Step], previous: Any, where: str) -> Iterator[tuple[Step, Any, str]]:
    """Every checked step with the statement it is checked against, as verify() walks them."""
    for index, step in enumerate(steps):
        if step.substeps:
            yield from _checked_steps(step.substeps, previous, f"{where}.{index}")
        if not step.assumed:
            yield step, previous, f"{where}.{index}"
        previous = step.statement


@lru_cache(maxsize=None)
def _unrefused(name: str) -> tuple[list[str], int]:
    """The checked steps of `name` whose check also passes the step made wrong, and how many had no wrong form."""
    derivation = derive(name)
    passing, skipped = [], 0
    for step, previous, where in _checked_steps(derivation.steps, None, "top"):
        wrong = _made_wrong(step)
        if wrong is None:
            skipped += 1
            continue
        trial = copy.copy(step)
        trial.statement, trial.substeps = wrong, []
        try:
            _verify_step(trial, previous, derivation, where)
        except Exception:  # noqa: BLE001  the check could not even run on it: refused
            continue
        if trial.passed:
            passing.append(f"{step.rule or step.relation}: {sp.sstr(step.statement)[:60]}")
    return passing, skipped


@pytest.mark.parametrize("name", sorted(catalog()))
def test_every_check_refuses_the_step_made_wrong(name: str) -> None:
    passing, skipped = _unrefused(name)
    assert passing == []
    assert skipped <= 2, f"{skipped} checked steps could not be made wrong: extend _made_wrong"


def test_the_rule_catches_a_checker_that_confirms_anything() -> None:
    vacuous = Step(sp.Integer(5), checker=lambda previous, current, derivation: (True, "symbolic", ""))
    derivation = Derivation("t", "t", derive("derivative").source, [given(sp.Integer(2), "the data"), vacuous], 5)
    wrong = copy.copy(vacuous)
    wrong.statement = _made_wrong(vacuous)
    _verify_step(wrong, sp.Integer(2), derivation, "top.1")
    assert wrong.passed  # so the test above, given this step, would list it
