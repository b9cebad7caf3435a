"""Where a class's distinct answers are graded: on this machine's cores
(`LocalExecutor`), or on a Dask cluster (`dlmath.classroom.cluster`). Both
take jobs and give back (index, verdict) pairs as they finish; neither
writes anything, so only the caller writes to the store.
"""
from __future__ import annotations

from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import Iterator, Protocol, Sequence

from dlmath.classroom.plan import Job
from grader import GradingPolicy, Verdict
from grader.pool import SandboxPool


class Executor(Protocol):
    workers: int

    def run(self, jobs: Sequence[Job], policy: GradingPolicy) -> Iterator[tuple[int, Verdict]]: ...

    def close(self) -> None: ...


class LocalExecutor:
    """A pool of sandboxes, one per worker, driven by as many threads.

    At most two jobs per worker are in flight, so an interrupted run leaves
    little half-done and memory does not grow with the class."""

    def __init__(self, workers: int | None = None) -> None:
        self._pool = SandboxPool(workers)
        self.workers = self._pool.size

    def run(self, jobs: Sequence[Job], policy: GradingPolicy) -> Iterator[tuple[int, Verdict]]:
        threads = ThreadPoolExecutor(self.workers, thread_name_prefix="dlmath-grade")
        pending: dict[Future, int] = {}
        queued = iter(range(len(jobs)))
        try:
            while True:
                for index in queued:
                    job = jobs[index]
                    pending[threads.submit(self._pool.grade_part, job.exercise, job.part, job.answer,
                                           policy=policy)] = index
                    if len(pending) >= 2 * self.workers:
                        break
                if not pending:
                    return
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    yield pending.pop(future), future.result()
        finally:
            if pending:  # interrupted: stop the sandboxes so the threads' waits end now
                self._pool.close()
            threads.shutdown(wait=True, cancel_futures=True)

    def close(self) -> None:
        self._pool.close()
