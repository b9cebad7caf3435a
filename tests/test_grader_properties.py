"""Property-based tests: the reader and the equivalence engine agree with
SymPy on random expressions, and no text makes the grader raise."""
from __future__ import annotations

import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exercises import get
from grader import grade
from grader.equivalence import Probe, equivalent
from grader.reading import read_answer

EXERCISE = get("17.3.1")  # declares x, a real symbol
x = EXERCISE.symbols["x"].sympy

leaves = st.one_of(st.integers(-5, 5).map(sp.Integer), st.just(x), st.integers(1, 4).map(lambda k: sp.Rational(1, k)))


def combine(children: st.SearchStrategy) -> st.SearchStrategy:
    pair = st.tuples(children, children)
    return st.one_of(
        pair.map(lambda p: p[0] + p[1]),
        pair.map(lambda p: p[0] * p[1]),
        pair.map(lambda p: p[0] - p[1]),
        st.tuples(children, st.integers(0, 3)).map(lambda p: p[0] ** p[1]),
    )


polynomials = st.recursive(leaves, combine, max_leaves=8)
settings.register_profile("dlmath", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("dlmath")


@settings(max_examples=60)
@given(polynomials)
def test_expanded_and_factored_forms_read_back_equivalent(expr: sp.Expr) -> None:
    for form in (sp.expand(expr), sp.factor(expr)):
        for text in (sp.latex(form), str(form)):
            reading = read_answer(text, EXERCISE)
            assert equivalent(reading.value, expr, Probe(seed=text)), (text, expr)


@settings(max_examples=40)
@given(polynomials)
def test_a_changed_constant_is_never_equivalent(expr: sp.Expr) -> None:
    reading = read_answer(sp.latex(sp.expand(expr + 1)), EXERCISE)
    assert not equivalent(reading.value, expr, Probe(seed="shift"))


PIECES = list("x0123456789+-*/^()[]{}\\,.=!|_ $%'eπθ²") + ["\\frac", "\\sqrt", "\\left", "\\right", "\\log"]
MATHY = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)


@settings(max_examples=150)
@given(st.one_of(MATHY, st.text(max_size=30)))
def test_random_text_never_raises(text: str) -> None:
    verdict = grade("17.3.1", text, budget_s=2.0)
    assert verdict.status in ("correct", "incorrect", "invalid")
    assert verdict.status != "correct" or verdict.method != "timeout"
