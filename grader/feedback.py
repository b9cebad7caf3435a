"""Why a wrong answer is wrong: known mistakes first, then common slips
(sign, constant factor, log base), then where it differs."""
from __future__ import annotations

import bisect
from fractions import Fraction
from functools import lru_cache

import sympy as sp

from exercises.model import AnswerKey, Notation
from grader.equivalence import Probe, close, equivalent, sample_values
from grader.errors import AnswerError


def explain_difference(student: sp.Basic, key: AnswerKey, notation: Notation, probe: Probe,
                       counterexample: dict | None = None) -> tuple[str, str]:
    """The feedback for a wrong answer, and the note naming the mistake."""
    reference = key.reference
    for mistake in key.mistakes:
        if _same(student, mistake.value, probe):
            return mistake.feedback, mistake.note
    if isinstance(reference, sp.MatrixExpr):
        return _matrix_slips(student, reference, probe)
    if not isinstance(reference, sp.Expr) or not isinstance(student, sp.Expr):
        return "This is not the expected answer.", "mistake:differs"
    if reference != 0 and _same(student, -reference, probe):
        return "The sign is wrong.", "mistake:sign"
    base = notation.conventions.log_base
    if base == "2" and _same(student, reference * sp.log(2), probe):
        return ("That is the value in nats (natural log); this section measures information in bits (log base 2).",
                "mistake:log-base")
    if base == "e" and reference.has(sp.log) and _same(student, reference / sp.log(2), probe):
        return "That is the value in bits (log base 2); the question asks for nats (natural log).", "mistake:log-base"
    factor = _constant_ratio(student, reference, probe)
    if factor is not None:
        return f"Off by a constant factor: your answer is ${sp.latex(factor)}$ times the correct one.", "mistake:factor"
    if reference.free_symbols and not student.free_symbols:
        names = ", ".join(sorted(str(s) for s in reference.free_symbols))
        return f"The answer should depend on {names}.", "mistake:constant"
    if counterexample:
        where = ", ".join(f"{name} = {value:.4g}" for name, value in counterexample.items())
        return f"Not equivalent to the correct answer: the two differ at {where}.", "mistake:differs"
    return "Not equivalent to the correct answer.", "mistake:differs"


def _matrix_slips(student: sp.Basic, reference: sp.MatrixExpr, probe: Probe) -> tuple[str, str]:
    if _same(student, -reference, probe):
        return "The sign is wrong.", "mistake:sign"
    for factor in (2, sp.Rational(1, 2), -2, sp.Rational(-1, 2)):
        if _same(student, factor * reference, probe):
            return f"Off by a constant factor: your answer is ${sp.latex(factor)}$ times the correct one.", \
                "mistake:factor"
    if isinstance(student, sp.MatrixExpr) and _same(sp.Transpose(student), reference, probe):
        return "A transpose is missing or misplaced: the transpose of your answer is right.", "layout:transpose"
    if isinstance(student, sp.MatrixBase) and isinstance(reference, sp.MatrixBase) \
            and student.shape == reference.shape:
        if student.shape[0] == student.shape[1] and _same(student.T, reference, probe):
            return "Rows and columns are swapped: the transpose of your answer is right.", "layout:transpose"
        wrong = [(i + 1, j + 1) for i in range(student.rows) for j in range(student.cols)
                 if not _same(student[i, j], reference[i, j], probe)]
        where = ", ".join(f"({i}, {j})" for i, j in wrong[:4]) + (", ..." if len(wrong) > 4 else "")
        return f"Entr{'y' if len(wrong) == 1 else 'ies'} {where} {'is' if len(wrong) == 1 else 'are'} not right.", \
            "mistake:entries"
    return ("Not equivalent to the correct answer (checked with random matrices; matrices do not commute).",
            "mistake:differs")


def _same(a: sp.Basic, b: sp.Basic, probe: Probe) -> bool:
    """Is `a` this mistake? One that cannot be compared with it is not."""
    try:
        return bool(equivalent(a, b, probe))
    except (AnswerError, TypeError, ValueError, ArithmeticError, AttributeError, NotImplementedError):
        return False


def _constant_ratio(student: sp.Expr, reference: sp.Expr, probe: Probe) -> sp.Number | None:
    """The constant k with student = k * reference, when there is one (k != 0, 1)."""
    if reference == 0 or student == 0:
        return None
    values = sample_values(student / reference, probe, count=3)
    if len(values) < 2 or not all(close(v, values[0]) for v in values) or not values[0].is_real:
        return None
    ratio = simple_factor(float(values[0]))  # from the table of simple factors: never a fitted combination
    if ratio is None:
        return None
    return ratio if _same(student, ratio * reference, probe) else None


SIMPLE_CONSTANTS = (sp.Integer(1), sp.pi, 1 / sp.pi, sp.E, 1 / sp.E, sp.log(2), 1 / sp.log(2), sp.sqrt(2),
                    1 / sp.sqrt(2), sp.sqrt(3), 1 / sp.sqrt(3))
# Sorted as Fractions: sorting SymPy Rationals costs a tenth of a second at import.
COEFFICIENTS = [sp.Rational(f.numerator, f.denominator)
                for f in sorted({Fraction(p, q) for p in range(-12, 13) if p for q in range(1, 13)})]


@lru_cache(maxsize=1)
def _factors() -> tuple[list[float], list[sp.Expr]]:
    """Every simple factor but 1 and -1 (a small fraction, perhaps times pi, e,
    log 2 or a square root of 2 or 3; not 1234/5678), sorted by value, to be
    looked up in floating point."""
    found = {}
    for constant in SIMPLE_CONSTANTS:
        for coefficient in COEFFICIENTS:
            factor = coefficient * constant
            if factor not in (1, -1):
                found.setdefault(factor, float(factor))
    ordered = sorted(found.items(), key=lambda item: item[1])
    return [value for _, value in ordered], [factor for factor, _ in ordered]


def simple_factor(value: float) -> sp.Expr | None:
    """The simple factor within 1e-10 of `value`, found in floating point, or
    None. Only these are named to a student: fitting constants to any number
    (nsimplify) gave "-217/59 - 248 log(2)/59 + ... times the correct one"."""
    values, factors = _factors()
    at = bisect.bisect_left(values, value)
    for index in (at - 1, at):
        if 0 <= index < len(values) and abs(values[index] - value) <= 1e-10 * max(1.0, abs(value)):
            return factors[index]
    return None
