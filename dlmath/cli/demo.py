"""`dlmath demo`: the main job for a new user."""
from __future__ import annotations

from pathlib import Path

import click

from dlmath.cli.common import bank
from dlmath.cli.exercises import exercises, show
from dlmath.export import ExportError, document, export, tex_available


@click.command()
@click.option("--exercise", "exercise_id", default="17.7.coin", show_default=True,
              help="The exercise to show after the listing.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("dlmath-output"),
              show_default=True, help="Where the worked solutions are written.")
@click.pass_context
def demo(ctx: click.Context, exercise_id: str, out_dir: Path) -> None:
    """The main job: list the bank, show one exercise, and write the worked
    solutions of the whole bank as HTML, and as PDF where TeX is installed."""
    ctx.invoke(exercises, as_json=False, section=None)
    click.echo()
    ctx.invoke(show, exercise_id=exercise_id, as_json=False, student=False)
    click.echo()
    solutions = document("solutions", list(bank()))
    formats = ["html", "pdf"] if tex_available() else ["html"]
    written = []
    for fmt in formats:
        try:
            written += export(solutions, fmt, out_dir / f"solutions.{fmt}")
        except ExportError as err:
            click.echo(f"solutions.{fmt} not written: {err}", err=True)
    for item in written:
        click.echo(f"worked solutions: {item.path.resolve()}" + (f" ({item.note})" if item.note else ""))
    if not tex_available():
        click.echo("no PDF: TeX is not installed (see the README)", err=True)
