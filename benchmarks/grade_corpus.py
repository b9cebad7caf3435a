"""Grading speed and bounds: median and p95 milliseconds per answer and
answers per second over the labelled corpus, cold (every answer graded),
warm (the same answers again: the verdict cache) and in this process
without the sandbox (what isolation costs); then the bounds: how long a
300 KB answer takes to be refused, and the worker's peak memory on an
answer that would take gigabytes.

    .venv/bin/python benchmarks/grade_corpus.py [--batch 1000]

With --batch N it also writes an N-answer class file sampled from the
corpus and times `dlmath grade FILE` on it end to end.
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import grader  # noqa: E402


def load_corpus() -> list[dict]:
    files = sorted((ROOT / "tests" / "corpus").glob("*.jsonl"))
    shared = ROOT.parent / "shared" / "examples" / "grading-examples.jsonl"
    if shared.exists():
        files.append(shared)
    return [json.loads(line) for f in files for line in f.read_text().splitlines() if line.strip()]


def _answer_type(exercise_id: str) -> str:
    from grader.grading import resolve

    try:
        return resolve(exercise_id)[1].answer.type.value
    except Exception:
        return ""


def in_process(cases: list[dict]) -> list[float]:
    """grade_answer called directly: no sandbox, no cache."""
    from grader.grading import grade_answer, resolve

    times = []
    for case in cases:
        exercise, part = resolve(case["exercise"])
        start = time.perf_counter()
        grade_answer(f"{exercise.id}/{part.id}", exercise.notation, part, case["answer"])
        times.append((time.perf_counter() - start) * 1000)
    return times


def bounds() -> None:
    from grader.grading import grade_answer, resolve

    huge = "x+" * 150_000 + "x"
    start = time.perf_counter()
    verdict = grader.grade("17.3.1", huge)
    print(f"300 KB answer: {verdict.status} ({verdict.note}) in {(time.perf_counter() - start) * 1000:.2f} ms")
    answer = "exp(exp(exp(exp(exp(exp(exp(exp(x))))))))"
    exercise, part = resolve("17.5.1")
    policy = grader.DEFAULT_POLICY
    start = time.perf_counter()
    outcome = grader.shared_sandbox().run(grade_answer, (f"{exercise.id}/{part.id}", exercise.notation, part, answer,
                                                         policy), policy.budget_s, policy.memory_bytes)
    print(f"{answer} on 17.5.1: {outcome.kind} after {time.perf_counter() - start:.2f} s; limit: the warm "
          f"worker's size + {policy.memory_bytes >> 20} MiB;{outcome.detail}")
    start = time.perf_counter()
    outcome = grader.shared_sandbox().run(bytearray, (4 << 30,), policy.budget_s, policy.memory_bytes)
    print(f"a job allocating 4 GiB: {outcome.kind} after {time.perf_counter() - start:.2f} s;{outcome.detail}")
    starts = []
    for _ in range(5):
        grader.shared_sandbox().close()
        grader.clear_cache()
        start = time.perf_counter()
        grader.grade("17.3.1", "3x^{2}-4")
        starts.append((time.perf_counter() - start) * 1000)
    print(f"a new sandbox (zygote fork and warm-up) and one answer: median {statistics.median(starts):.0f} ms")


def timed(cases: list[dict]) -> list[float]:
    times = []
    for case in cases:
        start = time.perf_counter()
        grader.grade(case["exercise"], case["answer"])
        times.append((time.perf_counter() - start) * 1000)
    return times


def report(label: str, times: list[float]) -> None:
    ordered = sorted(times)
    p95 = ordered[max(0, int(round(0.95 * len(ordered))) - 1)]
    rate = len(times) / (sum(times) / 1000)
    print(f"{label:<28} n={len(times):<5} median {statistics.median(times):7.2f} ms   "
          f"p95 {p95:7.2f} ms   {rate:8.1f} answers/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=0, help="also time `dlmath grade` on an N-answer file")
    args = parser.parse_args()
    cases = load_corpus()
    grader.grade("17.3.1", "warm-up")  # start the sandbox; not timed
    report("cold (every answer graded)", timed(cases))
    report("warm (repeated answers)", timed(cases))
    report("in process, no sandbox", in_process(cases))
    matrix = [c for c in cases if _answer_type(c["exercise"]) == "matrix_expression"]
    if matrix:
        grader.clear_cache()
        report("matrix answers, cold", timed(matrix))
        report("matrix answers, warm", timed(matrix))
    bounds()
    if args.batch:
        rng = random.Random(0)
        rows = [dict(rng.choice(cases), student=f"s{i:04d}") for i in range(args.batch)]
        with tempfile.TemporaryDirectory() as folder:
            source = Path(folder) / "class.jsonl"
            source.write_text("".join(json.dumps({k: r[k] for k in ("student", "exercise", "answer")}) + "\n"
                                      for r in rows))
            start = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "dlmath", "grade", str(source)],
                                  capture_output=True, text=True, cwd=ROOT)
            elapsed = time.perf_counter() - start
            out_lines = done.stdout.splitlines()
            print(f"dlmath grade on {args.batch} answers: {elapsed:.1f} s wall, {len(out_lines)} records out; "
                  f"{done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ''}")


if __name__ == "__main__":
    main()
