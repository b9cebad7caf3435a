"""`dlmath grade`, one answer or a batch file, as a TA would run it."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner

from dlmath.cli import main

KEYS = {"exercise", "status", "score", "feedback", "interpreted", "method"}


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_one_answer_as_json_has_exactly_the_documented_keys() -> None:
    result = run("grade", "--exercise", "17.3.1", "--answer", "3x^2-4", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert KEYS <= data.keys() and data["status"] == "correct" and data["score"] == 1.0


def test_one_answer_as_text_shows_what_was_read() -> None:
    result = run("grade", "--exercise", "17.3.4", "--answer", "-e^{-1}")
    assert "INCORRECT" in result.output and "Read as:" in result.output and "not where it is attained" in result.output


def test_unknown_exercise_is_a_clear_error() -> None:
    result = run("grade", "--exercise", "17.3.9", "--answer", "1", "--json")
    assert result.exit_code == 2
    assert "did you mean" in json.loads(result.output)["feedback"]


def test_batch_jsonl_keeps_order_columns_and_bad_records(tmp_path: Path) -> None:
    lines = [
        json.dumps({"student": "ann", "exercise": "17.3.1", "answer": "3x^2-4"}),
        "{not json",
        json.dumps({"student": "bob", "exercise": "17.3.2", "answer": "-1/x"}),
        json.dumps({"student": "cy", "answer": "1"}),
        json.dumps({"student": "dee", "exercise": "17.3.1", "answer": "(x+1)^{100000000}"}),
    ]
    source = tmp_path / "class.jsonl"
    source.write_text("\n".join(lines) + "\n")
    result = CliRunner().invoke(main, ["grade", str(source), "--db", str(tmp_path / "grades.db")])
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r.get("student") for r in records] == ["ann", None, "bob", "cy", "dee"]
    assert [r["status"] for r in records] == ["correct", "invalid", "correct", "invalid", "invalid"]
    assert "line 2" in records[1]["feedback"]
    assert all(KEYS - {"exercise"} <= r.keys() for r in records)
    assert "graded 5 records: 2 correct, 0 incorrect, 3 invalid" in result.stderr


def test_batch_csv_in_and_out(tmp_path: Path) -> None:
    source = tmp_path / "class.csv"
    source.write_text('student,exercise,answer\nann,17.5.1,0.693\nbob,17.5.1,"0.69"\n')
    out = tmp_path / "graded.csv"
    result = run("grade", str(source), "--out", str(out), "--db", str(tmp_path / "grades.db"))
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert [(r["student"], r["status"]) for r in rows] == [("ann", "correct"), ("bob", "incorrect")]


def test_grade_needs_a_file_or_an_answer() -> None:
    result = run("grade", "--exercise", "17.3.1")
    assert result.exit_code != 0 and "--answer" in result.output
