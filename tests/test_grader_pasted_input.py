"""What students paste from an editor, a CAS or a website: digit grouping,
infinity, intervals as inequalities, boxes, the LaTeX of other editors, and
feedback that names only simple constants. Each case is read right, or
refused with what and where; none is silently read as something else."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from exercises import load_bank
from grader import grade_part

BANK = """\
section: "17.3"
title: Pasted input
exercises:
  - {id: "17.3.1000", title: one thousand, source: {seed: s.txt, section: "17.3"}, statement: How many?,
     answer: {type: number, reference: "1000"}}
  - {id: "17.3.2500", title: two thousand five hundred, source: {seed: s.txt, section: "17.3"},
     statement: How many?, answer: {type: number, reference: "2500"}}
  - {id: "17.3.7425000", title: a large count, source: {seed: s.txt, section: "17.3"}, statement: How many?,
     answer: {type: number, reference: "7425000"}}
  - {id: "17.3.infinity", title: a limit, source: {seed: s.txt, section: "17.3"}, statement: The limit?,
     answer: {type: number, reference: "oo"}}
  - {id: "17.3.above-one", title: above one, source: {seed: s.txt, section: "17.3"}, statement: Where?,
     answer: {type: interval, reference: "Interval.open(1, oo)"}}
  - {id: "17.3.from-five", title: from five, source: {seed: s.txt, section: "17.3"}, statement: Where?,
     answer: {type: interval, reference: "Interval(5, oo)"}}
  - {id: "17.3.closed", title: a closed interval, source: {seed: s.txt, section: "17.3"}, statement: Where?,
     answer: {type: interval, reference: "Interval(-2, 7)"}}
  - {id: "17.3.inverse-e", title: one over e, source: {seed: s.txt, section: "17.3"}, statement: The value?,
     answer: {type: number, reference: "exp(-1)"}}
  - {id: "17.3.rate", title: a rate, source: {seed: s.txt, section: "17.3"}, statement: The probability?,
     answer: {type: number, reference: "7/25"}}
  - {id: "17.3.root", title: a root, source: {seed: s.txt, section: "17.3"}, statement: The function?,
     symbols: {x: {domain: positive}}, answer: {type: expression, reference: "sqrt(x)"}}
  - {id: "17.3.one", title: one, source: {seed: s.txt, section: "17.3"}, statement: The value?,
     answer: {type: number, reference: "1"}}
  - {id: "17.3.eleven", title: eleven, source: {seed: s.txt, section: "17.3"}, statement: The length?,
     answer: {type: number, reference: "11"}}
  - {id: "17.3.roots", title: two roots, source: {seed: s.txt, section: "17.3"}, statement: The values of p?,
     symbols: {p: {domain: real}}, answer: {type: set, reference: "FiniteSet(-1, Rational(15, 8))"}}
  - {id: "17.3.sum", title: a matrix, source: {seed: s.txt, section: "17.3"}, statement: The matrix?,
     answer: {type: matrix, reference: "Matrix([[2, 2], [3, 5]])"}}
  - {id: "17.3.model", title: a model, source: {seed: s.txt, section: "17.3"}, statement: The output?,
     symbols: {h_theta: {kind: function}, x: {domain: real}}, answer: {type: expression, reference: "h_theta(x) + 1"}}
  - {id: "17.3.product", title: a product, source: {seed: s.txt, section: "17.3"}, statement: The value?,
     symbols: {x: {domain: real}, y: {domain: real}}, answer: {type: expression, reference: "Abs(x*y)"}}
  - {id: "17.3.loss", title: a named quantity, source: {seed: s.txt, section: "17.3"}, statement: The value?,
     symbols: {loss: {domain: real}}, answer: {type: expression, reference: "2*loss"}}
  - {id: "17.3.term", title: a later term, source: {seed: s.txt, section: "17.3"}, statement: The term?,
     symbols: {a: {kind: indexed}, n: {domain: positive_integer}, k: {domain: positive_integer}},
     answer: {type: expression, reference: "a[n + k]"}}
  - {id: "17.3.point", title: a point, source: {seed: s.txt, section: "17.3"}, statement: The point?,
     answer: {type: tuple, reference: "Tuple(sqrt(2), Rational(1, 3))"}}
  - {id: "17.3.up-to-root", title: up to a root, source: {seed: s.txt, section: "17.3"}, statement: Where?,
     answer: {type: interval, reference: "Interval(0, sqrt(2))"}}
  - {id: "17.3.price", title: a price, source: {seed: s.txt, section: "17.3"}, statement: How much?,
     answer: {type: number, reference: "Rational(100099, 100)"}}
  - {id: "17.3.pairs", title: two pairs, source: {seed: s.txt, section: "17.3"}, statement: The solutions?,
     symbols: {x: {domain: real}, y: {domain: real}},
     answer: {type: set, reference: "FiniteSet(Tuple(7, 11), Tuple(11, 7))"}}
  - {id: "17.3.recurrence", title: a recurrence, source: {seed: s.txt, section: "17.3"}, statement: The recurrence?,
     symbols: {F: {kind: indexed}, n: {domain: positive_integer}, k: {kind: index}},
     answer: {type: equation, reference: "Eq(F[n], Sum(F[k]*F[n - k - 1], (k, 0, n - 1)))"}}
  - {id: "17.3.log-integral", title: an integral, source: {seed: s.txt, section: "17.3"}, statement: Write it.,
     symbols: {z: {domain: positive}}, answer: {type: expression, reference: "Integral(1/z, z)"}}
  - {id: "17.3.derivative", title: a derivative, source: {seed: s.txt, section: "17.3"}, statement: Differentiate x^2.,
     symbols: {x: {domain: real}}, answer: {type: expression, reference: "2*x"}}
  - {id: "17.3.half-comma", title: one half, source: {seed: s.txt, section: "17.3"}, statement: The value?,
     conventions: {decimal_separator: ","}, answer: {type: number, reference: "Rational(1, 2)"}}
  - {id: "17.3.point-comma", title: a point, source: {seed: s.txt, section: "17.3"}, statement: The point?,
     conventions: {decimal_separator: ","}, answer: {type: tuple, reference: "Tuple(Rational(1, 2), Rational(3, 2))"}}
  - {id: "17.3.right-limit", title: a limit from the right, source: {seed: s.txt, section: "17.3"},
     statement: Write it., symbols: {x: {domain: real}},
     answer: {type: expression, reference: "Limit(Abs(x)/x, x, 0, '+')", forbid: []}}
  - {id: "17.3.transpose", title: a transpose, source: {seed: s.txt, section: "17.3"}, statement: The matrix?,
     answer: {type: matrix, reference: "Matrix([[1, 3], [2, 4]])"}}
  - {id: "17.3.mean", title: a mean, source: {seed: s.txt, section: "17.3"}, statement: The mean?,
     symbols: {x: {kind: indexed}, i: {kind: index}, N: {domain: positive_integer}},
     answer: {type: expression, reference: "Sum(x[i], (i, 1, N))/N"}}
  - {id: "17.3.half", title: one half, source: {seed: s.txt, section: "17.3"}, statement: The value?,
     answer: {type: number, reference: "Rational(3, 2)"}}
"""


@pytest.fixture(scope="module")
def bank(tmp_path_factory: pytest.TempPathFactory):
    folder: Path = tmp_path_factory.mktemp("pasted")
    (folder / "17.3.yaml").write_text(textwrap.dedent(BANK))
    return load_bank(folder)


CASES = {
    "digit groups": [
        ("17.3.1000", r"2\,500", "incorrect"),  # the digits are never multiplied: 2 * 500 is 1000
        ("17.3.2500", r"2\,500", "correct"),
        ("17.3.2500", r"2\thinspace 500", "correct"),
        ("17.3.1000", "1,000", "correct"),
        ("17.3.7425000", "7,425,000", "correct"),
        ("17.3.7425000", r"7\,425\,000", "correct"),
        ("17.3.1000", r"1{,}000", "correct"),
        ("17.3.1000", "1 000", "invalid"),  # a plain space: a product or two numbers, so refused
        ("17.3.1000", "10,00", "incorrect"),  # not groups of three: a list, not 1000
        ("17.3.one", "1.1.1", "invalid"),
    ],
    "infinity": [
        ("17.3.infinity", r"\infty", "correct"),
        ("17.3.infinity", "oo", "correct"),
        ("17.3.infinity", r"+\infty", "correct"),
        ("17.3.infinity", "5", "incorrect"),
        ("17.3.infinity", r"-\infty", "incorrect"),
        ("17.3.above-one", r"(1, \infty)", "correct"),
        ("17.3.above-one", r"(1, +\infty)", "correct"),
        ("17.3.above-one", "(1, oo)", "correct"),
        ("17.3.above-one", r"[1, \infty)", "incorrect"),
        ("17.3.from-five", r"[5, \infty)", "correct"),
        ("17.3.from-five", r"(5, \infty)", "incorrect"),
        ("17.3.closed", "[-2,7]", "correct"),
        ("17.3.above-one", "(1,100)", "incorrect"),  # 1 to 100, never the number 1100
    ],
    "inequalities as intervals": [
        ("17.3.above-one", "x > 1", "correct"),
        ("17.3.above-one", "1 < x", "correct"),
        ("17.3.above-one", r"x \geq 1", "incorrect"),
        ("17.3.from-five", r"x \geq 5", "correct"),
        ("17.3.from-five", "x >= 5", "correct"),
        ("17.3.from-five", r"x \in [5, \infty)", "correct"),
        ("17.3.closed", r"-2 \le x \le 7", "correct"),
        ("17.3.closed", r"-2 \leq x < 7", "incorrect"),
        ("17.3.closed", r"x \le -2 \le 7", "invalid"),  # the variable is not in the middle
    ],
    "boxes": [
        ("17.3.inverse-e", r"\boxed{e^{-1}}", "correct"),
        ("17.3.inverse-e", r"\boxed{\frac{1}{e}}", "correct"),
        ("17.3.roots", r"\boxed{-1}, \boxed{\frac{15}{8}}", "correct"),
        ("17.3.roots", r"\boxed{-1}\boxed{\frac{15}{8}}", "correct"),
        ("17.3.one", r"\boxed{1}\boxed{2}", "incorrect"),  # two values where one is asked: a list
    ],
    "names": [
        ("17.3.model", r"h_{\theta}(x) + 1", "correct"),
        ("17.3.model", r"h_\theta(x)+1", "correct"),
        ("17.3.model", r"h_\theta(x)+2", "incorrect"),
        ("17.3.loss", r"2\mathit{loss}", "correct"),
        ("17.3.loss", r"2\,\text{loss}", "correct"),
        ("17.3.loss", r"2 \operatorname{loss}", "correct"),
        ("17.3.loss", r"2\cdot loss", "correct"),
        ("17.3.loss", r"3\mathit{loss}", "incorrect"),
    ],
    "bars side by side": [
        ("17.3.product", "|x||y|", "correct"),
        ("17.3.product", "|x| |y|", "correct"),
        ("17.3.product", "||x|-|y||", "incorrect"),
    ],
    "matrix arithmetic": [
        ("17.3.sum", r"\begin{pmatrix}1&2\\3&4\end{pmatrix} + \begin{pmatrix}1&0\\0&1\end{pmatrix}", "correct"),
        ("17.3.sum", r"\begin{pmatrix}1&2\\3&4\end{pmatrix} + \begin{pmatrix}1&1\\0&1\end{pmatrix}", "incorrect"),
    ],
    "compound subscripts": [
        ("17.3.term", "a_{n+k}", "correct"),
        ("17.3.term", "a_{k+n}", "correct"),
        ("17.3.term", "a_{n-k}", "incorrect"),
        ("17.3.term", "a_{n+k+1}", "incorrect"),
        ("17.3.term", "a_{nk}", "incorrect"),
    ],
    "rounded decimals inside": [
        ("17.3.point", "(1.414, 0.333)", "correct"),
        ("17.3.point", "(1.4142, 0.3333)", "correct"),
        ("17.3.point", "(1.414, 0.334)", "incorrect"),
        ("17.3.point", "(1.41, 0.33)", "incorrect"),  # 0.33 has fewer than 3 significant figures
        ("17.3.up-to-root", "[0, 1.414]", "correct"),
        ("17.3.up-to-root", "[0, 1.415]", "incorrect"),
        ("17.3.roots", "-1, 1.875", "correct"),
    ],
    "percent words": [
        ("17.3.rate", "28 percent", "correct"),
        ("17.3.rate", "28 pct", "correct"),
        ("17.3.rate", r"28\%", "correct"),
        ("17.3.rate", "27 percent", "incorrect"),
    ],
    "latex of other editors": [
        ("17.3.one", r"\cfrac{3}{3}", "correct"),
        ("17.3.one", r"\frac3{3}", "correct"),
        ("17.3.root", r"\frac{\sqrt{x} x}x", "correct"),
        ("17.3.root", r"x^\frac{1}{2}", "correct"),
        ("17.3.root", r"x^\frac{1}{3}", "incorrect"),
        ("17.3.one", r"\lg 10", "correct"),
        ("17.3.one", r"\lg 2", "incorrect"),
        ("17.3.one", r"1\thinspace", "correct"),
        ("17.3.one", r"\negthinspace 1", "correct"),
        ("17.3.one", r"1\medspace", "correct"),
        ("17.3.one", r"1\thickspace", "correct"),
        ("17.3.eleven", r"x \approx 11", "correct"),
        ("17.3.eleven", r"11\textnormal{ cm}", "correct"),
        ("17.3.roots", r"p=-1, p=\frac{15}{8}", "correct"),
        ("17.3.sum", r"\left[\begin{array}{cc}2&2\\3&5\end{array}\right]", "correct"),
    ],
    "math spans and the words around them": [
        ("17.3.roots", r"$-1$ and $\frac{15}{8}$", "correct"),
        ("17.3.roots", r"\(-1\), \(\frac{15}{8}\).", "correct"),
        ("17.3.roots", r"$-1$ or $2$", "incorrect"),
        ("17.3.eleven", "$11$ miles", "correct"),
        ("17.3.eleven", "$11$ thousand", "invalid"),  # a word that changes the value
        ("17.3.eleven", "$11$ squared", "invalid"),
        ("17.3.eleven", "so $x = 11$", "invalid"),  # prose before the math is not read
        ("17.3.rate", r"$\boxed{28 percentage}", "correct"),  # a $ left open
        ("17.3.rate", r"$\boxed{28\%}$", "correct"),
    ],
    "currency": [
        ("17.3.price", "$1,000.99", "correct"),
        ("17.3.price", "1,000.99$", "correct"),
        ("17.3.price", "1,000.99€", "correct"),
        ("17.3.price", r"\$1000.99", "correct"),
        ("17.3.price", "£1,000.98", "incorrect"),
    ],
    "pairs in a list": [
        ("17.3.pairs", r"\{(7,11),(11,7)\}", "correct"),
        ("17.3.pairs", r"(7,11),\ (11,7)", "correct"),
        ("17.3.pairs", r"$\boxed{(x, y) = (7, 11) \quad \text{and} \quad (11, 7)}$", "correct"),
        ("17.3.pairs", r"\left(11, 7\right), \left(7, 11\right)", "correct"),
        ("17.3.pairs", r"(7,11),\ (7,11)", "incorrect"),
    ],
    "a sum over indexed terms": [
        ("17.3.recurrence", r"F_n = \sum_{k=0}^{n-1} F_{n-k-1} F_k", "correct"),
        ("17.3.recurrence", r"\sum_{k=0}^{n-1} F_k F_{n-1-k} = F_n", "correct"),
        ("17.3.recurrence", r"F_n = \sum_{k=0}^{n-2} F_k F_{n-k-2}", "incorrect"),
    ],
    "operators": [
        ("17.3.log-integral", r"\int \frac{dz}{z}", "correct"),  # an integrand, not a derivative
        ("17.3.log-integral", r"\int \frac{1}{z}\, dz", "correct"),
        ("17.3.derivative", r"\frac{d}{dx}", "invalid"),  # nothing to differentiate
        ("17.3.derivative", r"\frac{d}{dx} + \frac{d}{dt}", "invalid"),
        ("17.3.derivative", r"\int", "invalid"),
        ("17.3.derivative", r"\lim_{x \to 0}", "invalid"),
        ("17.3.derivative", r"\frac{d}{dx} x^2", "incorrect"),  # restates the question
    ],
    "what a CAS prints": [
        ("17.3.right-limit", r"\lim_{x \to 0^+} \frac{|x|}{x}", "correct"),
        ("17.3.right-limit", r"\lim_{x \to 0} \frac{|x|}{x}", "incorrect"),  # two-sided: it does not exist
        ("17.3.transpose", r"\begin{pmatrix}1&2\\3&4\end{pmatrix}^\top", "correct"),
        ("17.3.transpose", r"\begin{pmatrix}1&2\\3&4\end{pmatrix}^{\intercal}", "correct"),
        ("17.3.mean", r"\frac{\sum_{i=1}^{N} {x}_{i}}{N}", "correct"),  # SymPy's LaTeX of an indexed entry
        ("17.3.one", r"\text{erf}(1)", "incorrect"),  # erf(1) = 0.84...: a function in \text is not prose to drop
        ("17.3.one", r"\text{sgn}(1)", "invalid"),  # nor is one that is not read in LaTeX
    ],
    "decimal commas where the exercise has them": [
        ("17.3.half-comma", "0,5", "correct"),
        ("17.3.half-comma", "0{,}5", "correct"),
        ("17.3.half-comma", "$0,5$", "correct"),
        ("17.3.half-comma", "0.5", "correct"),
        ("17.3.half-comma", "0,6", "incorrect"),
        ("17.3.half-comma", "0,500,1", "invalid"),  # two decimal commas
        ("17.3.half-comma", "1.000,5", "invalid"),  # a dot and a comma
        ("17.3.point-comma", "(0,5; 1,5)", "correct"),
        ("17.3.point-comma", "(0,5, 1,5)", "correct"),  # a comma and a space separates
        ("17.3.point-comma", "(0,5; 1)", "incorrect"),
        ("17.3.half", "1,5", "incorrect"),  # elsewhere a comma separates items: a list, never 1.5
    ],
}


@pytest.mark.parametrize("exercise, answer, status", [case for cases in CASES.values() for case in cases],
                         ids=[f"{kind}: {case[1]}" for kind, cases in CASES.items() for case in cases])
def test_pasted_input_is_read_right_or_refused(bank, exercise: str, answer: str, status: str) -> None:
    found = bank.get(exercise)
    verdict = grade_part(found, found.main_part, answer)
    assert verdict.status == status, verdict.feedback
    if status == "invalid":
        assert verdict.feedback.startswith("Cannot read this answer") and "internal error" not in verdict.feedback


def test_a_plain_space_between_digit_groups_says_what_to_write(bank) -> None:
    found = bank.get("17.3.1000")
    verdict = grade_part(found, found.main_part, "1 000")
    assert "1000" in verdict.feedback and "column 1" in verdict.feedback


@pytest.mark.parametrize("answer, factor", [("2/e", "2"), (r"\pi/e", r"\pi"), (r"\frac{\sqrt{2}}{e}", r"\sqrt{2}"),
                                            (r"-\frac{3}{4e}", r"- \frac{3}{4}")])
def test_a_constant_factor_is_named_only_when_it_is_simple(bank, answer: str, factor: str) -> None:
    found = bank.get("17.3.inverse-e")
    verdict = grade_part(found, found.main_part, answer)
    assert verdict.feedback == f"Off by a constant factor: your answer is ${factor}$ times the correct one."


@pytest.mark.parametrize("answer", [r"\sqrt{2}", "3.7", r"\pi^2", r"\ln 3"])
def test_a_wrong_number_is_never_explained_by_constants_fitted_to_it(bank, answer: str) -> None:
    """nsimplify fitted -217/59 - 248 log(2)/59 + 104e/59 + 106pi/59 to the ratio of sqrt(2) and 1/e."""
    found = bank.get("17.3.inverse-e")
    verdict = grade_part(found, found.main_part, answer)
    assert verdict.status == "incorrect" and "constant factor" not in verdict.feedback, verdict.feedback


@pytest.mark.parametrize("exercise, answer, words", [
    ("17.3.half", "1,5", "write a decimal with a point"),
    ("17.3.eleven", "$11$ thousand", "a $ inside the answer"),
])
def test_a_refused_reading_says_what_to_write(bank, exercise: str, answer: str, words: str) -> None:
    found = bank.get(exercise)
    verdict = grade_part(found, found.main_part, answer)
    assert words in verdict.feedback, verdict.feedback
    if verdict.status == "invalid":
        assert "column 1" in verdict.feedback
