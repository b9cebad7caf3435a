"""The errata: one entry per mistake of the text, each quoted passage found
verbatim in its seed, and no erratum where the text is right."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from deriver.claims import CLAIMS
from deriver.errata import Mistake, mistakes

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared/seeds is not beside this checkout")
def test_every_quoted_passage_occurs_verbatim_in_its_seed() -> None:
    texts = {path.name: path.read_text(encoding="utf-8") for path in SEEDS.glob("*.txt")}
    quoted = [c for c in CLAIMS if c.quote]
    assert len(quoted) >= 25
    missing = [f"{c.where}: {c.quote!r}" for c in quoted if c.quote not in texts[c.seed]]
    assert missing == []


@pytest.fixture(scope="module")
def entries() -> tuple[Mistake, ...]:
    return mistakes()  # the audit recomputes every claim: once for this module


def test_one_entry_per_mistake(entries: tuple[Mistake, ...]) -> None:
    """Findings that share an equation, or recompute an exercise's erratum,
    are one mistake: no equation number heads two entries."""
    seen: dict[str, int] = {}
    for index, mistake in enumerate(entries):
        for equation in re.findall(r"\((\d+\.\d+\.\d+)\)", mistake.where):
            assert seen.setdefault(equation, index) == index, f"({equation}) is in two entries"
    by_where = {m.where: m for m in entries}
    assert len(by_where["(17.7.5)"].findings) == 3  # n_H, n_T and the worked example's erratum
    coin_listing = next(m for m in entries if "17.4.5, first code listing" in m.where)
    assert {f.source for f in coin_listing.findings} == {"audit", "bank"}


def test_the_notes_cross_entropy_sentence_is_not_an_erratum(entries: tuple[Mistake, ...]) -> None:
    """"the cross-entropy would be higher": than the entropy of the true
    distribution (0 bits), which is right, and the claim recorded says so."""
    assert not [m for m in entries if "3.2" in m.where]
    assert any(c.where == "notes 3.2" and c.seed_says == "higher than" for c in CLAIMS)



@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared/seeds is not beside this checkout")
def test_every_finding_quotes_its_passage_verbatim(entries: tuple[Mistake, ...]) -> None:
    texts = {path.name: path.read_text(encoding="utf-8") for path in SEEDS.glob("*.txt")}
    findings = [f for m in entries for f in m.findings]
    assert [f.where for f in findings if not f.quote] == []
    assert [f.where for f in findings if f.quote not in texts[f.seed]] == []
