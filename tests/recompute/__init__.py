"""Independent recomputation of every reference answer in the bank.

Each module `s17_N.py` (and `notes.py`) defines, for its section:

- ``RECOMPUTE``: exercise id -> function(exercise) that derives the reference
  with SymPy from the exercise's own mathematics (its ``given`` inputs and
  symbols): differentiate, integrate, solve, eigen-decompose, take
  expectations. It returns the value in the shape of the answer type.
- ``NOT_RECOMPUTABLE``: exercise id -> why no CAS computation can produce it
  (a judgement call, a verdict about prose). Manual parts need no entry.
- ``SEED_DISAGREES``: exercise id -> function(exercise) returning
  ``(what the seed prints, what is true)``; the test asserts they differ and
  that the exercise records an erratum.
"""
from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from types import ModuleType


def section_modules() -> list[ModuleType]:
    return [
        importlib.import_module(f"{__name__}.{info.name}")
        for info in pkgutil.iter_modules(__path__)
        if not info.name.startswith("_")
    ]


def merged(attribute: str) -> dict:
    table: dict = {}
    for module in section_modules():
        for key, value in getattr(module, attribute, {}).items():
            assert key not in table, f"{key} recomputed twice ({module.__name__})"
            table[key] = value
    return table


@dataclass(frozen=True)
class Explicit:
    """A matrix result computed on explicit instances: for each, the sizes of
    the dimension symbols, the entry-symbol matrices substituted for each
    matrix symbol, and the explicit result. The test substitutes the same
    instances into the reference and compares entry by entry."""

    instances: tuple  # of (sizes: dict, entries: dict[str, Matrix], result: Matrix)
