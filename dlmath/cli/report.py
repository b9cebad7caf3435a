"""`dlmath report`: what the class got right and wrong, from the store."""
from __future__ import annotations

from pathlib import Path

import click

from dlmath.classroom.report import class_report
from dlmath.classroom.store import Store
from dlmath.cli.common import bank
from dlmath.export.html import KatexMissing
from dlmath.export.pdf import PdfError
from dlmath.export.reports import export_report


@click.command()
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), default=Path("dlmath-output/grades.db"),
              show_default=True, help="The results store.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=Path("dlmath-output/report.html"),
              show_default=True, help="report.html (one offline file), report.pdf or report.tex.")
@click.option("--title", default="Class report", show_default=True)
def report(db: Path, out: Path, title: str) -> None:
    """The class report: the score distribution, the success rate of each part,
    the commonest wrong answers grouped by what was wrong, with the feedback
    given, the answers that could not be read, and what was practised through
    `dlmath serve`."""
    try:
        with Store(db, write=False) as store:
            computed = class_report(store.results(), bank(), title=title, practice=store.attempts())
        written = export_report(computed, out)
    except (OSError, ValueError, PdfError, KatexMissing) as err:
        raise click.ClickException(str(err)) from None
    click.echo(f"report: {written.resolve()}", err=True)
