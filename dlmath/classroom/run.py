"""Grade a class into the store: read, plan, grade what the store does not
hold yet, commit verdicts chunk by chunk.

A rerun of the same input finds its verdicts in the store and grades only
what is missing, so `kill -9` at any moment followed by a rerun gives one
verdict per record, the same as an uninterrupted run. Ctrl-C stops at once
and keeps every verdict graded so far.
"""
from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

from dlmath.classroom.executors import Executor
from dlmath.classroom.plan import plan
from dlmath.classroom.records import Record
from dlmath.classroom.store import Store, Submission, job_key
from exercises import Assignment, Bank
from grader import ENGINE_VERSION, STATUSES, GradingPolicy, Verdict

CHUNK = 200  # verdicts per transaction
CHUNK_SECONDS = 2.0  # or fewer, when they come slowly


@dataclass
class ClassSummary:
    records: int = 0
    already: int = 0  # found in the store
    graded: int = 0  # graded by this run (distinct answers)
    counts: Counter = field(default_factory=Counter)  # status -> records
    seconds: float = 0.0
    interrupted: bool = False
    missing: int = 0  # records without a verdict at the end (only after an interruption)

    def line(self) -> str:
        counted = [f"{self.counts[s]} {s}" for s in STATUSES if s != "manual"]
        if self.counts["manual"]:
            counted.append(f"{self.counts['manual']} kept for a person to grade")
        done = f"{self.records} records: {', '.join(counted)}"
        work = f"{self.graded} distinct answers graded in {self.seconds:.1f} s"
        if self.already:
            work += f", {self.already} records already in the store"
        return done + f" ({work})"


Progress = Callable[[int], object]  # called with how many more distinct answers are done


def grade_class(records: list[Record], source: str, store: Store, bank: Bank, policy: GradingPolicy,
                executor: Callable[[], Executor], progress: Callable[[int], Progress] | None = None,
                assignment: Assignment | None = None) -> ClassSummary:
    """Grade `records` (read from `source`) into `store`; see the module docstring.
    With `assignment`, each student is graded against their own variants.

    `executor` is called only when something is left to grade (a finished
    class reruns without starting a worker); `progress` is called with the
    number of distinct answers to grade and returns what to call as each is done."""
    started = time.perf_counter()
    work = plan(records, source, bank, policy, assignment)
    store.replace_source(source, work.submissions)
    summary = ClassSummary(records=len(records))
    known = store.graded_keys(s.grading for s in work.submissions)
    summary.already = sum(s.grading in known for s in work.submissions)
    waiting: dict[tuple[str, str], list[Submission]] = {}
    ready: list[tuple[Submission, Verdict]] = []
    for submission in work.submissions:
        if submission.grading in known:
            continue
        if submission.grading in work.ready:
            ready.append((submission, work.ready[submission.grading]))
        else:
            waiting.setdefault(work.job_of[submission.grading], []).append(submission)
    store.put(ready)
    stored = store.known_verdicts(job_key(*key, policy.key(), ENGINE_VERSION) for key in waiting)
    reused = []
    for key in list(waiting):
        verdict = stored.get(job_key(*key, policy.key(), ENGINE_VERSION))
        if verdict is not None:  # the same answer to the same part, graded for another record
            reused.extend((submission, verdict) for submission in waiting.pop(key))
    store.put(reused)
    job_keys = list(waiting)
    jobs = [work.jobs[key] for key in job_keys]
    if not jobs:
        return _finish(summary, store, source, len(records), started)
    running = executor()  # first: a local pool forks its sandboxes while this process has one thread
    advance = progress(len(jobs)) if progress is not None else None
    chunk: list[tuple[Submission, Verdict]] = []
    last_commit = time.monotonic()
    try:
        for index, verdict in running.run(jobs, policy):
            chunk.extend((submission, verdict) for submission in waiting[job_keys[index]])
            summary.graded += 1
            if advance is not None:
                advance(1)
            if len(chunk) >= CHUNK or time.monotonic() - last_commit >= CHUNK_SECONDS:
                store.put(chunk)
                chunk, last_commit = [], time.monotonic()
    except KeyboardInterrupt:
        summary.interrupted = True
    finally:
        store.put(chunk)
        running.close()
    return _finish(summary, store, source, len(records), started)


def _finish(summary: ClassSummary, store: Store, source: str, records: int, started: float) -> ClassSummary:
    """Count what the store holds for `source`: records out must equal records in."""
    stored = 0
    for graded in store.results(source):
        stored += 1
        if graded.verdict is None:
            summary.missing += 1
        else:
            summary.counts[graded.verdict.status] += 1
    if stored != records or (summary.missing and not summary.interrupted):
        raise RuntimeError(f"the store holds {stored - summary.missing} verdicts for the {records} records "
                           f"of {source}: this is a bug in dlmath; rerun to finish grading")
    summary.seconds = time.perf_counter() - started
    return summary
