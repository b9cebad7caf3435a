"""`dlmath variant`: one student's variant of an exercise, with its reference
and its worked solution, derived for the variant's own numbers."""
from __future__ import annotations

import click

from deriver.model import DerivationFailed
from deriver.render import as_json_data
from deriver.solutions import solution_of
from dlmath.cli.common import bank, print_json
from dlmath.export import render_derivation
from exercises.describe import details
from exercises.render import render
from exercises.variants import VariantError, instantiate, seed_for


@click.command()
@click.argument("exercise_id")
@click.option("--seed", type=click.IntRange(min=0), default=None, help="The variant's seed.")
@click.option("--student", default=None, help="The student whose variant it is (the seed comes from the id).")
@click.option("--assignment", default="", help="With --student: the assignment, so each one gets new numbers.")
@click.option("--json", "as_json", is_flag=True, help="Print the variant and its solution as JSON.")
def variant(exercise_id: str, seed: int | None, student: str | None, assignment: str, as_json: bool) -> None:
    """Print a variant of EXERCISE_ID: its statement, its reference and its
    worked solution, every step checked. The same seed (or student and
    assignment) always gives the same variant."""
    if (seed is None) == (student is None):
        raise click.UsageError("give --seed or --student")
    chosen = seed if seed is not None else seed_for(student, assignment)
    try:
        instance = instantiate(bank().get(exercise_id), chosen)
        derivation = solution_of(instance)
    except (VariantError, DerivationFailed) as err:
        raise click.ClickException(str(err)) from None
    except KeyError as err:
        raise click.ClickException(str(err).strip('"')) from None
    data = details(instance)
    if as_json:
        print_json({"seed": chosen, "note": instance.variant.note, "exercise": data,
                    "solution": as_json_data(derivation) if derivation else None})
        return
    click.echo(f"variant {chosen} of {exercise_id}" + (f" for {student}" if student else "")
               + f": {instance.variant.note}\n")
    click.echo(render("exercise.txt.j2", ex=data), nl=False)
    if derivation is not None:
        click.echo()
        click.echo(render_derivation(derivation, "text"), nl=False)
