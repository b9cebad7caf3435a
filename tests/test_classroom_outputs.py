"""What a course gets back, from a real store: gradebooks Canvas and Moodle
import, a Gradescope results.json, and the class report in HTML (rendered in
Chromium) and PDF (built with pdflatex, read back with pdftotext)."""
from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dlmath.classroom.outputs import write_atomically
from dlmath.cli import main
from tests.browser import needs_chromium, offline_chromium

CLASS = [  # student, name, email, exercise, answer, submitted_at
    ("s1", "Ann Lee", "ann@uni.edu", "17.3.1", "3x^2-4", "2026-11-02T09:00:00Z"),
    ("s1", "Ann Lee", "ann@uni.edu", "17.4.1/f", r"\beta^T", "2026-11-02T09:01:00Z"),
    ("s1", "Ann Lee", "ann@uni.edu", "17.4.1/g", r"\beta", "2026-11-02T09:02:00Z"),
    ("s1", "Ann Lee", "ann@uni.edu", "17.4.1/why", "the transpose of a scalar is itself", "2026-11-02T09:03:00Z"),
    ("s2", "Bo <script>alert(1)</script>", "bo@uni.edu", "17.3.1", "3x^2+4", "2026-11-02T10:00:00Z"),
    ("s2", "Bo <script>alert(1)</script>", "bo@uni.edu", "17.3.1", "3x^2-4", "2026-11-02T10:30:00Z"),  # retried
    ("s2", "Bo <script>alert(1)</script>", "bo@uni.edu", "17.4.1/f", r"\beta^T", "2026-11-02T10:01:00Z"),
    ("s3", "Cy", "cy@uni.edu", "17.3.1", "3x^2+4", "2026-11-02T11:00:00Z"),
    ("s3", "Cy", "cy@uni.edu", "17.3.1", r"\frac{<b>}{", "2026-11-01T11:00:00Z"),  # earlier, and unreadable
    ("s3", "Cy", "cy@uni.edu", "17.4.1/g", r"\beta^T", "2026-11-02T11:02:00Z"),
]


def invoke(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("outputs")
    source = folder / "class.csv"
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Student", "Name", "Email", "Exercise", "Answer", "Submitted_At"])
    writer.writerows(CLASS)
    source.write_text(buffer.getvalue())
    db = folder / "grades.db"
    invoke("grade", str(source), "--db", str(db), "--out", str(folder / "graded.jsonl"))
    return db


def table(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_the_plain_gradebook_has_points_per_part_partial_credit_and_the_total(store: Path) -> None:
    rows = table(invoke("gradebook", "--db", str(store)).stdout)
    assert rows[0] == ["student", "17.3.1", "17.4.1/f", "17.4.1/g", "17.4.1/why", "total", "possible"]
    by_student = {row[0]: row[1:] for row in rows[1:]}
    assert by_student["s1"] == ["1", "1", "0", "", "2", "4"]  # the manual part waits for a person
    assert by_student["s2"] == ["1", "1", "", "", "2", "4"]  # the latest of two submissions counts
    assert by_student["s3"] == ["0", "", "1", "", "1", "4"]


def test_best_instead_of_latest(store: Path) -> None:
    rows = table(invoke("gradebook", "--db", str(store), "--keep", "best").stdout)
    assert {row[0]: row[1] for row in rows[1:]} == {"s1": "1", "s2": "1", "s3": "0"}


def test_the_canvas_gradebook_has_canvas_columns_and_a_points_possible_row(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "canvas.csv"
    invoke("gradebook", "--db", str(store), "--format", "canvas", "--out", str(out))
    rows = table(out.read_text())
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "17.3.1", "17.4.1"]
    assert rows[1][0].strip() == "Points Possible" and rows[1][5:] == ["1", "3"]
    ann = next(row for row in rows if row[0] == "Ann Lee")
    assert ann[2] == "s1" and ann[5:] == ["1", "1"]  # 17.4.1: 1 of 3, part by part


def test_the_moodle_gradebook_maps_users_by_email(store: Path) -> None:
    rows = table(invoke("gradebook", "--db", str(store), "--format", "moodle").stdout)
    assert rows[0] == ["email", "17.3.1", "17.4.1"]
    assert ["ann@uni.edu", "1", "1"] in rows and ["cy@uni.edu", "0", "1"] in rows


def test_every_verdict_as_json_lines(store: Path) -> None:
    lines = invoke("gradebook", "--db", str(store), "--format", "jsonl").stdout.splitlines()
    assert len(lines) == len(CLASS)
    assert {json.loads(line)["status"] for line in lines} == {"correct", "incorrect", "invalid", "manual"}


# --- Gradescope ---------------------------------------------------------------------

def check_results_schema(results: dict) -> None:
    """Gradescope's results.json, as its specification describes it."""
    assert isinstance(results["score"], (int, float)) and isinstance(results["execution_time"], (int, float))
    assert results.get("output_format", "text") in ("text", "html", "simple_format", "md", "ansi")
    assert results.get("visibility", "visible") in ("hidden", "after_due_date", "after_published", "visible")
    for test in results["tests"]:
        assert set(test) <= {"score", "max_score", "status", "name", "name_format", "number", "output",
                             "output_format", "tags", "visibility", "extra_data"}
        assert isinstance(test["name"], str) and isinstance(test["number"], str)
        assert isinstance(test["score"], (int, float)) and isinstance(test["max_score"], (int, float))
        assert test["status"] in ("passed", "failed") and test["output_format"] == "md"
        assert test["visibility"] in ("hidden", "after_due_date", "after_published", "visible")


def autograder(tmp_path: Path, files: dict[str, str], assignment: dict | None = None) -> dict:
    root = tmp_path / "autograder"
    (root / "submission").mkdir(parents=True)
    (root / "source").mkdir()
    for name, text in files.items():
        (root / "submission" / name).write_text(text)
    if assignment is not None:
        (root / "source" / "assignment.json").write_text(json.dumps(assignment))
    CliRunner().invoke(main, ["gradescope", "--root", str(root), "--workers", "1"])
    return json.loads((root / "results" / "results.json").read_text())


def test_gradescope_results_follow_the_schema(tmp_path: Path) -> None:
    results = autograder(tmp_path, {"answers.txt": "17.3.1: 3x^2-4\n17.3.4: -e^{-1}\n# a comment\n"},
                         {"exercises": ["17.3.1", "17.3.4", "17.5.1"], "visibility": "after_published"})
    check_results_schema(results)
    tests = {t["number"]: t for t in results["tests"]}
    assert list(tests) == ["17.3.1", "17.3.4", "17.5.1"] and results["score"] == 1
    assert (tests["17.3.1"]["score"], tests["17.3.1"]["status"]) == (1, "passed")
    assert "not where it is attained" in tests["17.3.4"]["output"]
    assert "No answer" in tests["17.5.1"]["output"] and tests["17.5.1"]["max_score"] == 1
    assert tests["17.3.4"]["visibility"] == "after_published"


def test_gradescope_escapes_the_students_markdown(tmp_path: Path) -> None:
    results = autograder(tmp_path, {"answers.json": json.dumps({"17.3.1": "`x` [a](http://evil) **3x^2-4**"})})
    check_results_schema(results)
    output = results["tests"][0]["output"]
    assert "`` `x` [a](http://evil) **3x^2-4** ``" in output  # a code span: shown, never rendered


def test_gradescope_writes_results_even_when_the_submission_cannot_be_read(tmp_path: Path) -> None:
    results = autograder(tmp_path, {"homework.pdf": "%PDF-1.4"})
    check_results_schema(results)
    assert results["score"] == 0 and "answers.json" in results["output"] and "homework.pdf" in results["output"]


# --- the report ----------------------------------------------------------------------

def test_the_html_report_is_offline_escaped_and_has_its_plots(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    invoke("report", "--db", str(store), "--out", str(out))
    html = out.read_text()
    assert "<script>alert(1)</script>" not in html and "&lt;b&gt;" in html
    assert html.count("<svg") >= 2 and 'id="plot-scores"' in html and 'id="plot-success"' in html
    assert not re.search(r"""(src|href)=["']?https?:|url\(["']?https?:|<link""", html)  # nothing fetched
    assert "mistake:sign" in html or "mistake:differs" in html


@needs_chromium
def test_the_html_report_renders_in_chromium(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    invoke("report", "--db", str(store), "--out", str(out))
    with offline_chromium(1200, 2400) as browser:
        browser.get(out.as_uri())
        boxes = browser.execute_script(
            "return Array.from(document.querySelectorAll('figure svg')).map(s => s.getBoundingClientRect().width)")
        assert len(boxes) == 2 and all(width > 300 for width in boxes)
        assert browser.execute_script("return document.querySelectorAll('.katex').length") > 0
        assert browser.execute_script("return document.querySelectorAll('script:not([src])').length") == 2
        browser.save_screenshot(str(tmp_path / "report.png"))


@pytest.mark.skipif(shutil.which("pdflatex") is None or shutil.which("pdftotext") is None,
                    reason="needs pdflatex and poppler-utils")
def test_the_pdf_report_builds_and_reads_back(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    invoke("report", "--db", str(store), "--out", str(out), "--title", "Week 3 & 4: 100% of #1 {\\input x}")
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "Week 3 & 4: 100% of #1 {\\input x}" in text
    assert "Score distribution" in text and "Answers that could not be read" in text
    assert "<script>alert(1)</script>" not in text  # names are not in the report at all


def test_an_output_file_has_the_users_ordinary_permissions(tmp_path: Path) -> None:
    """Written through a private temporary file, but not left private: a TA's gradebook is an ordinary file."""
    previous = os.umask(0o022)
    try:
        written = write_atomically(tmp_path / "gradebook.csv", "student,total\n")
    finally:
        os.umask(previous)
    assert written.stat().st_mode & 0o777 == 0o644
