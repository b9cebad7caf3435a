"""An instructor's own bank: free ids and sources, symbols in the notation students type, `extends: dlmath`,
question tests, `dlmath bank new` and `dlmath bank check`, and the grade, export and class commands on it."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from exercises import BankError, load_bank
from grader import grade_part

ROOT = Path(__file__).resolve().parents[1]


def dlmath(*args: str, bank: Path | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, **({"DLMATH_BANK": str(bank)} if bank else {})}
    return subprocess.run([sys.executable, "-m", "dlmath", *args], capture_output=True, text=True, env=env,
                          cwd=cwd or ROOT, timeout=600)


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("own") / "bank"
    made = dlmath("bank", "new", str(folder))
    assert made.returncode == 0, made.stderr
    return folder


def test_the_example_bank_passes_its_own_check(example: Path) -> None:
    checked = dlmath("bank", "check", str(example), "--workers", "2")
    assert checked.returncode == 0, checked.stderr
    assert "grades as written" in checked.stdout


def test_the_example_bank_extends_the_shipped_one(example: Path) -> None:
    bank = load_bank(example)
    assert "17.7.coin" in bank and "hw1.q8" in bank  # the course's exercises, then the instructor's
    assert bank.get("hw1.q2").source.text.startswith("Goodfellow")


def test_grade_export_and_class_commands_work_on_an_own_bank(example: Path, tmp_path: Path) -> None:
    one = dlmath("grade", "--exercise", "hw1.q10", "--answer", r"x < 0 \text{ or } x > 1", "--json", bank=example)
    assert one.returncode == 0, one.stderr
    assert json.loads(one.stdout)["status"] == "correct"
    answers = tmp_path / "class.csv"
    answers.write_text("student,exercise,answer\nada,hw1.q8,2x < 4\nada,hw1.q9,x > 2\nbo,hw1.q3,\\theta_0 + x\n")
    graded = dlmath("grade", str(answers), "--db", str(tmp_path / "g.db"), "--out", str(tmp_path / "out.jsonl"),
                    "--workers", "1", bank=example)
    assert graded.returncode == 0, graded.stderr
    statuses = [json.loads(line)["status"] for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert statuses == ["correct", "incorrect", "correct"]
    exported = dlmath("export", "problems", "--exercise", "hw1.q1", "--exercise", "hw1.q11", "--format", "md",
                      "--out", str(tmp_path / "sheet.md"), bank=example)
    assert exported.returncode == 0, exported.stderr
    sheet = (tmp_path / "sheet.md").read_text()
    assert "Solve" in sheet and "Goodfellow" not in sheet  # hw1.q2 was not asked for


def _write(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "own.yaml").write_text(textwrap.dedent(text))
    return folder


def test_check_names_the_file_exercise_and_field_of_what_cannot_be_graded(tmp_path: Path) -> None:
    folder = _write(tmp_path / "broken", """\
        section: hw2
        title: Broken
        exercises:
          - id: hw2.q1
            title: a reference that restates the question
            statement: Integrate.
            symbols: {x: {domain: real}}
            answer: {type: expression, reference: "Integral(x, x)", forbid: [integral]}
          - id: hw2.q2
            title: a wrong question test
            statement: Two?
            answer:
              type: number
              reference: "2"
              mistakes: [{answer: "3", feedback: "One too many.", note: one-more}]
              tests: [{answer: "4", expect: correct}, {answer: "2", expect: correct, feedback_contains: "well done"}]
        """)
    checked = dlmath("bank", "check", str(folder), "--workers", "1")
    assert checked.returncode == 1
    lines = checked.stderr.splitlines()
    assert any(line.startswith("own.yaml: exercise hw2.q1: field answer.reference:") and "restates" in line
               for line in lines), checked.stderr
    assert any(line.startswith("own.yaml: exercise hw2.q2: field answer.tests.0:") for line in lines)
    assert any(line.startswith("own.yaml: exercise hw2.q2: field answer.tests.1:") and "well done" in line
               for line in lines)
    assert not any("answer.mistakes" in line for line in lines)  # the known mistake is recognised


@pytest.mark.parametrize("entry, field, words", [
    ('{id: "hw3/q1", title: t, statement: s, answer: {type: number, reference: "1"}}', "id", "letters, digits"),
    ('{id: hw3.q2, title: t, statement: s, answer: {type: tuple, reference: "(1, 2)", tolerance: {relative: 0.01}}}',
     "answer", "a tuple answer would ignore it"),
    ('{id: hw3.q3, title: t, statement: s, answer: {type: expression, reference: "y + 1"}}', "answer.reference",
     "undeclared symbol(s) y"),
    ('{id: hw3.q4, title: t, statement: s, symbols: {"a_{n+1}": {domain: real}}, answer: {type: number, '
     'reference: "1"}}', "symbols", "cannot be a name"),
])
def test_an_ungradable_exercise_does_not_load(tmp_path: Path, entry: str, field: str, words: str) -> None:
    folder = _write(tmp_path / "bad", f"section: hw3\ntitle: Bad\nexercises:\n  - {entry}\n")
    with pytest.raises(BankError) as raised:
        load_bank(folder)
    (problem,) = raised.value.problems
    assert (problem.file, problem.field) == ("own.yaml", field) and words in problem.message, problem
    assert "^(" not in problem.message  # never a raw pattern


def test_symbols_are_declared_as_students_write_them(tmp_path: Path) -> None:
    folder = _write(tmp_path / "names", r"""
        section: hw4
        title: Names
        exercises:
          - id: hw4.q1
            title: names in LaTeX
            statement: s
            symbols: {"x_{0}": {domain: real}, "\\sigma": {domain: positive}, "h_\\theta": {kind: function}}
            answer: {type: expression, reference: "h_theta(x_0) + sigma"}
        """)
    exercise = load_bank(folder).get("hw4.q1")
    assert set(exercise.symbols) == {"x_0", "sigma", "h_theta"} and exercise.symbols["x_0"].latex == "x_{0}"
    for answer, status in [(r"h_{\theta}(x_{0}) + \sigma", "correct"), ("h_theta(x_0) + sigma", "correct"),
                           (r"h_\theta(x_0) - \sigma", "incorrect")]:
        assert grade_part(exercise, exercise.main_part, answer).status == status, answer


def test_the_shipped_bank_passes_its_check() -> None:
    """Every reference and known mistake of the course's bank, typed as a student would, grades as written;
    every manual part stays manual; every randomised exercise's first variants pass."""
    checked = dlmath("bank", "check", str(ROOT / "exercises" / "bank"), "--workers", "2")
    assert checked.returncode == 0, checked.stderr


def test_a_derivative_at_a_point_is_a_reference_the_check_can_type(tmp_path: Path) -> None:
    """`2*x*Subs(Derivative(f(u), u), u, x**2)` prints as 2 x f'(x^2), which a student can type back."""
    folder = _write(tmp_path / "bank", """\
        section: hw5
        title: Chain rule
        exercises:
          - id: hw5.q1
            title: a derivative at a point
            statement: What is d/dx f(x^2)?
            symbols: {x: {domain: real}, u: {domain: real}, f: {kind: function}}
            answer:
              type: expression
              reference: "2*x*Subs(Derivative(f(u), u), u, x**2)"
              tests:
                - {answer: "2x f'(x^2)", expect: correct}
                - {answer: "f'(x^2)", expect: incorrect}
                - {answer: "\\\\frac{d}{dx} f(x^2)", expect: incorrect, feedback_contains: restates}
        """)
    checked = dlmath("bank", "check", str(folder), "--workers", "1")
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_an_own_banks_solutions_claim_only_what_holds(tmp_path: Path) -> None:
    """No errata of the course text and no claim of derivations for exercises that have neither; a declared
    function is listed as a function, not as a real number."""
    folder = _write(tmp_path / "bank", """\
        section: hw6
        title: Own
        exercises:
          - id: hw6.q1
            title: a model
            statement: What is the output of the model?
            symbols: {x: {domain: real}, "\\\\sigma": {kind: function}}
            answer: {type: expression, reference: "sigma(x)"}
        """)
    out = tmp_path / "solutions.md"
    exported = dlmath("export", "solutions", "--format", "md", "--out", str(out), bank=folder)
    assert exported.returncode == 0, exported.stderr
    text = out.read_text()
    assert "derived by the CAS" not in text and "Errata" not in text and "erratum" not in text.lower()
    assert r"\sigma \text{ a function}" in text and r"\sigma \in" not in text


def test_a_bank_folder_that_holds_no_bank_is_refused(tmp_path: Path) -> None:
    """A mistyped DLMATH_BANK never falls back to the course's bank."""
    for folder in (tmp_path / "missing", tmp_path):
        listed = dlmath("exercises", bank=folder)
        assert listed.returncode == 1 and "no exercise bank there" in listed.stderr, listed.stdout


def test_a_backslash_escape_of_double_quoted_yaml_is_named(tmp_path: Path) -> None:
    """"\\frac" in double quotes is a form feed and "rac", "\\theta" a tab: the check says so instead of
    printing "racddx" on the problem sheet."""
    folder = tmp_path / "bank"
    folder.mkdir()
    (folder / "own.yaml").write_text('section: hw7\ntitle: Quotes\nexercises:\n  - id: hw7.q1\n    title: t\n'
                                     '    statement: "What is $\\frac{d}{dx} x^2$ at $\\theta$?"\n'
                                     '    answer: {type: number, reference: "2"}\n')
    checked = dlmath("bank", "check", str(folder), "--workers", "1")
    assert checked.returncode == 1
    assert "field statement" in checked.stdout + checked.stderr and "single quotes" in checked.stdout + checked.stderr
