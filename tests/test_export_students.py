"""One problem set (or solutions manual) per student of a roster, each with
the student's own variants: real PDFs read back with pdftotext, and the
other formats read as text."""
from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dlmath.classroom.roster import RosterError, Student, read_roster
from dlmath.cli import main
from dlmath.export.pdf import tex_available
from exercises import default_bank, instantiate, seed_for

needs_tex = pytest.mark.skipif(not (tex_available() and shutil.which("pdftotext")),
                               reason="TeX or pdftotext is not installed (.ci/run installs them)")
ROSTER = "student,name\nalice,Alice Martin\nbob,Bob Stone\ncarol,\n"


def counts(student: str, assignment: str = "") -> tuple[int, int]:
    values = instantiate(default_bank().get("17.7.coin"), seed_for(student, assignment)).variant.values
    return int(values["n_H"]), int(values["n_T"])


def export(tmp_path: Path, kind: str, fmt: str, *extra: str) -> Path:
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    out = tmp_path / f"{kind}-{fmt}"
    run = CliRunner().invoke(main, ["export", kind, "--students", str(roster), "--format", fmt, "--out", str(out),
                                    "--exercise", "17.7.coin", "--exercise", "17.1.5", *extra])
    assert run.exit_code == 0, run.output
    return out


@needs_tex
def test_a_problem_set_per_student_each_with_their_own_numbers(tmp_path: Path) -> None:
    out = export(tmp_path, "problems", "pdf", "--assignment", "week 7")
    for student, name in (("alice", "Alice Martin"), ("bob", "Bob Stone"), ("carol", "")):
        text = subprocess.run(["pdftotext", str(out / f"{student}.pdf"), "-"], capture_output=True, text=True,
                              check=True).stdout
        heads, tails = counts(student, "week 7")
        assert f"Maximum likelihood for {heads} heads and {tails} tails" in text
        assert f"for {name} ({student})" in text if name else f"exercises for {student}" in text
        assert "Determinant of an outer product" in text  # not randomised: as written
    index = list(csv.DictReader(io.StringIO((out / "index.csv").read_text(encoding="utf-8"))))
    assert [(row["student"], row["file"]) for row in index] == [("alice", "alice.pdf"), ("bob", "bob.pdf"),
                                                                 ("carol", "carol.pdf")]
    heads, tails = counts("alice", "week 7")
    assert index[0]["variants"] == f"17.7.coin: {heads} heads, {tails} tails"


@pytest.mark.parametrize("fmt", ["tex", "md", "html"])
def test_solutions_per_student_solve_their_own_variant(tmp_path: Path, fmt: str) -> None:
    out = export(tmp_path, "solutions", fmt)
    for student in ("alice", "bob"):
        heads, tails = counts(student)
        text = (out / f"{student}.{fmt}").read_text(encoding="utf-8")
        assert f"{heads} heads" in text and f"Variant: {heads} heads, {tails} tails" in text
        assert (rf"\frac{{{heads}}}{{{heads + tails}}}" in text) or (f"{heads}/{heads + tails}" in text)


def test_a_roster_without_a_student_column_is_refused_with_its_columns(tmp_path: Path) -> None:
    bad = tmp_path / "roster.csv"
    bad.write_text("login,name\nalice,Alice\n", encoding="utf-8")
    with pytest.raises(RosterError, match="no 'student' column .*login, name"):
        read_roster(bad)
    run = CliRunner().invoke(main, ["export", "problems", "--students", str(bad), "--format", "md",
                                    "--out", str(tmp_path / "out")])
    assert run.exit_code == 2 and "student" in run.output


def test_a_plain_list_of_ids_is_a_roster_and_repeats_count_once(tmp_path: Path) -> None:
    plain = tmp_path / "ids.txt"
    plain.write_text("alice\nbob\n\nalice\n", encoding="utf-8")
    assert read_roster(plain) == [Student("alice"), Student("bob")]
    semicolons = tmp_path / "roster.csv"
    semicolons.write_text("\ufeffName;Student\nAlice Martin;alice\n", encoding="utf-8")
    assert read_roster(semicolons) == [Student("alice", "Alice Martin")]


def test_ids_that_make_the_same_file_name_get_distinct_files(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("student\na/b\na_b\n../x\n" + "y" * 300 + "\n", encoding="utf-8")
    out = tmp_path / "out"
    run = CliRunner().invoke(main, ["export", "problems", "--students", str(roster), "--format", "md",
                                    "--out", str(out), "--exercise", "17.7.coin"])
    assert run.exit_code == 0, run.output
    names = sorted(p.name for p in out.iterdir())
    assert names[:4] == ["_x.md", "a_b-2.md", "a_b.md", "index.csv"]
    assert len(names) == 5 and names[4].startswith("y" * 80 + "-") and len(names[4]) == 80 + 9 + 3
