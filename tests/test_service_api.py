"""The HTTP API through FastAPI's test client, over a real sandbox pool and a
real SQLite store: every endpoint, every error status, the bounds, and that
no student endpoint reveals a reference, an explanation or a solution."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from dlmath.service.app import create_app
from dlmath.service.guard import Admission, RateLimit, Refused
from dlmath.service.settings import Settings
from exercises import default_bank, instantiate, seed_for
from exercises.render import to_latex
from grader import grade

TOKEN = "correct-horse-battery-staple"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
SECRET_KEYS = {"references", "reference", "explanation", "rubric", "erratum", "mistakes", "steps", "sympy"}


def client_for(tmp_path: Path, **settings) -> TestClient:
    defaults = {"db": tmp_path / "grades.db", "workers": 1, "instructor_token": TOKEN}
    return TestClient(create_app(Settings(**(defaults | settings))))


@pytest.fixture(scope="module")
def api(tmp_path_factory) -> TestClient:
    with client_for(tmp_path_factory.mktemp("service"), rate=1000, burst=1000) as client:
        yield client


def keys_in(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in keys_in(v)}
    if isinstance(value, list):
        return {k for v in value for k in keys_in(v)}
    return set()


# --- reading the bank -----------------------------------------------------------------------

def test_the_list_holds_every_exercise_and_filters_by_section(api: TestClient) -> None:
    listed = api.get("/api/exercises").json()
    assert [e["id"] for e in listed] == default_bank().ids()
    only = api.get("/api/exercises", params={"section": "17.7"}).json()
    assert only and {e["section"] for e in only} == {"17.7"}


def test_no_student_view_reveals_a_reference_an_explanation_or_a_solution(api: TestClient) -> None:
    """For every exercise of the bank: the student JSON has none of the answer's
    fields, and no explanation that the instructor's view shows appears in it."""
    for exercise in default_bank():
        student = api.get(f"/api/exercises/{exercise.id}")
        assert student.status_code == 200, exercise.id
        assert not keys_in(student.json()) & SECRET_KEYS, exercise.id
        text = student.text
        for part in exercise.parts:
            explanation = (part.answer.explanation or "").strip()
            if len(explanation) > 30:
                assert json.dumps(explanation[:60])[1:-1] not in text, (exercise.id, part.id)
        solution = api.get(f"/api/exercises/{exercise.id}/solution")
        assert solution.status_code == 403


def test_the_instructor_view_has_the_references(api: TestClient) -> None:
    view = api.get("/api/instructor/exercises/17.7.coin", headers=AUTH).json()
    assert view["references"][0]["latex"] == r"\frac{9}{13}"
    assert view["references"][0]["sympy"] == "9/13"
    solution = api.get("/api/instructor/exercises/17.7.coin/solution", headers=AUTH).json()
    assert solution["verified"] is True and solution["result"] == r"\frac{9}{13}"


def test_an_unknown_exercise_is_a_404_with_close_ids(api: TestClient) -> None:
    missing = api.get("/api/exercises/17.7.con")
    assert missing.status_code == 404 and "17.7.coin" in missing.json()["suggestions"]
    part = api.post("/api/grade", json={"exercise": "17.7.coin/nope", "answer": "1"})
    assert part.status_code == 404 and part.json()["detail"]


# --- preview and grading ----------------------------------------------------------------------

def test_the_preview_shows_the_reading_and_never_a_verdict(api: TestClient) -> None:
    read = api.post("/api/preview", json={"exercise": "17.7.coin", "answer": "9/13"}).json()
    assert read == {"valid": True, "interpreted": r"\frac{9}{13}", "message": "", "column": None, "warnings": []}
    wrong = api.post("/api/preview", json={"exercise": "17.7.coin", "answer": "4/13"}).json()
    assert wrong["valid"] is True and not {"status", "score", "feedback"} & set(wrong)
    broken = api.post("/api/preview", json={"exercise": "17.7.coin", "answer": r"\frac{9}{13"}).json()
    assert broken["valid"] is False and broken["column"] == 9 and "never closed" in broken["message"]


def test_grading_gives_the_verdict_and_keeps_the_attempt(api: TestClient, tmp_path: Path) -> None:
    right = api.post("/api/grade", json={"exercise": "17.7.coin", "answer": r"\frac{9}{13}", "student": "alice"})
    assert right.status_code == 200
    assert right.json()["status"] == "correct" and right.json()["score"] == 1.0
    wrong = api.post("/api/grade", json={"exercise": "17.7.coin", "answer": "4/13", "session": "s-1",
                                         "channel": "practice"}).json()
    assert wrong["status"] == "incorrect" and "tails" in wrong["feedback"]
    kept = api.get("/api/instructor/attempts", params={"exercise": "17.7.coin"}, headers=AUTH).json()
    assert {(a["student"], a["verdict"]["status"], a["channel"]) for a in kept} >= {
        ("alice", "correct", "api"), ("session:s-1", "incorrect", "practice")}


def test_the_attempts_are_in_the_sqlite_file(tmp_path: Path) -> None:
    with client_for(tmp_path) as client:
        client.post("/api/grade", json={"exercise": "17.3.1", "answer": "3x^2-4", "student": "bob"})
    with sqlite3.connect(tmp_path / "grades.db") as db:
        rows = db.execute("SELECT student, exercise, answer, status FROM attempts").fetchall()
    assert rows == [("bob", "17.3.1", "3x^2-4", "correct")]


def test_a_wrong_choice_is_not_told_the_explanation(api: TestClient) -> None:
    """The explanation of 17.1.4 names the right set: a student who tries again must not be given it."""
    told = api.post("/api/grade", json={"exercise": "17.1.4", "answer": "all"}).json()
    assert told["status"] == "incorrect" and "determinant" not in told["feedback"]
    assert "determinant" in grade("17.1.4", "all").feedback  # the grader's own default tells it (exports, CLI)


@pytest.mark.parametrize("answer, note", [
    ("__import__('os').system('touch /tmp/pwned')", None),
    (r"\def\a{\a}\a", None),
    ("9" * 5000, "limit:length"),
    ("(" * 500 + ")" * 500, None),
    ("\x00\x01\x02", None),
])
def test_hostile_answers_get_an_invalid_verdict_not_an_error(api: TestClient, answer: str, note: str | None) -> None:
    verdict = api.post("/api/grade", json={"exercise": "17.3.1", "answer": answer})
    assert verdict.status_code == 200
    assert verdict.json()["status"] in ("invalid", "incorrect")
    if note:
        assert verdict.json()["note"] == note
    assert not Path("/tmp/pwned").exists()


def test_a_batch_is_graded_in_order_and_bounded(api: TestClient) -> None:
    answers = [{"exercise": "17.7.coin", "answer": a} for a in ("9/13", "4/13", "\\frac{9}{13", "0.6923")]
    got = api.post("/api/grade/batch", json={"answers": answers}).json()["verdicts"]
    assert [v["status"] for v in got] == ["correct", "incorrect", "invalid", "correct"]
    too_many = api.post("/api/grade/batch", json={"answers": answers * 13})
    assert too_many.status_code == 413 and "at most 50" in too_many.json()["detail"]
    unknown = api.post("/api/grade/batch", json={"answers": [*answers, {"exercise": "nope", "answer": "1"}]})
    assert unknown.status_code == 404


# --- errors and bounds ---------------------------------------------------------------------------

def test_malformed_and_oversized_bodies(api: TestClient) -> None:
    assert api.post("/api/grade", json={"exercise": "17.7.coin"}).status_code == 422
    assert api.post("/api/grade", content=b"{not json", headers={"content-type": "application/json"}
                    ).status_code == 422
    assert api.post("/api/grade", json={"exercise": "17.7.coin", "answer": 5}).status_code == 422
    huge = api.post("/api/grade", content=b" " * 100_000, headers={"content-type": "application/json"})
    assert huge.status_code == 413 and huge.json()["detail"].startswith("The request body is larger")

    def chunks():  # no Content-Length: counted as it streams in
        for _ in range(100):
            yield b" " * 1000
    streamed = api.post("/api/grade", content=chunks(), headers={"content-type": "application/json"})
    assert streamed.status_code == 413


def test_past_the_rate_limit_the_answer_is_429_with_retry_after(tmp_path: Path) -> None:
    with client_for(tmp_path, rate=0.5, burst=2) as client:
        body = {"exercise": "17.3.1", "answer": "3x^2-4"}
        assert [client.post("/api/preview", json=body).status_code for _ in range(2)] == [200, 200]
        limited = client.post("/api/preview", json=body)
        assert limited.status_code == 429 and int(limited.headers["Retry-After"]) >= 1
        assert client.get("/api/exercises/17.3.1").status_code == 200  # reading the bank is not limited


def test_a_full_service_answers_503_at_once_with_retry_after(tmp_path: Path) -> None:
    with client_for(tmp_path, queue=0) as client:
        admission = client.app.state.admission
        admission.enter(admission.capacity)  # every place taken
        try:
            started = time.monotonic()
            busy = client.post("/api/grade", json={"exercise": "17.3.1", "answer": "3x^2-4"})
            assert busy.status_code == 503 and busy.headers["Retry-After"] == "1"
            assert time.monotonic() - started < 1
        finally:
            admission.leave(admission.capacity)
        assert client.post("/api/grade", json={"exercise": "17.3.1", "answer": "3x^2-4"}).json()["status"] == "correct"


def test_the_rate_limit_refills_and_the_admission_counts() -> None:
    now = [0.0]
    limit = RateLimit(rate=2, burst=2, clock=lambda: now[0])
    limit.take("a")
    limit.take("a")
    with pytest.raises(Refused) as refused:
        limit.take("a")
    assert refused.value.status == 429 and refused.value.headers() == {"Retry-After": "1"}
    limit.take("b")  # another client has its own bucket
    now[0] = 0.5
    limit.take("a")
    gate = Admission(capacity=2, retry_after=1)
    gate.enter(2)
    with pytest.raises(Refused):
        gate.enter()
    gate.leave(2)
    gate.enter()


def _children(pid: int) -> list[int]:
    with open(f"/proc/{pid}/task/{pid}/children") as found:
        return [int(p) for p in found.read().split()]


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the worker in /proc")
def test_a_worker_killed_mid_request_gives_invalid_and_the_service_goes_on(tmp_path: Path) -> None:
    with client_for(tmp_path) as client:
        client.post("/api/grade", json={"exercise": "17.3.1", "answer": "x"})  # the worker is up
        zygote = client.app.state.service.pool._sandboxes[0].zygote_pid
        slow = {"exercise": "17.5.1", "answer": "exp(exp(exp(exp(exp(exp(exp(exp(x))))))))"}
        reply: dict = {}
        asking = threading.Thread(target=lambda: reply.update(client.post("/api/grade", json=slow).json()))
        asking.start()
        time.sleep(0.3)  # the worker is on it
        for worker in _children(zygote):
            os.kill(worker, signal.SIGKILL)
        asking.join(30)
        assert reply["status"] == "invalid" and reply["note"].startswith(("error:", "limit:")), reply
        after = client.post("/api/grade", json={"exercise": "17.3.1", "answer": "3x^2 - 4"}).json()
        assert after["status"] == "correct"
        assert client.get("/api/health").json()["status"] == "ok"


# --- the instructor's token --------------------------------------------------------------------

INSTRUCTOR_PATHS = ["/api/instructor/exercises/17.7.coin", "/api/instructor/exercises/17.7.coin/solution",
                    "/api/instructor/attempts", "/api/instructor/report"]


@pytest.mark.parametrize("path", INSTRUCTOR_PATHS)
def test_instructor_endpoints_need_the_token(api: TestClient, path: str) -> None:
    assert api.get(path).status_code == 401
    assert api.get(path, headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert api.get(path, headers=AUTH).status_code == 200


def test_without_a_configured_token_the_instructor_endpoints_stay_closed(tmp_path: Path) -> None:
    with client_for(tmp_path, instructor_token=None) as client:
        for path in INSTRUCTOR_PATHS:
            assert client.get(path, headers={"Authorization": "Bearer "}).status_code in (401, 403)
            assert client.get(path, headers=AUTH).status_code == 401


def test_the_report_includes_practice(api: TestClient) -> None:
    api.post("/api/grade", json={"exercise": "17.3.1", "answer": "3x^2-4", "session": "r", "channel": "practice"})
    page = api.get("/api/instructor/report", headers=AUTH).text
    assert "<h2>Practice</h2>" in page and "17.3.1" in page


def test_a_solution_opens_after_the_configured_attempts(tmp_path: Path) -> None:
    with client_for(tmp_path, solution_after=2) as client:
        assert client.get("/api/exercises/17.7.coin").json()["solution_after"] == 2
        ask = {"params": {"session": "p"}}
        assert client.get("/api/exercises/17.7.coin/solution", **ask).status_code == 403
        for answer in ("1/2", "4/13"):
            client.post("/api/grade", json={"exercise": "17.7.coin", "answer": answer, "session": "p"})
        shown = client.get("/api/exercises/17.7.coin/solution", **ask)
        assert shown.status_code == 200 and shown.json()["verified"] is True
        assert client.get("/api/exercises/17.7.coin/solution", params={"session": "other"}).status_code == 403


# --- the page and the docs ---------------------------------------------------------------------------

def test_the_page_its_assets_and_the_docs_are_served(api: TestClient) -> None:
    page = api.get("/")
    assert page.status_code == 200 and "<label for=\"answer\"" in page.text
    assert "https://" not in page.text and "http://" not in page.text  # no CDN: every asset is ours, on this host
    for asset in ("/static/practice.js", "/static/practice.css"):
        assert api.get(asset).status_code == 200
    assert api.get("/docs").status_code == 200
    paths = api.get("/openapi.json").json()["paths"]
    assert {"/api/grade", "/api/preview", "/api/grade/batch", "/api/exercises/{exercise_id}"} <= set(paths)


def test_serve_has_its_help_and_says_what_to_install_without_its_extra() -> None:
    from click.testing import CliRunner

    from dlmath.cli import _needs_extra, main
    shown = CliRunner().invoke(main, ["serve", "--help"])
    assert shown.exit_code == 0 and "--solution-after" in shown.output and "DLMATH_INSTRUCTOR_TOKEN" in shown.output
    stand_in = CliRunner().invoke(_needs_extra("serve", "serve", "fastapi"), ["--port", "1"])
    assert stand_in.exit_code == 1 and "pip install 'dlmath[serve]'" in stand_in.output


# --- variants ----------------------------------------------------------------------------------

def test_with_variants_each_student_reads_is_graded_on_and_sees_solved_their_own_numbers(tmp_path: Path) -> None:
    coin = default_bank().get("17.7.coin")
    alice, bob = (instantiate(coin, seed_for(name, "week 7")) for name in ("alice", "bob"))
    assert alice.variant.values != bob.variant.values
    with client_for(tmp_path, variants=True, assignment="week 7", rate=1000, burst=1000) as client:
        shown = client.get("/api/exercises/17.7.coin", params={"student": "alice"}).json()
        assert shown["variant"] == {"seed": alice.variant.seed, "note": None}  # a note may name the answer
        teacher = client.get("/api/instructor/exercises/17.7.coin", params={"student": "alice"}, headers=AUTH).json()
        assert teacher["variant"]["note"] == alice.variant.note
        assert teacher["references"][0]["sympy"] == alice.main_part.answer.source_text
        assert f"{alice.variant.values['n_H']} heads" in shown["title"]
        assert client.get("/api/exercises/17.7.coin").json()["variant"] is None  # nobody: the text's own numbers
        session = client.get("/api/exercises/17.7.coin", params={"session": "s-1"}).json()
        assert session["variant"]["seed"] == seed_for("session:s-1", "week 7")

        def verdict(student: str, answer: str) -> str:
            body = {"exercise": "17.7.coin", "answer": answer, "student": student}
            return client.post("/api/grade", json=body).json()["status"]
        mine, theirs = alice.main_part.answer.source_text, bob.main_part.answer.source_text
        assert (verdict("alice", mine), verdict("alice", theirs), verdict("bob", theirs)) == \
            ("correct", "incorrect", "correct")
        preview = client.post("/api/preview", json={"exercise": "17.7.coin", "answer": mine, "student": "alice"})
        assert preview.json()["valid"] is True
        solution = client.get("/api/instructor/exercises/17.7.coin/solution", params={"student": "alice"},
                              headers=AUTH).json()
        assert solution["verified"] is True
        assert solution["result"] == to_latex(alice.main_part.answer.reference)
        attempts = client.get("/api/instructor/attempts", params={"student": "alice"}, headers=AUTH).json()
        assert [a["variant"]["note"] for a in attempts] == [alice.variant.note] * 2
    with sqlite3.connect(tmp_path / "grades.db") as db:
        stored = db.execute("SELECT student, variant_seed, variant_note FROM attempts ORDER BY id").fetchall()
    assert stored[0] == ("alice", alice.variant.seed, alice.variant.note)
    assert stored[-1] == ("bob", bob.variant.seed, bob.variant.note)
