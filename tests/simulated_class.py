"""A class, simulated from the labelled corpus with the repetition real classes
have: most students who get a part right type the same one or two forms,
and those who get it wrong spread over a long tail (the corpus's wrong
answers, and slips: a digit typed wrong, a sign dropped). Each student has
an ability, so the score distribution is spread out, and a few skip parts.

    python tests/simulated_class.py --students 500 --parts 60 --out class.csv

Used by the class-grading tests, the benchmarks and the demo's sample class.
"""
from __future__ import annotations

import argparse
import csv
import io
import random
import re
from collections import defaultdict
from datetime import datetime, timedelta, timezone
from pathlib import Path

if __package__ in (None, ""):
    import sys
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.labelled import CASES  # noqa: E402

FIRST = ("Ada", "Ben", "Chloe", "Dev", "Esi", "Femi", "Gus", "Hana", "Ivan", "Jia", "Kofi", "Lena", "Mateo", "Nia",
         "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tara", "Uma", "Vik", "Wen", "Xavi", "Yara", "Zoe")
LAST = ("Okafor", "Silva", "Nguyen", "Kowalski", "Haddad", "Mensah", "Ivanova", "Tanaka", "Murphy", "Rossi",
        "Schmidt", "Dubois", "Khan", "Lopez", "Berg", "Costa")


def parts_with_answers(minimum_wrong: int = 1) -> dict[str, tuple[list[str], list[str]]]:
    """Exercise id -> (right answers, wrong answers) from the labelled corpus,
    for the parts that have both."""
    found: dict[str, tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
    for case in CASES:
        if case["expect"] == "correct":
            found[case["exercise"]][0].append(case["answer"])
        elif case["expect"] == "incorrect":
            found[case["exercise"]][1].append(case["answer"])
    return {e: (sorted(set(r), key=r.index), sorted(set(w), key=w.index)) for e, (r, w) in found.items()
            if r and len(set(w)) >= minimum_wrong and "\n" not in "".join(r + w)}


def slip(answer: str, rng: random.Random) -> str:
    """A student's slip on a right answer: one digit typed wrong, or a sign flipped."""
    digits = [m.start() for m in re.finditer(r"[0-9]", answer)]
    if digits and rng.random() < 0.7:
        at = rng.choice(digits)
        return answer[:at] + str((int(answer[at]) + rng.randint(1, 9)) % 10) + answer[at + 1:]
    return answer[1:] if answer.startswith("-") else "-" + answer


def simulate(students: int, parts: int, seed: int = 1) -> list[dict[str, str]]:
    rng = random.Random(seed)
    bank = parts_with_answers()
    chosen = sorted(bank)[:parts] if parts <= len(bank) else sorted(bank)
    start = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)
    rows = []
    for number in range(students):
        name = f"{FIRST[number % len(FIRST)]} {LAST[(number // len(FIRST)) % len(LAST)]}"
        student = f"s{number + 1:05d}"
        ability = rng.betavariate(5, 2)
        for exercise in chosen:
            right, wrong = bank[exercise]
            roll = rng.random()
            if roll < 0.03:
                continue  # skipped
            if rng.random() < ability:
                # most type the first form; a few another accepted one
                answer = right[0] if rng.random() < 0.8 or len(right) == 1 else rng.choice(right[1:])
            elif rng.random() < 0.5:
                answer = wrong[min(int(rng.expovariate(0.6)), len(wrong) - 1)]
            else:
                answer = slip(rng.choice(right), rng)
            moment = start + timedelta(minutes=rng.randint(0, 60 * 24 * 6))
            rows.append({"student": student, "name": name, "section": f"L0{number % 3 + 1}",
                         "exercise": exercise, "answer": answer,
                         "submitted_at": moment.isoformat(timespec="seconds").replace("+00:00", "Z")})
    return rows


def as_csv(rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=500)
    parser.add_argument("--parts", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    rows = simulate(args.students, args.parts, args.seed)
    args.out.write_text(as_csv(rows), encoding="utf-8")
    print(f"{len(rows)} answers from {args.students} students to {min(args.parts, len(parts_with_answers()))} "
          f"parts: {args.out}")
