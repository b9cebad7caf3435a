"""The two-stage LaTeX parse (SLL first, LL only when SLL fails) reads the
LaTeX answers of the labelled corpus exactly as the LL parse alone does
(all 1,029 were compared once; the suite compares a seeded sample of 400)."""
from __future__ import annotations

import random

import pytest

from grader import latex_backend
from grader.errors import AnswerError
from grader.normalize import normalise
from tests.labelled import CASES


def _latex_answers() -> list[str]:
    texts = []
    for case in CASES:
        try:
            normalised = normalise(case["answer"])
        except AnswerError:
            continue
        if normalised.latex:
            texts.append(normalised.text)
    distinct = list(dict.fromkeys(texts))
    return random.Random(11).sample(distinct, min(400, len(distinct)))


def _readings(texts: list[str]) -> list[str]:
    readings = []
    for text in texts:
        try:
            readings.append(repr(latex_backend.parse_latex(text)))
        except AnswerError as err:
            readings.append(f"error: {err}")
    return readings


def test_sll_first_reads_like_ll(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _latex_answers()
    assert len(texts) == 400
    two_stage = _readings(texts)
    monkeypatch.setattr(latex_backend, "TWO_STAGE", False)
    assert _readings(texts) == two_stage
