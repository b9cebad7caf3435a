"""The shared grading examples: every case gets the expected status."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from grader import grade

EXAMPLES = Path(__file__).resolve().parents[2] / "shared" / "examples" / "grading-examples.jsonl"
CASES = [json.loads(line) for line in EXAMPLES.read_text().splitlines() if line.strip()] if EXAMPLES.exists() else []


@pytest.mark.skipif(not CASES, reason="shared/examples is not beside this checkout")
@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['exercise']}:{c['answer']}")
def test_shared_example(case: dict) -> None:
    verdict = grade(case["exercise"], case["answer"])
    assert verdict.status == case["expect"], f"{verdict.feedback} (read as {verdict.interpreted})"


def test_the_feedback_the_examples_ask_for() -> None:
    assert "not where it is attained" in grade("17.3.4", "-e^{-1}").feedback
    assert "significant figures" in grade("17.5.1", "0.69").feedback
    assert "nats" in grade("17.10.2a", r"\ln 44").feedback
    percent = grade("17.7.coin", r"\frac{9}{13}\%")
    assert "percent" in percent.feedback
    end = grade("17.3.1", "3x^2-")
    assert end.column == len("3x^2-") + 1
    layout = grade("17.4.quadratic-form", r"\mathbf{x}^{\top}(\mathbf{A}+\mathbf{A}^{\top})").feedback
    assert "numerator layout" in layout and "shape" in layout
    assert "with respect to" in grade("17.4.matrix-factorization", r"-2(\mathbf{X}-\mathbf{U}\mathbf{V})\mathbf{V}^{\top}").feedback
