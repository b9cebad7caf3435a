"""Hostile input: never executed, bounded in size and time, answered with a
clear `invalid` (or `incorrect`), never a traceback, and never fatal to the
answers graded after it."""
from __future__ import annotations

import time

import pytest

from grader import grade

BUDGET = 2.0
HOSTILE = [
    "import os",
    "__import__('os').system('echo pwned')",
    "exec('print(1)')",
    "lambda: 0",
    "().__class__.__bases__[0].__subclasses__()",
    r"10^{10^{10^{10}}}",
    "10**10**10**10",
    r"(x+1)^{100000000}",
    "(x+1)**100000000",
    "x!!!",
    "x" + "!" * 30,
    "9" * 5000,
    "(" * 500 + "x" + ")" * 500,
    "{" * 200 + "x" + "}" * 200,
    r"\frac{" * 100 + "x" + "}{2}" * 100,
    "x+" * 3000 + "x",
    "\x00\x01\x02",
    "$$",
    "",
    "   ",
    r"\def\x{\x}\x",
    r"\input{/etc/passwd}",
    "☃️🐍",
    r"\begin{pmatrix}" + r"1\\" * 400 + r"\end{pmatrix}",
    "factorial(factorial(factorial(99)))",
    r"e^{e^{e^{e^{e^{x}}}}}",
    r"\sum_{i=1}^{10^{12}} i",
    r"\int_0^1 x\,dx",
]


@pytest.mark.parametrize("answer", HOSTILE, ids=lambda a: repr(a[:40]))
def test_hostile_answer_is_refused_within_budget(answer: str) -> None:
    start = time.monotonic()
    verdict = grade("17.3.1", answer, budget_s=BUDGET)
    elapsed = time.monotonic() - start
    assert verdict.status in ("invalid", "incorrect"), verdict
    assert elapsed < BUDGET + 1.5, f"took {elapsed:.1f} s"
    assert "Traceback" not in verdict.feedback
    assert verdict.feedback


def test_a_runaway_answer_does_not_lose_the_next_one() -> None:
    grade("17.3.1", r"x^{x^{x^{x^{x^{x}}}}} - (x+1)^{9999}", budget_s=0.5)
    assert grade("17.3.1", "3x^2-4").status == "correct"


def test_invalid_verdicts_say_where() -> None:
    verdict = grade("17.3.1", "3x^2 + # 4")
    assert verdict.status == "invalid" and verdict.column == 8
    assert "column 8" in verdict.feedback


def test_python_is_never_evaluated(tmp_path, monkeypatch) -> None:
    marker = tmp_path / "pwned"
    grade("17.3.1", f"__import__('pathlib').Path('{marker}').touch()")
    grade("17.3.1", rf"\text{{__import__('pathlib').Path('{marker}').touch()}}")
    assert not marker.exists()
