"""Bounds: length first, memory, recursion, nothing computed while parsing,
and a verdict (never an internal error) for the inputs that used to crash."""
from __future__ import annotations

import json
import time

import pytest
import sympy as sp

from click.testing import CliRunner

from dlmath.cli import main
from grader import GradingPolicy, grade, shared_sandbox
from grader.errors import AnswerError
from grader.grading import grade_answer, resolve
from grader.latex_backend import parse_latex
from grader.limits import check_tree

HUGE = "x+" * 150_000 + "x"  # 300 KB


def test_a_300_kb_answer_is_refused_before_any_other_work() -> None:
    start = time.monotonic()
    verdict = grade("17.3.1", HUGE)
    assert time.monotonic() - start < 1.0
    assert (verdict.status, verdict.note) == ("invalid", "limit:length")
    assert "300,001 characters" in verdict.feedback


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_a_batch_with_a_300_kb_answer_grades_the_next_line_normally(tmp_path, suffix) -> None:
    rows = [("17.3.1", HUGE), ("17.3.1", "3x^2-4")]
    source = tmp_path / f"class{suffix}"
    if suffix == ".csv":
        source.write_text("exercise,answer\n" + "".join(f'{e},"{a}"\n' for e, a in rows))
    else:
        source.write_text("".join(json.dumps({"exercise": e, "answer": a}) + "\n" for e, a in rows))
    result = CliRunner().invoke(main, ["grade", str(source), "--db", str(tmp_path / "grades.db")])
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["status"], r["note"]) for r in records] == [("invalid", "limit:length"), ("correct", "correct")]
    assert "1 correct, 0 incorrect, 1 invalid" in result.stderr


def test_a_job_that_allocates_past_the_limit_gets_a_memory_outcome() -> None:
    sandbox = shared_sandbox()
    assert sandbox.run(bytearray, (4 << 30,), 5.0, 1 << 30).kind == "memory"  # 4 GiB against 1 GiB
    assert sandbox.run(bytearray, (64 << 20,), 5.0, 1 << 30).kind == "ok"  # 64 MiB is fine


def test_an_answer_that_would_take_gigabytes_is_stopped() -> None:
    answer = "exp(exp(exp(exp(exp(exp(exp(exp(x))))))))"  # reached 3.5 GB before the limit
    verdict = grade("17.5.1", answer)
    assert verdict.status == "invalid" and verdict.note in ("limit:memory", "limit:time"), verdict
    exercise, part = resolve("17.5.1")
    policy = GradingPolicy()
    outcome = shared_sandbox().run(grade_answer, (f"{exercise.id}/{part.id}", exercise.notation, part, answer, policy),
                                   policy.budget_s, 256 << 20)
    assert outcome.kind in ("memory", "timeout")
    assert grade("17.5.1", "ln 2").status == "correct"  # and the next answer is graded normally


@pytest.mark.parametrize("answer", [
    "*".join(["x"] * 1000),
    r" \cdot ".join(["x"] * 240),
    "+".join(["x"] * 999),
    "-" * 1500 + "x",
    "(" * 49 + "x" + ")" * 49,
    "x" + "^x" * 900,
    "x" + "^{x" * 45 + "}" * 45,
    r"\sqrt{" * 45 + "x" + "}" * 45,
])
def test_long_chains_and_deep_nesting_get_a_verdict(answer: str) -> None:
    verdict = grade("17.3.1", answer)
    assert verdict.method != "error", verdict
    assert verdict.status in ("invalid", "incorrect")


@pytest.mark.parametrize("answer", [
    r"\operatorname{rref}\begin{pmatrix}1&2\\3&4\end{pmatrix}",
    r"\operatorname\mathrm{eigenvals}\begin{pmatrix}1&2\\3&4\end{pmatrix}",
    r"\operatorname{svd}(x)",
    r"\operatorname{zeros}(1000000, 1000000)",
    r"\operatorname{eye}(100000)",
])
def test_operations_the_backend_would_compute_while_parsing_are_refused(answer: str) -> None:
    start = time.monotonic()
    verdict = grade("17.3.1", answer)
    assert verdict.status == "invalid" and verdict.note.startswith("parse:"), verdict
    assert time.monotonic() - start < 1.0


def test_a_determinant_is_built_unevaluated_and_checked_before_it_is_evaluated() -> None:
    with sp.evaluate(False):
        small = parse_latex(r"\det\begin{pmatrix}1&2\\3&4\end{pmatrix}")
    assert isinstance(small, sp.Determinant)
    check_tree(small)
    assert small.doit() == -2
    big = parse_latex(r"\begin{vmatrix}" + r"\\".join("&".join("x" for _ in range(8)) for _ in range(8))
                      + r"\end{vmatrix}")
    assert isinstance(big, sp.Determinant)
    with pytest.raises(AnswerError, match="determinant"):
        check_tree(big)


@pytest.mark.parametrize("exercise, answer, status, note", [
    ("17.3.4", "0.367879441171442321595523770161", "correct", "correct:rounded"),  # 30 digits of 1/e
    ("17.3.4", "1e999999999", "invalid", "limit:size"),
    ("17.3.4", "1e-999999999", "invalid", "limit:size"),
    ("17.3.1", r"x \le 1", "invalid", "parse:relation"),
    ("17.3.1", r"\gcd(12,18)", "incorrect", "mistake:constant"),
    ("17.3.1", "9999!", "invalid", "limit:size"),
    ("17.3.1", "binomial(20000,10000)", "invalid", "limit:size"),
    ("17.3.1", r"\binom{0.5}{10^{6}}", "invalid", "limit:size"),
    ("17.3.4", "(x = 0)", "invalid", "parse:relation"),
    ("17.3.1", "-(0, 2)", "invalid", "parse:not-a-value"),
    ("17.7.2", "(e, 2)/(e, 2)", "invalid", "parse:not-a-value"),
    ("17.1.7", "((2, 2), 2)", "incorrect", "structure:list"),
    ("17.4.1", r"\frac{x=1}{2} x", "invalid", "parse:ill-formed"),
])
def test_inputs_that_used_to_be_internal_errors(exercise: str, answer: str, status: str, note: str) -> None:
    verdict = grade(exercise, answer)
    assert (verdict.status, verdict.note) == (status, note), verdict


def test_manual_parts_wait_for_a_person_and_are_counted_apart(tmp_path) -> None:
    verdict = grade("17.6.3/why", "by Chebyshev's inequality")
    assert (verdict.status, verdict.score, verdict.note) == ("manual", None, "manual")
    source = tmp_path / "class.jsonl"
    source.write_text('{"exercise": "17.6.3/why", "answer": "by Chebyshev"}\n'
                      '{"exercise": "17.3.1", "answer": "3x^2-4"}\n')
    result = CliRunner().invoke(main, ["grade", str(source), "--db", str(tmp_path / "grades.db")])
    assert "1 correct, 0 incorrect, 0 invalid, 1 kept for a person to grade" in result.stderr
    first = json.loads(result.stdout.splitlines()[0])
    assert first["status"] == "manual" and first["score"] is None


@pytest.mark.parametrize("exercise, answer, status, note", [
    ("17.5.1", r"\sin \begin{pmatrix} 0.5 \\ 1 \end{pmatrix}", "invalid", "parse:not-a-value"),
    ("17.1.6", r"-1=\begin{pmatrix} 3 \\ 1 \end{pmatrix}", "incorrect", "structure:not-an-equation"),
    ("17.5.1", r"e^{10^{6}}", "invalid", "limit:size"),
    ("17.5.1", "exp(10^6)", "invalid", "limit:size"),
])
def test_inputs_the_fuzzer_found_after_issue_9(exercise: str, answer: str, status: str, note: str) -> None:
    verdict = grade(exercise, answer)
    assert (verdict.status, verdict.note) == (status, note), verdict
