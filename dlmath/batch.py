"""Grade a whole file of answers: JSON Lines or CSV in, one record out per
record in, in order. A record that cannot be read becomes an `invalid`
record; nothing is dropped and nothing aborts the batch."""
from __future__ import annotations

import csv
import io
import json
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, TextIO

from grader.verdict import STATUSES, Verdict, to_record

MAX_FIELD = 16 << 20  # a CSV cell may be this long: an oversized answer is refused by the grader, not the reader


@dataclass
class BatchSummary:
    counts: Counter = field(default_factory=Counter)
    seconds: float = 0.0

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def line(self) -> str:
        counted = [f"{self.counts[s]} {s}" for s in STATUSES if s != "manual"]
        if self.counts["manual"]:
            counted.append(f"{self.counts['manual']} kept for a person to grade")
        parts = ", ".join(counted)
        rate = self.total / self.seconds if self.seconds else 0.0
        return f"graded {self.total} answers: {parts} ({self.seconds:.1f} s, {rate:.1f} answers/s)"


def read_records(handle: TextIO, name: str = "") -> Iterator[dict[str, Any]]:
    """Records of a JSON Lines or CSV file; unreadable lines yield an error record."""
    text = handle.read()
    if name.endswith(".csv") or (not name.endswith((".jsonl", ".json")) and not text.lstrip().startswith("{")):
        csv.field_size_limit(MAX_FIELD)
        yield from csv.DictReader(io.StringIO(text))
        return
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            yield {"_error": f"line {number} is not valid JSON: {err.msg} (column {err.colno})", "_line": number}
            continue
        if not isinstance(record, dict):
            yield {"_error": f"line {number} is not a JSON object", "_line": number}
            continue
        yield record


def grade_records(records: Iterable[dict[str, Any]], grade: Callable[[str, str], Verdict],
                  summary: BatchSummary) -> Iterator[dict[str, Any]]:
    start = time.perf_counter()
    for record in records:
        out = {k: v for k, v in record.items() if not k.startswith("_")}
        exercise, answer = record.get("exercise"), record.get("answer")
        if "_error" in record:
            verdict = Verdict.invalid(record["_error"], method="input", note="input:record")
            out["line"] = record["_line"]
        elif not isinstance(exercise, str) or not exercise.strip():
            verdict = Verdict.invalid("the record has no 'exercise' column", method="input", note="input:record")
        elif answer is None:
            verdict = Verdict.invalid("the record has no 'answer' column", method="input", note="input:record")
        else:
            verdict = grade(exercise.strip(), answer if isinstance(answer, str) else json.dumps(answer))
        out.update(to_record(verdict))
        summary.counts[verdict.status] += 1
        summary.seconds = time.perf_counter() - start
        yield out


def write_records(records: Iterable[dict[str, Any]], handle: TextIO, as_csv: bool) -> None:
    if not as_csv:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    rows = list(records)
    columns: list[str] = []
    for row in rows:
        columns.extend(k for k in row if k not in columns)
    writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "; ".join(v) if isinstance(v, list) else v for k, v in row.items()})


def grade_file(path: Path, out: TextIO, grade: Callable[[str, str], Verdict], as_csv: bool = False) -> BatchSummary:
    summary = BatchSummary()
    with open(path, encoding="utf-8", newline="") as handle:
        records = read_records(handle, path.name)
        write_records(grade_records(records, grade, summary), out, as_csv)
    return summary
