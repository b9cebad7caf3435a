"""`dlmath grade`: one answer, or a class's file of answers into the store."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from dlmath.cli import end_quickly
from dlmath.cli.classfile import grade_class_file
from dlmath.cli.common import bank, print_json
from exercises import Assignment, VariantError
from exercises.model import Variant
from exercises.render import render
from grader import DEFAULT_POLICY, GradingPolicy, Verdict, grade_part, to_record
from grader import grade as grade_one
from grader.grading import resolve
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
@click.option("--variants", is_flag=True,
              help="Grade each student against their own variant of a randomised exercise (see `dlmath variant`).")
@click.option("--assignment", default=None, help="The assignment the variants are drawn for (implies --variants).")
@click.option("--student", default=None, help="With --exercise: grade against this student's variant.")
def grade(file: str | None, exercise_id: str | None, answer: str | None, as_json: bool, out: Path | None,
          db: Path, workers: int | None, dask_address: str | None, budget: float, variants: bool,
          assignment: str | None, student: str | None) -> None:
    """Grade one answer (--exercise ID --answer TEXT), or a class's FILE of answers
    (`-` reads standard input).

    FILE is JSON Lines or CSV (`,`, `;` or tab) with columns student, exercise,
    answer and optionally submitted_at, in any case; other columns are kept. A
    "wide" CSV, one row per student and one column per exercise id, works too.
    Every record gets a verdict in the store (--db); a record that cannot be
    read gets an `invalid` one that says why. Kill it at any time: the same
    command again finishes the job.

    With --variants, a record's student selects their own variant of each
    randomised exercise (the seed comes from the student and --assignment),
    and the store keeps which variant each record was graded against.
    """
    policy = DEFAULT_POLICY.with_budget(budget)
    problem = policy.problem()
    if problem:
        raise click.BadParameter(problem, param_hint="--budget")
    chosen = Assignment(assignment or "") if variants or assignment is not None or student else None
    if file is not None:
        if exercise_id or answer or student:
            raise click.UsageError("give either FILE or --exercise/--answer (and --student), not both")
        grade_class_file(file, out=out, db=db, workers=workers, dask_address=dask_address, policy=policy,
                         assignment=chosen)
        return
    if exercise_id is None or answer is None:
        raise click.UsageError("give --exercise and --answer, or a FILE of answers")
    if chosen is not None and not student:
        raise click.UsageError("with --exercise, --variants and --assignment need --student: whose variant it is")
    # One answer: a worker forked cold answers sooner than a zygote warmed up for many.
    variant = None
    if chosen is None:
        verdict = grade_one(exercise_id, answer, budget_s=budget, sandbox=Sandbox())
    else:
        verdict, variant = _grade_for_student(exercise_id, answer, student, chosen, policy)
    end_quickly()
    about = {"variant": {"student": student, "seed": variant.seed, "note": variant.note}} if variant else {}
    if as_json:
        print_json({"exercise": exercise_id, **to_record(verdict), **about})
    else:
        click.echo(render("verdict.txt.j2", v=verdict.as_dict(), exercise=exercise_id), nl=False)
        if variant is not None:
            click.echo(f"Graded against {student}'s variant {variant.seed}: {variant.note}")
    if verdict.method == "unknown-exercise":
        sys.exit(2)


def _grade_for_student(exercise_id: str, answer: str, student: str, assignment: Assignment,
                       policy: GradingPolicy) -> tuple[Verdict, Variant | None]:
    """One answer graded against `student`'s variant (the exercise itself when it has none)."""
    try:
        exercise, part = resolve(exercise_id, bank())
    except (KeyError, LookupError):  # says what is unknown, and why
        return grade_one(exercise_id, answer, policy=policy, sandbox=Sandbox()), None
    try:
        mine, part = assignment.part_for(exercise, part, student)
    except VariantError as err:
        raise click.ClickException(str(err)) from None
    return grade_part(mine, part, answer, policy=policy, sandbox=Sandbox()), mine.variant
