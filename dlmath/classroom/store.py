"""The results store: one SQLite file holds a class's submissions and their
verdicts, so that no graded answer is lost and a rerun grades only what is new.

Two tables:

- `submissions`: every record of every input read, in order (`source`, `ordinal`),
  with the part it answers, the points it is worth and its `grading` key;
  reading a source again replaces its rows in one transaction.
- `verdicts`: one row per `grading` key, the hash of the record, the
  exercise part's content, the policy and the engine version. A verdict is
  written once and never changed; an edited answer key or another policy
  gives another key, so only what it affects is graded again.
- `attempts`: every answer tried through the HTTP service (the practice
  page, the API), in order, with its verdict; one transaction each.

The file is in WAL mode while it is open for writing (back to a single file
when the writer closes it), and only the process that opened it writes (the
pool's threads hand their verdicts to it). Each chunk of verdicts is one
transaction: after `kill -9` the file holds every chunk committed before it.
A lock file next to the store keeps a second run off the same store.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import sqlite3
import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Iterator

from exercises.model import Variant
from grader.verdict import Verdict

SCHEMA_VERSION = "3"
OLDER_SCHEMAS = {"2"}  # a writer brings these up to date (new columns, every row kept); a reader reads them as they are
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS submissions (
    id INTEGER PRIMARY KEY,             -- the order records were read in, across sources
    source TEXT NOT NULL,
    ordinal INTEGER NOT NULL,           -- 0-based place in the source
    line INTEGER NOT NULL,              -- where the record is in the file, 1-based
    record TEXT NOT NULL,               -- the record's key (its place and content)
    grading TEXT NOT NULL,              -- the key of its verdict
    student TEXT NOT NULL,
    exercise TEXT NOT NULL,             -- as written in the file
    part TEXT NOT NULL,                 -- the part it answers, `17.6.3/why`; '' when it answers none
    points REAL NOT NULL,               -- what the part is worth
    answer TEXT,
    submitted_at TEXT NOT NULL,
    fields TEXT NOT NULL,               -- every column of the record, JSON
    problem TEXT,                       -- why the record cannot be graded
    variant_seed INTEGER,               -- the student's variant of the exercise, when graded with variants
    variant_note TEXT,                  -- what tells that variant apart: `11 heads, 4 tails`
    UNIQUE (source, ordinal)
);
CREATE INDEX IF NOT EXISTS submissions_grading ON submissions (grading);
CREATE TABLE IF NOT EXISTS verdicts (
    grading TEXT PRIMARY KEY,
    record TEXT NOT NULL,
    job TEXT NOT NULL,                  -- the hash of the part, the answer, the policy and the engine
    part_hash TEXT NOT NULL,
    policy TEXT NOT NULL,
    engine TEXT NOT NULL,
    status TEXT NOT NULL,
    score REAL,
    verdict TEXT NOT NULL,              -- every field of the Verdict, JSON
    graded_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS verdicts_job ON verdicts (job);
CREATE TABLE IF NOT EXISTS attempts (   -- answers tried on the practice page or the HTTP API
    id INTEGER PRIMARY KEY,
    student TEXT NOT NULL,              -- the student id given, else `session:` and the anonymous session's id
    exercise TEXT NOT NULL,
    part TEXT NOT NULL,
    answer TEXT NOT NULL,
    channel TEXT NOT NULL,              -- practice or api
    status TEXT NOT NULL,
    score REAL,
    verdict TEXT NOT NULL,              -- every field of the Verdict, JSON
    attempted_at TEXT NOT NULL,
    variant_seed INTEGER,               -- the student's variant, when the service gives variants
    variant_note TEXT
);
CREATE INDEX IF NOT EXISTS attempts_by ON attempts (student, exercise);
"""
# What schema 3 added to a schema 2 store (whose attempts table, if any, CREATE TABLE IF NOT EXISTS left as it was).
MIGRATION = [("submissions", "variant_seed", "INTEGER"), ("submissions", "variant_note", "TEXT"),
             ("attempts", "variant_seed", "INTEGER"), ("attempts", "variant_note", "TEXT")]


class StoreError(ValueError):
    """The store cannot be used: the message says why."""


class StoreBusy(StoreError):
    """Another run holds this store."""


def variant_columns(variant: Variant | None) -> dict[str, Any]:
    """What a row keeps of the variant it was graded against (nothing, for the exercise as written)."""
    return {"variant_seed": variant.seed, "variant_note": variant.note} if variant else {}


def grading_key(record: str, part_hash: str, policy: str, engine: str) -> str:
    return hashlib.sha256("\x1f".join((record, part_hash, policy, engine)).encode()).hexdigest()


def job_key(part_hash: str, answer: str, policy: str, engine: str) -> str:
    """What decides a verdict: the same key means the same verdict, for any record."""
    return hashlib.sha256("\x1f".join((part_hash, answer.strip(), policy, engine)).encode()).hexdigest()


@dataclass(frozen=True)
class Submission:
    """One record as the store keeps it, ready to be graded or reported."""

    source: str
    ordinal: int
    line: int
    record: str
    grading: str
    student: str
    exercise: str
    part: str
    points: float
    answer: str | None
    submitted_at: str
    fields: dict[str, str]
    problem: str | None
    part_hash: str = ""
    policy: str = ""
    engine: str = ""
    variant_seed: int | None = None  # graded against this student's variant
    variant_note: str = ""


@dataclass(frozen=True)
class Graded:
    """A submission with its verdict (None while it is not graded)."""

    submission: Submission
    verdict: Verdict | None


class Store:
    """A class's results in one SQLite file; use it as a context manager."""

    def __init__(self, path: Path, *, write: bool = True) -> None:
        """Open the store; `write=False` opens it read-only, without the lock,
        so a gradebook or a report can be made while a run is grading."""
        self.path = Path(path)
        self._lock = None
        self._guard = threading.Lock()  # one statement at a time on the connection, from any thread
        if not write:
            if not self.path.is_file():
                raise FileNotFoundError(f"no results store at {self.path}: grade a class into it first")
            self._db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None,
                                       check_same_thread=False)
            self._check_schema()
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = open(f"{self.path}.lock", "a")
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._lock.close()
            raise StoreBusy(f"another dlmath run is using {self.path}; wait for it to finish") from None
        # the HTTP service writes from its request threads, one at a time (self._guard)
        self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
        except sqlite3.DatabaseError as err:
            self.close()
            raise StoreError(f"{self.path} is not a dlmath results store ({err})") from None
        self._db.execute("PRAGMA synchronous=NORMAL")  # with WAL: a committed chunk survives a crash of the process
        self._db.executescript(SCHEMA)
        found = self._db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if found is None:
            self._db.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
        elif found[0] in OLDER_SCHEMAS:
            self._migrate()
        self._check_schema()

    def _migrate(self) -> None:
        with self._transaction():
            for table, column, kind in MIGRATION:
                if column not in self._columns(table):
                    self._db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
            self._db.execute("UPDATE meta SET value = ? WHERE key = 'schema'", (SCHEMA_VERSION,))

    def _columns(self, table: str) -> set[str]:
        return {row[1] for row in self._db.execute(f"PRAGMA table_info({table})")}

    def _variant_columns(self, prefix: str = "") -> str:
        """The variant columns to select: NULLs from a store older than variants, opened read-only."""
        return f"{prefix}variant_seed, {prefix}variant_note" if self._schema == SCHEMA_VERSION else "NULL, NULL"

    def _check_schema(self) -> None:
        try:
            found = self._db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        except sqlite3.DatabaseError as err:
            raise StoreError(f"{self.path} is not a dlmath results store ({err})") from None
        if found is None or (found[0] != SCHEMA_VERSION and found[0] not in OLDER_SCHEMAS):
            raise StoreError(f"{self.path} was written by another version of dlmath "
                             f"(schema {found[0] if found else 'unknown'})")
        self._schema = found[0]

    def close(self) -> None:
        if self._lock is not None:  # the writer leaves a plain file (a reader of WAL leaves -shm and -wal behind)
            try:
                self._db.execute("PRAGMA journal_mode=DELETE")
            except sqlite3.DatabaseError:
                pass  # a reader has it open (or it is no store): WAL mode until the next writer closes it
        self._db.close()
        if self._lock is not None:
            self._lock.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- writing -------------------------------------------------------------

    def replace_source(self, source: str, submissions: Iterable[Submission]) -> None:
        """The records of `source`, as just read, in place of those read before."""
        rows = [(s.source, s.ordinal, s.line, s.record, s.grading, s.student, s.exercise, s.part, s.points,
                 s.answer, s.submitted_at, json.dumps(s.fields, ensure_ascii=False), s.problem, s.variant_seed,
                 s.variant_note or None) for s in submissions]
        with self._transaction():
            self._db.execute("DELETE FROM submissions WHERE source = ?", (source,))
            self._db.executemany(
                "INSERT INTO submissions (source, ordinal, line, record, grading, student, exercise, part, points, "
                "answer, submitted_at, fields, problem, variant_seed, variant_note) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)

    def put(self, graded: Iterable[tuple[Submission, Verdict]]) -> int:
        """Keep these verdicts, all in one transaction; returns how many were new."""
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        rows = [(s.grading, s.record, job_key(s.part_hash, s.answer or "", s.policy, s.engine), s.part_hash, s.policy,
                 s.engine, v.status, v.score, json.dumps(v.as_dict(), ensure_ascii=False), now) for s, v in graded]
        with self._transaction():
            before = self._db.total_changes
            self._db.executemany("INSERT OR IGNORE INTO verdicts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
            return self._db.total_changes - before

    def add_attempt(self, attempt: "Attempt") -> int:
        """Keep one answer tried through the service; returns its id. Safe from any thread."""
        with self._guard, self._transaction():
            cursor = self._db.execute(
                "INSERT INTO attempts (student, exercise, part, answer, channel, status, score, verdict, attempted_at, "
                "variant_seed, variant_note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (attempt.student, attempt.exercise, attempt.part, attempt.answer, attempt.channel,
                 attempt.verdict.status, attempt.verdict.score,
                 json.dumps(attempt.verdict.as_dict(), ensure_ascii=False), attempt.attempted_at,
                 attempt.variant_seed, attempt.variant_note or None))
            return int(cursor.lastrowid)

    def _transaction(self) -> "_Transaction":
        return _Transaction(self._db)

    # --- reading -------------------------------------------------------------

    def graded_keys(self, keys: Iterable[str]) -> set[str]:
        """Which of these grading keys already have a verdict."""
        wanted = list(dict.fromkeys(keys))
        found: set[str] = set()
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(row[0] for row in self._db.execute(
                f"SELECT grading FROM verdicts WHERE grading IN ({marks})", chunk))
        return found

    def known_verdicts(self, jobs: Iterable[str]) -> dict[str, Verdict]:
        """Verdicts already given to these job keys, by any record of any source."""
        wanted = list(dict.fromkeys(jobs))
        found: dict[str, Verdict] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for job, text in self._db.execute(f"SELECT job, verdict FROM verdicts WHERE job IN ({marks}) "
                                              "GROUP BY job", chunk):
                found[job] = _verdict(text)
        return found

    def results(self, source: str | None = None) -> Iterator[Graded]:
        """Every submission (of one source, or all) in the order read, with its verdict."""
        query = ("SELECT s.source, s.ordinal, s.line, s.record, s.grading, s.student, s.exercise, s.part, s.points, "
                 f"s.answer, s.submitted_at, s.fields, s.problem, v.verdict, {self._variant_columns('s.')} "
                 "FROM submissions s LEFT JOIN verdicts v ON v.grading = s.grading")
        query += " WHERE s.source = ? ORDER BY s.id" if source is not None else " ORDER BY s.id"
        for row in self._db.execute(query, (source,) if source is not None else ()):
            submission = Submission(*row[:11], fields=json.loads(row[11]), problem=row[12], variant_seed=row[14],
                                    variant_note=row[15] or "")
            yield Graded(submission, _verdict(row[13]) if row[13] is not None else None)

    def attempts(self, *, exercise: str | None = None, student: str | None = None) -> list["Attempt"]:
        """The answers tried through the service, in order, for one exercise or student or all.
        A store written before the service existed has none."""
        query = ("SELECT student, exercise, part, answer, channel, verdict, attempted_at, "
                 f"{self._variant_columns()} FROM attempts")
        args: list[str] = []
        where = [(column, value) for column, value in (("exercise", exercise), ("student", student)) if value]
        if where:
            query += " WHERE " + " AND ".join(f"{column} = ?" for column, _ in where)
            args = [value for _, value in where]
        with self._guard:
            try:
                rows = self._db.execute(query + " ORDER BY id", args).fetchall()
            except sqlite3.OperationalError:  # no attempts table: written by a class run before version 0.3
                return []
        return [Attempt(student, ex, part, answer, channel, _verdict(verdict), at, seed, note or "")
                for student, ex, part, answer, channel, verdict, at, seed, note in rows]

    def attempt_count(self, student: str, exercise: str) -> int:
        with self._guard:
            try:
                return self._db.execute("SELECT COUNT(*) FROM attempts WHERE student = ? AND exercise = ?",
                                        (student, exercise)).fetchone()[0]
            except sqlite3.OperationalError:
                return 0


@dataclass(frozen=True)
class Attempt:
    """One answer tried through the service, and its verdict."""

    student: str
    exercise: str
    part: str
    answer: str
    channel: str  # practice or api
    verdict: Verdict
    attempted_at: str = field(default_factory=lambda: datetime.now(timezone.utc).isoformat(timespec="seconds"))
    variant_seed: int | None = None  # the student's variant it was graded against
    variant_note: str = ""


def _verdict(text: str) -> Verdict:
    data = json.loads(text)
    data["warnings"] = tuple(data.get("warnings") or ())
    return Verdict(**data)


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any exception.

    A Ctrl-C that lands just after BEGIN, before the `with` block is entered,
    leaves a transaction open that no __exit__ will end: the next one rolls
    it back first (it wrote nothing)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        if self._db.in_transaction:
            self._db.execute("ROLLBACK")
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: type | None, *exc: object) -> None:
        self._db.execute("COMMIT" if kind is None else "ROLLBACK")


__all__ = ["Attempt", "Graded", "Store", "StoreBusy", "StoreError", "Submission", "grading_key", "job_key"]
