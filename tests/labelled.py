"""The labelled answer corpus (tests/corpus/*.jsonl), loaded once for the
tests that grade it."""
from __future__ import annotations

import json
from pathlib import Path

CORPUS_DIR = Path(__file__).with_name("corpus")
CASES = [
    {**json.loads(line), "where": f"{path.name}:{number}"}
    for path in sorted(CORPUS_DIR.glob("*.jsonl"))
    for number, line in enumerate(path.read_text().splitlines(), 1)
    if line.strip()
]
