"""The gradebook: one row per student, points per part and per exercise, from
the store's verdicts, in the layouts Canvas and Moodle import and as a plain CSV.

A student's mark on a part is that of their latest submission to it (by
`submitted_at`, then by the order read), or their best with `keep="best"`.
An exercise with several parts gets partial credit: the points of its parts
add up. A part kept for a person to grade has no points until they do; its
cell is left empty.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Iterable, Literal

from dlmath.classroom.plan import part_label
from dlmath.classroom.store import Graded
from exercises import Bank, UnknownExercise

Keep = Literal["latest", "best"]
FORMATS = ("csv", "canvas", "moodle")
CANVAS_COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
MOODLE_IDENTIFIERS = ("email", "idnumber", "username")  # what Moodle's import can match users by, in that order


@dataclass
class Mark:
    points: float | None  # None: kept for a person to grade
    possible: float
    when: tuple  # the order submissions compete in


@dataclass
class StudentRow:
    student: str
    fields: dict[str, str]  # the columns of their first record (id, email, section, ...)
    marks: dict[str, Mark] = field(default_factory=dict)  # part label -> mark

    def exercise_points(self, parts: list[str]) -> float | None:
        """The points of the marked parts among `parts`, or None when none is marked."""
        marked = [self.marks[p].points for p in parts if p in self.marks and self.marks[p].points is not None]
        return round(sum(marked), 6) if marked else None

    def total(self) -> float:
        return round(sum(m.points or 0.0 for m in self.marks.values()), 6)


@dataclass
class Gradebook:
    parts: list[str]  # part labels, in the bank's order
    part_points: dict[str, float]
    exercises: dict[str, list[str]]  # exercise id -> its part labels
    exercise_points: dict[str, float]  # what each exercise is worth: every part the bank gives it
    students: list[StudentRow]

    @property
    def possible(self) -> float:
        return round(sum(self.exercise_points.values()), 6)


def build(results: Iterable[Graded], bank: Bank, keep: Keep = "latest") -> Gradebook:
    rows: dict[str, StudentRow] = {}
    seen_points: dict[str, float] = {}
    for graded in results:
        submission, verdict = graded.submission, graded.verdict
        if verdict is None or not submission.student or not submission.part:
            continue
        row = rows.setdefault(submission.student, StudentRow(submission.student, dict(submission.fields)))
        points = None if verdict.score is None else round(verdict.score * submission.points, 6)
        mark = Mark(points, submission.points, (_moment(submission.submitted_at), submission.ordinal))
        seen_points[submission.part] = submission.points
        current = row.marks.get(submission.part)
        if current is None or _better(mark, current, keep):
            row.marks[submission.part] = mark
    order = _bank_order(bank)
    parts = sorted(seen_points, key=lambda label: (order.get(label, (len(order), 0)), label))
    exercises: dict[str, list[str]] = {}
    for label in parts:
        exercises.setdefault(label.split("/")[0], []).append(label)
    worth = {exercise_id: _worth(bank, exercise_id, labels, seen_points) for exercise_id, labels in exercises.items()}
    return Gradebook(parts, seen_points, exercises, worth, list(rows.values()))


def _moment(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.replace(tzinfo=None) if moment.tzinfo is None else moment.astimezone().replace(tzinfo=None)


def _better(new: Mark, old: Mark, keep: Keep) -> bool:
    if keep == "best" and (new.points or 0.0) != (old.points or 0.0):
        return (new.points or 0.0) > (old.points or 0.0)
    new_when = (new.when[0] is not None, new.when[0] or datetime.min, new.when[1])
    old_when = (old.when[0] is not None, old.when[0] or datetime.min, old.when[1])
    return new_when >= old_when


def _bank_order(bank: Bank) -> dict[str, tuple[int, int]]:
    order = {}
    for i, exercise in enumerate(bank):
        for j, part in enumerate(exercise.parts):
            order[part_label(exercise, part)] = (i, j)
    return order


def _worth(bank: Bank, exercise_id: str, labels: list[str], seen: dict[str, float]) -> float:
    try:
        return round(sum(part.points for part in bank.get(exercise_id).parts), 6)
    except UnknownExercise:
        return round(sum(seen[label] for label in labels), 6)


# --- layouts ---------------------------------------------------------------------

def _field(row: StudentRow, *names: str) -> str:
    lower = {name.strip().lower(): value for name, value in row.fields.items()}
    return next((lower[name] for name in names if lower.get(name)), "")


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def plain_table(book: Gradebook) -> tuple[list[str], list[dict[str, str]]]:
    """One row per student, one column per part, then the total and what is possible."""
    columns = ["student", *book.parts, "total", "possible"]
    rows = [{"student": row.student, **{p: _number(row.marks[p].points) if p in row.marks else "" for p in book.parts},
             "total": _number(row.total()), "possible": _number(book.possible)} for row in book.students]
    return columns, rows


def canvas_table(book: Gradebook) -> tuple[list[str], list[dict[str, str]]]:
    """Canvas's gradebook import: its five student columns, one column per
    exercise (an assignment), and a `Points Possible` row first."""
    columns = [*CANVAS_COLUMNS, *book.exercises]
    possible = {"Student": "Points Possible", **{e: _number(book.exercise_points[e]) for e in book.exercises}}
    rows = [possible]
    for row in book.students:
        rows.append({"Student": _field(row, "name", "student name") or row.student,
                     "ID": _field(row, "id", "canvas id", "user id"),
                     "SIS User ID": _field(row, "sis user id", "sis_user_id") or row.student,
                     "SIS Login ID": _field(row, "sis login id", "sis_login_id", "login"),
                     "Section": _field(row, "section"),
                     **{e: _number(row.exercise_points(parts)) for e, parts in book.exercises.items()}})
    return columns, rows


def moodle_table(book: Gradebook) -> tuple[list[str], list[dict[str, str]]]:
    """Moodle's CSV grade import: a column Moodle can map to a user (email,
    else ID number, else username), then one column per grade item (exercise)."""
    identifier = next((name for name in MOODLE_IDENTIFIERS
                       if any(_field(row, name) for row in book.students)), "username")
    columns = [identifier, *book.exercises]
    rows = [{identifier: _field(row, identifier) or row.student,
             **{e: _number(row.exercise_points(parts)) for e, parts in book.exercises.items()}}
            for row in book.students]
    return columns, rows


LAYOUTS = {"csv": plain_table, "canvas": canvas_table, "moodle": moodle_table}
