"""A class graded with variants, through the command line, into a real SQLite
store: each student is graded against their own numbers, the store and the
graded records say which variant, and a store written before variants is
brought up to date without losing a row."""
from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from dlmath.classroom.store import SCHEMA_VERSION, Store
from dlmath.cli import main
from exercises import default_bank, instantiate, seed_for

STUDENTS = ("alice", "bob", "carol")
ASSIGNMENT = "week 7"


def own_answer(student: str) -> str:
    variant = instantiate(default_bank().get("17.7.coin"), seed_for(student, ASSIGNMENT))
    return variant.main_part.answer.source_text


def class_file(path: Path) -> Path:
    """Each student hands in their own answer, then (a second try) the next student's."""
    rows = ["student,exercise,answer,submitted_at"]
    for index, student in enumerate(STUDENTS):
        neighbour = STUDENTS[(index + 1) % len(STUDENTS)]
        rows.append(f"{student},17.7.coin,{own_answer(student)},2026-12-01T10:0{index}:00")
        rows.append(f"{student},17.7.coin,{own_answer(neighbour)},2026-12-01T11:0{index}:00")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_each_student_is_graded_against_their_own_variant(tmp_path: Path) -> None:
    assert len({own_answer(s) for s in STUDENTS}) == len(STUDENTS)  # three different variants
    db, out = tmp_path / "grades.db", tmp_path / "graded.csv"
    run = CliRunner().invoke(main, ["grade", str(class_file(tmp_path / "class.csv")), "--variants",
                                    "--assignment", ASSIGNMENT, "--db", str(db), "--out", str(out),
                                    "--workers", "1"])
    assert run.exit_code == 0, run.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [(r["student"], r["status"]) for r in rows] == [
        ("alice", "correct"), ("alice", "incorrect"), ("bob", "correct"), ("bob", "incorrect"),
        ("carol", "correct"), ("carol", "incorrect")]
    coin = default_bank().get("17.7.coin")
    for row in rows:
        mine = instantiate(coin, seed_for(row["student"], ASSIGNMENT)).variant
        assert (int(row["variant_seed"]), row["variant"]) == (mine.seed, mine.note)
    with sqlite3.connect(db) as connection:
        kept = connection.execute("SELECT student, variant_seed, variant_note FROM submissions ORDER BY id").fetchall()
    assert {(student, seed) for student, seed, _ in kept} == \
        {(s, seed_for(s, ASSIGNMENT)) for s in STUDENTS}
    assert all(note for _, _, note in kept)


def test_without_variants_the_class_answers_the_exercise_as_written(tmp_path: Path) -> None:
    path = tmp_path / "class.csv"
    path.write_text("student,exercise,answer\nalice,17.7.coin,9/13\nbob,17.7.coin,9/13\n", encoding="utf-8")
    out = tmp_path / "graded.csv"
    run = CliRunner().invoke(main, ["grade", str(path), "--db", str(tmp_path / "grades.db"), "--out", str(out),
                                    "--workers", "1"])
    assert run.exit_code == 0, run.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [r["status"] for r in rows] == ["correct", "correct"] and "variant" not in rows[0]


def test_one_answer_is_graded_against_a_named_students_variant(tmp_path: Path) -> None:
    runner = CliRunner()
    args = ["grade", "--exercise", "17.7.coin", "--assignment", ASSIGNMENT, "--student", "alice", "--answer"]
    assert "CORRECT" in runner.invoke(main, [*args, own_answer("alice")]).output
    wrong = runner.invoke(main, [*args, own_answer("bob")])
    assert "INCORRECT" in wrong.output and "alice's variant" in wrong.output


def test_a_store_from_before_variants_is_read_and_then_brought_up_to_date(tmp_path: Path) -> None:
    db = tmp_path / "grades.db"
    path = tmp_path / "class.csv"
    path.write_text("student,exercise,answer\nalice,17.3.1,3x^2-4\n", encoding="utf-8")
    assert CliRunner().invoke(main, ["grade", str(path), "--db", str(db), "--workers", "1"]).exit_code == 0
    with sqlite3.connect(db) as connection:  # what version 0.3 wrote: schema 2, no variant columns
        for table in ("submissions", "attempts"):
            for column in ("variant_seed", "variant_note"):
                connection.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        connection.execute("UPDATE meta SET value = '2' WHERE key = 'schema'")
    with Store(db, write=False) as store:
        (old,) = list(store.results())
    assert old.verdict.status == "correct" and old.submission.variant_seed is None
    with Store(db) as store:
        assert [g.verdict.status for g in store.results()] == ["correct"]
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()[0] == SCHEMA_VERSION
        assert {"variant_seed", "variant_note"} <= {row[1] for row in connection.execute(
            "PRAGMA table_info(submissions)")}


def test_the_class_report_says_against_which_variant_an_answer_was_wrong(tmp_path: Path) -> None:
    db = tmp_path / "grades.db"
    run = CliRunner().invoke(main, ["grade", str(class_file(tmp_path / "class.csv")), "--variants",
                                    "--assignment", ASSIGNMENT, "--db", str(db), "--workers", "1"])
    assert run.exit_code == 0, run.output
    report = tmp_path / "report.html"
    assert CliRunner().invoke(main, ["report", "--db", str(db), "--out", str(report)]).exit_code == 0
    page = report.read_text(encoding="utf-8")
    coin = default_bank().get("17.7.coin")
    for student in STUDENTS:
        note = instantiate(coin, seed_for(student, ASSIGNMENT)).variant.note
        assert f"[{note}]" in page  # each wrong answer with the numbers it was wrong against
