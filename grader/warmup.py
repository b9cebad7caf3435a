"""Warm-up for the sandbox's zygote: read and compare a few typical answers
once, so every worker forked from it starts with the LaTeX parser's
prediction tables and SymPy's caches already filled, and with what the
grader imports on first use (the LaTeX backend, NumPy) already imported."""
from __future__ import annotations

import sympy as sp

from exercises.model import AnswerKey, ExercisePart, Notation
from exercises.schema import AnswerType, SymbolDecl
from exercises.symbols import declare_symbols
from grader.feedback import simple_factor
from grader.grading import grade_answer
from grader.matrix_equivalence import agree

TYPICAL_ANSWERS = (
    "3x^2 - 4", "3*x**2-4", r"3x^{2}-4", r"\frac{1}{2}x^{2}", r"\dfrac{x}{2}", r"\sqrt{2}", r"e^{-x}",
    r"\ln(2)", r"\log x", r"\sin(x)\cos(x)", r"-\frac{1}{x^2}", r"2 \cdot x", "x(1-x)", r"\left(x+1\right)^2",
    r"\exp(-x^2/2)", r"\frac{e^{x}}{1+e^{x}}", r"\sum_{i=1}^{n} x", "0.5", r"\pi", "1/(1+exp(-x))",
)


def warm_up() -> None:
    """Grade the typical answers against an expression in x (results unused)."""
    notation = Notation(declare_symbols({"x": SymbolDecl(domain="positive")}))
    x = notation.symbols["x"].sympy
    part = ExercisePart("warm-up", None, AnswerKey(AnswerType.expression, 3 * x**2 - 4, "3*x**2 - 4"))
    for text in TYPICAL_ANSWERS:
        grade_answer("warm-up/warm-up", notation, part, text)
    sp.Matrix([[1, 2], [3, 4]]).det()
    a = sp.MatrixSymbol("A", 2, 2)
    agree(a * a.T, (a * a.T).T, "warm-up")  # NumPy, which matrix answers load on first use
    simple_factor(2.0)  # the table of simple factors, built once for every worker
