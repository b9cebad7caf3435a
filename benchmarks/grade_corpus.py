"""Grading speed: median and p95 milliseconds per answer and answers per
second over the labelled corpus, cold (every answer graded) and warm (the
same answers again: the cache of identical normalised answers).

    .venv/bin/python benchmarks/grade_corpus.py [--repeat 1] [--batch 1000]

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
    grader.grade("17.3.1", "warm-up")  # start the worker; not timed
    report("cold (every answer graded)", timed(cases))
    report("warm (repeated answers)", timed(cases))
    matrix = [c for c in cases if _answer_type(c["exercise"]) == "matrix_expression"]
    if matrix:
        grader._cache.clear()
        report("matrix answers, cold", timed(matrix))
        report("matrix answers, warm", timed(matrix))
    if args.batch:
        rng = random.Random(0)
        rows = [dict(rng.choice(cases), student=f"s{i:04d}") for i in range(args.batch)]
        with tempfile.TemporaryDirectory() as folder:
            source = Path(folder) / "class.jsonl"
            source.write_text("".join(json.dumps({k: r[k] for k in ("student", "exercise", "answer")}) + "\n"
                                      for r in rows))
            start = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "grader.cli", "grade", str(source)],
                                  capture_output=True, text=True, cwd=ROOT)
            elapsed = time.perf_counter() - start
            out_lines = done.stdout.splitlines()
            print(f"dlmath grade on {args.batch} answers: {elapsed:.1f} s wall, {len(out_lines)} records out; "
                  f"{done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ''}")


if __name__ == "__main__":
    main()
