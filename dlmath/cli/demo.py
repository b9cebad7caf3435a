"""`dlmath demo`: the main job for a new user."""
from __future__ import annotations

import click

from dlmath.cli.exercises import exercises, show


@click.command()
@click.option("--exercise", "exercise_id", default="17.7.coin", show_default=True,
              help="The exercise to show after the listing.")
@click.pass_context
def demo(ctx: click.Context, exercise_id: str) -> None:
    """The main job for a new user: list the bank, then show one exercise."""
    ctx.invoke(exercises, as_json=False, section=None)
    click.echo()
    ctx.invoke(show, exercise_id=exercise_id, as_json=False)
