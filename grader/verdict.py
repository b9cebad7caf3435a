"""The outcome of grading one answer, and the one way it becomes a record."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

Status = Literal["correct", "incorrect", "invalid", "manual"]
STATUSES: tuple[Status, ...] = ("correct", "incorrect", "invalid", "manual")
MANUAL_FEEDBACK = "Kept for a person to grade."


@dataclass(frozen=True)
class Verdict:
    """What a student (and a gradebook) is told about one answer.

    `interpreted` is the LaTeX of what was understood, shown before the verdict
    as STACK does, so a misreading is visible; `method` says how it was decided
    (`exact`, `numeric`, `symbolic`, `structure`, `parse`, `timeout`, ...);
    `note` is a machine-readable tag naming the branch that decided it
    (`mistake:sign`, `layout:transpose`, `parse:unbalanced-brace`,
    `limit:memory`), which a class report groups by. A `manual` part has no
    score until a person grades it.
    """

    status: Status
    score: float | None
    feedback: str
    interpreted: str = ""
    method: str = ""
    warnings: tuple[str, ...] = ()
    exercise: str = ""
    part: str = ""
    column: int | None = None  # where an `invalid` answer goes wrong, 1-based
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        """Every field (for templates); `to_record` is what records carry."""
        data = asdict(self)
        data["warnings"] = list(self.warnings)
        return data

    @classmethod
    def invalid(cls, feedback: str, *, column: int | None = None, method: str = "parse",
                note: str = "parse:syntax", **kw: Any) -> "Verdict":
        return cls("invalid", 0.0, feedback, method=method, column=column, note=note, **kw)

    @classmethod
    def manual(cls, **kw: Any) -> "Verdict":
        return cls("manual", None, MANUAL_FEEDBACK, method="manual", note="manual", **kw)


@dataclass(frozen=True)
class Preview:
    """How an answer was read, without the verdict: what a live preview shows
    while the student types (STACK's validation step). `message` and `column`
    say why an answer that cannot be read is `invalid`."""

    valid: bool
    interpreted: str
    message: str = ""
    column: int | None = None
    warnings: tuple[str, ...] = ()

    @classmethod
    def of(cls, verdict: Verdict) -> "Preview":
        if verdict.status == "invalid":
            return cls(False, verdict.interpreted, verdict.feedback, verdict.column, verdict.warnings)
        return cls(True, verdict.interpreted, "", None, verdict.warnings)


RECORD_FIELDS = ("status", "score", "feedback", "interpreted", "method", "note")


def to_record(verdict: Verdict) -> dict[str, Any]:
    """The fields a gradebook, a JSON reply or a batch file gets from a verdict."""
    record: dict[str, Any] = {name: getattr(verdict, name) for name in RECORD_FIELDS}
    if verdict.warnings:
        record["warnings"] = list(verdict.warnings)
    return record
