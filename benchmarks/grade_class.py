"""Class-scale figures: a realistic class (simulated from the labelled corpus,
with real classes' repetition) graded through `dlmath grade FILE`, cold and
warm, with 1 and 2 workers; the same answers, one call each, through a naive
baseline (latex2sympy2_extended, then `simplify(a - b) == 0`) and, where it is
installed, through Math-Verify; and the start-up of `dlmath --help` and of one
`dlmath grade`, beside that of importing SymPy alone. Wall and CPU seconds are of the whole process tree.

    .venv/bin/python benchmarks/grade_class.py [--students 500] [--parts 60] [--math-verify PYTHON]
    .venv/bin/python benchmarks/grade_class.py --startup-only

`--math-verify` names a Python that has math-verify installed (it is not a
dependency of dlmath): `python3 -m venv /tmp/mv && /tmp/mv/bin/pip install
'math-verify[antlr4_13_2]'`.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sympy as sp  # noqa: E402

from grader.grading import resolve  # noqa: E402
from tests.simulated_class import as_csv, simulate  # noqa: E402

BASELINE = r'''
import json, sys, signal
import sympy as sp
from latex2sympy2_extended import latex2sympy
pairs = json.load(open(sys.argv[1]))
def on_alarm(*_): raise TimeoutError
signal.signal(signal.SIGALRM, on_alarm)
same = 0
for reference, answer in pairs:
    try:
        signal.alarm(2)
        same += sp.simplify(latex2sympy(answer) - latex2sympy(reference)) == 0
    except BaseException:
        pass
    finally:
        signal.alarm(0)
print(same)
'''

MATH_VERIFY = r'''
import json, sys
from math_verify import parse, verify
pairs = json.load(open(sys.argv[1]))
same = 0
for reference, answer in pairs:
    try:
        same += bool(verify(parse("$" + reference + "$"), parse("$" + answer + "$")))
    except BaseException:
        pass
print(same)
'''


def timed(command: list[str], **kw) -> tuple[float, float, subprocess.CompletedProcess]:
    """(wall s, CPU s of the process and every child it waited for, result)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, **kw)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if result.returncode not in (0,):
        sys.exit(f"{' '.join(command)} failed:\n{result.stderr[-2000:]}")
    return wall, cpu, result


def dlmath(*args: str) -> list[str]:
    return [sys.executable, "-m", "dlmath", *args]


def reference_pairs(rows: list[dict[str, str]]) -> list[tuple[str, str]]:
    """(reference, answer) for every answer of the class, as another verifier
    is given them: one call per answer, as they come."""
    pairs = []
    for row in rows:
        _, part = resolve(row["exercise"])
        if part.answer.reference is not None:
            reference = part.answer.reference
            pairs.append((sp.latex(reference) if isinstance(reference, sp.Basic) else str(reference), row["answer"]))
    return pairs


def startup() -> None:
    helps, ones, sympy_alone = [], [], []
    for _ in range(7):  # interleaved, so that the machine's load weighs on all three alike
        helps.append(timed(dlmath("--help"), cwd=ROOT)[0])
        ones.append(timed(dlmath("grade", "--exercise", "17.3.1", "--answer", "3x^2-4"), cwd=ROOT)[0])
        sympy_alone.append(timed([sys.executable, "-c", "import sympy; sympy.Symbol('x') + 1"])[0])
    print(f"start-up: dlmath --help median {statistics.median(helps):.2f} s; one dlmath grade median "
          f"{statistics.median(ones):.2f} s; importing SymPy alone median {statistics.median(sympy_alone):.2f} s "
          "(7 runs each)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=500)
    parser.add_argument("--parts", type=int, default=60)
    parser.add_argument("--math-verify", metavar="PYTHON", help="a Python with math-verify installed")
    parser.add_argument("--startup-only", action="store_true", help="only the start-up figures")
    args = parser.parse_args()
    if args.startup_only:
        startup()
        return
    folder = Path(tempfile.mkdtemp(prefix="dlmath-bench-"))
    rows = simulate(args.students, args.parts, seed=1)
    source = folder / "class.csv"
    source.write_text(as_csv(rows), encoding="utf-8")
    distinct = len({(r["exercise"], r["answer"]) for r in rows})
    print(f"class: {len(rows)} answers, {distinct} distinct, {args.students} students x {args.parts} parts")

    figures = {}
    for workers in (1, 2):
        db = folder / f"w{workers}.db"
        wall, cpu, _ = timed(dlmath("grade", str(source), "--db", str(db), "--out", str(folder / "o.csv"),
                                    "--workers", str(workers)), cwd=ROOT)
        warm_wall, warm_cpu, _ = timed(dlmath("grade", str(source), "--db", str(db), "--out", str(folder / "o.csv"),
                                              "--workers", str(workers)), cwd=ROOT)
        figures[workers] = (wall, cpu)
        print(f"dlmath, {workers} worker(s): cold {wall:.1f} s wall, {cpu:.1f} s CPU "
              f"({len(rows) / wall:.0f} answers/s); warm rerun {warm_wall:.1f} s wall, {warm_cpu:.1f} s CPU")
    print(f"speed-up of 2 workers over 1: {figures[1][0] / figures[2][0]:.2f}x wall")

    pairs = reference_pairs(rows)
    pairs_file = folder / "pairs.json"
    pairs_file.write_text(json.dumps(pairs))
    wall, cpu, result = timed([sys.executable, "-c", BASELINE, str(pairs_file)])
    print(f"naive baseline (latex2sympy2 + simplify) on the same {len(pairs)} answers: {wall:.1f} s wall, "
          f"{cpu:.1f} s CPU; dlmath 1 worker is {cpu and figures[1][1] / cpu:.2f}x its CPU")
    if args.math_verify:
        wall, cpu, result = timed([args.math_verify, "-c", MATH_VERIFY, str(pairs_file)])
        print(f"Math-Verify on the same answers: {wall:.1f} s wall, {cpu:.1f} s CPU; "
              f"dlmath 1 worker is {figures[1][1] / cpu:.2f}x its CPU")

    startup()
    print(f"files: {folder}")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    main()
