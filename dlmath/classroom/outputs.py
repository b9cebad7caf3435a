"""Files written from the store, each one whole or not at all: it is written
to a temporary file next to its place, then renamed over it, so a crash or
a second run never leaves half a file."""
from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Iterable

from dlmath.classroom.store import Graded
from grader.verdict import to_record


def write_atomically(path: Path, text: str) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp's file is private; the output is an ordinary file
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def result_rows(results: Iterable[Graded]) -> list[dict[str, Any]]:
    """One row per record, in input order: its columns, where it was, its verdict."""
    rows = []
    for graded in results:
        submission = graded.submission
        row: dict[str, Any] = dict(submission.fields)
        row["line"] = submission.line
        if submission.part:
            row["part"] = submission.part
        if submission.variant_seed is not None:  # graded against the student's own variant
            row["variant_seed"] = submission.variant_seed
            row["variant"] = submission.variant_note
        if graded.verdict is None:
            row["status"] = "ungraded"
        else:
            row.update(to_record(graded.verdict))
            if graded.verdict.score is not None:
                row["points"] = round(graded.verdict.score * submission.points, 6)
                row["max_points"] = submission.points
        rows.append(row)
    return rows


def as_jsonl(rows: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """A cell a spreadsheet will not run: text that starts like a formula
    (`=HYPERLINK(...)`, `@SUM`) gets a leading `'`, as OWASP advises; numbers
    are left alone."""
    if not isinstance(value, str) or not value.startswith(FORMULA_START):
        return value
    try:
        float(value)
        return value
    except ValueError:
        return "'" + value


def as_csv(rows: list[dict[str, Any]], columns: list[str] | None = None) -> str:
    if columns is None:
        columns = []
        for row in rows:
            columns.extend(k for k in row if k not in columns)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
    writer.writerow({c: spreadsheet_safe(c) for c in columns})
    for row in rows:
        writer.writerow({k: spreadsheet_safe("; ".join(v) if isinstance(v, list) else v) for k, v in row.items()})
    return buffer.getvalue()


def write_results(results: Iterable[Graded], path: Path) -> Path:
    """The graded records: CSV for a `.csv` path, JSON Lines otherwise."""
    rows = result_rows(results)
    return write_atomically(path, as_csv(rows) if Path(path).suffix.lower() == ".csv" else as_jsonl(rows))
