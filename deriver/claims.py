"""The seed's claims: what the course text prints (a value, an identity),
recorded by the generators next to the derivation that computes the truth.
The errata audit (`deriver.errata`) compares the two."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import sympy as sp

from deriver.catalog import SEED


@dataclass(frozen=True)
class Claim:
    """What the seed prints at `where`, and how to compute the truth."""

    where: str  # "(17.4.63)" or "17.7, the sequence HHHTHTTTHHHHT"
    subject: str  # what the claim is about, in words
    seed_says: Any  # a SymPy value (or text) as printed
    compute: Callable[[], Any]  # the true value, computed (usually by a derivation)
    seed: str = SEED
    mistake: str | None = None  # the exercise whose erratum this claim is evidence of, if any
    quote: str | None = None  # the passage, verbatim from the seed


CLAIMS: list[Claim] = []


def claim(where: str, subject: str, seed_says: Any, compute: Callable[[], Any], seed: str = SEED,
          mistake: str | None = None, quote: str | None = None) -> None:
    """Record what the seed prints at `where`. `mistake` names the exercise
    whose erratum describes the same mistake, when the claim is one piece of
    its evidence (the audit then reports them as one mistake). `quote` is the
    passage, copied verbatim from the seed (a test finds it there)."""
    CLAIMS.append(Claim(where, subject, seed_says, compute, seed, mistake, quote))


def rounded(value: Any, decimals: int) -> sp.Float:
    """`value` as the seed prints it: rounded to `decimals` places."""
    return sp.Float(f"{float(sp.N(value, 30)):.{decimals}f}")
