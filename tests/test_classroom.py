"""Grading a class as a TA does, through the command line, into a real SQLite
store: resume after kill -9 and Ctrl-C, every core, Dask, gradebooks,
Gradescope and the report."""
from __future__ import annotations

import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from dlmath.classroom.executors import LocalExecutor
from dlmath.classroom.plan import Job
from dlmath.classroom.store import Store
from dlmath.cli import main
from grader import DEFAULT_POLICY, grade
from grader.grading import resolve
from tests.simulated_class import as_csv, simulate

ROOT = Path(__file__).resolve().parents[1]


def dlmath(*args: str, cwd: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dlmath", *args], capture_output=True, text=True, cwd=cwd or ROOT,
                          timeout=timeout)


def verdicts_in(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True) as connection:
            return connection.execute("SELECT COUNT(*) FROM verdicts").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet
        return 0


@pytest.fixture(scope="module")
def klass(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("class")
    path = folder / "class.csv"
    path.write_text(as_csv(simulate(students=40, parts=25, seed=3)), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def graded(klass: Path, tmp_path_factory) -> tuple[Path, Path]:
    """The class graded once, without interruption: (store, graded records)."""
    folder = tmp_path_factory.mktemp("graded")
    db, out = folder / "grades.db", folder / "graded.csv"
    run = dlmath("grade", str(klass), "--db", str(db), "--out", str(out), "--workers", "2")
    assert run.returncode == 0, run.stderr
    return db, out


def test_every_record_gets_one_verdict_and_the_summary_says_so(klass: Path, graded) -> None:
    db, out = graded
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == len(klass.read_text().splitlines()) - 1
    assert {r["status"] for r in rows} <= {"correct", "incorrect", "invalid"}
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT COUNT(*) FROM submissions").fetchone()[0] == len(rows)
        assert connection.execute("SELECT COUNT(DISTINCT grading) FROM submissions s JOIN verdicts USING (grading)"
                                  ).fetchone()[0] == len(rows)


def test_kill_9_then_rerun_gives_the_uninterrupted_verdicts(klass: Path, graded, tmp_path: Path) -> None:
    db, out = tmp_path / "grades.db", tmp_path / "graded.csv"
    command = [sys.executable, "-m", "dlmath", "grade", str(klass), "--db", str(db), "--out", str(out),
               "--workers", "2"]
    run = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while verdicts_in(db) < 300 and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert run.poll() is None, "the run ended before it could be killed"
    os.kill(run.pid, signal.SIGKILL)
    run.wait()
    kept = verdicts_in(db)
    assert 300 <= kept < len(klass.read_text().splitlines()) - 1
    assert not out.exists()  # written only at the end, whole
    rerun = dlmath("grade", str(klass), "--db", str(db), "--out", str(out), "--workers", "2")
    assert rerun.returncode == 0, rerun.stderr
    assert "already in the store" in rerun.stderr
    assert out.read_bytes() == graded[1].read_bytes()


def test_a_rerun_grades_nothing_and_a_changed_answer_only_itself(klass: Path, graded, tmp_path: Path) -> None:
    db = tmp_path / "grades.db"
    db.write_bytes(graded[0].read_bytes())
    again = dlmath("grade", str(klass), "--db", str(db), "--out", str(tmp_path / "a.csv"))
    assert "0 distinct answers graded" in again.stderr, again.stderr
    lines = klass.read_text().splitlines()
    changed = tmp_path / "class.csv"
    first = next(csv.DictReader(io.StringIO("\n".join(lines[:2]))))
    lines[1] = lines[1].replace(first["answer"], "an answer nobody gave", 1)
    changed.write_text("\n".join(lines) + "\n")
    db2 = tmp_path / "grades2.db"
    db2.write_bytes(graded[0].read_bytes())
    # the same records under another name are another source, but their verdicts are reused
    regraded = dlmath("grade", str(changed), "--db", str(db2), "--out", str(tmp_path / "b.csv"))
    assert "(1 distinct answers graded" in regraded.stderr, regraded.stderr


def test_ctrl_c_stops_cleanly_and_keeps_what_was_graded(tmp_path: Path) -> None:
    """A class large enough (about 1,300 distinct answers) that Ctrl-C lands mid-run on a fast machine."""
    db, klass = tmp_path / "grades.db", tmp_path / "class.csv"
    klass.write_text(as_csv(simulate(students=160, parts=25, seed=4)), encoding="utf-8")
    # Ctrl-C as a terminal sends it: SIGINT handled, even where this test runs with SIGINT ignored (a background
    # job), which a child inherits and which stops Python from installing its KeyboardInterrupt handler
    as_in_a_terminal = "import signal; signal.signal(signal.SIGINT, signal.default_int_handler); " \
                       "from dlmath.cli import main; main()"
    run = subprocess.Popen([sys.executable, "-c", as_in_a_terminal, "grade", str(klass), "--db", str(db),
                            "--workers", "2"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while verdicts_in(db) < 200 and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert run.poll() is None, "the run ended before Ctrl-C"
    run.send_signal(signal.SIGINT)
    _, stderr = run.communicate(timeout=60)
    assert run.returncode == 130, stderr
    assert "Traceback" not in stderr and "run the same command again" in stderr
    assert verdicts_in(db) >= 200


def test_a_transaction_left_open_by_an_interrupt_does_not_stop_the_next_write(tmp_path: Path) -> None:
    """Ctrl-C can land between BEGIN and the `with` block that would end it
    (seen once in the test above): the next write must still go through."""
    store = Store(tmp_path / "grades.db")
    store._db.execute("BEGIN IMMEDIATE")  # what the interrupted write left behind
    assert store.put([]) == 0
    assert not store._db.in_transaction


def test_a_second_run_on_the_same_store_is_refused(klass: Path, tmp_path: Path) -> None:
    db = tmp_path / "grades.db"
    first = subprocess.Popen([sys.executable, "-m", "dlmath", "grade", str(klass), "--db", str(db), "--workers", "1"],
                             cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while verdicts_in(db) == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        second = dlmath("grade", str(klass), "--db", str(db))
        assert second.returncode != 0 and "another dlmath run is using" in second.stderr
    finally:
        first.kill()
        first.wait()


def test_out_may_not_name_the_input(tmp_path: Path) -> None:
    source = tmp_path / "class.csv"
    source.write_text("student,exercise,answer\nann,17.3.1,3x^2-4\n")
    result = CliRunner().invoke(main, ["grade", str(source), "--out", str(source), "--db", str(tmp_path / "g.db")])
    assert result.exit_code != 0 and "is the input file" in result.output
    assert source.read_text() == "student,exercise,answer\nann,17.3.1,3x^2-4\n"


def test_a_db_that_is_not_a_store_is_a_clear_error(tmp_path: Path) -> None:
    source, db = tmp_path / "class.csv", tmp_path / "grades.db"
    source.write_text("student,exercise,answer\nann,17.3.1,3x^2-4\n")
    db.write_text("my notes, not a database\n" * 100)
    result = CliRunner().invoke(main, ["grade", str(source), "--db", str(db)])
    assert result.exit_code == 1 and "is not a dlmath results store" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_standard_input_is_a_class_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["grade", "-", "--db", str(tmp_path / "g.db")],
                                input='{"student": "ann", "exercise": "17.3.1", "answer": "3x^2-4"}\n')
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["status"] == "correct"


def test_the_pool_grades_on_every_worker_and_agrees_with_one_grade() -> None:
    answers = ["3x^2-4", "3x^2+4", "6x", "3*x**2 - 4", "x^3-4x", "3x^2-4+0"]
    exercise, part = resolve("17.3.1")
    executor = LocalExecutor(2)
    try:
        zygotes = {sandbox.zygote_pid for sandbox in executor._pool._sandboxes}
        assert len(zygotes) == 2 and None not in zygotes
        pooled = dict(executor.run([Job(exercise, part, a) for a in answers], DEFAULT_POLICY))
    finally:
        executor.close()
    assert [pooled[i] for i in range(len(answers))] == [grade("17.3.1", a) for a in answers]


def test_the_dask_path_gives_the_local_verdicts(klass: Path, graded, tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    out = tmp_path / "graded.csv"
    run = dlmath("grade", str(klass), "--db", str(tmp_path / "g.db"), "--out", str(out), "--dask", "local",
                 "--workers", "2")
    assert run.returncode == 0, run.stderr
    assert out.read_bytes() == graded[1].read_bytes()


def test_a_results_csv_does_not_run_as_a_spreadsheet_formula(tmp_path: Path) -> None:
    source = tmp_path / "class.jsonl"
    source.write_text(json.dumps({"student": "=HYPERLINK(\"http://x\")", "exercise": "17.3.1", "answer": "@SUM(A1)"})
                      + "\n")
    out = tmp_path / "graded.csv"
    CliRunner().invoke(main, ["grade", str(source), "--out", str(out), "--db", str(tmp_path / "g.db")])
    row = next(csv.DictReader(io.StringIO(out.read_text())))
    assert row["student"].startswith("'=") and row["answer"] == "'@SUM(A1)"


def test_a_closed_store_is_one_file_even_after_a_reader(tmp_path: Path) -> None:
    """A reader of a WAL file leaves -shm and -wal beside it: the writer hands
    back a plain SQLite file, which the report's read-only opening keeps as it is."""
    db = tmp_path / "grades.db"
    with Store(db) as store:
        store.put([])
    with Store(db, write=False) as reader:
        reader._db.execute("SELECT COUNT(*) FROM verdicts").fetchone()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["grades.db", "grades.db.lock"]
