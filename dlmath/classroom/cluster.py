"""Grading a class on a Dask distributed cluster (the optional extra
`dlmath[dask]`): the same jobs as `LocalExecutor`, each one a Dask task that
grades in the Dask worker's own sandbox. The cluster code is Dask's.

A Dask worker is a process with threads, so its sandbox's zygote is forked
from one: the zygote then only warms up and forks workers, and dies with its
Dask worker.

`distributed` is imported when a cluster is asked for, not with this module:
it is optional, and importing it costs a second that single answers and
`--help` should not pay.
"""
from __future__ import annotations

from typing import Iterator, Sequence

from dlmath.classroom.plan import Job
from grader import GradingPolicy, Verdict, grade_part


class ClusterUnavailable(RuntimeError):
    """dask.distributed is not installed."""


def grade_remotely(job: Job, policy: GradingPolicy) -> Verdict:
    """A Dask task: grade one job in the Dask worker's own sandbox, under the
    same time and memory bounds as on this machine."""
    return grade_part(job.exercise, job.part, job.answer, policy=policy)


class DaskExecutor:
    """The same jobs on a Dask cluster: `local` starts a LocalCluster here,
    anything else is a scheduler address (`tcp://HOST:PORT`)."""

    def __init__(self, address: str, workers: int | None = None) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise ClusterUnavailable("--dask needs dask.distributed: pip install 'dlmath[dask]'") from None
        self._cluster = None
        if address == "local":
            self._cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                         dashboard_address=None)
            self._client = Client(self._cluster)
        else:
            self._client = Client(address)
        self.workers = max(1, sum(self._client.nthreads().values()))

    def run(self, jobs: Sequence[Job], policy: GradingPolicy) -> Iterator[tuple[int, Verdict]]:
        from distributed import as_completed

        policy_future = self._client.scatter(policy, broadcast=True)
        futures = {self._client.submit(grade_remotely, job, policy_future, pure=False): index
                   for index, job in enumerate(jobs)}
        try:
            for future in as_completed(futures):
                yield futures[future], future.result()
        finally:
            self._client.cancel(list(futures))

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()
