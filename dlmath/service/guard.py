"""The bounds in front of the grader, so that overload is answered quickly
instead of queued without end:

- `BodyLimit`: a request body larger than the cap is refused with 413, before
  it is read whole (by its Content-Length, or as it streams in);
- `RateLimit`: a token bucket per client address; an empty bucket is a 429;
- `Admission`: at most `workers + queue` grading requests are in the service
  at once; one more is a 503. Both say when to come back (`Retry-After`).
"""
from __future__ import annotations

import json
import math
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Awaitable, Callable

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]
MAX_CLIENTS = 10_000  # buckets kept; the least recently seen is forgotten first


class Refused(Exception):
    """A request the service will not take now: its status, why, and when to retry."""

    def __init__(self, status: int, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.retry_after = status, message, retry_after

    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(max(1, math.ceil(self.retry_after)))} if self.retry_after is not None else {}


class _TooLarge(BaseException):
    """Raised from `receive`: a BaseException, so that the framework's body
    parser (which answers 400 to any Exception) lets it reach BodyLimit."""


class BodyLimit:
    """ASGI middleware: 413 for a body over `limit` bytes."""

    def __init__(self, app: Callable, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await self._refuse(send)
            return
        seen = 0
        started = False

        async def counted() -> dict[str, Any]:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _TooLarge
            return message

        async def watched(message: dict[str, Any]) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except _TooLarge:
            if not started:
                await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        body = json.dumps({"detail": f"The request body is larger than {self.limit} bytes."}).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


@dataclass
class _Bucket:
    tokens: float
    stamp: float


class RateLimit:
    """`rate` requests a second per client, up to `burst` at once. Used from the
    event loop only, so it needs no lock."""

    def __init__(self, rate: float, burst: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate, self.burst, self.clock = rate, burst, clock
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()

    def take(self, client: str) -> None:
        """Spend one token of `client`'s bucket, or raise Refused(429)."""
        now = self.clock()
        bucket = self._buckets.pop(client, None) or _Bucket(float(self.burst), now)
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.stamp) * self.rate)
        bucket.stamp = now
        self._buckets[client] = bucket
        if len(self._buckets) > MAX_CLIENTS:
            self._buckets.popitem(last=False)
        if bucket.tokens < 1:
            raise Refused(429, "Too many requests from this client; slow down.", (1 - bucket.tokens) / self.rate)
        bucket.tokens -= 1


class Admission:
    """At most `capacity` grading requests inside the service at once (those
    grading and those waiting for a sandbox). Event loop only."""

    def __init__(self, capacity: int, retry_after: float) -> None:
        self.capacity, self.retry_after, self.inside = capacity, retry_after, 0

    def enter(self, weight: int = 1) -> None:
        if self.inside + weight > self.capacity:
            raise Refused(503, "The grader is busy; try again in a moment.", self.retry_after)
        self.inside += weight

    def leave(self, weight: int = 1) -> None:
        self.inside -= weight
