"""200 requests at once on a real `dlmath serve` on loopback, right, wrong and
hostile answers mixed: every one is answered (a verdict, or 503 at once when
the queue is full), none waits longer than the budget times the places ahead
of it, and the service is healthy afterwards. The figures are printed (-s);
benchmarks/serve_load.py prints them on their own."""
from __future__ import annotations

import json
import math
import urllib.request
from pathlib import Path

from grader import DEFAULT_POLICY
from tests.service_load import answer_mix, figures, run_load
from tests.service_server import serving

WORKERS, QUEUE = 2, 32
KILL_MARGIN_S = 1.0  # past its budget a worker is killed (budget + 0.25 s) and replaced


def test_two_hundred_requests_at_once_are_all_answered_within_the_bound(tmp_path: Path) -> None:
    with serving(tmp_path, "--workers", str(WORKERS), "--queue", str(QUEUE), "--rate", "10000",
                 "--burst", "10000") as base:
        replies, wall = run_load(base, answer_mix(200))
        found = figures(replies, wall)
        print("\nload:", json.dumps({k: round(v, 3) for k, v in found.items()}))

        assert found["unanswered"] == 0 and all(r.status in (200, 503) for r in replies), \
            [r for r in replies if r.status not in (200, 503)][:3]
        assert found["graded"] >= WORKERS + QUEUE  # every place was used
        ahead = math.ceil((WORKERS + QUEUE) / WORKERS)  # jobs ahead of the last admitted one, per worker
        bound = ahead * (DEFAULT_POLICY.budget_s + KILL_MARGIN_S) * 2  # x2: the server and the client share the cores
        slowest = max(r.seconds for r in replies)
        assert slowest < bound, f"a request took {slowest:.1f} s, over {bound:.0f} s"
        busy = [r for r in replies if r.status == 503]
        assert all(r.retry_after and r.seconds < bound for r in busy)
        assert all(r.body["status"] in ("correct", "incorrect", "invalid") for r in replies if r.status == 200)
        hostile = [r.body for r in replies if r.status == 200 and r.body.get("exercise") == "17.3.1"
                   and r.body["status"] == "invalid"]
        assert hostile and all("Traceback" not in r["feedback"] for r in hostile)

        with urllib.request.urlopen(base + "/api/health", timeout=5) as health:
            assert json.load(health)["status"] == "ok"
        after, _ = run_load(base, [{"exercise": "17.3.1", "answer": "3x^2-4"}, {"exercise": "17.7.coin",
                                                                                "answer": "4/13"}])
        assert [r.body["status"] for r in after] == ["correct", "incorrect"]
    assert not Path("pwned").exists()
