"""A compiled bank kept on disk, so a process loads it in milliseconds
instead of reading YAML and parsing 700 references with SymPy.

The cache file's name is a hash of everything the compiled bank depends on:
the bank's YAML files, the source of this package (the compiler), and the
versions of Python, SymPy and pydantic. Any change gives another name, so a
stale bank is never read. A cache that cannot be read or written is skipped:
the bank is then compiled as before.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
import threading
from collections.abc import Iterator, Mapping
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from exercises.bank import BANK_DIR, Bank, bank_files, load_bank
from exercises.model import Exercise

PACKAGE_DIR = Path(__file__).parent


@lru_cache(maxsize=None)
def default_bank() -> Bank:
    """The bank shipped with the package, loaded once per process.

    `DLMATH_BANK=/path/to/dir` points at another bank (an instructor's own
    exercises, or a draft section being checked on its own).
    """
    return load_compiled(os.environ.get("DLMATH_BANK") or BANK_DIR)


def cache_dir() -> Path:
    """`DLMATH_CACHE_DIR`, else `$XDG_CACHE_HOME/dlmath`, else `~/.cache/dlmath`."""
    if os.environ.get("DLMATH_CACHE_DIR"):
        return Path(os.environ["DLMATH_CACHE_DIR"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "dlmath"


def bank_digest(directory: Path) -> str:
    digest = hashlib.sha256()
    versions = [sys.version] + [_version(name) for name in ("sympy", "pydantic", "PyYAML")]
    digest.update(repr(versions).encode())
    shipped = bank_files(BANK_DIR) if Path(directory).resolve() != BANK_DIR.resolve() else []  # `extends: dlmath`
    own = bank_files(directory)
    for path in sorted(PACKAGE_DIR.glob("*.py")) + own:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    digest.update(f"{len(own)} files of the bank, then the shipped one's\0".encode())  # an empty folder is not it
    for path in shipped:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:32]


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "unknown"


def load_compiled(directory: Path | str) -> Bank:
    """`load_bank(directory)`, through the on-disk cache."""
    directory = Path(directory)
    try:
        path = cache_dir() / f"bank-{bank_digest(directory)}.pickle"
    except OSError:
        return load_bank(directory)
    try:
        with open(path, "rb") as handle:
            stored = pickle.load(handle)
        if isinstance(stored, dict) and all(isinstance(v, bytes) for v in stored.values()):
            return Bank.of(LazyExercises(stored))
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
        pass  # absent, or written by something else: compile it again
    bank = load_bank(directory)
    _save(bank, path)
    return bank


class LazyExercises(Mapping[str, Exercise]):
    """Exercise id -> exercise, each unpickled when it is first asked for:
    rebuilding the bank's SymPy objects costs a tenth of a second in a new
    process, and grading one answer needs one exercise."""

    def __init__(self, pickled: dict[str, bytes]):
        self._pickled = pickled
        self._loaded: dict[str, Exercise] = {}
        self._lock = threading.Lock()  # a class run's threads share the bank: one object per exercise

    def __getitem__(self, exercise_id: str) -> Exercise:
        with self._lock:
            if exercise_id not in self._loaded:
                self._loaded[exercise_id] = pickle.loads(self._pickled[exercise_id])
            return self._loaded[exercise_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._pickled)

    def __len__(self) -> int:
        return len(self._pickled)


def _save(bank: Bank, path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".bank-", dir=path.parent)
        with os.fdopen(handle, "wb") as out:
            pickle.dump({exercise.id: pickle.dumps(exercise, protocol=pickle.HIGHEST_PROTOCOL) for exercise in bank},
                        out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except (OSError, pickle.PicklingError, RecursionError):
        pass  # a read-only home: the next process compiles the bank again
