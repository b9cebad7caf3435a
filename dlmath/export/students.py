"""One document per student: each holds the student's own variants of the
chosen exercises (and, for solutions, their own worked solutions), and an
`index.csv` beside them says whose file is which and which variants it has."""
from __future__ import annotations

from pathlib import Path

from dlmath.classroom.outputs import as_csv, write_atomically
from dlmath.classroom.roster import Student, file_stem
from dlmath.export import SUFFIX, Written, document, export
from dlmath.export.views import Kind
from exercises import Assignment, Exercise

INDEX = "index.csv"


def export_per_student(kind: Kind, fmt: str, folder: Path, chosen: list[Exercise], students: list[Student],
                       assignment: str = "", title: str | None = None, templates: Path | None = None
                       ) -> tuple[list[Written], Path]:
    """Write each student's document into `folder`; returns what was written and the index.
    Raises ExportError or VariantError, naming nobody: the caller knows whose turn it was from the index."""
    variants = Assignment(assignment)
    written: list[Written] = []
    index = []
    for student, stem in zip(students, distinct_stems(students), strict=True):
        theirs = [variants.exercise_for(exercise, student.id) for exercise in chosen]
        made = export(document(kind, theirs, title and f"{title}: {student.label}", student=student.label),
                      fmt, folder / f"{stem}{SUFFIX[fmt]}", templates)
        written.extend(made)
        index.append({"student": student.id, "name": student.name, "file": made[0].path.name,
                      "variants": "; ".join(f"{ex.id}: {ex.variant.note}" for ex in theirs if ex.variant)})
    path = write_atomically(folder / INDEX, as_csv(index, ["student", "name", "file", "variants"]))
    return written, path


def distinct_stems(students: list[Student]) -> list[str]:
    """A distinct file name for each student, even when two ids differ only in characters a file name cannot hold."""
    taken: set[str] = set()
    stems = []
    for student in students:
        stem, number = file_stem(student), 1
        while (stem if number == 1 else f"{stem}-{number}").lower() in taken:
            number += 1
        stems.append(stem if number == 1 else f"{stem}-{number}")
        taken.add(stems[-1].lower())
    return stems
