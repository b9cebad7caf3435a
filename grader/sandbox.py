"""A hard time budget for grading: jobs run in a forked worker process that
is killed when a job overruns, so runaway SymPy work (in C or in Python)
cannot hold the caller. A soft alarm inside the worker stops most overruns
first, which keeps the worker (and its warm caches) alive.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import signal
import threading
import traceback
from dataclasses import dataclass
from typing import Any, Callable

_context = mp.get_context("fork")


class SoftTimeout(Exception):
    """Raised inside the worker by the alarm, just before the hard limit."""


@dataclass(frozen=True)
class Outcome:
    kind: str  # ok | timeout | crash
    value: Any = None
    detail: str = ""


def _on_alarm(signum: int, frame: Any) -> None:
    raise SoftTimeout()


def _worker(connection: Any) -> None:
    signal.signal(signal.SIGALRM, _on_alarm)
    while True:
        try:
            job = connection.recv()
        except EOFError:
            return
        func, args, soft_seconds = job
        try:
            signal.setitimer(signal.ITIMER_REAL, soft_seconds)
            result = Outcome("ok", func(*args))
        except SoftTimeout:
            result = Outcome("timeout")
        except BaseException as err:  # every failure is reported, none kills the worker
            result = Outcome("crash", detail=f"{type(err).__name__}: {err}\n{traceback.format_exc(limit=4)}")
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        try:
            connection.send(result)
        except Exception as err:  # an unpicklable result
            connection.send(Outcome("crash", detail=f"result could not be returned: {err}"))


class Sandbox:
    """Runs picklable jobs in one forked worker under a per-job budget."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: Any = None
        self._connection: Any = None
        self._owner = os.getpid()

    def _start(self) -> None:
        parent, child = _context.Pipe()
        self._process = _context.Process(target=_worker, args=(child,), daemon=True)
        self._process.start()
        child.close()
        self._connection = parent
        self._owner = os.getpid()

    def _stop(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.join(timeout=1)
        self._process = self._connection = None

    def run(self, func: Callable[..., Any], args: tuple, seconds: float) -> Outcome:
        with self._lock:
            if self._process is None or not self._process.is_alive() or self._owner != os.getpid():
                self._start()
            soft = max(seconds * 0.9, 0.05)
            self._connection.send((func, args, soft))
            if self._connection.poll(seconds + 0.5):
                try:
                    return self._connection.recv()
                except EOFError:
                    self._stop()
                    return Outcome("crash", detail="the grading process died")
            self._stop()  # hard limit: the work is stuck outside Python's reach
            return Outcome("timeout")

    def close(self) -> None:
        with self._lock:
            self._stop()


_shared: Sandbox | None = None


def shared_sandbox() -> Sandbox:
    global _shared
    if _shared is None:
        _shared = Sandbox()
    return _shared
