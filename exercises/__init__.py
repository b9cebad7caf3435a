"""The exercise bank: every exercise of the course as data (YAML under `bank/`).

`default_bank()` loads and validates the shipped bank once; `get(id)` looks up
one exercise, suggesting close ids when it is unknown.
"""
from exercises.bank import Bank, BankError, BankProblem, UnknownExercise, load_bank
from exercises.compiled import default_bank
from exercises.model import AnswerKey, Exercise, ExercisePart, Notation
from exercises.schema import AnswerType
from exercises.variants import Assignment, VariantError, instantiate, randomisable, seed_for


def get(exercise_id: str) -> Exercise:
    """The compiled exercise with this id, from the shipped bank."""
    return default_bank().get(exercise_id)


__all__ = [
    "AnswerKey", "AnswerType", "Assignment", "Bank", "BankError", "BankProblem", "Exercise", "ExercisePart", "Notation",
    "UnknownExercise", "VariantError", "default_bank", "get", "instantiate", "load_bank", "randomisable", "seed_for",
]
