"""Isolated, bounded grading: each job runs in a worker process, under a time
budget and a memory limit, and no job can change what a later job sees.

The budget is CPU seconds of the worker, not wall-clock time: on a machine
busy with other work (a class graded on every core, a test suite in
parallel) an answer gets the same verdict as on an idle one. A worker that
stops using the CPU without answering (blocked, or starved far beyond any
normal load) is still stopped after WALL_FACTOR times the budget.

Three processes take part:

- the caller, which sends a job and waits for its result;
- a zygote, forked from the caller once: it closes every file the caller had
  open, warms up (bank, LaTeX parser) and never grades; it forks workers and
  enforces the hard time limit on them;
- a worker, forked from the warm zygote, which runs jobs one after another.

Why jobs cannot leak into each other: the LaTeX backend builds a new
converter per call and keeps no module state, and the process-wide settings
that SymPy, mpmath and `decimal` keep are reset before every job
(`reset_process_state`); what remains shared are caches that are
transparent by construction (SymPy's memoisation of pure functions, ANTLR's
prediction DFA). A job that does not end normally (timeout, memory, recursion,
crash) may have been stopped halfway through changing one of those, so its
worker is discarded and the next job gets a fresh fork of the zygote. The
test suite checks both halves: module state is unchanged by grading, and
verdicts do not depend on the order answers are graded in.

Every job carries an id, and a result is only ever returned for the job
that asked for it. Both child processes die with their parent.
"""
from __future__ import annotations

import ctypes
import decimal
import itertools
import math
import os
import pickle
import resource
import signal
import sys
import threading
import time
import traceback
import warnings
from dataclasses import dataclass
from multiprocessing.connection import Connection, Pipe, wait
from typing import Any, Callable

import mpmath
from sympy.core.parameters import global_parameters

STOP_GRACE_S = 1.0  # for a zygote to exit once its pipe is closed
HARD_GRACE_S = 0.25  # after the budget, the zygote kills a worker that has not answered
PARENT_GRACE_S = 1.0  # after the zygote's wall-clock limit, the caller stops waiting
WALL_FACTOR = 5.0  # wall-clock limit, as a multiple of the CPU budget
STARTUP_TIMEOUT_S = 120.0  # for the zygote's warm-up
SOFT_FRACTION = 0.9  # the worker's own alarm, as a fraction of the budget
MAX_JOBS_PER_WORKER = 2000  # then a fresh worker, so caches cannot grow without end
RECURSION_LIMIT = 1000  # Python's default: deeper recursion in SymPy's comparisons can take exponential time
PR_SET_PDEATHSIG = 1


class SoftTimeout(BaseException):
    """Raised inside the worker by its alarm. A BaseException, so that no
    `except Exception` in grading code (or in a library) can swallow it."""


@dataclass(frozen=True)
class Outcome:
    """How a job ended: ok (with its value), timeout, memory, depth or crash."""

    kind: str
    value: Any = None
    detail: str = ""


# --- in the worker --------------------------------------------------------

def reset_process_state() -> None:
    """Put back every process-wide setting a job could have changed."""
    global_parameters.evaluate = True
    global_parameters.distribute = True
    global_parameters.exp_is_pow = False
    mpmath.mp.dps = 15
    decimal.setcontext(decimal.Context())
    sys.setrecursionlimit(RECURSION_LIMIT)
    warnings.resetwarnings()
    warnings.simplefilter("ignore")  # what an answer makes SymPy warn about is not for the caller's terminal


def _on_alarm(signum: int, frame: Any) -> None:
    raise SoftTimeout()


def _address_space() -> int:
    """Bytes of address space this process maps now (0 where unknown)."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _limit_memory(limit: int) -> None:
    hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):  # not enforceable on this system: the time budget still holds
        pass


def _run_job(func: Callable[..., Any], args: tuple, budget_s: float) -> Outcome:
    try:
        signal.setitimer(signal.ITIMER_PROF, max(budget_s * SOFT_FRACTION, 0.01))  # CPU time of this process
        try:
            return Outcome("ok", func(*args))
        finally:
            signal.setitimer(signal.ITIMER_PROF, 0)
    except SoftTimeout:
        return Outcome("timeout")
    except MemoryError:
        return Outcome("memory")
    except RecursionError:
        return Outcome("depth")
    except BaseException as err:  # every failure is reported; the worker is then replaced
        return Outcome("crash", detail=f"{type(err).__name__}: {err}\n{traceback.format_exc(limit=6)}")


def _serve(connection: Connection) -> None:
    """The worker's loop: run jobs until one ends abnormally or the zygote goes."""
    signal.signal(signal.SIGPROF, _on_alarm)
    baseline = _address_space()
    for served in range(1, MAX_JOBS_PER_WORKER + 1):
        try:
            job_id, func, args, budget_s, memory_bytes = connection.recv()
        except (EOFError, OSError):
            break
        reset_process_state()
        if baseline:
            _limit_memory(baseline + memory_bytes)
        outcome = _run_job(func, args, budget_s)
        _limit_memory(resource.RLIM_INFINITY)
        grown = bool(baseline) and _address_space() > baseline + memory_bytes // 2
        retiring = outcome.kind != "ok" or grown or served == MAX_JOBS_PER_WORKER
        try:
            payload = pickle.dumps((job_id, outcome, retiring))
        except Exception as err:  # an unpicklable result
            retiring = True
            payload = pickle.dumps((job_id, Outcome("crash", detail=f"the result could not be returned: {err}"), True))
        connection.send_bytes(payload)
        if retiring:
            break
    os._exit(0)


# --- in the zygote --------------------------------------------------------

def _die_with_parent(parent: int) -> None:
    """Ask the kernel to kill this process when its parent dies (Linux)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass  # elsewhere, the end of the pipe to the parent stops the loop
    if os.getppid() != parent:
        os._exit(0)


def _keep_only(keep: set[int]) -> None:
    """Close every file descriptor inherited from the caller but `keep`, and
    point standard input and output at /dev/null: the caller's output file,
    pipes and sockets must not stay open in its children."""
    null = os.open(os.devnull, os.O_RDWR)
    for std in (0, 1):
        os.dup2(null, std)
    os.close(null)
    low = 0
    for fd in sorted(keep | {0, 1, 2}):
        if fd > low:
            os.closerange(low, fd)
        low = fd + 1
    os.closerange(low, max(os.sysconf("SC_OPEN_MAX"), low + 1))


@dataclass
class _Worker:
    pid: int
    connection: Connection

    def reap(self, kill: bool = False) -> tuple[int, int]:
        """Wait for the worker to end; (exit status, peak RSS in bytes)."""
        if kill:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.connection.close()
        try:
            _, status, usage = os.wait4(self.pid, 0)
        except ChildProcessError:
            return 0, 0
        return status, usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)


_CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system) process `pid` has used, from /proc; None where
    unknown (not Linux, or the process is gone)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS  # utime, stime
    except (OSError, ValueError, IndexError):
        return None


def _await_worker(worker: _Worker, control: Connection, budget_s: float) -> list:
    """Wait for the worker's reply or the caller's pipe; return what is ready,
    or [] once the worker has used its CPU budget (plus grace) or the wall-clock
    limit has passed. Where CPU time cannot be read, the budget is wall-clock time."""
    started = cpu_seconds(worker.pid)
    wall_limit = budget_s * WALL_FACTOR if started is not None else budget_s
    wall_deadline = time.monotonic() + wall_limit + HARD_GRACE_S
    while True:
        left = wall_deadline - time.monotonic()
        if started is not None:
            now = cpu_seconds(worker.pid)
            left = min(left, budget_s + HARD_GRACE_S - ((now if now is not None else started) - started))
        if left <= 0:
            return []
        ready = wait([worker.connection, control], timeout=left)
        if ready:
            return ready


def _fork_worker(control: Connection) -> _Worker:
    zygote_end, worker_end = Pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:
        zygote_end.close()
        control.close()  # only the zygote talks to the caller
        _die_with_parent(parent)
        _serve(worker_end)
    worker_end.close()
    return _Worker(pid, zygote_end)


def _zygote(control: Connection, warm_up: Callable[[], None] | None, parent: int) -> None:
    _die_with_parent(parent)
    _keep_only({control.fileno()})
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the caller's to handle
    if warm_up is not None:
        warm_up()
    worker: _Worker | None = _fork_worker(control)
    control.send("ready")
    while True:
        try:
            job = control.recv()
        except (EOFError, OSError):
            break
        job_id, _, _, budget_s, memory_bytes = job
        started = time.monotonic()
        try:
            worker = worker or _fork_worker(control)
            worker.connection.send(job)
        except OSError:  # the worker was killed from outside between two jobs
            worker.reap(kill=True)
            worker = _fork_worker(control)
            worker.connection.send(job)
        ready = _await_worker(worker, control, budget_s)
        if control in ready and worker.connection not in ready:
            break  # the caller closed the pipe (it died) or broke protocol
        outcome: Outcome | None = None
        retiring = True
        if worker.connection in ready:
            try:
                reply_id, outcome, retiring = pickle.loads(worker.connection.recv_bytes())
                if reply_id != job_id:
                    outcome = Outcome("crash", detail="the worker answered another job")
            except (EOFError, OSError):
                outcome = None  # the worker died: find out why below
        if outcome is not None and not retiring:
            _reply(control, job_id, outcome)
            continue
        status, peak = worker.reap(kill=outcome is None)
        worker = None
        if outcome is None:
            outcome = _classify_death(status, peak, time.monotonic() - started, budget_s, memory_bytes)
        else:
            outcome = Outcome(outcome.kind, outcome.value, f"{outcome.detail} (worker peak RSS {peak >> 20} MiB)")
        if not _reply(control, job_id, outcome):
            break
    if worker is not None:
        worker.reap(kill=True)
    os._exit(0)


def _classify_death(status: int, peak: int, elapsed: float, budget_s: float, memory_bytes: int) -> Outcome:
    if peak >= memory_bytes // 2:
        return Outcome("memory", detail=f"peak {peak >> 20} MiB")
    if elapsed >= budget_s * SOFT_FRACTION:
        return Outcome("timeout")
    return Outcome("crash", detail=f"the worker died (status {status})")


def _reply(control: Connection, job_id: int, outcome: Outcome) -> bool:
    try:
        control.send((job_id, outcome))
        return True
    except OSError:
        return False


# --- in the caller --------------------------------------------------------

def _exited(pid: int, within_s: float) -> bool:
    """Has child `pid` exited (and been reaped) within `within_s` seconds?"""
    deadline = time.monotonic() + within_s
    while True:
        try:
            if os.waitpid(pid, os.WNOHANG)[0] == pid:
                return True
        except ChildProcessError:
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.002)


class Sandbox:
    """Runs picklable jobs in a warm, disposable worker under a per-job budget.

    Create it before the process starts threads: the zygote is forked from
    the caller. `warm_up` runs once in the zygote, so every worker starts warm.
    """

    def __init__(self, warm_up: Callable[[], None] | None = None) -> None:
        self._warm_up = warm_up
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._pid: int | None = None
        self._control: Connection | None = None
        self._owner = os.getpid()
        self._warming = False  # forked, "ready" not yet read

    @property
    def zygote_pid(self) -> int | None:
        return self._pid

    def _start(self) -> None:
        self._spawn()
        self._await_ready()

    def _spawn(self) -> None:
        """Fork the zygote; it reports "ready" once warm (`_await_ready`)."""
        caller_end, zygote_end = Pipe()
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()  # or the zygote would hold a copy of unwritten output
            except (OSError, ValueError, AttributeError):
                pass
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:
            caller_end.close()
            try:
                _zygote(zygote_end, self._warm_up, parent)
            finally:
                os._exit(0)
        zygote_end.close()
        self._pid, self._control, self._owner = pid, caller_end, parent
        self._warming = True

    def _await_ready(self) -> None:
        self._warming = False
        try:  # the warm-up is not part of the first job's budget
            if not self._control.poll(STARTUP_TIMEOUT_S) or self._control.recv() != "ready":
                raise OSError("the grading process did not start")
        except (EOFError, OSError):
            self._stop()
            raise

    def _stop(self) -> None:
        """Close the pipe, so the zygote reaps its worker and exits (their CPU
        time is then counted as this process's children's); kill it if it
        does not within STOP_GRACE_S."""
        if self._control is not None:
            self._control.close()
        if self._pid is not None and self._owner == os.getpid() and not _exited(self._pid, STOP_GRACE_S):
            try:
                os.kill(self._pid, signal.SIGKILL)
                os.waitpid(self._pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        self._pid = self._control = None

    def start(self) -> None:
        """Fork the zygote now (a service does this before it starts threads)."""
        with self._lock:
            if self._pid is None or self._owner != os.getpid():
                self._pid = self._control = None  # a fork of the caller owns nothing
                self._start()

    @staticmethod
    def start_all(sandboxes: "list[Sandbox]") -> None:
        """Fork every zygote first, then wait for all: they warm up in parallel."""
        for sandbox in sandboxes:
            with sandbox._lock:
                if sandbox._pid is None or sandbox._owner != os.getpid():
                    sandbox._pid = sandbox._control = None
                    sandbox._spawn()
        for sandbox in sandboxes:
            with sandbox._lock:
                if sandbox._warming:
                    sandbox._await_ready()

    def run(self, func: Callable[..., Any], args: tuple, budget_s: float, memory_bytes: int) -> Outcome:
        """Run `func(*args)` in a worker; a result only ever comes back for this job."""
        if not (isinstance(budget_s, (int, float)) and math.isfinite(budget_s) and budget_s > 0):
            raise ValueError(f"the budget must be a positive number of seconds, not {budget_s!r}")
        with self._lock:
            if self._pid is None or self._owner != os.getpid():
                self._pid = self._control = None  # a fork of the caller owns nothing
                try:
                    self._start()
                except (EOFError, OSError) as err:
                    return Outcome("crash", detail=f"the grading process could not start: {err}")
            job_id = next(self._ids)
            try:
                self._control.send((job_id, func, args, budget_s, memory_bytes))
                deadline = time.monotonic() + budget_s * WALL_FACTOR + HARD_GRACE_S + PARENT_GRACE_S
                while True:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0 or not self._control.poll(remaining):
                        self._stop()
                        return Outcome("timeout", detail="the grading process stopped answering")
                    reply_id, outcome = self._control.recv()
                    if reply_id == job_id:
                        return outcome
            except (EOFError, OSError) as err:
                self._stop()
                return Outcome("crash", detail=f"the grading process died: {err}")
            except BaseException:  # KeyboardInterrupt while waiting: leave no job behind
                self._stop()
                raise

    def close(self) -> None:
        with self._lock:
            self._stop()
