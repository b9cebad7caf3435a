"""The class report, computed from the store: how the class scored, which
parts it found hard, its most common wrong answers grouped by what the
grader found wrong (the verdict's note), and the answers it could not read.
Templates lay it out (report.html.j2, report.tex.j2); plots are in `plots`."""
from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable, Iterable

from dlmath.classroom.gradebook import Gradebook, build
from dlmath.classroom.store import Attempt, Graded
from exercises import Bank, UnknownExercise

TOP_GROUPS = 4  # kinds of mistake shown per part
TOP_ANSWERS = 3  # wrong answers shown per kind
TOP_INVALID = 6


@dataclass(frozen=True)
class Answer:
    text: str
    count: int
    feedback: str


@dataclass(frozen=True)
class MistakeGroup:
    note: str  # the verdict's note: mistake:sign, layout:transpose, units:wrong-unit, ...
    count: int
    answers: tuple[Answer, ...]


@dataclass(frozen=True)
class PartReport:
    label: str
    title: str
    answered: int
    correct: int
    groups: tuple[MistakeGroup, ...]

    @property
    def rate(self) -> float:
        return self.correct / self.answered if self.answered else 0.0


@dataclass(frozen=True)
class PracticeRow:
    """One exercise as practised on the page or through the API."""

    exercise: str
    title: str
    attempts: int
    students: int  # students and anonymous sessions who tried it
    solved: int  # of them, those who got it right at least once
    first_try: int  # of them, those whose first attempt was right


@dataclass(frozen=True)
class ClassReport:
    title: str
    generated: str
    students: int
    records: int
    counts: dict[str, int]
    possible: float
    totals: tuple[float, ...]  # every student's points
    parts: tuple[PartReport, ...]  # hardest first
    order: tuple[str, ...]  # the part labels in the bank's order
    invalid: tuple[MistakeGroup, ...]  # why answers could not be read, commonest first
    practice: tuple[PracticeRow, ...] = ()  # most practised first

    @property
    def mean(self) -> float:
        return statistics.fmean(self.totals) if self.totals else 0.0

    @property
    def median(self) -> float:
        return statistics.median(self.totals) if self.totals else 0.0


def class_report(results: Iterable[Graded], bank: Bank, title: str = "Class report",
                 practice: Iterable[Attempt] = ()) -> ClassReport:
    """The report of a class's graded records, and of the `practice` attempts kept by the service."""
    graded = [g for g in results if g.verdict is not None]
    book: Gradebook = build(graded, bank)
    answered: Counter = Counter()
    correct: Counter = Counter()
    wrong: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    feedback: dict[tuple[str, str], str] = {}
    invalid: dict[str, Counter] = defaultdict(Counter)
    for item in graded:
        submission, verdict = item.submission, item.verdict
        answer = submission.answer if submission.answer is not None else submission.fields.get("raw", "")
        if verdict.status == "invalid":
            invalid[verdict.note or "invalid"][answer] += 1
            feedback[(verdict.note, answer)] = verdict.feedback
        if not submission.part or verdict.status == "manual":
            continue
        answered[submission.part] += 1
        if verdict.status == "correct":
            correct[submission.part] += 1
        elif verdict.status == "incorrect":
            if submission.variant_note:  # graded with variants: the same text is wrong against these numbers only
                answer = f"{answer} [{submission.variant_note}]"
            wrong[submission.part][verdict.note or "incorrect"][answer] += 1
            feedback[(submission.part, answer)] = verdict.feedback
    parts = [PartReport(label, _title(bank, label), answered[label], correct[label],
                        _groups(wrong[label], lambda _, answer, label=label: feedback[(label, answer)], TOP_GROUPS))
             for label in book.parts if answered[label]]
    parts.sort(key=lambda p: (p.rate, p.label))
    invalid_groups = _groups(invalid, lambda note, answer: feedback[(note, answer)], TOP_INVALID)
    return ClassReport(
        title=title, generated=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        students=len(book.students), records=len(graded), counts=dict(Counter(g.verdict.status for g in graded)),
        possible=book.possible, totals=tuple(row.total() for row in book.students), parts=tuple(parts),
        order=tuple(book.parts),
        invalid=invalid_groups, practice=practice_rows(practice, bank))


def practice_rows(attempts: Iterable[Attempt], bank: Bank) -> tuple[PracticeRow, ...]:
    by_exercise: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for attempt in attempts:
        by_exercise[attempt.exercise][attempt.student].append(attempt.verdict.status)
    rows = [PracticeRow(exercise, _title(bank, exercise), sum(len(v) for v in tried.values()), len(tried),
                        sum("correct" in v for v in tried.values()), sum(v[0] == "correct" for v in tried.values()))
            for exercise, tried in by_exercise.items()]
    rows.sort(key=lambda r: (-r.attempts, r.exercise))
    return tuple(rows)


def _groups(by_note: dict[str, Counter], feedback_of: Callable[[str, str], str], limit: int
            ) -> tuple[MistakeGroup, ...]:
    """The `limit` commonest notes, each with its commonest answers and the
    feedback given to them (`feedback_of(note, answer)`)."""
    groups = []
    for note, answers in by_note.items():
        shown = tuple(Answer(text, count, feedback_of(note, text)) for text, count in answers.most_common(TOP_ANSWERS))
        groups.append(MistakeGroup(note, sum(answers.values()), shown))
    groups.sort(key=lambda g: (-g.count, g.note))
    return tuple(groups[:limit])


def _title(bank: Bank, label: str) -> str:
    try:
        return bank.get(label.split("/")[0]).title
    except UnknownExercise:
        return ""
