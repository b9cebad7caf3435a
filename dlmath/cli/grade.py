"""`dlmath grade`: one answer, or a class's file of answers into the store."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from dlmath.cli import end_quickly
from dlmath.cli.classfile import grade_class_file
from dlmath.cli.common import print_json
from exercises.render import render
from grader import DEFAULT_POLICY, to_record
from grader import grade as grade_one
from grader.sandbox import Sandbox


@click.command()
@click.argument("file", required=False)
@click.option("--exercise", "exercise_id", help="Grade one answer to this exercise (e.g. 17.3.1, or 17.6.3/why).")
@click.option("--answer", help="The answer to grade, in LaTeX or plain text.")
@click.option("--json", "as_json", is_flag=True, help="Print the verdict as one JSON object.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the graded records here (.csv for CSV, else JSON Lines). Default: JSON Lines on stdout.")
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), default=Path("dlmath-output/grades.db"),
              show_default=True, help="The results store: a rerun grades only what it does not hold yet.")
@click.option("--workers", type=click.IntRange(min=1), help="Sandboxed workers grading at once. Default: every core.")
@click.option("--dask", "dask_address", metavar="local|tcp://HOST:PORT",
              help="Grade on a Dask cluster: a LocalCluster here, or a scheduler's address.")
@click.option("--budget", type=float, default=DEFAULT_POLICY.budget_s, show_default=True,
              help="Seconds allowed per answer.")
def grade(file: str | None, exercise_id: str | None, answer: str | None, as_json: bool, out: Path | None,
          db: Path, workers: int | None, dask_address: str | None, budget: float) -> None:
    """Grade one answer (--exercise ID --answer TEXT), or a class's FILE of answers
    (`-` reads standard input).

    FILE is JSON Lines or CSV (`,`, `;` or tab) with columns student, exercise,
    answer and optionally submitted_at, in any case; other columns are kept. A
    "wide" CSV, one row per student and one column per exercise id, works too.
    Every record gets a verdict in the store (--db); a record that cannot be
    read gets an `invalid` one that says why. Kill it at any time: the same
    command again finishes the job.
    """
    policy = DEFAULT_POLICY.with_budget(budget)
    problem = policy.problem()
    if problem:
        raise click.BadParameter(problem, param_hint="--budget")
    if file is not None:
        if exercise_id or answer:
            raise click.UsageError("give either FILE or --exercise/--answer, not both")
        grade_class_file(file, out=out, db=db, workers=workers, dask_address=dask_address, policy=policy)
        return
    if exercise_id is None or answer is None:
        raise click.UsageError("give --exercise and --answer, or a FILE of answers")
    # One answer: a worker forked cold answers sooner than a zygote warmed up for many.
    verdict = grade_one(exercise_id, answer, budget_s=budget, sandbox=Sandbox())
    end_quickly()
    if as_json:
        print_json({"exercise": exercise_id, **to_record(verdict)})
    else:
        click.echo(render("verdict.txt.j2", v=verdict.as_dict(), exercise=exercise_id), nl=False)
    if verdict.method == "unknown-exercise":
        sys.exit(2)
