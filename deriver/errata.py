"""The errata audit: every value or identity of the seeds that the catalog
reproduces is compared with what the seed prints; each disagreement is
reported with its equation number, what the seed says and what is true.

Generators record the seed's printed claims with `claim()`, next to the
derivation that reproduces them; the bank's own errata (corrected
statements) are reported too.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import sympy as sp

from exercises.render import to_latex


@dataclass(frozen=True)
class Claim:
    """What the seed prints at `where`, and how to compute the truth."""

    where: str  # "(17.4.63)" or "17.7, the sequence HHHTHTTTHHHHT"
    subject: str  # what the claim is about, in words
    seed_says: Any  # a SymPy value (or text) as printed
    compute: Callable[[], Any]  # the true value, computed (usually by a derivation)
    seed: str = "001_a9167a05c24e8205.txt"


@dataclass(frozen=True)
class Finding:
    where: str
    subject: str
    seed_says: str
    truth: str
    source: str  # "audit" (recomputed here) or "bank" (recorded on an exercise)
    seed: str

    def as_dict(self) -> dict[str, str]:
        return {"where": self.where, "subject": self.subject, "seed_says": self.seed_says, "truth": self.truth,
                "source": self.source, "seed": self.seed}


CLAIMS: list[Claim] = []


def claim(where: str, subject: str, seed_says: Any, compute: Callable[[], Any],
          seed: str = "001_a9167a05c24e8205.txt") -> None:
    CLAIMS.append(Claim(where, subject, seed_says, compute, seed))


def rounded(value: Any, decimals: int) -> sp.Float:
    """`value` as the seed prints it: rounded to `decimals` places."""
    return sp.Float(f"{float(sp.N(value, 30)):.{decimals}f}")


def _agrees(seed_says: Any, truth: Any) -> bool:
    if isinstance(seed_says, str) or isinstance(truth, str):
        return str(seed_says) == str(truth)
    from grader.equivalence import equivalent

    seed_value, true_value = sp.sympify(seed_says), sp.sympify(truth)
    if seed_value == true_value:  # also infinities and booleans, which have no difference to probe
        return True
    if isinstance(seed_value, sp.logic.boolalg.Boolean) or seed_value.has(sp.oo, -sp.oo, sp.zoo):
        return False
    return bool(equivalent(seed_value, true_value))


def _show(value: Any) -> str:
    return value if isinstance(value, str) else f"${to_latex(value)}$"


def audit() -> list[Finding]:
    """Every claim that disagrees with its recomputation, then the bank's errata."""
    from deriver import catalog
    from exercises import default_bank

    catalog()  # importing the generators registers their claims
    findings = []
    for item in CLAIMS:
        truth = item.compute()
        if not _agrees(item.seed_says, truth):
            findings.append(Finding(item.where, item.subject, _show(item.seed_says), _show(truth), "audit", item.seed))
    for exercise in default_bank():
        if exercise.erratum is not None:
            where = ", ".join(f"({e})" for e in exercise.erratum.equations) or f"exercise {exercise.id}"
            findings.append(Finding(where, f"exercise {exercise.id}: {exercise.title}", exercise.erratum.seed_says,
                                    exercise.erratum.correction, "bank", exercise.source.seed))
    return sorted(findings, key=lambda f: _order(f.where))


def _order(where: str) -> tuple:
    import re

    numbers = [int(n) for n in re.findall(r"\d+", where)[:3]]
    return (numbers, where)
