"""The fast path for simple LaTeX (grader/latex_plain.py) reads exactly what
the LaTeX backend reads: the same SymPy value, node for node, or it steps
aside. Checked on the labelled corpus's LaTeX answers and on random
formulas built from what the fast path reads and from what it must not.

`DLMATH_FUZZ_EXAMPLES=5000 pytest tests/test_grader_latex_fast_path.py`
searches longer (18,000 random formulas were compared once, all equal).
"""
from __future__ import annotations

import os
import random

import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exercises import default_bank
from exercises.schema import AnswerType
from grader.errors import AnswerError
from grader.grading import resolve
from grader.latex_backend import parse_latex
from grader.latex_plain import as_plain_text
from grader.normalize import normalise
from grader.reading import _finish, read_simple_latex
from tests.formulas import formulas as random_formulas
from tests.labelled import CASES

EXAMPLES = int(os.environ.get("DLMATH_FUZZ_EXAMPLES", "300"))


def _outcome(raw, notation) -> str:
    """The finished value (bound and evaluated), or the error it gives."""
    try:
        return sp.srepr(_finish(raw, notation))
    except Exception as err:  # noqa: BLE001 - the comparison is of outcomes, whatever they are
        return f"{type(err).__name__}: {err}"


def _backend_outcome(text: str, notation) -> str:
    try:
        raw = parse_latex(text)
    except AnswerError as err:
        return f"{type(err).__name__}: {err}"
    return _outcome(raw, notation)


def _corpus_latex() -> list[tuple[str, object]]:
    """(normalised LaTeX, notation) for the corpus's LaTeX answers to parts
    that ask for one expression or number."""
    found = {}
    for case in CASES:
        exercise, part = resolve(case["exercise"])
        if part.answer.type not in (AnswerType.expression, AnswerType.number):
            continue
        try:
            normalised = normalise(case["answer"], log_base=exercise.notation.conventions.log_base)
        except AnswerError:
            continue
        if normalised.latex:
            found.setdefault((normalised.text, exercise.id), (normalised.text, exercise.notation))
    return list(found.values())


def test_most_corpus_latex_takes_the_fast_path_and_reads_as_the_backend_does() -> None:
    pairs = _corpus_latex()
    fast = [(text, notation, raw) for text, notation in pairs
            if (raw := read_simple_latex(text, notation)) is not None]
    assert len(fast) >= 0.7 * len(pairs), f"only {len(fast)} of {len(pairs)} corpus LaTeX answers are simple"
    sample = random.Random(5).sample(fast, min(300, len(fast)))  # the backend's parse is the slow part
    differ = [text for text, notation, raw in sample
              if _outcome(raw, notation) != _backend_outcome(text, notation)]
    assert differ == []


ATOMS = ["x", "y", "n", "2", "3", "10", "0", "07", "0.5", "4.096", ".5", r"\pi", "e", r"\theta", r"\sigma",
         r"\mu_1", r"\sigma_{2}", "x_i", "a", "N", r"\lambda", "p", "k", "w_{12}", "n_{in}", "d", "E", "I", "xy",
         "tr", r"\gamma", r"\infty"]
UNARY = [r"\frac{1}{%s}", r"\sqrt{%s}", r"\sqrt[3]{%s}", "(%s)", "{%s}", "-%s", "%s^{2}", "%s^2", "%s^23", "%s^x",
         "%s^{-1}", "%s^T", "%s!", r"\ln %s", r"\ln(%s)", r"\sin %s", r"\exp %s", r"\exp(%s)", r"\tanh %s",
         r"\arccos(%s)", r"\log_2 %s", r"\log_{10}(%s)", r"\log_3 %s", r"\sin^2 %s", r"e^{%s}", "e^%s", "x(%s)",
         r"\sigma(%s)", r"|%s|"]
BINARY = ["%s + %s", "%s - %s", "%s %s", "%s%s", r"%s \cdot %s", r"%s \times %s", "%s * %s", "%s / %s",
          r"\frac{%s}{%s}", "%s^{%s}", r"\ln %s / %s", r"\ln %s \cdot %s", "%s, %s", "%s = %s"]
formulas = random_formulas(ATOMS, UNARY, BINARY, max_leaves=8)
EXERCISES = ["17.3.1", "17.5.1", "17.7.2", "17.2.1a", "17.6.3"]


@settings(max_examples=EXAMPLES, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(formula=formulas, which=st.sampled_from(EXERCISES))
def test_random_formulas_read_as_the_backend_reads_them(formula: str, which: str) -> None:
    notation = default_bank().get(which).notation
    try:
        text = normalise(formula, log_base=notation.conventions.log_base).text
    except AnswerError:
        return
    raw = read_simple_latex(text, notation)
    if raw is not None:
        assert _outcome(raw, notation) == _backend_outcome(text, notation)


@pytest.mark.parametrize("latex, plain", [
    (r"1/2x", "(1 / (2 * (x)))"),  # an implicit product binds tighter than /
    (r"\ln 2x + 1", "(ln((2 * (x))) + 1)"),  # a function without brackets takes the product after it
    (r"\frac{1}{2}\sigma_1^2", "(((1) / (2)) * ((sigma_1)^(2)))"),
    (r"e^{-x}", "exp((-(x)))"),
    (r"-\log_{2} 8", "(-log_2(8))"),
    (r"\sin x \cos x", "(sin((x)) * cos((x)))"),
])
def test_translations(latex: str, plain: str) -> None:
    assert as_plain_text(latex) == plain


@pytest.mark.parametrize("latex", [
    r"\ln x / 2",  # ln(x/2) there: the argument goes on past the /
    r"2\frac{1}{2}",  # a mixed fraction there
    "2 3",
    r"x(1-x)", r"\sigma(x)",  # perhaps a function
    "xy", "tr",  # runs of letters may be the backend's keywords
    r"\frac{d}{dx} x", "dx",
    r"\log_3 9", r"\sin^2 x", r"\sqrt[3]{2}", "x^T", r"x^{2}^{3}", "{x}", r"\{1\}", "0.5.",
])
def test_what_is_left_to_the_backend(latex: str) -> None:
    assert as_plain_text(latex) is None


def test_declared_e_and_pi_are_left_to_the_backend() -> None:
    assert as_plain_text(r"2\pi", declared={"pi"}) is None
    assert as_plain_text("e^{2}", declared={"e"}) is None
    assert as_plain_text(r"2\pi") == "(2 * (pi))"
