"""Fixtures shared across test modules."""
from __future__ import annotations

import pytest

import grader
from tests.labelled import CASES


@pytest.fixture(scope="session")
def corpus_verdicts() -> list[tuple[dict, grader.Verdict]]:
    """Every corpus answer graded once, in file order, from a fresh sandbox and cache."""
    grader.clear_cache()
    grader.shared_sandbox().close()
    return [(case, grader.grade(case["exercise"], case["answer"])) for case in CASES]
