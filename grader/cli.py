"""The `dlmath` command: the front door to the bank, the grader and the deriver.

Each subcommand is a thin shell over a library call; nothing here computes.
"""
from __future__ import annotations

import json
import sys
from typing import Any

import click

from exercises import BankError, UnknownExercise, default_bank
from exercises.describe import details, summary
from exercises.render import render


def _bank():
    try:
        return default_bank()
    except BankError as err:
        raise click.ClickException(str(err)) from None


def _exercise(exercise_id: str):
    try:
        return _bank().get(exercise_id)
    except UnknownExercise as err:
        raise click.ClickException(str(err)) from None


def _print_json(value: Any) -> None:
    click.echo(json.dumps(value, indent=2, ensure_ascii=False))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="dlmath")
def main() -> None:
    """dlmath: exercises, auto-grading and worked solutions for the
    mathematics of deep learning."""


@main.group(invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list instead of a table.")
@click.option("--section", help="Only this section, e.g. 17.4 or notes.")
@click.pass_context
def exercises(ctx: click.Context, as_json: bool, section: str | None) -> None:
    """List the exercise bank (id, title, answer type, gradable or manual)."""
    if ctx.invoked_subcommand is not None:
        return
    rows = [summary(ex) for ex in _bank() if section in (None, ex.section)]
    if section and not rows:
        raise click.ClickException(f"no exercises in section {section!r}")
    if as_json:
        _print_json(rows)
        return
    width = max(len(r["id"]) for r in rows)
    type_width = max(len(r["type"]) for r in rows)
    for r in rows:
        mode = "gradable" if r["gradable"] else "manual"
        flag = "  [erratum]" if r.get("erratum") else ""
        click.echo(f"{r['id']:<{width}}  {r['type']:<{type_width}}  {mode:<8}  {r['title']}{flag}")
    gradable = sum(r["gradable"] for r in rows)
    click.echo(f"{len(rows)} exercises, {gradable} auto-graded, {len(rows) - gradable} graded by a person", err=True)


@exercises.command("show")
@click.argument("exercise_id")
@click.option("--json", "as_json", is_flag=True, help="Print the exercise as JSON.")
def exercises_show(exercise_id: str, as_json: bool) -> None:
    """Show one exercise: statement, answer type, symbols and reference."""
    data = details(_exercise(exercise_id))
    if as_json:
        _print_json(data)
    else:
        click.echo(render("exercise.txt.j2", ex=data), nl=False)


@main.command()
@click.option("--exercise", "exercise_id", default="17.7.coin", show_default=True,
              help="The exercise to show after the listing.")
def demo(exercise_id: str) -> None:
    """The main job for a new user: list the bank, then show one exercise."""
    ctx = click.get_current_context()
    ctx.invoke(exercises, as_json=False, section=None)
    click.echo()
    ctx.invoke(exercises_show, exercise_id=exercise_id, as_json=False)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
