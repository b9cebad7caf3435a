"""Sources as a reader cites them: "Mathematics for Deep Learning, §17.7,
exercise 2, eq. (17.7.5)", not the seed's hashed file name."""
from __future__ import annotations

from typing import Sequence

APPENDIX = "001_a9167a05c24e8205.txt"
NOTES = "000_70461560bd1d1a2f.txt"
TITLES = {
    APPENDIX: "Mathematics for Deep Learning",
    NOTES: "Deep Learning & Mathematics notes",
}


def cite(seed: str | None, section: str | None, exercise: int | None = None, equations: Sequence[str] = (),
         text: str | None = None) -> str:
    """The citation of a place in the course material, or an instructor's own `text` for an exercise that is
    not from it ("" when there is neither)."""
    if seed is None:
        return text or ""
    parts = [TITLES.get(seed, seed)] + ([f"§{section}"] if section else [])
    if exercise is not None:
        parts.append(f"exercise {exercise}")
    if equations:
        label = "eq." if len(equations) == 1 else "eqs."
        parts.append(f"{label} " + ", ".join(f"({e})" for e in equations))
    return ", ".join(parts)
