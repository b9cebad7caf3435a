"""`dlmath bank`: an instructor's own exercise bank. `new` writes a small
example bank to start from; `check` loads a bank and runs its question
tests, so that nothing ungradable reaches students."""
from __future__ import annotations

import shutil
import sys
from concurrent.futures import ThreadPoolExecutor
from importlib import resources
from pathlib import Path

import click

from exercises import BankError, Exercise, ExercisePart, load_bank
from grader.pool import SandboxPool
from grader.question_tests import check_exercise
from grader.verdict import Verdict

EXAMPLE_BANK = "example-bank"  # under dlmath/samples


@click.group("bank")
def bank_group() -> None:
    """Write and check an instructor's own exercise bank (use it with DLMATH_BANK=DIR)."""


@bank_group.command("new")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def new(directory: Path) -> None:
    """Write an example bank to DIRECTORY: one exercise of each common answer type, each with question
    tests, that `dlmath bank check DIRECTORY` passes."""
    if directory.exists() and any(directory.iterdir()):
        raise click.ClickException(f"{directory} is not empty: give a new directory")
    directory.mkdir(parents=True, exist_ok=True)
    example = resources.files("dlmath.samples").joinpath(EXAMPLE_BANK)
    for item in example.iterdir():
        if item.name.endswith(".yaml"):
            with resources.as_file(item) as source:
                shutil.copyfile(source, directory / item.name)
    click.echo(f"wrote an example bank to {directory}")
    click.echo(f"next: dlmath bank check {directory}; then DLMATH_BANK={directory} dlmath exercises")


@bank_group.command("check")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--workers", type=click.IntRange(min=1), default=None, help="Sandboxed workers. Default: every core.")
def check(directory: Path, workers: int | None) -> None:
    """Load the bank in DIRECTORY and check that it grades as written: every reference is graded correct,
    every known mistake is recognised, every question test gives its expected verdict, and the variants of
    a randomised exercise pass too. Each problem names its file, exercise, part and field; the exit status
    is 1 when there is any."""
    try:
        bank = load_bank(directory)
    except BankError as err:
        for problem in err.problems:
            click.echo(str(problem), err=True)
        click.echo(f"{len(err.problems)} problem(s): the bank does not load", err=True)
        sys.exit(1)
    with SandboxPool(workers) as pool, ThreadPoolExecutor(pool.size) as threads:
        def grade(exercise: Exercise, part: ExercisePart, answer: str) -> Verdict:
            return pool.grade_part(exercise, part, answer)
        found = threads.map(lambda exercise: check_exercise(exercise, grade), bank)
        problems = [problem for problems_of_one in found for problem in problems_of_one]
    for problem in problems:
        click.echo(str(problem), err=True)
    tests = sum(len(part.answer.tests) for exercise in bank for part in exercise.parts)
    summary = f"{len(bank)} exercises, {tests} question tests: "
    if problems:
        click.echo(summary + f"{len(problems)} problem(s)", err=True)
        sys.exit(1)
    click.echo(summary + "every reference, known mistake, question test and variant grades as written")
