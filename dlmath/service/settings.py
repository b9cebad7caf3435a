"""The service's knobs, in one frozen object that `dlmath serve` fills from
its options and a test fills by hand."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from grader.pool import default_size

TOKEN_VARIABLE = "DLMATH_INSTRUCTOR_TOKEN"


@dataclass(frozen=True)
class Settings:
    """`workers` sandboxes grade at once and `queue` more requests may wait
    for one; past that a request is answered 503 at once. Each client (its
    address) may send `rate` requests a second, `burst` at once, else 429.
    `solution_after`: the attempts at an exercise after which a student may
    see its worked solution (None: never, only an instructor with the token).
    `variants`: each student (or anonymous session) gets their own variant of
    a randomised exercise, drawn for `assignment`."""

    db: Path = Path("dlmath-output/grades.db")
    workers: int = field(default_factory=default_size)
    queue: int = 32
    rate: float = 10.0
    burst: int = 40
    max_body_bytes: int = 64 * 1024
    max_batch: int = 50
    solution_after: int | None = None
    variants: bool = False
    assignment: str = ""
    instructor_token: str | None = field(default_factory=lambda: os.environ.get(TOKEN_VARIABLE) or None)

    def problem(self) -> str | None:
        """Why these settings cannot serve, or None."""
        if self.workers < 1 or self.queue < 0 or self.burst < 1 or self.rate <= 0:
            return "workers and burst must be at least 1, queue at least 0 and rate above 0"
        if self.max_batch < 1 or self.max_body_bytes < 1024:
            return "a batch holds at least 1 answer and a body may be at least 1 KiB"
        if self.solution_after is not None and self.solution_after < 1:
            return "--solution-after is a number of attempts, at least 1"
        return None
