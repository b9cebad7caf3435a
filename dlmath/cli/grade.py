"""`dlmath grade`: one answer, or a file of answers."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from dlmath.batch import grade_file
from dlmath.cli.common import print_json
from exercises.render import render
from grader import DEFAULT_POLICY, to_record
from grader import grade as grade_one


@click.command()
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--exercise", "exercise_id", help="Grade one answer to this exercise (e.g. 17.3.1, or 17.6.3/why).")
@click.option("--answer", help="The answer to grade, in LaTeX or plain text.")
@click.option("--json", "as_json", is_flag=True, help="Print the verdict as one JSON object.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write batch results here (.csv for CSV, else JSON Lines). Default: JSON Lines on stdout.")
@click.option("--budget", type=float, default=DEFAULT_POLICY.budget_s, show_default=True,
              help="Seconds allowed per answer.")
def grade(file: Path | None, exercise_id: str | None, answer: str | None, as_json: bool, out: Path | None,
          budget: float) -> None:
    """Grade one answer (--exercise ID --answer TEXT) or a FILE of answers.

    FILE is JSON Lines or CSV with columns `exercise` and `answer`; other
    columns (such as `student`) are copied through. Each output record adds
    status, score, feedback, interpreted, method and note.
    """
    problem = DEFAULT_POLICY.with_budget(budget).problem()
    if problem:
        raise click.BadParameter(problem, param_hint="--budget")
    if file is not None:
        if exercise_id or answer:
            raise click.UsageError("give either FILE or --exercise/--answer, not both")
        handle = open(out, "w", encoding="utf-8", newline="") if out else sys.stdout
        try:
            summary = grade_file(file, handle, lambda e, a: grade_one(e, a, budget_s=budget),
                                 as_csv=bool(out and out.suffix == ".csv"))
        finally:
            if out:
                handle.close()
        click.echo(summary.line(), err=True)
        return
    if exercise_id is None or answer is None:
        raise click.UsageError("give --exercise and --answer, or a FILE of answers")
    verdict = grade_one(exercise_id, answer, budget_s=budget)
    if as_json:
        print_json({"exercise": exercise_id, **to_record(verdict)})
    else:
        click.echo(render("verdict.txt.j2", v=verdict.as_dict(), exercise=exercise_id), nl=False)
    if verdict.method == "unknown-exercise":
        sys.exit(2)
