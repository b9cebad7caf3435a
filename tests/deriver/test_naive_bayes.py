"""Naive Bayes (17.8): counting estimates, scores, and whether the classifier separates its points."""
from __future__ import annotations

import random
from fractions import Fraction

import pytest
import sympy as sp

from deriver import catalog, derive, verify
from deriver.errata import CLAIMS, _agrees
from deriver.model import Step

NAMES = ["naive-bayes-prior", "naive-bayes-conditional", "naive-bayes-score", "naive-bayes-classifies"]


@pytest.mark.parametrize("name", NAMES)
def test_catalog_derivation_builds_and_verifies(name: str) -> None:
    assert derive(name).verified


def test_xor_values() -> None:
    assert derive("naive-bayes-prior").result == sp.Rational(1, 2)
    assert derive("naive-bayes-conditional").result == sp.Rational(1, 2)
    assert derive("naive-bayes-classifies").result == sp.false
    assert derive("naive-bayes-score").result == 0


def _fit(rows, labels):
    """A plain-Python naive Bayes (fractions, no SymPy), independent of the module."""
    classes = sorted(set(labels))
    prior = {c: Fraction(labels.count(c), len(labels)) for c in classes}

    def conditional(i, v, c):
        members = [r for r, y in zip(rows, labels) if y == c]
        return Fraction(sum(1 for r in members if r[i] == v), len(members))

    def scores(point):
        out = {}
        for c in classes:
            value = prior[c]
            for i, v in enumerate(point):
                value *= conditional(i, v, c)
            out[c] = value
        return out
    return prior, conditional, scores


def test_random_datasets_against_plain_python() -> None:
    rng = random.Random(3)
    for _ in range(6):
        n, d = rng.randint(3, 7), rng.randint(1, 3)
        rows = [tuple(rng.randint(0, 2) for _ in range(d)) for _ in range(n)]
        labels = [rng.randint(0, 1) for _ in range(n)]
        if len(set(labels)) < 2:
            labels[0] = 1 - labels[1]
        prior, conditional, scores = _fit(rows, labels)
        X = [list(r) for r in rows]
        assert derive("naive-bayes-prior", X=X, labels=labels, label=1).result == sp.Rational(prior[1])
        assert derive("naive-bayes-conditional", X=X, labels=labels, feature=1, value=rows[0][0],
                      label=0).result == sp.Rational(conditional(0, rows[0][0], 0))
        test = tuple(rng.randint(0, 2) for _ in range(d))
        assert derive("naive-bayes-score", X=X, labels=labels, test=test).result == sp.Rational(max(scores(test).values()))
        separates = all(max(s := scores(r), key=s.get) == y and list(s.values()).count(max(s.values())) == 1
                        for r, y in zip(rows, labels))
        assert derive("naive-bayes-classifies", X=X, labels=labels).result == sp.sympify(separates)


def test_a_separable_dataset_is_classified() -> None:
    assert derive("naive-bayes-classifies", X=[[0, 0], [0, 1], [1, 0], [1, 1]], labels=[0, 0, 1, 1]).result == sp.true


def test_a_broken_step_is_caught() -> None:
    d = catalog()["naive-bayes-prior"].build()
    d.steps[1] = Step(sp.Mul(3, sp.Pow(4, -1, evaluate=False), evaluate=False), rule="count (wrong)")
    assert not verify(d).verified
    c = catalog()["naive-bayes-classifies"].build()
    c.steps[-1] = Step(sp.true, "=>", rule="verdict (wrong)", checker=c.steps[-1].checker)
    assert not verify(c).verified


def test_seed_claims_of_17_8() -> None:
    claims = [c for c in CLAIMS if c.where.startswith("17.8") and c.quote is None]  # passages: test_errata
    assert len(claims) == 3 and all(_agrees(c.seed_says, c.compute()) for c in claims)


def test_estimates_are_checked_by_counting_and_scores_are_definitions() -> None:
    for name in ("naive-bayes-prior", "naive-bayes-conditional"):
        first = derive(name).steps[0]
        assert first.check == "symbolic" and first.rule == "estimate by counting"
    score = derive("naive-bayes-score").steps[0]
    assert score.basis == "definition" and "(17.8.4)" in score.rule
    d = catalog()["naive-bayes-prior"].build()  # the indicators of another label: the count refuses them
    wrong = sp.Add(*(sp.KroneckerDelta(y, 0, evaluate=False) for y in (0, 1, 1, 1)), evaluate=False) / 4
    d.steps[0] = Step(wrong, rule="estimate (wrong)", checker=d.steps[0].checker, fresh=True)
    assert not verify(d).verified


def test_indicators_print_with_a_comma() -> None:
    from deriver.render import as_data
    shown = as_data(derive("naive-bayes-prior"))["steps"][0]["latex"]
    assert r"\delta_{0, 1}" in shown and r"\delta_{0 1}" not in shown
