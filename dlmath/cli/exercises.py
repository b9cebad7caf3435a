"""`dlmath exercises`: list the bank, or show one exercise."""
from __future__ import annotations

import click

from dlmath.cli.common import bank, exercise, print_json
from exercises.describe import details, summary
from exercises.render import render


@click.group(invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list instead of a table.")
@click.option("--section", help="Only this section, e.g. 17.4 or notes.")
@click.option("--variants", "variants", is_flag=True,
              help="Which exercises have per-student variants (and their parameters), and why the others have none.")
@click.pass_context
def exercises(ctx: click.Context, as_json: bool, section: str | None, variants: bool) -> None:
    """List the exercise bank (id, title, answer type, gradable or manual)."""
    if ctx.invoked_subcommand is not None:
        return
    rows = [summary(ex) for ex in bank() if section in (None, ex.section)]
    if section and not rows:
        raise click.ClickException(f"no exercises in section {section!r}")
    if as_json:
        print_json(rows)
        return
    if variants:
        _list_variants(rows)
        return
    width = max(len(r["id"]) for r in rows)
    type_width = max(len(r["type"]) for r in rows)
    for r in rows:
        mode = "gradable" if r["gradable"] else "manual"
        flag = ("  [erratum]" if r.get("erratum") else "") + ("  [variants]" if r.get("variants") else "")
        click.echo(f"{r['id']:<{width}}  {r['type']:<{type_width}}  {mode:<8}  {r['title']}{flag}")
    gradable = sum(r["gradable"] for r in rows)
    click.echo(f"{len(rows)} exercises, {gradable} auto-graded, {len(rows) - gradable} graded by a person", err=True)


def _list_variants(rows: list[dict]) -> None:
    """The variants coverage: each gradable exercise's parameters, or why it has none."""
    gradable = [r for r in rows if r["gradable"]]
    width = max(len(r["id"]) for r in gradable)
    for r in gradable:
        if r.get("variants"):
            about = f"varies {', '.join(r['variants']['parameters'])}"
        else:
            about = "fixed: " + (r.get("no_variants") or "no reason recorded")
        click.echo(f"{r['id']:<{width}}  {about}")
    randomised = sum(bool(r.get("variants")) for r in gradable)
    click.echo(f"{randomised} of {len(gradable)} gradable exercises have per-student variants", err=True)


@exercises.command("show")
@click.argument("exercise_id")
@click.option("--json", "as_json", is_flag=True, help="Print the exercise as JSON.")
@click.option("--student", is_flag=True, help="What a student sees: no reference, explanation, rubric or erratum.")
def show(exercise_id: str, as_json: bool, student: bool) -> None:
    """Show one exercise: statement, answer type, symbols and reference."""
    data = details(exercise(exercise_id), student=student)
    if as_json:
        print_json(data)
    else:
        click.echo(render("exercise.txt.j2", ex=data), nl=False)
