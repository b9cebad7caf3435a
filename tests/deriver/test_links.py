"""Every gradable exercise links to a derivation that verifies, and the
derivation's result is the exercise's reference."""
from __future__ import annotations

import pytest

from deriver import catalog
from deriver.solutions import in_exercise_symbols, solution_of
from exercises import default_bank
from tests.test_bank_references import same_value

BANK = default_bank()
LINKED = [ex for ex in BANK if ex.solution is not None]


def test_every_gradable_exercise_links_to_a_derivation() -> None:
    missing = [ex.id for ex in BANK if ex.gradable and ex.solution is None]
    assert not missing, f"no derivation linked: {missing}"


def test_links_name_catalog_entries() -> None:
    unknown = {ex.id: ex.solution.derivation for ex in LINKED if ex.solution.derivation not in catalog()}
    assert not unknown, unknown


@pytest.mark.parametrize("exercise", [ex for ex in LINKED if ex.solution.derivation in catalog()], ids=lambda e: e.id)
def test_linked_derivation_verifies_and_gives_the_reference(exercise) -> None:
    derivation = solution_of(exercise)
    assert derivation.verified
    key = exercise.main_part.answer
    if not key.gradable:
        return
    result = in_exercise_symbols(derivation.result, exercise)
    assert same_value(key.type, key.reference, result, exercise), (
        f"{exercise.id}: derivation {derivation.name} gives {derivation.result}, the bank says {key.reference}")
