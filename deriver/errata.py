"""The errata audit: every value or identity of the seeds that the catalog
reproduces is compared with what the seed prints; each disagreement is
reported with its equation number, what the seed says and what is true.

Generators record the seed's printed claims with `claim()`, next to the
derivation that reproduces them; the bank's own errata (corrected
statements) are reported too.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import sympy as sp

from deriver.claims import CLAIMS  # complete: importing the package loaded the generators
from deriver.quotes import QUOTES
from exercises import default_bank
from exercises.render import to_latex
from grader.equivalence import equivalent


@dataclass(frozen=True)
class Finding:
    where: str
    subject: str
    seed_says: str
    truth: str
    source: str  # "audit" (recomputed here) or "bank" (recorded on an exercise)
    seed: str
    mistake: str | None = None  # the exercise whose erratum describes this mistake
    quote: str | None = None  # the passage, verbatim from the seed

    def as_dict(self) -> dict[str, str | None]:
        return {"where": self.where, "subject": self.subject, "quote": self.quote, "seed_says": self.seed_says,
                "truth": self.truth, "source": self.source, "seed": self.seed}


def _agrees(seed_says: Any, truth: Any) -> bool:
    if isinstance(seed_says, str) or isinstance(truth, str):
        return str(seed_says) == str(truth)
    seed_value, true_value = sp.sympify(seed_says), sp.sympify(truth)
    if seed_value == true_value:  # also infinities and booleans, which have no difference to probe
        return True
    if isinstance(seed_value, sp.logic.boolalg.Boolean) or seed_value.has(sp.oo, -sp.oo, sp.zoo):
        return False
    return bool(equivalent(seed_value, true_value))


def _show(value: Any) -> str:
    return value if isinstance(value, str) else f"${to_latex(value)}$"


@lru_cache(maxsize=1)
def audit() -> tuple[Finding, ...]:
    """Every claim that disagrees with its recomputation, then the bank's errata.
    Computed once per process: the claims are complete once the package is
    imported, and recomputing them all takes seconds."""
    findings = []
    for item in CLAIMS:
        truth = item.compute()
        if not _agrees(item.seed_says, truth):
            findings.append(Finding(item.where, item.subject, _show(item.seed_says), _show(truth), "audit", item.seed,
                                    item.mistake, item.quote or QUOTES.get((item.seed, item.where))))
    for exercise in default_bank():
        if exercise.erratum is not None:
            where = ", ".join(f"({e})" for e in exercise.erratum.equations) or f"exercise {exercise.id}"
            findings.append(Finding(where, f"exercise {exercise.id}: {exercise.title}", exercise.erratum.seed_says,
                                    exercise.erratum.correction, "bank", exercise.source.seed, exercise.id,
                                    QUOTES.get((exercise.source.seed, where))))
    return tuple(sorted(findings, key=lambda f: _order(f.where)))


def _order(where: str) -> tuple:
    numbers = [int(n) for n in re.findall(r"\d+", where)[:3]]
    return (numbers, where)


@dataclass(frozen=True)
class Mistake:
    """One mistake of the text, with every finding that shows it: the audit's
    recomputations and the bank's corrected statement of the same passage."""

    findings: tuple[Finding, ...]

    @property
    def where(self) -> str:
        """Every equation the mistake touches, in order, or the passages'
        names when it has no equation number."""
        equations = sorted({e for f in self.findings for e in _equations(f.where)}, key=_numbers)
        passages = [f.where for f in self.findings if not _equations(f.where)]
        heads = [", ".join(f"({e})" for e in equations)] if equations else []
        return "; ".join(dict.fromkeys(heads + passages))


@lru_cache(maxsize=1)
def mistakes() -> tuple[Mistake, ...]:
    """The audit's findings, one entry per mistake: findings that share an
    equation number or name the same exercise's erratum are one mistake."""
    findings = audit()
    group = list(range(len(findings)))

    def root(index: int) -> int:
        while group[index] != index:
            index = group[index]
        return index

    first_with: dict[str, int] = {}
    for index, finding in enumerate(findings):
        keys = [f"eq {e}" for e in _equations(finding.where)] + ([f"ex {finding.mistake}"] if finding.mistake else [])
        for key in keys:
            if key in first_with:
                group[root(index)] = root(first_with[key])
            else:
                first_with[key] = index
    grouped: dict[int, list[Finding]] = {}
    for index, finding in enumerate(findings):
        grouped.setdefault(root(index), []).append(finding)
    return tuple(Mistake(tuple(members)) for members in grouped.values())


def _equations(where: str) -> list[str]:
    return re.findall(r"\((\d+\.\d+\.\d+)\)", where)


def _numbers(equation: str) -> tuple[int, ...]:
    return tuple(int(n) for n in equation.split("."))
