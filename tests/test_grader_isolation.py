"""Every verdict is the one the answer would get alone: no answer, timeout,
interrupt or cache entry changes what a later answer is told."""
from __future__ import annotations

import inspect
import math
import os
import random
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import mpmath
import pytest
import sympy as sp
from sympy.core.parameters import global_parameters

import grader
from exercises import default_bank, load_bank
from grader import GradingPolicy, grade, grade_part, normalize
from grader.cache import canonical
from grader.equivalence import Probe, equivalent
from grader.grading import grade_answer, resolve
from grader.sandbox import WALL_FACTOR, SoftTimeout
from grader.warmup import warm_up
from tests.labelled import CASES
from tests.test_bank_loading import GOOD, write_bank

ISSUE_BATCH = [
    ("17.3.1", "3x^{2}-4"),
    ("17.1.6", r"a \cdot b + d \cdot c = 0"),  # left latex2sympy2 1.9.1's module-level `var` set
    ("17.3.1", "3 x^{2} - 4"),
    ("17.7.2", r"\bar{x}"),
    ("17.5.1", r"\frac{1}{2} dx"),  # the same branch, through a differential
    ("17.3.4", "-e^{-1}"),
]


def alone(exercise: str, answer: str, **options) -> grader.Verdict:
    """The verdict from a fresh sandbox and an empty cache."""
    grader.clear_cache()
    grader.shared_sandbox().close()
    return grade(exercise, answer, **options)


def test_the_issue_batch_grades_every_line_as_it_is_graded_alone() -> None:
    singles = [alone(exercise, answer) for exercise, answer in ISSUE_BATCH]
    grader.clear_cache()
    grader.shared_sandbox().close()
    batch = [grade(exercise, answer) for exercise, answer in ISSUE_BATCH]
    assert batch == singles
    assert [v.status for v in batch] == ["correct", "correct", "correct", "correct", "invalid", "incorrect"]


def _graded_in(order: list[int]) -> dict[int, grader.Verdict]:
    grader.clear_cache()
    grader.shared_sandbox().close()
    return {i: grade(CASES[i]["exercise"], CASES[i]["answer"]) for i in order}


def test_the_corpus_gets_the_same_verdicts_forward_and_in_a_seeded_shuffle(corpus_verdicts) -> None:
    forward = {i: verdict for i, (_, verdict) in enumerate(corpus_verdicts)}
    shuffled_order = list(range(len(CASES)))
    random.Random(20261201).shuffle(shuffled_order)
    shuffled = _graded_in(shuffled_order)
    differ = [(CASES[i]["where"], CASES[i]["answer"], forward[i].status, shuffled[i].status)
              for i in forward if forward[i] != shuffled[i]]
    assert not differ, differ


def test_a_sample_of_the_corpus_graded_one_at_a_time_agrees(corpus_verdicts) -> None:
    sample = random.Random(8).sample(range(len(CASES)), 30)
    differ = [(CASES[i]["where"], CASES[i]["answer"]) for i in sample
              if alone(CASES[i]["exercise"], CASES[i]["answer"]) != corpus_verdicts[i][1]]
    assert not differ, differ


def test_the_cache_key_sees_what_normalising_drops() -> None:
    """`\\text{...}` is layout to the formula reader, but the choice is in it."""
    grader.clear_cache()
    assert grade("17.1.4", r"\text{first} set").status == "correct"
    assert grade("17.1.4", r"\text{second} set").status == "incorrect"


def test_timeouts_are_not_cached_and_the_budget_is_part_of_the_key() -> None:
    answer = r"3x^2-4 + \sin^{2}(x)+\cos^{2}(x) - 1 + \frac{(x+1)^{20} - (x+1)^{20}}{7}"
    grader.clear_cache()
    cut_off = grade("17.3.1", answer, budget_s=0.005)
    assert (cut_off.status, cut_off.note, cut_off.method) == ("invalid", "limit:time", "timeout")
    assert grade("17.3.1", answer, budget_s=5).status == "correct"


def test_a_probe_past_its_deadline_is_a_timeout_not_a_verdict() -> None:
    """On a fast machine the parse ends in time and the probe's deadline is
    what stops the grade: that must still read as a timeout, not as
    "could not confirm", which a slower machine would not have said."""
    x = sp.Symbol("x")
    spent = Probe(deadline=time.process_time() - 1)
    with pytest.raises(SoftTimeout):
        equivalent(sp.sin(x) ** 2 + sp.cos(x) ** 2, sp.Integer(1), spent)
    assert equivalent(sp.sin(x) ** 2 + sp.cos(x) ** 2, sp.Integer(1), Probe()).equivalent is True


def test_an_interrupted_grade_leaves_nothing_for_the_next_call() -> None:
    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGALRM, interrupt)
    try:
        grader.clear_cache()
        grade("17.3.1", "x")  # the sandbox is up
        signal.setitimer(signal.ITIMER_REAL, 0.2)
        with pytest.raises(KeyboardInterrupt):  # a job that takes 3 s, interrupted after 0.2 s
            grader.shared_sandbox().run(time.sleep, (3,), 5.0, 1 << 30)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    verdict = grade("17.3.1", "5")
    assert verdict.status == "incorrect" and verdict.interpreted == "5"


def _burn_cpu(seconds: float) -> str:
    """A job that needs `seconds` of CPU time, however long that takes."""
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass
    return "done"


def _worker_of(sandbox: grader.Sandbox) -> int:
    zygote = sandbox.zygote_pid
    with open(f"/proc/{zygote}/task/{zygote}/children") as children:
        return int(children.read().split()[0])


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads CPU time from /proc")
def test_the_budget_is_cpu_time_so_a_starved_worker_still_answers() -> None:
    """A worker that gets no CPU for longer than its budget (a machine busy
    with other work, simulated by stopping it) still answers; a job that uses
    more CPU than its budget is stopped; one that never uses the CPU is
    stopped by the wall-clock limit."""
    sandbox = grader.Sandbox()
    try:
        assert sandbox.run(_burn_cpu, (0.05,), 1.0, 1 << 30).kind == "ok"  # the worker is up
        worker = _worker_of(sandbox)
        stopper = threading.Timer(0.05, lambda: (os.kill(worker, signal.SIGSTOP), time.sleep(1.5),
                                                 os.kill(worker, signal.SIGCONT)))
        stopper.start()
        started = time.monotonic()
        outcome = sandbox.run(_burn_cpu, (0.3,), 1.0, 1 << 30)
        stopper.join()
        assert outcome.kind == "ok" and outcome.value == "done", outcome
        assert time.monotonic() - started > 1.5  # it did wait longer than the budget
        assert sandbox.run(_burn_cpu, (5.0,), 0.5, 1 << 30).kind == "timeout"
        started = time.monotonic()
        assert sandbox.run(time.sleep, (30,), 0.2, 1 << 30).kind == "timeout"
        assert time.monotonic() - started < 0.2 * WALL_FACTOR + 2
        assert sandbox.run(_burn_cpu, (0.01,), 1.0, 1 << 30).kind == "ok"
    finally:
        sandbox.close()


@pytest.mark.parametrize("budget", [math.nan, math.inf, -math.inf, 1e12, 0, -1, "2", True, None, [1]])
def test_a_budget_that_is_not_a_positive_finite_number_is_refused(budget) -> None:
    verdict = grade("17.3.1", "3x^2-4", policy=GradingPolicy(budget_s=budget))
    assert (verdict.status, verdict.note) == ("invalid", "input:policy")
    assert "budget" in verdict.feedback
    assert grade("17.3.1", "5").interpreted == "5"


@pytest.mark.parametrize("exercise, answer, note", [
    (None, "x", "input:exercise-id"),
    (17, "x", "input:exercise-id"),
    (b"17.3.1", "x", "input:exercise-id"),
    ("17.3.1", None, "input:answer-type"),
    ("17.3.1", b"3x^2-4", "input:answer-type"),
    ("17.3.1", 3, "input:answer-type"),
    ("no.such.exercise", "x", "input:unknown-exercise"),
    ("17.3.1/nopart", "x", "input:unknown-exercise"),
])
def test_grade_returns_a_verdict_for_any_input(exercise, answer, note) -> None:
    verdict = grade(exercise, answer)
    assert isinstance(verdict, grader.Verdict)
    assert (verdict.status, verdict.note) == ("invalid", note)


def test_soft_timeouts_cannot_be_swallowed_by_except_exception() -> None:
    assert not issubclass(SoftTimeout, Exception)
    try:
        try:
            raise SoftTimeout()
        except Exception:  # what library code and our own readers catch
            pytest.fail("SoftTimeout was caught by `except Exception`")
    except SoftTimeout:
        pass


# --- module state ------------------------------------------------------------

STATE_PACKAGES = ("grader", "exercises", "latex2sympy2_extended")
CACHES = {"grader._cache", "grader._sandbox"}  # the caller's own verdict cache and sandbox, by design


def _snapshot(value: object) -> str:
    if isinstance(value, (set, frozenset)):
        return repr(sorted(map(repr, value)))
    return canonical(value)


def process_state() -> dict[str, str]:
    """Every module-level value of the engine and the LaTeX backend (and the
    mutable attributes of their classes), SymPy's and mpmath's global
    settings, the decimal context and the bank's exercises."""
    state: dict[str, str] = {}
    for name, module in sorted(sys.modules.items()):
        if name.split(".")[0] not in STATE_PACKAGES:
            continue
        for attr, value in vars(module).items():
            key = f"{name}.{attr}"
            if attr.startswith("__") or inspect.ismodule(value) or key in CACHES:
                continue
            if inspect.isclass(value):
                if value.__module__ != name:
                    continue  # imported classes are their own module's state (SymPy's registries: not ours)
                for class_attr, member in vars(value).items():
                    if isinstance(member, (dict, list, set)):
                        state[f"{key}.{class_attr}"] = _snapshot(member)
            elif not callable(value):
                state[key] = _snapshot(value)
    state["sympy.global_parameters"] = repr({k: getattr(global_parameters, k)
                                             for k in ("evaluate", "distribute", "exp_is_pow")})
    state["mpmath.mp"] = repr((mpmath.mp.prec, mpmath.mp.dps))
    state["decimal"] = repr(__import__("decimal").getcontext())
    state["recursionlimit"] = repr(sys.getrecursionlimit())
    state["bank"] = canonical(list(default_bank()))
    return state


def test_the_state_snapshot_sees_a_change() -> None:
    before = process_state()
    normalize.UNICODE_TO_LATEX["☃"] = "x"
    try:
        assert process_state() != before
    finally:
        del normalize.UNICODE_TO_LATEX["☃"]
    assert process_state() == before


def test_grading_the_corpus_changes_no_module_state() -> None:
    """The other half of isolation: what a worker keeps between jobs. Graded
    in this process, so that any state a job leaves behind is visible here.
    The warm-up first imports what grading imports on first use, as every
    worker has before its first job."""
    warm_up()
    before = process_state()
    for case in CASES:
        exercise, part = resolve(case["exercise"])
        grade_answer(f"{exercise.id}/{part.id}", exercise.notation, part, case["answer"])
    after = process_state()
    changed = sorted(key for key in before.keys() | after.keys() if before.get(key) != after.get(key))
    assert not changed, changed


# --- the worker's life ------------------------------------------------------------

PROBE_SCRIPT = textwrap.dedent("""
    import os, sys, time
    import grader
    out = open(sys.argv[1], "w")
    print(grader.grade("17.3.1", "3x^2-4").status, flush=True)
    zygote = grader.shared_sandbox().zygote_pid
    workers = open(f"/proc/{zygote}/task/{zygote}/children").read().split()
    fds = sorted(f"{fd}={os.readlink(f'/proc/{zygote}/fd/{fd}')}" for fd in os.listdir(f"/proc/{zygote}/fd"))
    print(zygote, " ".join(workers), "|".join(fds), flush=True)
    time.sleep(60)
""")


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_the_zygote_and_its_worker_die_with_the_caller_and_hold_none_of_its_files(tmp_path) -> None:
    output = tmp_path / "graded.jsonl"
    caller = subprocess.Popen([sys.executable, "-c", PROBE_SCRIPT, str(output)], stdout=subprocess.PIPE, text=True,
                              cwd=Path(__file__).resolve().parents[1])
    try:
        assert caller.stdout.readline().strip() == "correct"
        zygote, workers, listing = caller.stdout.readline().rstrip("\n").split(" ", 2)
        fds = dict(entry.split("=", 1) for entry in listing.split("|"))
        assert fds["0"] == fds["1"] == os.devnull
        others = {fd: target for fd, target in fds.items() if int(fd) > 2}
        assert all(target.startswith("socket:") for target in others.values()), others  # the pipes to the caller and the worker
        assert str(output) not in listing
        pids = [int(zygote)] + [int(w) for w in workers.split()]
        assert len(pids) == 2
    finally:
        caller.kill()
        caller.wait()
    deadline = time.monotonic() + 5
    while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in pids)


# --- jobs carry the exercise part ---------------------------------------------------

def test_an_exercise_outside_the_shipped_bank_is_graded_by_its_own_content(tmp_path) -> None:
    """The same id as a shipped exercise, another reference: the job carries the
    part, and the cache tells the two apart by their content."""
    variant = load_bank(write_bank(tmp_path, GOOD))  # 17.3.1 asks for the derivative of x^2
    assert grade("17.3.1", "2x").status == "incorrect"  # the shipped 17.3.1 asks for 3x^2 - 4
    assert grade("17.3.1", "2x", bank=variant).status == "correct"
    assert grade_part(variant.get("17.3.1"), None, "2*x").status == "correct"
    assert grade("17.3.1", "2x").status == "incorrect"
