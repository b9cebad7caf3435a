"""Reading a class list: who gets a problem set of their own.

A roster is a CSV file (`,`, `;` or tab) with a `student` column, the id
the class's answer files use (so a student's problem set and their grading
draw the same variants), and optionally a `name` column to print on it.
A plain list of ids, one per line, works too.
"""
from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path

ID_COLUMN, NAME_COLUMN = "student", "name"
MAX_STEM = 80  # characters of a file name taken from an id; a longer id is cut and told apart by a hash


class RosterError(ValueError):
    """The roster cannot be used; the message says where and why."""


@dataclass(frozen=True)
class Student:
    id: str
    name: str = ""

    @property
    def label(self) -> str:
        """How a problem set names its student: `Alice Martin (alice)`, or the id."""
        return f"{self.name} ({self.id})" if self.name and self.name != self.id else self.id


def read_roster(path: Path) -> list[Student]:
    """The students of a roster file, in its order, each once."""
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise RosterError(f"cannot read the roster {path}: {err}") from None
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise RosterError(f"the roster {path} is empty")
    dialect = csv.excel
    try:
        dialect = csv.Sniffer().sniff(lines[0], delimiters=",;\t")
    except csv.Error:
        pass  # one column: a list of ids
    rows = list(csv.reader(lines, dialect))
    header = [cell.strip().lower() for cell in rows[0]]
    if ID_COLUMN in header:
        at, name_at = header.index(ID_COLUMN), header.index(NAME_COLUMN) if NAME_COLUMN in header else None
        body = [(number, row) for number, row in enumerate(rows[1:], start=2)]
    elif len(header) == 1:
        at, name_at, body = 0, None, list(enumerate(rows, start=1))
    else:
        raise RosterError(f"the roster {path} has no 'student' column (its columns: {', '.join(rows[0])})")
    students: dict[str, Student] = {}
    for number, row in body:
        student = row[at].strip() if at < len(row) else ""
        if not student:
            raise RosterError(f"line {number} of the roster {path} has no student id")
        name = row[name_at].strip() if name_at is not None and name_at < len(row) else ""
        students.setdefault(student, Student(student, name))
    if not students:
        raise RosterError(f"the roster {path} lists no student")
    return list(students.values())


def file_stem(student: Student) -> str:
    """A file name for a student's document: the id, with what a file system may not take replaced."""
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in student.id).strip(".") or "student"
    if len(safe) > MAX_STEM:
        safe = safe[:MAX_STEM] + "-" + hashlib.sha256(student.id.encode()).hexdigest()[:8]
    return safe
