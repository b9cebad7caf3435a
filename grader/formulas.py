"""Reading a formula that is not a student's answer (a generator's input, a
function to differentiate) in a given notation: the public way for the
deriver and the application to use the grader's safe readers."""
from __future__ import annotations

import sympy as sp

from exercises.model import Notation
from grader import limits
from grader.matrix_reading import read_matrix_answer
from grader.normalize import normalise
from grader.reading import evaluate, read_answer


def read_formula(text: str, notation: Notation) -> sp.Basic:
    """`text` read in `notation`: with the matrix grammar (noncommuting
    products, every shape checked) when the notation declares matrices, else
    as a scalar expression. Never evaluates text as Python; raises AnswerError."""
    if any(s.kind == "matrix" for s in notation.symbols.values()):
        norm = normalise(text, log_base=notation.conventions.log_base)
        value, _ = read_matrix_answer(norm.text, notation)
        limits.check_tree(value)
        return evaluate(value)
    return read_answer(text, notation).value
