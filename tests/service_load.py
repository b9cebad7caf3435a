"""A load on a running `dlmath serve`: many requests at once, a mix of right,
wrong and hostile answers, each timed; shared by the load test (which asserts
the bounds) and benchmarks/serve_load.py (which prints the figures)."""
from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass

import httpx2

HOSTILE = [
    "__import__('os').system('echo pwned')",
    "exp(exp(exp(exp(exp(exp(exp(exp(x))))))))",  # would take gigabytes: stopped by the memory or time bound
    "9" * 5000,  # past the length limit
    "(" * 900 + "x" + ")" * 900,
    r"\frac{" * 60 + "x",
    "x^x^x^x^x^x^x^x^x^x^x^x",
    "\x00\ufeff\u202e3x^2",
    r"\def\x{\x}\x",
    "10^10^10^10",
    "{" * 1000,
]


def answer_mix(count: int) -> list[dict]:
    """`count` grade requests: a third right (in distinct spellings, so most are graded, not cached), a third
    wrong, a third hostile."""
    mix = []
    for i in range(count):
        kind = i % 3
        if kind == 0:
            mix.append({"exercise": "17.3.1", "answer": f"3x^2 - 4 + {i} - {i}", "student": f"s{i % 17}"})
        elif kind == 1:
            mix.append({"exercise": "17.7.coin", "answer": f"{i % 12 + 1}/13" if i % 12 != 8 else "4/13",
                        "session": f"load-{i % 11}"})
        else:
            mix.append({"exercise": "17.3.1", "answer": HOSTILE[(i // 3) % len(HOSTILE)], "student": "mallory"})
    return mix


@dataclass(frozen=True)
class Reply:
    status: int  # HTTP status, or 0 when no answer came
    seconds: float
    body: dict
    retry_after: str | None


async def _one(client: httpx2.AsyncClient, request: dict, timeout: float) -> Reply:
    started = time.perf_counter()
    try:
        response = await client.post("/api/grade", json=request, timeout=timeout)
        body = response.json()
        return Reply(response.status_code, time.perf_counter() - started, body, response.headers.get("Retry-After"))
    except (httpx2.HTTPError, ValueError) as err:
        return Reply(0, time.perf_counter() - started, {"error": repr(err)}, None)


async def _all(base: str, requests: list[dict], timeout: float) -> tuple[list[Reply], float]:
    limits = httpx2.Limits(max_connections=len(requests), max_keepalive_connections=len(requests))
    async with httpx2.AsyncClient(base_url=base, limits=limits) as client:
        started = time.perf_counter()
        replies = await asyncio.gather(*(_one(client, r, timeout) for r in requests))
        return list(replies), time.perf_counter() - started


def run_load(base: str, requests: list[dict], timeout: float = 120) -> tuple[list[Reply], float]:
    """Send every request at once; the replies in order, and the wall seconds for all of them."""
    return asyncio.run(_all(base, requests, timeout))


def figures(replies: list[Reply], wall: float) -> dict[str, float]:
    graded = sorted(r.seconds for r in replies if r.status == 200)
    every = sorted(r.seconds for r in replies)

    def quantile(values: list[float], q: float) -> float:
        return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")
    return {
        "requests": len(replies), "graded": len(graded), "busy_503": sum(r.status == 503 for r in replies),
        "limited_429": sum(r.status == 429 for r in replies), "unanswered": sum(r.status == 0 for r in replies),
        "p50_s": statistics.median(every), "p99_s": quantile(every, 0.99),
        "graded_p50_s": statistics.median(graded) if graded else float("nan"), "graded_p99_s": quantile(graded, 0.99),
        "max_s": every[-1], "wall_s": wall, "answered_per_s": len(replies) / wall, "graded_per_s": len(graded) / wall,
    }
