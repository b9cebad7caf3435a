"""`dlmath export`: problem sets and worked solutions as PDF, LaTeX, HTML or
Markdown; with a roster, one per student, each with the student's own
variants (and, for solutions, their own worked solutions)."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable

import click

from dlmath.classroom.roster import RosterError, read_roster
from dlmath.cli.common import bank
from dlmath.export import FORMATS, SUFFIX, ExportError, Written, document, export
from dlmath.export.students import export_per_student
from exercises import Exercise, VariantError


def select(sections: tuple[str, ...], exercise_ids: tuple[str, ...]) -> list[Exercise]:
    """The bank's exercises in these sections or with these ids, in bank order (all when none is named)."""
    everything = list(bank())
    known_sections = {ex.section for ex in everything}
    unknown = [s for s in sections if s not in known_sections]
    if unknown:
        raise click.BadParameter(f"no section {', '.join(unknown)}; sections: {', '.join(sorted(known_sections))}",
                                 param_hint="--section")
    for exercise_id in exercise_ids:
        try:
            bank().get(exercise_id)
        except KeyError as err:
            raise click.BadParameter(str(err).strip('"'), param_hint="--exercise") from None
    if not sections and not exercise_ids:
        return everything
    return [ex for ex in everything if ex.section in sections or ex.id in exercise_ids]


def _common(command: Callable) -> Callable:
    options = [
        click.option("--format", "fmt", type=click.Choice(FORMATS), default="pdf", show_default=True,
                     help="pdf (built with latexmk), tex, html (one offline file) or md."),
        click.option("--out", type=click.Path(path_type=Path),
                     help="The file to write (default: problems.FORMAT or solutions.FORMAT here); "
                          "with --students, the folder (default: problems-by-student or solutions-by-student)."),
        click.option("--section", "sections", multiple=True, help="Only this section (repeatable), e.g. 17.4."),
        click.option("--exercise", "exercise_ids", multiple=True, help="Only this exercise (repeatable)."),
        click.option("--title", help="The document's title (printed as written, never run as TeX)."),
        click.option("--templates", type=click.Path(file_okay=False, exists=True, path_type=Path),
                     help="A folder of your own copies of the templates, used first."),
        click.option("--students", "roster", type=click.Path(dir_okay=False, exists=True, path_type=Path),
                     help="A roster (CSV with a `student` column, optionally `name`): one file per student, "
                          "each with the student's own variants."),
        click.option("--assignment", default="", help="With --students: the assignment the variants are drawn for."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@click.group("export")
def export_group() -> None:
    """Write problem sets and worked solutions to PDF, LaTeX, HTML or Markdown."""


@export_group.command("problems")
@_common
def problems(fmt: str, out: Path | None, sections: tuple[str, ...], exercise_ids: tuple[str, ...],
             title: str | None, templates: Path | None, roster: Path | None, assignment: str) -> None:
    """A problem set: statements and parts, with space for answers; no solutions."""
    _write("problems", fmt, out, sections, exercise_ids, title, templates, roster, assignment)


@export_group.command("solutions")
@_common
def solutions(fmt: str, out: Path | None, sections: tuple[str, ...], exercise_ids: tuple[str, ...],
              title: str | None, templates: Path | None, roster: Path | None, assignment: str) -> None:
    """The solutions manual: each exercise, its answer and its worked, checked
    derivation; manual parts with their rubric; the errata as an appendix."""
    _write("solutions", fmt, out, sections, exercise_ids, title, templates, roster, assignment)


def _write(kind: str, fmt: str, out: Path | None, sections: tuple[str, ...], exercise_ids: tuple[str, ...],
           title: str | None, templates: Path | None, roster: Path | None, assignment: str) -> None:
    if assignment and roster is None:
        raise click.UsageError("--assignment draws each student's variants: give the roster with --students")
    chosen = select(sections, exercise_ids)
    if roster is not None:
        _write_per_student(kind, fmt, out or Path(f"{kind}-by-student"), chosen, title, templates, roster,
                           assignment)
        return
    out = out or Path(f"{kind}{SUFFIX[fmt]}")
    if out.is_dir():
        raise click.BadParameter(f"{out} is a folder; name the file to write", param_hint="--out")
    click.echo(f"building the {kind} of {len(chosen)} exercises ...", err=True)
    try:
        written = export(document(kind, chosen, title), fmt, out, templates)
    except ExportError as err:
        raise click.ClickException(str(err)) from None
    _report(written)


def _write_per_student(kind: str, fmt: str, folder: Path, chosen: list[Exercise], title: str | None,
                       templates: Path | None, roster: Path, assignment: str) -> None:
    try:
        students = read_roster(roster)
    except RosterError as err:
        raise click.BadParameter(str(err), param_hint="--students") from None
    if folder.exists() and not folder.is_dir():
        raise click.BadParameter(f"{folder} is a file; with --students, --out names a folder", param_hint="--out")
    click.echo(f"building the {kind} of {len(chosen)} exercises for {len(students)} students ...", err=True)
    try:
        written, index = export_per_student(kind, fmt, folder, chosen, students, assignment, title, templates)
    except (ExportError, VariantError, OSError) as err:
        raise click.ClickException(str(err)) from None
    _report(written)
    click.echo(f"index of the files: {index.resolve()}", err=True)


def _report(written: list[Written]) -> None:
    for item in written:
        click.echo(str(item.path))
        if item.note:
            click.echo(item.note, err=True)
    if any(item.note for item in written):
        sys.exit(1)
