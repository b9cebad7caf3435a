"""`dlmath gradescope`: the entry point of a Gradescope autograder."""
from __future__ import annotations

import json
import time
import traceback
from pathlib import Path

import click

from dlmath.classroom.gradescope import Assignment, SubmissionError, failure_json, results_json, submission_records
from dlmath.classroom.outputs import write_atomically
from dlmath.classroom.records import read
from dlmath.classroom.run import grade_class
from dlmath.classroom.store import Store
from dlmath.cli.classfile import executor_for
from dlmath.cli.common import bank
from grader import DEFAULT_POLICY


@click.command()
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("/autograder"),
              show_default=True, help="Gradescope's folder: source/, submission/ and results/ are in it.")
@click.option("--workers", type=click.IntRange(min=1), help="Sandboxed workers. Default: every core.")
def gradescope(root: Path, workers: int | None) -> None:
    """Grade the submission in ROOT/submission and write ROOT/results/results.json.

    The submission is answers.json ({"17.3.1": "3x^2-4", ...}), answers.txt
    (`17.3.1: 3x^2-4` per line), answers.csv or answers.jsonl. The optional
    ROOT/source/assignment.json lists the assignment's exercises. A
    results.json is written even when the submission cannot be graded."""
    started = time.monotonic()
    results = root / "results"
    results.mkdir(parents=True, exist_ok=True)
    try:
        assignment = Assignment.load(root / "source" / "assignment.json")
        data, name = submission_records(root / "submission")
        the_bank = bank()
        records = read(data, name, exercise_ids=[exercise.id for exercise in the_bank])
        with Store(results / "dlmath-grades.db") as store:
            grade_class(records, "submission", store, the_bank, DEFAULT_POLICY, executor_for(workers, None))
            report = results_json(list(store.results("submission")), the_bank, assignment,
                                  time.monotonic() - started)
    except SubmissionError as err:
        report = failure_json(str(err), time.monotonic() - started)
    except Exception as err:  # noqa: BLE001 -- Gradescope must get a results.json whatever happened
        click.echo(traceback.format_exc(), err=True)
        report = failure_json(f"The autograder could not grade this submission ({type(err).__name__}: {err}). "
                              "Your submission is kept; tell your instructor.", time.monotonic() - started)
    path = write_atomically(results / "results.json", json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    click.echo(f"score {report['score']:g}: {path}", err=True)
