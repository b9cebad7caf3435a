"""`dlmath exercises`: the listing, the JSON and `show`, as a user runs them."""
from __future__ import annotations

import json

from click.testing import CliRunner

from dlmath.cli import main
from exercises import default_bank, instantiate, seed_for

FIXED_IDS = (
    "17.1.1 17.1.2 17.1.3 17.1.4 17.1.5 17.1.6 17.1.7 17.2.1a 17.2.1b 17.2.1c 17.2.2a 17.2.2b 17.2.2c 17.2.3 "
    "17.3.1 17.3.2 17.3.3 17.3.4 17.4.1 17.4.2 17.4.3a 17.4.3b 17.4.4a 17.4.4b 17.4.5 "
    "17.5.1 17.5.2 17.5.3 17.5.4a 17.5.4b 17.6.1 17.6.2a 17.6.2b 17.6.3 17.6.4 17.7.1 17.7.2 "
    "17.8.1a 17.8.1b 17.8.1c 17.8.2 17.8.3 17.9.1a 17.9.1b 17.9.1c 17.9.1d 17.9.1e 17.9.1f 17.9.1g 17.9.2 17.9.3 "
    "17.10.1a 17.10.1b 17.10.1c 17.10.1d 17.10.2a 17.10.2b 17.10.2c 17.10.3 17.10.4 "
    "17.3.log-chain 17.4.quadratic-form 17.4.matrix-factorization 17.4.backprop 17.5.substitution 17.5.polar "
    "17.7.coin 17.7.coin-general notes.iid-log-likelihood notes.gaussian-log-density notes.xavier-uniform-bound "
    "notes.he-variance notes.bits-of-a-half"
).split()


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_json_lists_every_fixed_id_with_a_reference_or_a_rubric() -> None:
    result = run("exercises", "--json")
    assert result.exit_code == 0, result.output
    rows = {row["id"]: row for row in json.loads(result.output)}
    missing = [i for i in FIXED_IDS if i not in rows]
    assert not missing, f"not in the bank: {missing}"
    for row in rows.values():
        assert {"id", "title", "type", "gradable"} <= row.keys()
        assert row["reference"] if row["gradable"] else row["rubric"], row["id"]


def test_table_lists_id_type_and_mode() -> None:
    result = run("exercises", "--section", "17.3")
    assert result.exit_code == 0
    line = next(l for l in result.output.splitlines() if l.startswith("17.3.3 "))
    assert "boolean" in line and "gradable" in line


def test_show_prints_statement_symbols_and_reference() -> None:
    result = run("exercises", "show", "17.3.2")
    assert result.exit_code == 0, result.output
    assert r"\log\left(\frac{1}{x}\right)" in result.output
    assert r"x \in (0, \infty)" in result.output
    assert r"Reference: - \frac{1}{x}" in result.output


def test_show_json_has_the_parts() -> None:
    data = json.loads(run("exercises", "show", "17.3.4", "--json").output)
    assert data["parts"][0]["reference"] == "e^{-1}"
    assert data["conventions"]["log_base"] == "e"


def test_unknown_id_fails_with_suggestions() -> None:
    result = run("exercises", "show", "17.3.9")
    assert result.exit_code != 0
    assert "no exercise '17.3.9'" in result.output and "17.3.1" in result.output
    assert "Traceback" not in result.output


def test_every_command_has_help() -> None:
    for args in ([], ["exercises"], ["exercises", "show"], ["demo"]):
        result = run(*args, "--help")
        assert result.exit_code == 0 and "Usage:" in result.output, args


def test_every_exercise_shows_as_text_and_json() -> None:
    from exercises import default_bank

    for exercise in default_bank():
        text = run("exercises", "show", exercise.id)
        assert text.exit_code == 0, (exercise.id, text.output)
        assert exercise.title in text.output
        data = json.loads(run("exercises", "show", exercise.id, "--json").output)
        assert data["id"] == exercise.id


def test_demo_lists_the_bank_grades_the_sample_class_and_says_where_everything_is(tmp_path) -> None:
    """The main job (without its PDFs, which tests/test_export.py builds)."""
    out = tmp_path / "dlmath-output"
    result = run("demo", "--out", str(out), "--no-pdf")
    assert result.exit_code == 0, result.output
    assert "17.7.coin" in result.output and "Reference:" in result.output
    assert "graded 708 records" in result.output
    for name in ("grades.db", "graded.csv", "gradebook.csv", "gradebook-canvas.csv", "report.html", "solutions.html"):
        assert f"{(out / name).resolve()}" in result.output and (out / name).stat().st_size > 0, name
    folder = out / "problems-by-student"
    index = (folder / "index.csv").read_text(encoding="utf-8").splitlines()
    assert len(index) == 4 and index[0] == "student,name,file,variants"  # three students
    first = index[1].split(",")[0]
    values = instantiate(default_bank().get("17.7.coin"), seed_for(first)).variant.values
    page = (folder / f"{first}.html").read_text(encoding="utf-8")
    assert f"Maximum likelihood for {values['n_H']} heads and {values['n_T']} tails" in page
    assert f"problem set of {first}" in result.output and "Variant:" not in page  # notes are the teacher's
