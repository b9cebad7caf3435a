"""The HTTP service under load: N requests at once (right, wrong and hostile
answers mixed) on a real `dlmath serve` on loopback, with the default queue
(most are answered 503 at once) and with a queue that admits them all (every
one is graded). Prints p50/p99 latency and throughput for each.

    .venv/bin/python benchmarks/serve_load.py [--requests 200] [--workers 2]
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.service_load import answer_mix, figures, run_load  # noqa: E402
from tests.service_server import serving  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    for label, queue in (("default queue (32)", 32), ("every request admitted", args.requests)):
        with tempfile.TemporaryDirectory() as folder, serving(Path(folder), "--workers", str(args.workers),
                                                              "--queue", str(queue), "--rate", "100000",
                                                              "--burst", "100000") as base:
            run_load(base, answer_mix(6))  # the first requests warm the workers
            replies, wall = run_load(base, answer_mix(args.requests))
            found = figures(replies, wall)
        print(f"{label}: {args.requests} requests at once, {args.workers} workers")
        print("  " + json.dumps({k: round(v, 3) for k, v in found.items()}))


if __name__ == "__main__":
    main()
