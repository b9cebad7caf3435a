"""Randomised variants: for every randomisable exercise, 50 seeds give variants
that compile, whose linked derivation verifies on the variant's own numbers
and gives its reference, whose reference is graded correct and the original's
incorrect; the same seed always gives the same variant."""
from __future__ import annotations

import json
from dataclasses import replace

import pytest
import sympy as sp

from deriver.solutions import in_exercise_symbols, solution_of
from exercises import AnswerKey, VariantError, default_bank, instantiate, randomisable, seed_for
from exercises.render import to_latex
from exercises.schema import Variants
from grader import grade_part
from grader.equivalence import equivalent

SEEDS = range(50)
RANDOMISABLE = [ex.id for ex in default_bank() if randomisable(ex)]


def test_every_gradable_exercise_has_variants_or_says_why_not() -> None:
    """Coverage is a decision recorded in the bank, not an accident."""
    silent = [ex.id for ex in default_bank() if ex.gradable and not randomisable(ex) and not ex.no_variants]
    assert not silent, f"give these a variants block or a no_variants reason: {silent}"
    gradable = [ex for ex in default_bank() if ex.gradable]
    assert "17.7.coin" in RANDOMISABLE and len(RANDOMISABLE) > len(gradable) / 2


@pytest.mark.slow
@pytest.mark.parametrize("exercise_id", RANDOMISABLE)
def test_fifty_seeds_give_variants_that_derive_verify_and_grade(exercise_id: str) -> None:
    original = default_bank().get(exercise_id)
    distinct = set()
    for seed in SEEDS:
        variant = instantiate(original, seed)
        part = variant.main_part
        values = tuple(sorted((k, str(v)) for k, v in variant.variant.values.items()))
        if values in distinct:  # a variant is a function of its values: this one was checked at an earlier seed
            continue
        distinct.add(values)
        derivation = solution_of(variant)
        if derivation is not None:
            assert derivation.verified, (seed, variant.variant.note)
            result = in_exercise_symbols(derivation.result, variant)
            assert _same_answer(result, part.answer.reference), (seed, result, part.answer.reference)
        for mine, theirs in zip(variant.parts, original.parts, strict=True):
            if not mine.answer.gradable:
                continue
            own = grade_part(variant, mine, typed(mine.answer))
            assert own.status == "correct", (seed, variant.variant.note, mine.id, own)
            if not _same_answer(theirs.answer.reference, mine.answer.reference):
                other = grade_part(variant, mine, typed(theirs.answer))
                assert other.status == "incorrect", (seed, variant.variant.note, mine.id, other)
    print(f"\n{exercise_id}: {len(distinct)} distinct variants in {len(SEEDS)} seeds")
    assert len(distinct) > len(SEEDS) // 5, distinct


def _same_answer(a: object, b: object) -> bool:
    if isinstance(a, (sp.Expr, sp.MatrixBase)) and isinstance(b, (sp.Expr, sp.MatrixBase)):
        return equivalent(a, b).equivalent
    return a == b


def typed(key: AnswerKey) -> str:
    """The reference as a student types it: its SymPy text, or for a vector or matrix its LaTeX
    (`Matrix([1, 1])` is the bank's syntax, not an answer)."""
    return to_latex(key.reference) if isinstance(key.reference, sp.MatrixBase) else key.source_text


def test_the_same_seed_gives_the_same_variant_and_students_differ() -> None:
    coin = default_bank().get("17.7.coin")
    assert seed_for("alice") == seed_for(" alice ") == 112694684483546  # sha256: the same on every machine
    alice, again = instantiate(coin, seed_for("alice")), instantiate(coin, seed_for("alice"))
    assert (alice.statement, alice.main_part.answer.reference) == (again.statement, again.main_part.answer.reference)
    bob = instantiate(coin, seed_for("bob"))
    assert alice.variant.values != bob.variant.values and alice.variant.note != bob.variant.note
    assert seed_for("alice", "week 7") != seed_for("alice", "week 8")


def test_a_known_mistake_is_recognised_in_the_variants_own_numbers() -> None:
    variant = instantiate(default_bank().get("17.7.coin"), seed_for("alice"))
    n_H, n_T = (variant.variant.values[k] for k in ("n_H", "n_T"))
    tails = grade_part(variant, None, f"{n_T}/{n_H + n_T}")
    assert tails.status == "incorrect" and "fraction of tails" in tails.feedback
    assert f"{n_H}" in variant.statement and f"{n_H + n_T} times" in variant.statement
    assert variant.erratum is None  # the text's typo is about 9 and 4, not about this variant


def test_constraints_that_cannot_hold_are_refused_clearly() -> None:
    coin = default_bank().get("17.7.coin")
    impossible = replace(coin, variants=Variants.model_validate({**coin.variants.model_dump(), "require": ["False"]}))
    with pytest.raises(VariantError, match="kept its constraints"):
        instantiate(impossible, 1)
    with pytest.raises(VariantError, match="has no variants"):
        instantiate(default_bank().get("17.1.5"), 1)


def test_a_draw_where_a_mistake_equals_the_reference_is_drawn_again() -> None:
    """With n_H = n_T the fraction of tails is the answer: such a draw must never be given."""
    coin = default_bank().get("17.7.coin")
    loose = replace(coin, variants=Variants.model_validate({**coin.variants.model_dump(), "require": []}))
    for seed in range(60):
        key = instantiate(loose, seed).main_part.answer
        assert all(sp.simplify(m.value - key.reference) != 0 for m in key.mistakes)


def test_dlmath_variant_gives_alice_and_bob_their_own_counts_each_solved() -> None:
    from click.testing import CliRunner

    from dlmath.cli import main
    shown = {}
    for student in ("alice", "bob"):
        run = CliRunner().invoke(main, ["variant", "17.7.coin", "--student", student])
        assert run.exit_code == 0, run.output
        heads, tails = (int(v) for v in instantiate(default_bank().get("17.7.coin"),
                                                    seed_for(student)).variant.values.values())
        assert f"for {student}: {heads} heads, {tails} tails" in run.output
        assert f"Reference: \\frac{{{heads}}}{{{heads + tails}}}" in run.output
        assert "Verified: yes, every step checked" in run.output
        data = json.loads(CliRunner().invoke(main, ["variant", "17.7.coin", "--student", student, "--json"]).output)
        assert data["solution"]["verified"] is True
        assert data["solution"]["result"] == f"\\frac{{{heads}}}{{{heads + tails}}}"
        shown[student] = (heads, tails)
    assert shown["alice"] != shown["bob"]


def test_the_coverage_listing_names_every_gradable_exercise() -> None:
    from click.testing import CliRunner

    from dlmath.cli import main
    run = CliRunner().invoke(main, ["exercises", "--variants"])
    assert run.exit_code == 0, run.output
    gradable = [ex for ex in default_bank() if ex.gradable]
    assert f"{len(RANDOMISABLE)} of {len(gradable)} gradable exercises have per-student variants" in run.output
    assert "17.7.coin" in run.output and "varies n_H, n_T" in run.output
    assert "17.10.1a" in run.output and "fixed: a certain event carries 0 bits" in run.output
