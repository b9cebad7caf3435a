"""A Gradescope autograder: one student's submission in, `results.json` out.

Gradescope runs the autograder in `/autograder`: the zip's files are in
`source/`, the student's files in `submission/`, and it reads
`results/results.json` (schema: gradescope-autograders.readthedocs.io, "specs").

The submission is one file of answers, any of:

- `answers.json`: an object, exercise id -> answer (`{"17.3.1": "3x^2-4"}`);
- `answers.txt`: one answer per line, `17.3.1: 3x^2-4` (blank lines and lines
  starting with `#` are skipped);
- `answers.csv` or `answers.jsonl`: the columns of a class file (exercise, answer).

`source/assignment.json` (optional) lists the exercises of the assignment,
`{"exercises": ["17.3.1", "17.6.3"], "visibility": "visible"}`: each of their
gradable parts is one test, so a missing answer is a failed test, not a
missing one. Without it, the tests are the parts the submission answers.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dlmath.classroom.plan import part_label
from dlmath.classroom.store import Graded
from dlmath.export.templating import render
from exercises import Bank, Exercise, UnknownExercise

ANSWER_FILES = ("answers.json", "answers.txt", "answers.csv", "answers.jsonl")
VISIBILITIES = ("hidden", "after_due_date", "after_published", "visible")


class SubmissionError(Exception):
    """The submission cannot be read; the message is for the student."""


@dataclass(frozen=True)
class Assignment:
    exercises: tuple[str, ...] = ()
    visibility: str = "visible"

    @classmethod
    def load(cls, path: Path) -> "Assignment":
        if not path.is_file():
            return cls()
        data = json.loads(path.read_text(encoding="utf-8"))
        visibility = data.get("visibility", "visible")
        if visibility not in VISIBILITIES:
            raise ValueError(f"{path}: visibility must be one of {', '.join(VISIBILITIES)}, not {visibility!r}")
        return cls(tuple(str(e) for e in data.get("exercises", ())), visibility)


def submission_records(folder: Path) -> tuple[bytes, str]:
    """The submission as a class file's bytes and name, for `records.read`."""
    found = [folder / name for name in ANSWER_FILES if (folder / name).is_file()]
    if not found:
        present = ", ".join(sorted(p.name for p in folder.iterdir())) if folder.is_dir() else "nothing"
        raise SubmissionError(f"Upload one file named {' or '.join(ANSWER_FILES)}; the submission holds: {present}.")
    path = found[0]
    data = path.read_bytes()
    if path.name == "answers.json":
        try:
            answers = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError, RecursionError) as err:
            raise SubmissionError(f"answers.json is not valid JSON ({err}).") from None
        if not isinstance(answers, dict):
            raise SubmissionError('answers.json must be one object, {"17.3.1": "your answer", ...}.')
        lines = [json.dumps({"exercise": str(k), "answer": v if isinstance(v, str) else json.dumps(v)})
                 for k, v in answers.items()]
        return "\n".join(lines).encode(), "answers.jsonl"
    if path.name == "answers.txt":
        text = data.decode("utf-8-sig", errors="replace")
        lines = []
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            exercise, colon, answer = line.partition(":")
            lines.append(json.dumps({"exercise": exercise.strip(), "answer": answer.strip(), "line": str(number)}
                                    if colon else {"answer": line, "line": str(number)}))
        return "\n".join(lines).encode(), "answers.jsonl"
    return data, path.name


def results_json(results: list[Graded], bank: Bank, assignment: Assignment, seconds: float) -> dict[str, Any]:
    """Gradescope's results.json: one test per part, the score their sum."""
    latest: dict[str, Graded] = {}
    unplaced: list[Graded] = []
    for graded in results:
        if graded.submission.part:
            latest[graded.submission.part] = graded  # a later answer to a part replaces an earlier one
        else:
            unplaced.append(graded)
    tests = [_test(label, graded, exercise, assignment) for label, graded, exercise in _tests(latest, bank, assignment)]
    score = round(sum(t["score"] for t in tests), 6)
    notes = [f"- line {g.submission.line}: {g.verdict.feedback}" for g in unplaced if g.verdict is not None]
    output = f"Graded {len(tests)} parts: {score:g} of {sum(t['max_score'] for t in tests):g} points."
    if notes:
        output += "\n\nThese lines were not graded:\n" + "\n".join(notes)
    return {"score": score, "execution_time": round(seconds), "output": output, "output_format": "md",
            "visibility": assignment.visibility, "tests": tests}


def _tests(latest: dict[str, Graded], bank: Bank, assignment: Assignment
           ) -> list[tuple[str, Graded | None, Exercise | None]]:
    if not assignment.exercises:
        return [(label, graded, _exercise(bank, label)) for label, graded in latest.items()
                if graded.verdict is None or graded.verdict.status != "manual"]  # a person grades those
    tests = []
    for exercise_id in assignment.exercises:
        exercise = bank.get(exercise_id)
        for part in exercise.parts:
            if part.answer.gradable:
                label = part_label(exercise, part)
                tests.append((label, latest.get(label), exercise))
    return tests


def _exercise(bank: Bank, label: str) -> Exercise | None:
    try:
        return bank.get(label.split("/")[0])
    except UnknownExercise:
        return None


def _test(label: str, graded: Graded | None, exercise: Exercise | None, assignment: Assignment) -> dict[str, Any]:
    points = graded.submission.points if graded is not None else _points(exercise, label)
    verdict = graded.verdict if graded is not None else None
    earned = round((verdict.score or 0.0) * points, 6) if verdict is not None else 0.0
    output = render("md", "gradescope-test.md.j2",
                    answer=graded.submission.answer if graded is not None else None,
                    status=verdict.status if verdict else "", points=earned, max_points=points,
                    interpreted=verdict.interpreted if verdict else "", feedback=verdict.feedback if verdict else "")
    title = f"{label}: {exercise.title}" if exercise is not None else label
    return {"name": title, "number": label, "score": earned, "max_score": points,
            "status": "passed" if earned >= points else "failed", "output": output.strip(), "output_format": "md",
            "visibility": assignment.visibility}


def _points(exercise: Exercise | None, label: str) -> float:
    if exercise is None:
        return 1.0
    return next((p.points for p in exercise.parts if part_label(exercise, p) == label), 1.0)


def failure_json(message: str, seconds: float) -> dict[str, Any]:
    """What Gradescope gets when the submission could not be graded at all."""
    return {"score": 0.0, "execution_time": round(seconds), "output": message, "output_format": "md",
            "visibility": "visible", "tests": []}
