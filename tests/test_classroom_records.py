"""Reading what an LMS exports: every defect the issue found becomes one
`invalid` record that names its line and the columns found; nothing aborts
the reading and nothing is merged or lost."""
from __future__ import annotations

import json

import pytest

from dlmath.classroom.records import read

IDS = ["17.3.1", "17.5.1", "17.2.1b"]


def test_an_unquoted_comma_is_one_invalid_record_naming_the_columns() -> None:
    records = read(b"student,exercise,answer\nann,17.3.1,3x^2-4\nbob,17.2.1b,(1,1)\ncy,17.5.1,ln 2\n", "c.csv")
    assert [r.student for r in records] == ["ann", "", "cy"]
    bad = records[1]
    assert bad.position == 3 and "4 cells but the header has 3 (student, exercise, answer)" in bad.problem
    assert bad.fields["raw"] == "bob,17.2.1b,(1,1)"


def test_an_unmatched_quote_swallows_nothing() -> None:
    records = read(b'student,exercise,answer\nann,17.3.1,"3x^2-4\nbob,17.3.1,x\ncy,17.3.1,y\n', "c.csv")
    assert len(records) == 3
    assert "line 2 has an unmatched quote" in records[0].problem
    assert [(r.student, r.answer) for r in records[1:]] == [("bob", "x"), ("cy", "y")]


def test_a_quoted_answer_may_span_lines() -> None:
    records = read(b'student,exercise,answer\nann,17.3.1,"3x^2\n-4"\nbob,17.3.1,x\n', "c.csv")
    assert [(r.student, r.answer) for r in records] == [("ann", "3x^2\n-4"), ("bob", "x")]


@pytest.mark.parametrize("data", [
    "\ufeffstudent,exercise,answer\nann,17.3.1,x\n".encode(),  # a BOM
    b"Student,Exercise,Answer\nann,17.3.1,x\n",  # headers in another case
    b"student;exercise;answer\nann;17.3.1;x\n",  # a European spreadsheet
    b"student\texercise\tanswer\nann\t17.3.1\tx\n",  # tab-separated
    b"student,exercise,answer\r\nann,17.3.1,x\r\n",  # Windows line ends
])
def test_what_spreadsheets_write_is_read(data: bytes) -> None:
    records = read(data, "c.csv")
    assert [(r.student, r.exercise, r.answer, r.problem) for r in records] == [("ann", "17.3.1", "x", None)]


def test_a_semicolon_file_keeps_commas_inside_answers() -> None:
    records = read(b"student;exercise;answer\nann;17.2.1b;(1,1)\n", "c.csv")
    assert records[0].answer == "(1,1)" and records[0].problem is None


def test_a_file_without_the_columns_lists_those_it_found() -> None:
    records = read(b"name,question,response\nann,17.3.1,x\n", "c.csv")
    assert "no 'exercise' (columns found: name, question, response)" in records[0].problem


def test_other_columns_are_kept() -> None:
    records = read(b"student,exercise,answer,section,submitted_at\nann,17.3.1,x,L01,2026-11-02T09:00:00Z\n", "c.csv")
    assert records[0].fields["section"] == "L01" and records[0].submitted_at == "2026-11-02T09:00:00Z"


def test_a_wide_file_is_one_record_per_exercise_column() -> None:
    records = read(b"student,17.3.1,17.5.1\nann,3x^2-4,ln 2\nbob,x,\n", "c.csv", exercise_ids=IDS)
    assert [(r.student, r.exercise, r.answer) for r in records] == [
        ("ann", "17.3.1", "3x^2-4"), ("ann", "17.5.1", "ln 2"), ("bob", "17.3.1", "x"), ("bob", "17.5.1", "")]
    assert len({r.key for r in records}) == 4  # cells of one row are distinct records


def test_a_wide_file_may_name_parts_in_its_columns() -> None:
    records = read(b"student,email,17.3.1,17.5.1/b\nann,a@x.org,3x^2-4,ln 2\n", "c.csv", exercise_ids=IDS)
    assert [(r.exercise, r.answer) for r in records] == [("17.3.1", "3x^2-4"), ("17.5.1/b", "ln 2")]


def test_json_lines_defects_are_invalid_records_in_place() -> None:
    lines = [
        json.dumps({"student": "ann", "exercise": "17.3.1", "answer": "x"}).encode(),
        b'{"student": "bob", "exercise": "17.3.1", "answer": "\xff\xfe"}',  # not UTF-8
        b"[" * 100_000 + b"]" * 100_000,  # too deep
        b'{"student": "cy", "exercise": "17.3.1", "answer": ' + b"9" * 5000 + b"}",  # an integer too long
        b"{not json",
        b'["a", "list"]',
        json.dumps({"student": "dee", "exercise": "17.3.1", "answer": "y"}).encode(),
    ]
    records = read(b"\n".join(lines) + b"\n", "c.jsonl")
    assert len(records) == 7
    problems = [r.problem for r in records]
    assert problems[0] is None and problems[6] is None
    assert "line 2 is not valid UTF-8 (byte 0xff" in problems[1]
    assert "line 3" in problems[2] and "line 4" in problems[3] and "line 5 is not valid JSON" in problems[4]
    assert "line 6 is not a JSON object" in problems[5]


def test_a_raw_line_separator_inside_a_string_stays_in_its_record() -> None:
    data = ('{"student": "ann", "exercise": "17.3.1", "answer": "3x^2\u2028-4"}\n'
            '{"student": "bob", "exercise": "17.3.1", "answer": "x"}\n').encode()
    records = read(data, "c.jsonl")
    assert [(r.student, r.answer) for r in records] == [("ann", "3x^2\u2028-4"), ("bob", "x")]


def test_a_bom_before_json_lines_is_stripped() -> None:
    records = read("\ufeff".encode() + b'{"exercise": "17.3.1", "answer": "x"}\n', "c.jsonl")
    assert records[0].problem is None and records[0].exercise == "17.3.1"


def test_bytes_that_are_not_utf8_in_a_csv_are_one_invalid_record() -> None:
    records = read(b"student,exercise,answer\nann,17.3.1,\xff\nbob,17.3.1,x\n", "c.csv")
    assert "not valid" in records[0].problem and records[1].answer == "x"


def test_a_huge_csv_field_is_read_and_left_to_the_grader_to_refuse() -> None:
    answer = "x+" * 100_000 + "x"
    records = read(f"exercise,answer\n17.3.1,{answer}\n17.3.1,x\n".encode(), "c.csv")
    assert [len(r.answer) for r in records] == [len(answer), 1]
