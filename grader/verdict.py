"""The outcome of grading one answer."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

Status = Literal["correct", "incorrect", "invalid"]


@dataclass(frozen=True)
class Verdict:
    """What a student (and a gradebook) is told about one answer.

    `interpreted` is the LaTeX of what was understood, shown before the verdict
    as STACK does, so a misreading is visible; `method` says what decided
    (`exact`, `numeric`, `symbolic`, `structure`, `parse`, `timeout`, ...).
    """

    status: Status
    score: float
    feedback: str
    interpreted: str = ""
    method: str = ""
    warnings: tuple[str, ...] = ()
    exercise: str = ""
    part: str = ""
    column: int | None = None  # where an `invalid` answer goes wrong, 1-based

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["warnings"] = list(self.warnings)
        return data

    @classmethod
    def invalid(cls, feedback: str, *, column: int | None = None, method: str = "parse", **kw: Any) -> "Verdict":
        return cls("invalid", 0.0, feedback, method=method, column=column, **kw)
