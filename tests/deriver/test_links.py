"""Every gradable exercise links to a derivation that verifies, and the
derivation's result is the exercise's reference."""
from __future__ import annotations

import pytest
import sympy as sp

from deriver import catalog, derive
from deriver.inputs import CONVERTERS
from exercises import default_bank
from tests.test_bank_references import same_value

BANK = default_bank()
LINKED = [ex for ex in BANK if ex.solution is not None]


def derive_for(exercise):
    entry = catalog()[exercise.solution.derivation]
    inputs = {
        key: CONVERTERS[entry.params.get(key, "text")](value) if isinstance(value, str) and key in entry.params else value
        for key, value in exercise.solution.inputs.items()
    }
    return derive(exercise.solution.derivation, **inputs)


def in_exercise_symbols(value, exercise):
    """The derivation's symbols, renamed to the exercise's declared ones."""
    if not isinstance(value, sp.Basic):
        return value
    by_name = {name: s.sympy for name, s in exercise.symbols.items()}
    swaps = {s: by_name[s.name] for s in value.atoms(sp.Symbol, sp.MatrixSymbol)
             if getattr(s, "name", None) in by_name and s != by_name[s.name]
             and isinstance(by_name[s.name], (sp.Symbol, sp.MatrixSymbol))}
    return value.xreplace(swaps) if swaps else value


def test_every_gradable_exercise_links_to_a_derivation() -> None:
    missing = [ex.id for ex in BANK if ex.gradable and ex.solution is None]
    assert not missing, f"no derivation linked: {missing}"


def test_links_name_catalog_entries() -> None:
    unknown = {ex.id: ex.solution.derivation for ex in LINKED if ex.solution.derivation not in catalog()}
    assert not unknown, unknown


@pytest.mark.parametrize("exercise", [ex for ex in LINKED if ex.solution.derivation in catalog()], ids=lambda e: e.id)
def test_linked_derivation_verifies_and_gives_the_reference(exercise) -> None:
    derivation = derive_for(exercise)
    assert derivation.verified
    key = exercise.main_part.answer
    if not key.gradable:
        return
    result = in_exercise_symbols(derivation.result, exercise)
    assert same_value(key.type, key.reference, result, exercise), (
        f"{exercise.id}: derivation {derivation.name} gives {derivation.result}, the bank says {key.reference}")
