"""Notation students use that the peers' suites showed us: the question's own
functions called and differentiated (`f(g(x))`, `f'(g(x)) g'(x)`), rounded
entries of matrices and sets typed in LaTeX, an angle asked in degrees,
chains of equalities with a false step, systems written with commas or
`cases`, braces that only group, `\\text{13}`, `a_3` for a sequence's term,
a formula with its unit, `\\operatorname{erf}`, and products of absolute
values, which agree with the product only where the signs agree. Each answer
is labelled by its mathematics."""
from __future__ import annotations

from pathlib import Path

import pytest

from exercises import load_bank
from grader import grade_part

BANK = r"""
section: notation
title: Student notation
exercises:
  - {id: chain-rule, title: chain rule, statement: "d/dx f(g(x))?",
     symbols: {x: {domain: real}, t: {domain: real}, f: {kind: function}, g: {kind: function}},
     answer: {type: expression, reference: "Subs(Derivative(f(t), t), t, g(x))*Derivative(g(x), x)"}}
  - {id: composition, title: a composition, statement: "sin of f(g(x))?",
     symbols: {x: {domain: real}, f: {kind: function}, g: {kind: function}},
     answer: {type: expression, reference: "sin(f(g(x)))"}}
  - {id: twice-derivative, title: a derivative, statement: "d/dx 2 f(x)?",
     symbols: {x: {domain: real}, f: {kind: function}},
     answer: {type: expression, reference: "2*Derivative(f(x), x)"}}
  - {id: sigmoid, title: a model, statement: "the model's output?",
     symbols: {x: {domain: real}, w: {domain: real}, "\\sigma": {kind: function}},
     answer: {type: expression, reference: "sigma(w*x)**2"}}
  - {id: inverse, title: an inverse matrix, statement: "The inverse?",
     answer: {type: matrix, reference: "Matrix([[Rational(1, 3), 0], [0, Rational(1, 7)]])"}}
  - {id: roots, title: two roots, statement: "The roots?",
     answer: {type: set, reference: "FiniteSet(Rational(1, 3), Rational(2, 3))"}}
  - {id: right-angle, title: an angle, statement: "The angle, in degrees?",
     answer: {type: number, reference: "90", unit: deg}}
  - {id: eleven, title: eleven, statement: "x = ?", symbols: {x: {domain: real}},
     answer: {type: number, reference: "11"}}
  - {id: system, title: a system, statement: "Solve x + y = 3, x - y = -1.",
     symbols: {x: {domain: real}, y: {domain: real}},
     answer: {type: condition, reference: "Eq(x, 1) & Eq(y, 2)"}}
  - {id: band, title: a band, statement: "Where is 2 < x < 102 with x not 12?", symbols: {x: {domain: real}},
     answer: {type: condition, reference: "(x > 2) & (x < 102) & Ne(x, 12)"}}
  - {id: product, title: a product, statement: "xy?", symbols: {x: {domain: real}, y: {domain: real}},
     answer: {type: expression, reference: "x*y"}}
  - {id: shifted, title: a shift, statement: "x + 1?", symbols: {x: {domain: real}},
     answer: {type: expression, reference: "x + 1"}}
  - {id: thirteen, title: thirteen, statement: "How many?", answer: {type: number, reference: "13"}}
  - {id: third-term, title: a term, statement: "The third term?", symbols: {a: {kind: indexed}},
     answer: {type: expression, reference: "a[3]"}}
  - {id: entropy, title: an entropy, statement: "The entropy of Bernoulli(p), in nats?",
     symbols: {p: {domain: "(0, 1)"}}, conventions: {log_base: e},
     answer: {type: expression, reference: "-p*log(p) - (1 - p)*log(1 - p)", unit: nats}}
  - {id: gaussian-cdf, title: a distribution function, statement: "P(X <= x) for X ~ N(0, 1)?",
     symbols: {x: {domain: real}}, answer: {type: expression, reference: "(1 + erf(x/sqrt(2)))/2"}}
  - {id: product-rule, title: the product rule, statement: "d/dx x^2 f(x)?",
     symbols: {x: {domain: real}, f: {kind: function}},
     answer: {type: expression, reference: "2*x*f(x) + x**2*Derivative(f(x), x)"}}
  - {id: parameter-roots, title: roots with a parameter, statement: "Solve x^2 = a^2 for x.",
     symbols: {x: {domain: real}, a: {domain: real}},
     answer: {type: condition, reference: "Eq(x, a) | Eq(x, -a)"}}
  - {id: outside, title: outside an interval, statement: "Where is |x| > 1?", symbols: {x: {domain: real}},
     answer: {type: condition, reference: "(x < -1) | (x > 1)"}}
  - {id: quadrant, title: a quadrant, statement: "Where are a and b both positive?",
     symbols: {a: {domain: real}, b: {domain: real}},
     answer: {type: condition, reference: "(a > 0) & (b > 0)"}}
  - {id: root-of-product, title: a root, statement: "sqrt(xy)?", symbols: {x: {domain: real}, y: {domain: real}},
     answer: {type: expression, reference: "sqrt(x*y)"}}
  - {id: thirds, title: thirds, statement: "The matrix?",
     answer: {type: matrix, reference: "Matrix([[Rational(1000, 3), 0], [0, Rational(1000, 7)]])"}}
  - {id: third, title: a third, statement: "x = ?", symbols: {x: {domain: real}},
     answer: {type: number, reference: "1/3"}}
  - {id: unit-roots, title: two roots, statement: "Solve x^2 = 1.", symbols: {x: {domain: real}},
     answer: {type: set, reference: "FiniteSet(-1, 1)"}}
  - {id: fixed-point, title: a fixed point, statement: "Where does x = cos(y) meet y = x?",
     symbols: {x: {domain: real}, y: {domain: real}},
     answer: {type: condition, reference: "Eq(x, cos(y)) & Eq(y, x)"}}
  - {id: circle, title: a circle, statement: "The unit circle?", symbols: {x: {domain: real}, y: {domain: real}},
     answer: {type: condition, reference: "Eq(x**2 + y**2, 1)"}}
  - {id: plus-minus, title: two roots, statement: "Solve x^2 = 4.", symbols: {x: {domain: real}},
     answer: {type: condition, reference: "Eq(x**2, 4)"}}
  - {id: rounded-point, title: a point, statement: "Solve x^2 = 2, 3y = 1 with x > 0.",
     symbols: {x: {domain: real}, y: {domain: real}},
     answer: {type: condition, reference: "Eq(x, sqrt(2)) & Eq(y, Rational(1, 3))"}}
  - {id: coordinates, title: coordinates, statement: "The point (x, y)?",
     symbols: {x: {domain: real}, y: {domain: real}}, answer: {type: tuple, reference: "Tuple(1, 2)"}}
  - {id: reciprocal, title: a reciprocal, statement: "1/f(x)?",
     symbols: {x: {domain: real}, f: {kind: function}}, answer: {type: expression, reference: "1/f(x)"}}
  - {id: symmetric-product, title: a product, statement: "f(x) f(-x)?",
     symbols: {x: {domain: real}, f: {kind: function}}, answer: {type: expression, reference: "f(x)*f(-x)"}}
  - {id: magnitude, title: an absolute value, statement: "|f(x)|?",
     symbols: {x: {domain: real}, f: {kind: function}}, answer: {type: expression, reference: "Abs(f(x))"}}
  - {id: sine, title: a sine, statement: "sin 30 degrees?", conventions: {angle_unit: degrees},
     answer: {type: number, reference: "Rational(1, 2)"}}
  - {id: second-derivative, title: a second derivative, statement: "f''(x)?",
     symbols: {x: {domain: real}, f: {kind: function}},
     answer: {type: expression, reference: "Derivative(f(x), (x, 2))"}}
  - {id: domain, title: a domain, statement: "Where is sqrt(6 - x - x^2) defined?",
     answer: {type: interval, reference: "Interval(-3, 2)"}}
"""

CASES = {
    "the question's own functions": [
        ("chain-rule", "f'(g(x)) g'(x)", "correct"),
        ("chain-rule", r"f^{\prime}(g(x))\, g^{\prime}(x)", "correct"),
        ("chain-rule", "g'(x)*f'(g(x))", "correct"),
        ("chain-rule", "f'(g(x))", "incorrect"),  # the inner derivative forgotten
        ("chain-rule", "f'(x) g'(x)", "incorrect"),
        ("chain-rule", r"\frac{d}{dx} f(g(x))", "incorrect"),  # the question, copied
        ("product-rule", r"2x f(x) + x^2 \frac{df}{dx}", "correct"),  # Leibniz's f'
        ("product-rule", r"2x f(x) + x^2 f^{(1)}(x)", "correct"),
        ("product-rule", r"\frac{d}{dx}\left(x^2 f(x)\right)", "incorrect"),  # restated
        ("product-rule", r"2x f(x) + x^2 f^{(2)}(x)", "incorrect"),
        ("second-derivative", r"\frac{d^2 f}{dx^2}", "correct"),
        ("second-derivative", r"\frac{d^{2}}{dx^{2}} f(x)", "correct"),
        ("second-derivative", "f''(x)", "correct"),
        ("second-derivative", r"\frac{df}{dx}", "incorrect"),
        ("composition", r"\sin(f(g(x)))", "correct"),
        ("composition", r"\sin\left(f\left(g(x)\right)\right)", "correct"),
        ("composition", r"\sin(f(x))", "incorrect"),
        ("twice-derivative", "2f'(x)", "correct"),
        ("twice-derivative", r"2\frac{d}{dx} f(x)", "correct"),
        ("twice-derivative", r"\frac{d}{dx} f(x)", "incorrect"),
        ("twice-derivative", "f''(x)", "incorrect"),
        ("sigmoid", r"\sigma(wx)^2", "correct"),
        ("sigmoid", r"\sigma(w x)\sigma(w x)", "correct"),
        ("sigmoid", r"\sigma(x)^2", "incorrect"),
        ("sigmoid", r"\sigma(wx)\sigma(wx)", "correct"),
    ],
    "rounded entries in LaTeX": [
        ("inverse", r"\begin{pmatrix} 0.333 & 0 \\ 0 & 0.143 \end{pmatrix}", "correct"),
        ("inverse", r"\begin{bmatrix} 1/3 & 0 \\ 0 & 1/7 \end{bmatrix}", "correct"),
        ("inverse", r"\begin{pmatrix} 0.33 & 0 \\ 0 & 0.14 \end{pmatrix}", "incorrect"),  # two figures
        ("inverse", r"\begin{pmatrix} 0.334 & 0 \\ 0 & 0.143 \end{pmatrix}", "incorrect"),
        ("roots", r"\{0.333, 0.667\}", "correct"),
        ("roots", r"\left\{\frac{1}{3}, 0.667\right\}", "correct"),
        ("roots", r"\{0.333, 0.666\}", "incorrect"),  # 2/3 rounds to 0.667
        ("thirds", r"\begin{pmatrix}333.3 & 0\\ 0 & 142.9\end{pmatrix}", "correct"),
        ("thirds", r"\begin{pmatrix}333 & 0\\ 0 & 143\end{pmatrix}", "incorrect"),  # integers round no fraction
    ],
    "an angle asked in degrees": [
        ("right-angle", r"90^\circ", "correct"),
        ("right-angle", r"$\boxed{90^{\circ}}$", "correct"),
        ("right-angle", "90°", "correct"),
        ("right-angle", "90 degrees", "correct"),
        ("right-angle", "90", "correct"),
        ("right-angle", r"45^\circ", "incorrect"),
        ("right-angle", "90 rad", "incorrect"),
        ("right-angle", r"180^\circ - 90^\circ", "correct"),
        ("right-angle", r"x = 45^\circ + 45^\circ = 90^\circ", "correct"),
    ],
    "chains of equalities": [
        ("eleven", "x = 5 + 6 = 11", "correct"),
        ("eleven", r"x = 2 \cdot 5 + 1 = 11", "correct"),
        ("eleven", "x = 5+5+1 = 7 = 11", "incorrect"),  # last value right, a step false
        ("eleven", "x = 3 + 3 = 11", "incorrect"),
        ("eleven", "6 + 6 = 11", "incorrect"),  # one equals sign is a step too
        ("eleven", "5 + 6 = 11", "correct"),
        ("eleven", r"x = 10.96 \approx 11", "correct"),
        ("third", r"x = 0.5 \approx 0.333", "incorrect"),
        ("eleven", "3 4", "invalid"),  # digits are never multiplied
        ("eleven", r"11\text{,}000 / 1000", "correct"),
        ("third", "x = 1/3 = 0.333", "correct"),  # a rounded last step is a true step
        ("third", "x = 1/3 = 0.334", "incorrect"),
    ],
    "systems and lists of conditions": [
        ("system", "x = 1, y = 2", "correct"),
        ("system", r"\begin{cases} x = 1 \\ y = 2 \end{cases}", "correct"),
        ("system", r"x=1 \text{ and } y=2", "correct"),
        ("system", r"\begin{cases} x = 2 \\ y = 1 \end{cases}", "incorrect"),  # swapped
        ("system", "x = 1 or y = 2", "incorrect"),
        ("band", r"2 < x < 102, x \neq 12", "correct"),
        ("band", r"(2, 12) \cup (12, 102)", "correct"),
        ("band", "2 < x < 102", "incorrect"),
        ("system", "x + y = 3, x - y = -1", "incorrect"),  # the question, not its solution
        ("system", r"x = \sin(y), y = e^{x}", "incorrect"),
        ("parameter-roots", "x = a, x = -a", "correct"),
        ("parameter-roots", "x = a", "incorrect"),
        ("outside", "x < -1, x > 1", "correct"),  # cannot hold together: one or the other
        ("outside", "x < -1 or x > 1", "correct"),
        ("quadrant", "a, b > 0", "correct"),
        ("quadrant", "a > 0", "incorrect"),
        ("quadrant", r"(a > 0) \land (b > 0)", "correct"),
        ("system", "(x, y) = (1, 2)", "correct"),
        ("system", "x = 1; y = 2", "correct"),
        ("fixed-point", r"y = x, x = \cos(y)", "correct"),
        ("fixed-point", r"x = y, y = 2\cos(x)", "incorrect"),  # random points never meet either curve
        ("fixed-point", r"x = y, y = e^{-x}", "incorrect"),
        ("circle", "x^2 = 1 - y^2", "correct"),
        ("circle", r"x = \pm\sqrt{1 - y^2}", "correct"),
        ("circle", r"x = \sqrt{1 - y^2}", "incorrect"),  # half of it
        ("plus-minus", r"x = \pm 2", "correct"),
        ("plus-minus", "x = 2", "incorrect"),
        ("rounded-point", "x = 1.414, y = 0.333", "correct"),
        ("rounded-point", "x = 1.414, y = 0.334", "incorrect"),
    ],
    "signs of several variables": [
        ("product", "xy", "correct"),
        ("product", "|x||y|", "incorrect"),  # equal only where x and y have the same sign
        ("product", "|xy|", "incorrect"),
        ("product", "||x||y||", "incorrect"),
        ("product", "y|x|", "incorrect"),
        ("coordinates", "y = 2, x = 1", "correct"),  # labelled: the order of the labels is the point's
        ("coordinates", "y = 1, x = 2", "incorrect"),
        ("coordinates", "x = 1, x = 2", "incorrect"),
        ("reciprocal", r"\frac{1}{f(x)}", "correct"),
        ("reciprocal", r"f^{-1}(x)", "invalid"),  # the inverse function, not the reciprocal
        ("symmetric-product", "f(0)^2", "incorrect"),  # the stand-in for f has no symmetry
        ("magnitude", "f(x)", "incorrect"),  # nor a sign
        ("chain-rule", "xf(x)", "incorrect"),
        ("product-rule", "2xf(x) + x^2 f'(x)", "correct"),
        ("product-rule", "2x|x| f(x)", "incorrect"),
        ("sine", r"\sin(30^\circ)", "correct"),
        ("root-of-product", r"\sqrt{x}\sqrt{y}", "incorrect"),  # both negative: i*i
        ("root-of-product", r"\sqrt{xy}", "correct"),
    ],
    "braces, text and subscripts": [
        ("shifted", "({x+1})", "correct"),
        ("shifted", r"\left( {x + 1} \right)", "correct"),
        ("shifted", "({x-1})", "incorrect"),
        ("thirteen", r"\text{13}", "correct"),
        ("thirteen", r"$\text{13}$", "correct"),
        ("thirteen", r"\mathit{13}", "invalid"),  # an italic name, not a number
        ("third-term", "a_3", "correct"),
        ("third-term", "a_{3}", "correct"),
        ("third-term", "a_4", "incorrect"),
        ("sigmoid", r"x(\sigma(wx))^2", "incorrect"),  # x times the square, not sigma(wx)^2
        ("unit-roots", r"\emptyset", "incorrect"),
        ("unit-roots", r"\{x : x^2 = 1\}", "invalid"),  # set-builder: the question, not its elements
        ("unit-roots", r"\{-1\} \cup \{1\}", "invalid"),
    ],
    "a formula with its unit": [
        ("entropy", r"-p\ln p - (1-p)\ln(1-p) \text{ nats}", "correct"),
        ("entropy", "-p ln(p) - (1-p) ln(1-p) nats", "correct"),
        ("entropy", r"-p\ln p - (1-p)\ln(1-p)", "correct"),
        ("entropy", r"-p\ln p - (1-p)\ln(1-p) \text{ bits}", "incorrect"),  # the same formula, wrong unit
    ],
    "special functions in LaTeX": [
        ("gaussian-cdf", r"\frac{1}{2}\left(1 + \operatorname{erf}\left(\frac{x}{\sqrt{2}}\right)\right)", "correct"),
        ("gaussian-cdf", r"\frac{1 + \mathrm{erf}(x/\sqrt{2})}{2}", "correct"),
        ("gaussian-cdf", r"1 - \frac{1}{2}\operatorname{erfc}\left(\frac{x}{\sqrt 2}\right)", "correct"),
        ("gaussian-cdf", r"\frac{1}{2}\left(1 + \operatorname{erf}(x)\right)", "incorrect"),
    ],
    "a union where one interval is asked": [
        ("domain", r"[-3, 2]", "correct"),
        ("domain", r"[-3, 0) \cup [0, 2]", "correct"),  # the same set
        ("domain", r"(-\infty, -3] \cup [2, \infty)", "incorrect"),  # the complement's closure
        ("domain", r"[2, -3]", "incorrect"),  # its ends reversed
    ],
}


@pytest.fixture(scope="module")
def bank(tmp_path_factory: pytest.TempPathFactory):
    folder: Path = tmp_path_factory.mktemp("notation")
    (folder / "notation.yaml").write_text(BANK, encoding="utf-8")
    return load_bank(folder)


@pytest.mark.parametrize("exercise, answer, status",
                         [case for cases in CASES.values() for case in cases],
                         ids=[f"{group}: {answer}" for group, cases in CASES.items() for _, answer, _ in cases])
def test_student_notation_is_read_by_its_mathematics(bank, exercise: str, answer: str, status: str) -> None:
    verdict = grade_part(bank.get(exercise), bank.get(exercise).main_part, answer)
    assert verdict.status == status, f"{answer}: {verdict.feedback} | read as {verdict.interpreted}"


@pytest.mark.parametrize("exercise, answer, words", [
    ("inverse", r"\begin{pmatrix} 1/3 & 0 \\ 0 & 1/6 \end{pmatrix}", "Entry (2, 2) is not right"),
    ("eleven", "x = 5+5+1 = 7 = 11", "a step of the chain is false"),
    ("system", r"\begin{cases} x = 2 \\ y = 1 \end{cases}", "your condition holds"),
    ("thirteen", r"\mathit{13}", "not a name"),
    ("entropy", r"-p\ln p - (1-p)\ln(1-p) \text{ bits}", "asks for nats"),
    ("twice-derivative", "sin'(x)", "only for the question's own functions"),
    ("system", "x + y = 3, x - y = -1", "solve it"),
    ("domain", r"[2, -3]", "left end must be less"),
    ("unit-roots", r"\{x : x^2 = 1\}", "list its elements"),
    ("third", "x = 1/3 = 0.3 = 0.333", "0.3"),
])
def test_the_feedback_says_what_is_wrong(bank, exercise: str, answer: str, words: str) -> None:
    verdict = grade_part(bank.get(exercise), bank.get(exercise).main_part, answer)
    assert words in verdict.feedback, verdict.feedback
