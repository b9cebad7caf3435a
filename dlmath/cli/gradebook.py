"""`dlmath gradebook`: the store's verdicts as a gradebook an LMS imports."""
from __future__ import annotations

from pathlib import Path

import click

from dlmath.classroom.gradebook import FORMATS, LAYOUTS, build
from dlmath.classroom.outputs import as_csv, as_jsonl, result_rows, write_atomically
from dlmath.classroom.store import Store
from dlmath.cli.common import bank


@click.command()
@click.option("--db", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              default=Path("dlmath-output/grades.db"), show_default=True, help="The results store.")
@click.option("--format", "fmt", type=click.Choice([*FORMATS, "jsonl"]), default="csv", show_default=True,
              help="canvas: Canvas's gradebook import; moodle: Moodle's CSV grade import; csv: one row per "
                   "student, one column per part and the total; jsonl: every verdict, one per line.")
@click.option("--keep", type=click.Choice(["latest", "best"]), default="latest", show_default=True,
              help="Which of a student's submissions to a part counts.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write it here. Default: stdout.")
def gradebook(db: Path, fmt: str, keep: str, out: Path | None) -> None:
    """Write the gradebook of the class in the store (--db), from its verdicts.

    Points per part come from the bank; an exercise with several parts gets
    partial credit. A part kept for a person to grade is left empty."""
    try:
        with Store(db, write=False) as store:
            if fmt == "jsonl":
                text = as_jsonl(result_rows(store.results()))
            else:
                columns, rows = LAYOUTS[fmt](build(store.results(), bank(), keep=keep))
                text = as_csv(rows, columns)
    except (OSError, ValueError) as err:
        raise click.ClickException(str(err)) from None
    if out is None:
        click.echo(text, nl=False)
    else:
        write_atomically(out, text)
        click.echo(f"gradebook ({fmt}): {out.resolve()}", err=True)
