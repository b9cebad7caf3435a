"""`dlmath demo`: the main job for a new user."""
from __future__ import annotations

from pathlib import Path

import click

from dlmath.classroom.gradebook import LAYOUTS, build
from dlmath.classroom.outputs import as_csv, write_atomically, write_results
from dlmath.classroom.records import read
from dlmath.classroom.report import class_report
from dlmath.classroom.roster import Student
from dlmath.classroom.store import Store
from dlmath.cli.classfile import grade_into_store
from dlmath.cli.common import bank
from dlmath.cli.exercises import exercises, show
from dlmath.export import ExportError, document, export, tex_available
from dlmath.export.pdf import PdfError
from dlmath.export.reports import export_report
from dlmath.export.students import export_per_student
from dlmath.samples import SAMPLE_CLASS
from exercises import randomisable
from grader import DEFAULT_POLICY

VARIANT_STUDENTS = 3  # the sample class's first students, each sent a problem set of their own numbers


@click.command()
@click.option("--exercise", "exercise_id", default="17.7.coin", show_default=True,
              help="The exercise to show after the listing.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("dlmath-output"),
              show_default=True, help="Where the outputs are written.")
@click.option("--pdf/--no-pdf", default=True, show_default=True,
              help="Also write the PDFs (where TeX is installed).")
@click.pass_context
def demo(ctx: click.Context, exercise_id: str, out_dir: Path, pdf: bool) -> None:
    """The main job: list the bank, show one exercise, grade the bundled sample
    class into a store with its gradebooks and report, and write the worked
    solutions of the whole bank as HTML, and as PDF where TeX is installed,
    and a problem set of their own variants for the first students; then say
    how to serve the practice page on the same store."""
    ctx.invoke(exercises, as_json=False, section=None)
    click.echo()
    ctx.invoke(show, exercise_id=exercise_id, as_json=False, student=False)
    click.echo()
    pdf = pdf and tex_available()
    written = _grade_the_sample_class(out_dir, pdf) + _write_solutions(out_dir, pdf) + _write_variants(out_dir)
    click.echo()
    for what, path in written:
        click.echo(f"{what}: {path.resolve()}")
    click.echo(f"practice page and grading API: dlmath serve --db {db_of(out_dir)} (then open http://127.0.0.1:8000/)")
    if not tex_available():
        click.echo("no PDF: TeX is not installed (see the README)", err=True)


def db_of(out_dir: Path) -> Path:
    return out_dir / "grades.db"


def _grade_the_sample_class(out_dir: Path, pdf: bool) -> list[tuple[str, Path]]:
    db = db_of(out_dir)
    click.echo(f"Grading the sample class {SAMPLE_CLASS.name} into {db} (run it again: nothing is graded twice)")
    source, summary = grade_into_store(str(SAMPLE_CLASS), db, policy=DEFAULT_POLICY)
    click.echo(f"graded {summary.line()}")
    written = [("results store", db)]
    with Store(db, write=False) as store:
        written.append(("graded records", write_results(store.results(source), out_dir / "graded.csv")))
        book = build(store.results(source), bank())
        for fmt in ("csv", "canvas"):
            columns, rows = LAYOUTS[fmt](book)
            name = "gradebook.csv" if fmt == "csv" else f"gradebook-{fmt}.csv"
            written.append((f"gradebook ({fmt})", write_atomically(out_dir / name, as_csv(rows, columns))))
        report = class_report(store.results(source), bank(), title="Sample class: report")
    for suffix in (".html", ".pdf") if pdf else (".html",):
        try:
            written.append(("class report", export_report(report, out_dir / f"report{suffix}")))
        except PdfError as err:
            click.echo(f"report{suffix} not written: {err}", err=True)
    return written


def _write_solutions(out_dir: Path, pdf: bool) -> list[tuple[str, Path]]:
    solutions = document("solutions", list(bank()))
    written = []
    for fmt in ["html", "pdf"] if pdf else ["html"]:
        try:
            for item in export(solutions, fmt, out_dir / f"solutions.{fmt}"):
                written.append(("worked solutions" + (f" ({item.note})" if item.note else ""), item.path))
        except ExportError as err:
            click.echo(f"solutions.{fmt} not written: {err}", err=True)
    return written


def _write_variants(out_dir: Path) -> list[tuple[str, Path]]:
    """The randomised exercises, as each of the first students of the sample class gets them."""
    records = read(SAMPLE_CLASS.read_bytes(), SAMPLE_CLASS.name)
    students = [Student(s) for s in dict.fromkeys(r.student for r in records if r.student)][:VARIANT_STUDENTS]
    chosen = [ex for ex in bank() if randomisable(ex)]
    written, index = export_per_student("problems", "html", out_dir / "problems-by-student", chosen, students)
    example = next((ex.id for ex in chosen if ex.id == "17.7.coin"), chosen[0].id)
    click.echo(f"{len(chosen)} randomised exercises written for {len(students)} students, each with their own "
               f"numbers (dlmath variant {example} --student {students[0].id} solves one)")
    return [(f"problem set of {s.id}", item.path) for s, item in zip(students, written, strict=True)] + \
        [("whose problem set is which", index)]
