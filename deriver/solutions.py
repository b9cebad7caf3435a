"""The worked solution of a bank exercise: the derivation its `solution:`
names, built with the inputs it gives (converted as the catalog declares),
and verified. Export, variants and the HTTP service all go through here."""
from __future__ import annotations

import sympy as sp

from deriver.catalog import REGISTRY, derive
from deriver.inputs import CONVERTERS
from deriver.model import Derivation
from exercises.model import Exercise


def solution_of(exercise: Exercise) -> Derivation | None:
    """The verified derivation that solves `exercise`, or None when it links none.
    Raises DerivationFailed if a step does not check, and KeyError for an unknown name."""
    if exercise.solution is None:
        return None
    entry = REGISTRY[exercise.solution.derivation]
    inputs = {
        key: CONVERTERS[entry.params[key]](value) if isinstance(value, str) and key in entry.params else value
        for key, value in exercise.solution.inputs.items()
    }
    return derive(exercise.solution.derivation, **inputs)


def in_exercise_symbols(value: object, exercise: Exercise) -> object:
    """A derivation's result in the exercise's own symbols (same names, the
    exercise's assumptions), so it can be compared with the reference."""
    if not isinstance(value, sp.Basic):
        return value
    by_name = {name: s.sympy for name, s in exercise.symbols.items()}
    swaps = {s: by_name[s.name] for s in value.atoms(sp.Symbol, sp.MatrixSymbol)
             if getattr(s, "name", None) in by_name and s != by_name[s.name]
             and isinstance(by_name[s.name], (sp.Symbol, sp.MatrixSymbol))}
    return value.xreplace(swaps) if swaps else value
