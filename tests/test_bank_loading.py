"""The bank loads, and a malformed entry is reported with file, exercise and field."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import sympy as sp

from exercises import AnswerType, BankError, UnknownExercise, default_bank, load_bank

GOOD = """
  - id: "17.3.1"
    title: Derivative
    source: {seed: s.txt, section: "17.3", exercise: 1}
    statement: What is the derivative of $x^2$?
    symbols: {x: {}}
    answer: {type: expression, reference: "2*x"}
"""


def write_bank(tmp_path: Path, exercises: str, name: str = "17.3.yaml") -> Path:
    body = 'section: "17.3"\ntitle: Test\nexercises:\n' + textwrap.dedent(exercises)
    (tmp_path / name).write_text(body)
    return tmp_path


def problems_of(tmp_path: Path, exercises: str) -> list[str]:
    with pytest.raises(BankError) as info:
        load_bank(write_bank(tmp_path, exercises))
    return [str(p) for p in info.value.problems]


def test_a_good_file_loads_into_sympy_objects(tmp_path: Path) -> None:
    bank = load_bank(write_bank(tmp_path, GOOD))
    exercise = bank.get("17.3.1")
    x = exercise.symbols["x"].sympy
    assert exercise.main_part.answer.reference == 2 * x
    assert exercise.answer_type is AnswerType.expression


@pytest.mark.parametrize(
    "broken, field, words",
    [
        (GOOD.replace('type: expression', 'type: polynomial'), "answer.type", "Input should be"),
        (GOOD.replace('reference: "2*x"', 'reference: "2*x +"'), "answer.reference", "cannot read"),
        (GOOD.replace('reference: "2*x"', 'reference: "2*y"'), "answer.reference", "undeclared symbol(s) y"),
        (GOOD.replace("symbols: {x: {}}", "symbols: {x: {domain: sometimes}}"), "symbols", "unknown domain"),
        (GOOD.replace("    title: Derivative\n", ""), "title", "Field required"),
        (GOOD.replace("    statement:", "    statment:"), "statment",
         "'statment' is not a field here; the fields are: id"),
        (GOOD.replace('{type: expression, reference: "2*x"}', "{type: manual}"), "answer", "rubric"),
        (GOOD.replace('{type: expression, reference: "2*x"}', '{type: vector, reference: "2*x"}'),
         "answer.reference", "column Matrix"),
    ],
)
def test_a_malformed_entry_names_file_exercise_and_field(tmp_path: Path, broken: str, field: str, words: str) -> None:
    problems = problems_of(tmp_path, broken)
    prefix = "17.3.yaml: exercise 17.3.1: field " + field + ":"
    assert any(p.startswith(prefix) and words in p for p in problems), problems


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    second = GOOD.replace('"17.3.1"', '"17.3.2"').replace('reference: "2*x"', 'reference: "2*z"')
    first = GOOD.replace('type: expression', 'type: polynomial')
    problems = problems_of(tmp_path, first + second)
    assert len(problems) == 2
    assert "exercise 17.3.1" in problems[0] and "exercise 17.3.2" in problems[1]


def test_duplicate_ids_across_files_are_reported(tmp_path: Path) -> None:
    write_bank(tmp_path, GOOD, "17.3.yaml")
    write_bank(tmp_path, GOOD, "17.4.yaml")
    with pytest.raises(BankError, match=r"17.4.yaml: exercise 17.3.1: field id: already defined in 17.3.yaml"):
        load_bank(tmp_path)


def test_invalid_yaml_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "17.3.yaml").write_text("section: [unclosed\n")
    with pytest.raises(BankError, match=r"17.3.yaml: not valid YAML"):
        load_bank(tmp_path)


def test_declared_domains_become_assumptions(tmp_path: Path) -> None:
    entry = GOOD.replace("symbols: {x: {}}", "symbols: {x: {domain: '(0, 1)'}, n: {domain: positive_integer}}")
    exercise = load_bank(write_bank(tmp_path, entry)).get("17.3.1")
    x, n = exercise.symbols["x"].sympy, exercise.symbols["n"].sympy
    assert x.is_positive and n.is_integer and n.is_positive
    assert sp.sqrt(x**2) == x


def test_matrix_symbols_have_their_declared_shapes(tmp_path: Path) -> None:
    entry = GOOD.replace(
        "symbols: {x: {}}",
        "symbols: {x: {kind: matrix, shape: [n, 1]}, A: {kind: matrix, shape: [n, n]}}",
    ).replace('type: expression, reference: "2*x"', 'type: matrix_expression, reference: "(A + A.T)*x"')
    exercise = load_bank(write_bank(tmp_path, entry)).get("17.3.1")
    n = sp.Symbol("n", integer=True, positive=True)
    assert exercise.main_part.answer.reference.shape == (n, 1)


def test_unknown_id_suggests_close_matches() -> None:
    bank = default_bank()
    with pytest.raises(UnknownExercise) as info:
        bank.get("17.3.9")
    assert "17.3.1" in info.value.suggestions


def test_shipped_bank_loads_and_every_part_is_graded_or_has_a_rubric() -> None:
    bank = default_bank()
    assert len(bank) > 0
    for exercise in bank:
        for part in exercise.parts:
            assert part.answer.reference is not None or part.answer.rubric, exercise.id
