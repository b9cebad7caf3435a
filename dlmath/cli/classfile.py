"""Grading a class's file from the command line: where it comes from, where
the store and the results go, a progress bar on a terminal, and messages a
TA can act on. Shared by `dlmath grade FILE`, `dlmath gradescope` and
`dlmath demo`."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable

import click

from dlmath.classroom.cluster import ClusterUnavailable, DaskExecutor
from dlmath.classroom.executors import Executor, LocalExecutor
from dlmath.classroom.outputs import as_jsonl, result_rows, write_results
from dlmath.classroom.records import read
from dlmath.classroom.run import ClassSummary, grade_class
from dlmath.classroom.store import Store, StoreError
from dlmath.cli.common import bank
from exercises import Assignment, VariantError
from grader import GradingPolicy

STDIN = "-"


def same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and a.samefile(b))
    except OSError:
        return False


def executor_for(workers: int | None, dask_address: str | None) -> Callable[[], Executor]:
    if dask_address is None:
        return lambda: LocalExecutor(workers)
    return lambda: DaskExecutor(dask_address, workers)


def _progress(total: int) -> Callable[[int], object]:
    from tqdm import tqdm  # only for a class: one answer does not load it

    tqdm.monitor_interval = 0  # no monitor thread: the sandboxes fork from this process, which must have one thread
    bar = tqdm(total=total, unit="answer", desc="grading", file=sys.stderr, disable=not sys.stderr.isatty(),
               leave=False, dynamic_ncols=True)
    return bar.update


def grade_into_store(file: str, db: Path, *, workers: int | None = None, dask_address: str | None = None,
                     policy: GradingPolicy, guard: tuple[Path, ...] = (), assignment: Assignment | None = None
                     ) -> tuple[str, ClassSummary]:
    """Read `file` (or standard input), grade it into the store at `db`; returns the source's name.
    With `assignment`, each student is graded against their own variants."""
    if file == STDIN:
        data, source, name = sys.stdin.buffer.read(), "stdin", ""
    else:
        path = Path(file)
        if not path.is_file():
            raise click.BadParameter(f"{file} is not a file", param_hint="FILE")
        for other in (db, *guard):
            if same_file(path, other):
                raise click.BadParameter(f"{other} is the input file; write to another file", param_hint="--out/--db")
        data, source, name = path.read_bytes(), str(path.resolve()), path.name
    the_bank = bank()
    records = read(data, name, exercise_ids=[exercise.id for exercise in the_bank])
    try:
        with Store(db) as store:
            summary = grade_class(records, source, store, the_bank, policy, executor_for(workers, dask_address),
                                  progress=_progress, assignment=assignment)
    except (StoreError, ClusterUnavailable, VariantError) as err:
        raise click.ClickException(str(err)) from None
    return source, summary


def grade_class_file(file: str, *, out: Path | None, db: Path, workers: int | None, dask_address: str | None,
                     policy: GradingPolicy, assignment: Assignment | None = None) -> None:
    """`dlmath grade FILE`: grade into the store, then write the graded records from it."""
    source, summary = grade_into_store(file, db, workers=workers, dask_address=dask_address, policy=policy,
                                       guard=(out,) if out else (), assignment=assignment)
    with Store(db, write=False) as store:
        if out is not None:
            write_results(store.results(source), out)
        else:
            click.echo(as_jsonl(result_rows(store.results(source))), nl=False)
    click.echo(f"graded {summary.line()}", err=True)
    click.echo(f"store: {db.resolve()}" + (f"; graded records: {out.resolve()}" if out else ""), err=True)
    if summary.interrupted:
        click.echo(f"interrupted: {summary.missing} records are not graded yet; run the same command again "
                   "to finish", err=True)
        sys.exit(130)
