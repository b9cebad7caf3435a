"""Reading a class's answers as an LMS exports them: JSON Lines or CSV, from a
file or standard input, one answer per record or one row per student ("wide").

Nothing in a file aborts the reading: a line that is not valid UTF-8 or JSON,
a row with too many cells, an unmatched quote, a field too deep or too
large, becomes a Record with a `problem` that names the line and the columns
found. Every physical line (every cell of a wide file) is one record, so the
number of records out of a batch is the number in.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from typing import Iterable, Iterator

COLUMNS = ("student", "exercise", "answer", "submitted_at")
DELIMITERS = ",;\t"
MAX_FIELD = 16 << 20  # a CSV cell may be this long: an oversized answer is refused by the grader, not the reader
MAX_JOINED_LINES = 50  # a quoted field may span this many lines before its quote counts as unmatched
BOM = "\ufeff"
RAW_KEPT = 500  # bytes of an unreadable line kept with its record


@dataclass(frozen=True)
class Record:
    """One answer of the class, as read."""

    position: int  # 1-based: the line of a JSON Lines file, the line of a CSV row; cells of a wide row share it
    fields: dict[str, str] = field(default_factory=dict)  # every column, by its name in the file
    student: str = ""
    exercise: str = ""
    answer: str | None = None
    submitted_at: str = ""
    problem: str | None = None  # why this record cannot be graded
    column: str = ""  # the exercise column of a wide file

    @property
    def key(self) -> str:
        """The record's identity in the store: its place and its content."""
        text = json.dumps([self.position, self.column, self.fields, self.problem], sort_keys=True, ensure_ascii=True)
        return hashlib.sha256(text.encode()).hexdigest()


def read(data: bytes, name: str = "", exercise_ids: Iterable[str] = ()) -> list[Record]:
    """The records of a file's bytes; `name` (its file name) says the format
    when the content does not, and `exercise_ids` name the columns of a wide file."""
    text_start = data.lstrip()[:1]
    if name.endswith((".jsonl", ".json", ".ndjson")) or (not name.endswith((".csv", ".tsv")) and
                                                          text_start in (b"{", b"[")):
        return list(_json_lines(data))
    return list(_csv(data, set(exercise_ids)))


# --- JSON Lines -----------------------------------------------------------------

def _json_lines(data: bytes) -> Iterator[Record]:
    """One record per physical line: only \\n ends a line (a raw U+2028 inside a
    string is part of it, as JSON says)."""
    for number, raw in enumerate(data.split(b"\n"), 1):
        if number == 1:
            raw = raw.removeprefix(BOM.encode())
        if not raw.strip():
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as err:
            yield Record(number, _raw(raw), problem=f"line {number} is not valid UTF-8 (byte {raw[err.start]:#04x} "
                                                    f"at column {err.start + 1})")
            continue
        try:
            value = json.loads(line)
        except RecursionError:
            yield Record(number, _raw(raw), problem=f"line {number} is nested too deeply to read")
            continue
        except ValueError as err:  # JSONDecodeError, and integers too long to convert
            detail = f"{err.msg} (column {err.colno})" if isinstance(err, json.JSONDecodeError) else str(err)
            yield Record(number, _raw(raw), problem=f"line {number} is not valid JSON: {detail}")
            continue
        if not isinstance(value, dict):
            yield Record(number, _raw(raw),
                         problem=f"line {number} is not a JSON object with the columns {', '.join(COLUMNS)}")
            continue
        yield _record(number, {str(k): _text(v) for k, v in value.items()})


def _raw(line: bytes | str) -> dict[str, str]:
    """The start of a line that could not be read, kept for the TA to see (as
    valid text: bytes that are not UTF-8 are shown as U+FFFD)."""
    if isinstance(line, str):
        line = line.encode("utf-8", errors="surrogateescape")
    return {"raw": line[:RAW_KEPT].decode("utf-8", errors="replace")}


def _text(value: object) -> str:
    """A JSON value as the text the grader reads (numbers and lists as JSON)."""
    if isinstance(value, str):
        return value
    try:
        return json.dumps(value, ensure_ascii=False)
    except (ValueError, RecursionError):
        return repr(value)


# --- CSV -------------------------------------------------------------------------

def _csv(data: bytes, exercise_ids: set[str]) -> Iterator[Record]:
    text = data.decode("utf-8", errors="surrogateescape").removeprefix(BOM)
    lines = text.split("\n")
    header_at = next((i for i, line in enumerate(lines) if line.strip()), None)
    if header_at is None:
        return
    delimiter = _delimiter(lines[header_at])
    header = _cells(lines[header_at], delimiter) or []
    names = [name.strip() for name in header]
    lower = [name.lower() for name in names]
    wide = "exercise" not in lower and "answer" not in lower and any(_answer_column(n, exercise_ids) for n in names)
    found = ", ".join(names) or "none"
    csv.field_size_limit(MAX_FIELD)
    index = header_at + 1
    while index < len(lines):
        start = index
        line = lines[index]
        index += 1
        if not line.strip():
            continue
        cells = _cells(line, delimiter)
        while cells is None and index < len(lines) and index - start < MAX_JOINED_LINES:
            line += "\n" + lines[index]  # a quoted field that goes on to the next line
            index += 1
            cells = _cells(line, delimiter)
        number = start + 1
        if cells is None:
            index = start + 1  # the quote is unmatched: this line alone is the bad record
            yield Record(number, _raw(line), problem=f"line {number} has an unmatched quote (\")")
            continue
        if _surrogates(line):
            yield Record(number, _raw(line), problem=f"line {number} is not valid UTF-8")
            continue
        if len(cells) != len(names):
            yield Record(number, _raw(line),
                         problem=f"line {number} has {len(cells)} cells but the header has {len(names)} ({found}); "
                                 f"quote an answer that contains the delimiter {delimiter!r}")
            continue
        row = dict(zip(names, cells))
        if wide:
            yield from _wide(number, row, exercise_ids)
        else:
            yield _record(number, row, found)


def _delimiter(header: str) -> str:
    try:
        return csv.Sniffer().sniff(header, delimiters=DELIMITERS).delimiter
    except csv.Error:
        return max(DELIMITERS, key=header.count) if any(d in header for d in DELIMITERS) else ","


def _cells(line: str, delimiter: str) -> list[str] | None:
    """The cells of one logical CSV row, or None while a quote is still open."""
    if line.count('"') % 2:
        return None
    try:
        rows = list(csv.reader(io.StringIO(line), delimiter=delimiter, strict=True))
    except csv.Error:
        return None
    return rows[0] if len(rows) == 1 else [cell for row in rows for cell in row] if rows else []


SURROGATE = re.compile("[\ud800-\udfff]")  # what surrogateescape makes of bytes that are not UTF-8


def _surrogates(text: str) -> bool:
    return SURROGATE.search(text) is not None


def _wide(number: int, row: dict[str, str], exercise_ids: set[str]) -> Iterator[Record]:
    """One record per exercise column of a one-row-per-student file."""
    student = next((value for name, value in row.items() if name.lower() == "student"), "")
    for name, value in row.items():
        if _answer_column(name, exercise_ids):
            yield _record(number, {"student": student, "exercise": name, "answer": value}, column=name)


def _answer_column(name: str, exercise_ids: set[str]) -> bool:
    """A column of answers: an exercise id, or an exercise's part (`hw2.q9/a`)."""
    return name in exercise_ids or name.partition("/")[0] in exercise_ids and bool(name.partition("/")[2])


def _record(number: int, row: dict[str, str], found: str | None = None, column: str = "") -> Record:
    by_name = {name.strip().lower(): value for name, value in row.items()}
    columns = found or ", ".join(row) or "none"
    if any(_surrogates(value) or _surrogates(name) for name, value in row.items()):
        return Record(number, _raw(" | ".join(f"{name}={value}" for name, value in row.items())),
                      problem=f"line {number} holds text that is not valid Unicode")
    exercise = (by_name.get("exercise") or "").strip()
    if not exercise:
        return Record(number, row, problem=f"line {number} has no 'exercise' (columns found: {columns})")
    if "answer" not in by_name:
        return Record(number, row, problem=f"line {number} has no 'answer' (columns found: {columns})")
    return Record(number, row, student=(by_name.get("student") or "").strip(), exercise=exercise,
                  answer=by_name["answer"], submitted_at=(by_name.get("submitted_at") or "").strip(), column=column)
