"""Rules every derivation of the catalog keeps: no step prints as the one
before it (a step must say something new)."""
from __future__ import annotations

import sympy as sp

from deriver import catalog, derive
from deriver.model import Step


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
