"""The verdict cache: an answer graded once is not graded again, and a cached
verdict is only reused when everything that decided it is the same.

The key holds the exercise part's content (its answer key, symbols and
conventions, hashed: an edited bank or a variant with the same id never
reuses a stale verdict), the answer text with only its surrounding
whitespace removed (no policy can see that), the grading policy and the
engine version. Only verdicts of jobs that ended normally are kept:
timeouts, memory-outs and internal errors are graded again next time.
"""
from __future__ import annotations

import dataclasses
import enum
import hashlib
import threading
from collections import OrderedDict
from importlib import metadata
from pathlib import Path
from typing import Any

import sympy as sp
from pydantic import BaseModel

import exercises
from exercises import ExercisePart
from exercises.model import Notation
from grader.policy import GradingPolicy
from grader.verdict import Verdict


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "unknown"


def _source_digest() -> str:
    """A hash of the engine's own code (the grader and the exercise model), so that a change to how answers
    are read or compared is a new engine even where the package version stays the same."""
    digest = hashlib.sha256()
    for package in (Path(__file__).parent, Path(exercises.__file__).parent):
        for source in sorted(package.rglob("*.py")):
            digest.update(source.relative_to(package.parent).as_posix().encode())
            digest.update(source.read_bytes())
    return digest.hexdigest()[:12]


ENGINE_VERSION = "; ".join([*(f"{name} {_version(name)}" for name in ("dlmath", "sympy", "latex2sympy2_extended")),
                            f"engine {_source_digest()}"])


def canonical(value: Any) -> str:
    """A text that determines `value`: SymPy objects with their assumptions
    (`srepr`), models and dataclasses field by field, mappings sorted."""
    if isinstance(value, sp.Basic) or isinstance(value, sp.MatrixBase):
        return sp.srepr(value)
    if isinstance(value, BaseModel):
        return f"{type(value).__name__}{value.model_dump_json()}"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = ",".join(f"{f.name}={canonical(getattr(value, f.name))}" for f in dataclasses.fields(value))
        return f"{type(value).__name__}({fields})"
    if isinstance(value, dict):
        return "{" + ",".join(f"{canonical(k)}:{canonical(v)}" for k, v in sorted(value.items(), key=lambda i: str(i[0]))) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(canonical(v) for v in value) + "]"
    if isinstance(value, enum.Enum):
        return repr(value.value)
    return repr(value)


def part_fingerprint(seed: str, notation: Notation, part: ExercisePart) -> str:
    """A hash of everything about a part that can change a verdict."""
    text = canonical((seed, notation, part.answer))
    return hashlib.sha256(text.encode()).hexdigest()


class VerdictCache:
    """A bounded LRU of verdicts."""

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self._lock = threading.Lock()  # callers may grade from several threads
        self._entries: OrderedDict[tuple[str, ...], Verdict] = OrderedDict()
        self._fingerprints: dict[tuple[int, int], tuple[Notation, ExercisePart, str, str]] = {}

    def fingerprint(self, seed: str, notation: Notation, part: ExercisePart) -> str:
        """`part_fingerprint`, remembered for the objects of a loaded bank."""
        slot = (id(notation.symbols), id(part))
        known = self._fingerprints.get(slot)
        if known is not None and known[0].symbols is notation.symbols and known[1] is part and known[2] == seed \
                and known[0].conventions == notation.conventions:
            return known[3]
        value = part_fingerprint(seed, notation, part)
        if len(self._fingerprints) > self.size:
            self._fingerprints.clear()
        self._fingerprints[slot] = (notation, part, seed, value)
        return value

    @staticmethod
    def key(fingerprint: str, answer: str, policy: GradingPolicy) -> tuple[str, ...]:
        return fingerprint, answer.strip(), policy.key(), ENGINE_VERSION

    def get(self, key: tuple[str, ...]) -> Verdict | None:
        with self._lock:
            verdict = self._entries.get(key)
            if verdict is not None:
                self._entries.move_to_end(key)
            return verdict

    def put(self, key: tuple[str, ...], verdict: Verdict) -> None:
        with self._lock:
            self._entries[key] = verdict
            if len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._fingerprints.clear()
