"""Fuzzing the whole grading path with mixed LaTeX, plain-text and Unicode
fragments: a Verdict always comes back, within the budget plus 0.5 s, and
never as an internal error.

`DLMATH_FUZZ_EXAMPLES=2000 pytest tests/test_grader_fuzz.py` searches longer;
CI runs a fixed (derandomised) sample.
"""
from __future__ import annotations

import os
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grader import GradingPolicy, Verdict, grade
from tests.formulas import formulas as random_formulas

BUDGET_S = 1.0
POLICY = GradingPolicy(budget_s=BUDGET_S)
EXAMPLES = int(os.environ.get("DLMATH_FUZZ_EXAMPLES", "120"))

# One part of every answer type: expression, number, choice, equation,
# index notation, set, vector, multiset, matrix expression, tuple, boolean.
EXERCISES = ["17.3.1", "17.3.4", "17.5.1", "17.1.4", "17.1.6", "17.1.7", "17.2.1a", "17.2.1b", "17.2.2a",
             "17.4.1", "17.4.log-det-gradient", "17.4.3a", "17.1.2", "17.7.2", "17.10.1a", "17.6.3/why", "17.9.1g", "17.4.4b"]

LATEX = [r"\frac", r"\dfrac", r"\sqrt", r"\sqrt[3]", "^", "_", "{", "}", "{x}", "{2}", r"\left(", r"\right)",
         r"\left[", r"\right]", r"\{", r"\}", r"\int", r"\int_0^1", r"\sum_{i=1}^{n}", r"\prod", r"\lim_{x\to 0}",
         r"\det", r"\begin{pmatrix}", r"\end{pmatrix}", r"\begin{bmatrix}", r"\end{vmatrix}", "&", r"\\",
         r"\operatorname", r"\operatorname{rref}", r"\mathrm", r"\mathbf{x}", r"\text{", r"\text{first}", r"\cdot",
         r"\times", r"\le", r"\ge", r"\ne", r"\in", r"\infty", r"\pi", r"\theta", r"\sigma", r"\log", r"\ln",
         r"\log_2", r"\exp", r"\sin", r"\cos", r"\binom", r"\gcd", r"\bar", r"\hat", r"\top", "^T", "^{-1}",
         r"\|", "|", r"\,", r"\!", r"\quad", "$", r"\(", r"\)", r"\%", r"\mid", r"\partial", "dx", r"\mathrm{d}x",
         r"\pm", r"\circ", r"\boxed{", r"\cfrac", r"\tfrac", r"\displaystyle", "'", r"\prime", r"\dots", r"\Gamma"]
PLAIN = ["x", "y", "n", "a", "b", "theta", "mu", "N", "A", "X", "U", "V", "beta", "0", "1", "2", "3", "10", "0.5",
         ".25", "1e-3", "9999", "1e999", "+", "-", "*", "/", "**", "^", "(", ")", "[", "]", ",", "=", "<", ">", "!",
         "sqrt(", "exp(", "ln(", "log(", "log2(", "abs(", "sin(", "max(", "binomial(", "factorial(", "Sum(", "oo",
         "pi", "e", " ", "  ", ".", "T", "'", "true", "no", "first", "set", "nat", "bits", "%"]
UNICODE = ["√", "²", "³", "⁻¹", "θ", "π", "·", "×", "−", "–", "≤", "≥", "≠", "∞", "∑", "∫", "∂", "∈", "ᵀ", "⊤", "μ",
           "σ", "λ", "é", "\u2028", "\u00a0", "\x00", "\ufeff", "𝑥", "½"]

fragments = st.lists(st.sampled_from(LATEX + PLAIN + UNICODE), min_size=1, max_size=14).map("".join)
ATOMS = ["x", "2", "3", "0.5", "-1", "n", "theta", r"\theta", "e", r"\pi", "a", "b", "N", "10^{6}", "99", "0",
         r"\infty", "X", "A", "U", "\\bar{x}", "x_i", "x_{1}", "1e-3"]
UNARY = [r"\sqrt{%s}", r"\frac{1}{%s}", r"e^{%s}", r"\ln(%s)", r"\log_2 %s", r"\sin %s", "exp(%s)", "sqrt(%s)",
         "(%s)", r"\left(%s\right)", "-%s", "%s!", "%s^{2}", "%s^{-1}", "%s^T", r"\det(%s)", r"|%s|", r"\|%s\|",
         r"\int_0^1 %s \, dx", r"\sum_{i=1}^{n} %s", r"\frac{d}{dx} %s", r"\lim_{x \to 0} %s", "%s'",
         r"\begin{pmatrix} %s \\ 1 \end{pmatrix}", r"\{%s, 1\}", "(%s, 2)", "[%s, 1)", "%s = 0", "%s < 1"]
BINARY = ["%s + %s", "%s - %s", "%s %s", r"%s \cdot %s", "%s*%s", "%s/%s", r"\frac{%s}{%s}", "%s^{%s}",
          "%s**%s", r"\binom{%s}{%s}", "%s, %s", r"%s \times %s", "%s=%s", "max(%s, %s)"]
formulas = random_formulas(ATOMS, UNARY, BINARY, max_leaves=12)
answers = st.one_of(fragments, formulas, st.text(max_size=40),
                    st.from_regex(r"[0-9x+\-*/^(){}\\a-z ]{1,30}", fullmatch=True))


@settings(max_examples=EXAMPLES, deadline=None, derandomize="DLMATH_FUZZ_EXAMPLES" not in os.environ,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(exercise=st.sampled_from(EXERCISES), answer=answers)
def test_every_answer_gets_a_verdict_in_time_and_never_an_internal_error(exercise: str, answer: str) -> None:
    start = time.monotonic()
    verdict = grade(exercise, answer, policy=POLICY)
    elapsed = time.monotonic() - start
    assert isinstance(verdict, Verdict)
    assert verdict.method != "error", f"{exercise} {answer!r}: internal error"
    assert verdict.note, f"{exercise} {answer!r}: no note"
    assert elapsed <= BUDGET_S + 0.5, f"{exercise} {answer!r}: {elapsed:.2f} s"
