"""`dlmath serve` as a user starts it: a real process on loopback, on a free
port, with its own results store. Used by the browser and the load tests."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "instructor-secret"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serving(folder: Path, *options: str, startup_s: float = 60) -> Iterator[str]:
    """The base URL of a running `dlmath serve`; stopped (and checked to stop) on exit."""
    port = free_port()
    log = open(folder / "serve.log", "w")
    process = subprocess.Popen([sys.executable, "-m", "dlmath", "serve", "--port", str(port),
                                "--db", str(folder / "grades.db"), *options], cwd=ROOT, stdout=log,
                               stderr=subprocess.STDOUT, env={**os.environ, "DLMATH_INSTRUCTOR_TOKEN": TOKEN})
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + startup_s
        while True:
            try:
                with urllib.request.urlopen(base + "/api/health", timeout=1) as reply:
                    if reply.status == 200:
                        break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"dlmath serve did not start: {(folder / 'serve.log').read_text()}")
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
