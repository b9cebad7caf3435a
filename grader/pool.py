"""Grading on every core: a pool of sandboxes, each with its own warm zygote
and the same time and memory bounds as a single `grade()`.

Threads of the caller drive it: a thread takes a free sandbox, sends it one
job and waits on its pipe (the GIL is released while it waits), so N
sandboxes grade N answers at once. Verdicts go through the grader's one
verdict cache, in the caller, so an answer graded once is not sent again.
"""
from __future__ import annotations

import os
import queue
from contextlib import contextmanager
from typing import Any, Iterator

from exercises import Exercise, ExercisePart
from grader import grade_part, preview_part
from grader.policy import GradingPolicy
from grader.sandbox import Sandbox
from grader.verdict import Preview, Verdict
from grader.warmup import warm_up


def default_size() -> int:
    """One sandbox per core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class SandboxPool:
    """`size` sandboxes, started together before the caller starts its threads."""

    def __init__(self, size: int | None = None) -> None:
        self.size = size or default_size()
        self._sandboxes = [Sandbox(warm_up=warm_up) for _ in range(self.size)]
        self._free: queue.SimpleQueue[Sandbox] = queue.SimpleQueue()
        Sandbox.start_all(self._sandboxes)  # fork every zygote now, while the caller has one thread
        for sandbox in self._sandboxes:
            self._free.put(sandbox)

    @contextmanager
    def _sandbox(self) -> Iterator[Sandbox]:
        sandbox = self._free.get()
        try:
            yield sandbox
        finally:
            self._free.put(sandbox)

    def grade_part(self, exercise: Exercise, part: ExercisePart | None, answer: Any, *,
                   policy: GradingPolicy | None = None) -> Verdict:
        """`grader.grade_part` on a free sandbox of the pool (safe from any thread)."""
        with self._sandbox() as sandbox:
            return grade_part(exercise, part, answer, policy=policy, sandbox=sandbox)

    def preview_part(self, exercise: Exercise, part: ExercisePart | None, answer: Any, *,
                     policy: GradingPolicy | None = None) -> Preview:
        """`grader.preview_part` on a free sandbox of the pool."""
        with self._sandbox() as sandbox:
            return preview_part(exercise, part, answer, policy=policy, sandbox=sandbox)

    def close(self) -> None:
        for sandbox in self._sandboxes:
            sandbox.close()

    def __enter__(self) -> "SandboxPool":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
