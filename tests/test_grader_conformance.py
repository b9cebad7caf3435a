r"""Conformance with two public test suites: pairs picked by hand from them and
written here as data (no code of theirs is copied), each graded by dlmath as a
student's answer against a reference.

Sources (snapshots read in 2025-2026):

- Math-Verify, github.com/huggingface/Math-Verify, `tests/` (commit 5d148cf):
  pairs of a gold answer and a prediction with the verdict equivalent (1) or
  not (0). The gold becomes the reference, in SymPy syntax; the prediction is
  the answer. Where the prediction is a paragraph, only the span that holds its
  answer (the boxed part, or the formula after "Answer") is kept, and the
  comment says so.
- SymPy's LaTeX parser tests, github.com/sympy/sympy,
  `sympy/parsing/tests/test_latex.py` (commit e950d31): `GOOD_PAIRS` of LaTeX
  and the SymPy expression it means (read by `test_parseable`), all of them
  equivalent; `BAD_STRINGS` (`test_not_parseable`) and `FAILING_BAD_STRINGS`
  (`test_strict_mode`), which must not be read, are kept as `invalid`.
  To give this suite wrong answers too, some pairs are *cross-paired*: a LaTeX
  string of the suite against the expression of another of its pairs, or
  against the reading that the suite's pair rules out (`\frac1234` is 34/2,
  so not 1/234). Each says so in its comment.

Each pair says what a maths-course grader should answer: `correct`
(equivalent), `incorrect` (readable, not equivalent) or `invalid` (cannot be
read). Category names follow the suites' own grouping (test functions for
Math-Verify, the kinds of construct in `GOOD_PAIRS` for SymPy) and appear in
the test ids.

Left out, and why:

- extracting an answer from prose (most of `test_math_extraction_*`,
  `test_numina_cases`' and `test_open_thoughts`' long reasoning traces, "the
  final answer is ..."), `\text{Evelyn}`-like words, "for part (a)": a student
  types the answer, the grader does not look for it in an essay;
- multiple-choice letters (`\text{C}` vs `(C)`, `E`, `test_string_extraction`):
  dlmath's choice type has its own keys and synonyms;
- other languages' conventions: decimal commas (`1000,99`, `0,111`, `1,22`),
  semicolon lists (`(0;0;0)`, `-12;-11`), "Soucis : 2,74 $", yuan amounts in
  prose, `x_1 = ..., \quadx_2` run together;
- non-mathematical strings (`AZYUK2A`, `\text{odd}`, `\text{Even}`, a hexagon
  sentence, lone `@ # $ % & * \ ~`), clock times (`12:00`), numbers in other
  bases (`204_5`, `1112112_3`), Dirac bras and kets;
- set-builder and relation chains about functions (`0 < f(x) < 1`,
  `f(2) < f(1) < f(4)`, `W(n) = 1 or W(n) = -1`) and named lengths
  (`|AB| = 1`, `AB=4, CD=5`): dlmath's relations and conditions are about
  the question's variables, not about values of a function or named segments;
- complex numbers (`\overline{z}`);
- pairs whose expected verdict is itself debatable: `1 000` (a plain space:
  dlmath refuses it on purpose, see test_grader_pasted_input.py); the chain
  `1/3 \approx 11`; `(1,3)` vs `{1,3}`; `f(x)` vs `f(y)` when not strict;
  rounding to the two decimals a Math-Verify call passes as a parameter
  (`0.33` for 1/3); a unit where the gold has none (`1,000.99m²` for
  1000.99: dlmath says "wrong unit"); the
  Math-Verify pair `1 + 1/e` == `1 - 1/e` (kept, but as *not* equivalent);
  SymPy's readings of `x!!!` (a triple factorial, not a double factorial),
  `||x||` (not a norm), `\mathit{HELLO world}`, primes as symbol names
  (`a'b`, `y''_1`, `f'_1`), `\left\{x + y\right\}` (braces, or a set),
  `\int (x+a)` (no differential), `\lim_{x \Rightarrow 3}` (an implication
  arrow), `a \quad b` (a separator, or a product), `\pi` as a plain symbol
  (kept, read as the constant).

Test 1 (no false accepts) must always pass. Test 2 marks every pair where
dlmath disagrees today as a strict xfail with the reason, so a fix shows up as
an XPASS failure that says to remove the mark. Test 3 prints the agreement
per suite. The last one grades every pair again as a TA would, in one class
file through `dlmath grade` on the sandbox pool with the pairs' bank as
`DLMATH_BANK`, and requires the same verdicts.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import NamedTuple

import pytest
import yaml

from exercises import load_bank
from grader import grade_part

OK, NO, BAD = "correct", "incorrect", "invalid"
MV, SY = "mathverify", "sympy"


class Pair(NamedTuple):
    suite: str
    category: str
    answer: str
    type: str  # an answer type, `number[cm^2]` with a unit
    reference: str  # SymPy syntax
    expected: str
    symbols: str  # "x y:positive f:function a:indexed k:index n:positive_integer" (real by default)
    xfail: str | None


def _pairs(suite: str, category: str, *rows: tuple) -> list[Pair]:
    """Rows of (answer, type, reference, expected[, symbols]); the xfail reason comes from DISAGREEMENTS."""
    out = []
    for answer, kind, reference, expected, *symbols in rows:
        xfail = DISAGREEMENTS.get((f"{suite}/{category}", answer, reference))
        out.append(Pair(suite, category, answer, kind, reference, expected, "".join(symbols), xfail))
    return out


# Where dlmath disagrees today: (suite/category, answer, reference) -> why. Each is a strict xfail: when a change makes
# dlmath agree, the test XPASSes and fails, and its entry here is to be removed.
DISAGREEMENTS: dict[tuple[str, str, str], str] = {}


# --------------------------------------------------------------------------- Math-Verify
MATH_VERIFY = [
    # tests/test_all.py::test_number_extraction (the currency and m² cases: the answer span of the prediction)
    *_pairs(MV, "numbers",
            ("-5", "number", "-5", OK),
            ("7,425,000", "number", "7425000", OK),
            ("1000.0", "number", "1000", OK),
            ("1,000.0", "number", "1000", OK),
            (".4", "number", "Rational(2, 5)", OK),
            ("1,000.99", "number", "Rational(100099, 100)", OK),
            ("$1,000.99", "number", "Rational(100099, 100)", OK),
            ("1,000.99$", "number", "Rational(100099, 100)", OK),
            ("1,000.99€", "number", "Rational(100099, 100)", OK)),
    # tests/test_all.py::test_simple_fraction_notation (the last two cross-paired: gold of one, prediction of the other)
    *_pairs(MV, "fractions",
            (r"\frac{10}{9}", "number", "Rational(10, 9)", OK),
            (r"-\frac{10}{9}", "number", "Rational(-10, 9)", OK),
            (r"-\frac{10}{9}", "number", "Rational(10, 9)", NO),
            (r"\frac{10}{9}", "number", "Rational(-10, 9)", NO)),
    # tests/test_all.py::test_sets_handling
    *_pairs(MV, "intervals",
            ("$[0,1)$", "interval", "Interval.Ropen(0, 1)", OK),
            ("$[0,1)$", "interval", "Interval.Ropen(0, 9)", NO),
            ("$[0,9)$", "interval", "Interval.open(0, 9)", NO),
            ("$-[0,1)$", "number", "1", BAD),
            # tests/test_open_thoughts.py::test_open_thoughts
            ("$$(1, +\\infty)$$", "interval", "Interval.open(1, oo)", OK),
            ("$$(-793, 10)$$", "interval", "Interval.open(-793, 10)", OK),
            # tests/test_all.py::test_math_extraction_edge_cases (answer spans)
            (r"\boxed{[-4, 0]}", "interval", "Interval(-4, 0)", OK),
            (r"\((-6, 10)\)", "interval", "Interval.open(-6, 10)", OK),
            (r"x \in (-6, 10)", "interval", "Interval.open(-6, 10)", OK, "x"),
            # tests/test_all.py::test_complex_math_expressions
            ("$(0.6,2.6667]$", "interval", "Interval.Lopen(Rational(3, 5), Rational(8, 3))", OK),
            # tests/test_open_thoughts.py::test_open_thoughts (the domain of sqrt(6 - x - x^2), cross-paired with
            # its complement; and a union that is one interval)
            (r"$\boxed{(-\infty, -3] \cup [2, \infty)}$", "interval", "Interval(-3, 2)", NO),
            (r"$[-3, 0) \cup [0, 2]$", "interval", "Interval(-3, 2)", OK)),
    # tests/test_all.py::test_sets_handling, test_math_extraction_edge_cases, tests/test_open_thoughts.py
    *_pairs(MV, "unions and conditions",
            (r"$(2, 12) \cup (12, 102)$", "interval_union", "Union(Interval.open(2, 12), Interval.open(12, 102))", OK),
            (r"$2 < x < 102, x \neq 12$", "interval_union", "Union(Interval.open(2, 12), Interval.open(12, 102))",
             OK, "x"),
            (r"$(2, 102)$", "interval_union", "Union(Interval.open(2, 12), Interval.open(12, 102))", NO),
            (r"$x \neq 5$", "inequality", "Ne(x, 5)", OK, "x"),
            (r"$(-\infty, 5) \cup (5, \infty)$", "inequality", "Ne(x, 5)", OK, "x"),
            (r"$1 \le |z| \le 3/2$", "condition", "(Abs(z) >= 1) & (Abs(z) <= Rational(3, 2))", OK, "z"),
            (r"$1 \le z \le 3/2$", "condition", "(Abs(z) >= 1) & (Abs(z) <= Rational(3, 2))", NO, "z")),
    # tests/test_all.py::test_latex_notation (the word "Answer" before the formula left out)
    *_pairs(MV, "delimiters",
            (r"\[ 9 \]", "number", "9", OK),
            ("$ 9 $", "number", "9", OK),
            ("$$ 9 $$", "number", "9", OK),
            (r"\( 9 \)", "number", "9", OK),
            (r"\( (9+1) \)", "number", "10", OK),
            ("\\[ \n 9 \n \\]", "number", "9", OK),
            ("$$ \n 9 \n $$", "number", "9", OK),
            (r"$\left( \frac{1}{3} \right)$", "number", "Rational(1, 3)", OK),
            (r"$k = \frac{1}{3}$", "number", "Rational(1, 3)", OK, "k")),
    # tests/test_all.py::test_latex_notation
    *_pairs(MV, "malformed latex",
            (r"$\frac13 $", "number", "Rational(1, 3)", OK),
            (r"$\frac3{3} $", "number", "1", OK),
            (r"$\sqrt3 $", "number", "sqrt(3)", OK),
            (r"$\cfrac{1}{3} $", "number", "Rational(1, 3)", OK),
            (r"$\dfrac{1}{3} $", "number", "Rational(1, 3)", OK),
            (r"$\tfrac{1}{3} $", "number", "Rational(1, 3)", OK),
            ("$ 1/3 $", "number", "Rational(1, 3)", OK),
            # tests/test_all.py::test_latex_notation_math (answer spans)
            (r"\boxed{\sqrt 2+\sqrt 5}", "number", "sqrt(2) + sqrt(5)", OK),
            (r"\boxed{\frac94\pi}", "number", "9*pi/4", OK)),
    # tests/test_all.py::test_percent_notation
    *_pairs(MV, "percentages",
            (r"$28\%$", "number", "Rational(28, 100)", OK),
            ("28 percent", "number", "Rational(28, 100)", OK),
            ("28 pct", "number", "Rational(28, 100)", OK),
            ("28 %", "number", "Rational(28, 100)", OK),
            ("$28$ %", "number", "Rational(28, 100)", OK),
            ("$28$ percent", "number", "Rational(28, 100)", OK),
            (r"$\boxed{28}$ pct", "number", "Rational(28, 100)", OK),
            (r"$\boxed{28 pct}", "number", "Rational(28, 100)", OK),
            (r"$\boxed{28 percent}", "number", "Rational(28, 100)", OK),
            (r"$\boxed{28 percentage}", "number", "Rational(28, 100)", OK),
            # tests/test_all.py::test_math_extraction_additional_cases (answer span)
            (r"\boxed{28\%}", "number", "Rational(28, 100)", OK)),
    # tests/test_all.py::test_latex_notation, test_latex_notation_math, test_number_extraction,
    # tests/test_open_thoughts.py::test_open_thoughts (answer spans)
    *_pairs(MV, "units",
            (r"$\frac{1}{3} \text{meters}$", "number", "Rational(1, 3)", OK),
            (r"$\frac{1}{3} \textbf{meters}$", "number", "Rational(1, 3)", OK),
            (r"$15\mbox{ cm}^2$", "number[cm^2]", "15", OK),  # the gold has the unit: so does the reference
            (r"15\text{ cm}^2", "number[cm^2]", "15", OK),
            ("$125$ miles", "number", "125", OK),
            (r"\boxed{125\textnormal{ miles}}", "number", "125", OK),
            (r"\boxed{90^\circ}", "number", "pi/2", OK),
            (r"50^\circ+40^\circ", "number", "pi/2", OK),
            (r"$$\boxed{0.06 \text{ yuan}}$$", "number", "Rational(6, 100)", OK)),
    # tests/test_all.py::test_math_extraction_additional_cases, test_latex_notation_math,
    # tests/test_boxed.py::test_boxed (answer spans)
    *_pairs(MV, "boxed answers",
            (r"\boxed{14{,}916}", "number", "14916", OK),
            (r"=2+\frac{5}{3}+1=\boxed{\frac{14}{3}}", "number", "Rational(14, 3)", OK),
            (r"\sqrt{117} = \boxed{3\sqrt{13}}", "number", "3*sqrt(13)", OK),
            (r"\boxed{3\sqrt{13}}", "number", "3*sqrt(13)", OK),
            (r"\boxed{004}", "number", "4", OK),
            (r"\boxed{2 \sin b \cos a}", "expression", "2*sin(b)*cos(a)", OK, "a b"),
            (r"\sin (a + b) - \sin (a - b) = \boxed{2 \sin b \cos a}", "expression", "2*sin(b)*cos(a)", OK, "a b"),
            (r"\boxed{\left( 3, \frac{\pi}{2} \right)}", "tuple", "Tuple(3, pi/2)", OK),
            ("$$\\boxed{667}$$", "number", "667", OK),
            # tests/test_all.py::test_latex_notation_math: an angle in degrees, asked in degrees
            (r"$\boxed{90^\circ}$", "number[deg]", "90", OK),
            # tests/test_all.py::test_number_extraction: `{,}` as a digit group separator, spaced
            ("$14 {, }916$", "number", "14916", OK)),
    # tests/test_all.py::test_relations_math
    *_pairs(MV, "equations",
            ("$x=11$", "number", "11", OK, "x"),
            (r"$x\approx11$", "number", "11", OK, "x"),
            ("$k=1$", "number", "1", OK, "k"),
            # tests/test_all.py::test_relations_math: chains whose last value is the gold but a step is false
            # (the suite accepts them on the last value; a grader of worked answers does not)
            ("$x = 5+5+1 = 7 =11$", "number", "11", NO, "x"),
            ("$z = 3+3 = 2$", "number", "2", NO, "z"),
            (r"$y=-\frac{1}{2}x+\frac{3}{4}$", "equation", "Eq(2*x + 4*y - 3, 0)", OK, "x y"),
            ("$x^2/16 + y^2/12 = 1/4$", "equation", "Eq(x**2/4 + y**2/3, 1)", OK, "x y"),
            ("$11a+c$", "equation", "Eq(7, 11*a + c)", NO, "a c"),
            ("$0$", "equation", "Eq(a + 3*z, 0)", NO, "a z"),
            ("$1$", "equation", "Eq(2*x + z, 1)", NO, "x z"),
            ("$0$", "equation", "Eq(a**2 + b, 0)", NO, "a b"),
            # tests/test_all.py::test_complex_math_expressions
            ("$-34x-45y+20z-100=0$", "equation", "Eq(34*x + 45*y - 20*z + 100, 0)", OK, "x y z"),
            # tests/test_open_thoughts.py::test_open_thoughts
            ("$$f(y) = y$$", "equation", "Eq(f(y), y)", OK, "f:function y")),
    # tests/test_all.py::test_relations_math (the prose around the relation left out)
    *_pairs(MV, "inequalities",
            (r"$x \geq 5$", "interval", "Interval(5, oo)", OK, "x"),
            (r"$x \lt 3$", "interval", "Interval.open(-oo, 3)", OK, "x"),
            ("$x <= 2$", "interval", "Interval(-oo, 2)", OK, "x"),
            (r"$x \gt 5$", "interval", "Interval.open(5, oo)", OK, "x"),
            ("$x < 5$", "interval", "Interval.open(5, oo)", NO, "x"),
            (r"$x \leq 5$", "interval", "Interval(5, oo)", NO, "x"),
            (r"$5 \geq x$", "interval", "Interval(-oo, 5)", OK, "x"),
            (r"$5 \leq x$", "interval", "Interval(5, oo)", OK, "x"),
            ("$-x > -1$", "interval", "Interval.open(-oo, 1)", OK, "x"),
            ("$x > -1$", "interval", "Interval.open(-oo, 1)", NO, "x"),
            ("$-x >= -1$", "interval", "Interval(-oo, 1)", OK, "x"),
            # tests/test_all.py::test_set_rel_assymetry (both directions)
            (r"$x \in [-2,7]$", "interval", "Interval(-2, 7)", OK, "x"),
            (r"$-2 \le x \le 7$", "interval", "Interval(-2, 7)", OK, "x"),
            # tests/test_open_thoughts.py::test_open_thoughts
            ("$$-793 < a < 10$$", "interval", "Interval.open(-793, 10)", OK, "a"),
            # tests/test_all.py::test_math_extraction_edge_cases: `x \in (-6, 10)` where the gold is the pair
            # (A, B) = (-6, 10): a statement about x, not the pair
            (r"\( x \in (-6, 10) \)", "tuple", "Tuple(-6, 10)", NO, "x"),
            (r"$$\boxed{k \ge 2}$$", "interval", "Interval(2, oo)", OK, "k")),
    # tests/test_numina_cases.py::test_numina_cases, tests/test_open_thoughts.py::test_open_thoughts,
    # tests/test_yujianll.py::test_string_extraction, tests/test_all.py::test_math_extraction_additional_cases
    *_pairs(MV, "sets",
            (r"$\boxed{1,2}$", "set", "FiniteSet(1, 2)", OK),
            (r"$\boxed{1}\boxed{2}$", "set", "FiniteSet(1, 2)", OK),
            (r"\boxed{-2} and \boxed{1}", "set", "FiniteSet(-2, 1)", OK),
            (r"$\boxed{-2,1}$.", "set", "FiniteSet(-2, 1)", OK),
            (r"\(\boxed{1}\) and \(\boxed{-2}\).", "set", "FiniteSet(-2, 1)", OK),
            ("$1$ and $2$ and $3$", "set", "FiniteSet(1, 2, 3)", OK),
            (r"\boxed{1} and \boxed{2} and \boxed{3}", "set", "FiniteSet(1, 2, 3)", OK),
            (r"\boxed{1},\boxed{2},\boxed{3}", "set", "FiniteSet(1, 2, 3)", OK),
            ("$${1,2,3}$$", "set", "FiniteSet(1, 2, 3)", OK),
            (r"$\boxed{\{-12, -11, -10, -8, -7, -6\}}$", "set", "FiniteSet(-12, -11, -10, -8, -7, -6)", OK),
            (r"\boxed{a=4,\,-8,\,-10}", "set", "FiniteSet(-10, -8, 4)", OK, "a"),
            ("$21,16$ or $11$", "set", "FiniteSet(21, 16, 11)", OK),
            (r"\boxed{p = -1 \text{ and } p = \dfrac{15}{8}}", "set", "FiniteSet(-1, Rational(15, 8))", OK, "p"),
            (r"$p=-1,p=\frac{15}{8}$", "set", "FiniteSet(-1, Rational(15, 8))", OK, "p"),
            (r"\(\boxed{6 \text{ and } 8}\)", "set", "FiniteSet(6, 8)", OK),
            (r"$\boxed{6,8}$", "set", "FiniteSet(6, 8)", OK),
            (r"$$\boxed{2}, \boxed{3}, \boxed{5}, \boxed{7}, \boxed{13}$$", "set", "FiniteSet(2, 3, 5, 7, 13)", OK),
            ("$${2, 3, 5, 7, 13}$$", "set", "FiniteSet(2, 3, 5, 7, 13)", OK),
            (r"$$\boxed{x = \frac{1}{2}, x = \frac{-1 \pm \sqrt{13}}{4}}$$", "set",
             "FiniteSet(Rational(1, 2), (-1 + sqrt(13))/4, (-1 - sqrt(13))/4)", OK, "x"),
            (r"$\boxed{10^{\frac{\sqrt{13} - 5}{6}}} \quad \text{and} \quad \boxed{10^{-\frac{5 + \sqrt{13}}{6}}}$",
             "set", "FiniteSet(10**((-5 + sqrt(13))/6), 10**((-5 - sqrt(13))/6))", OK),
            (r"$\boxed{\dfrac{108 + 31\sqrt{5}}{216}} \quad \text{and} \quad \boxed{\dfrac{108 - 31\sqrt{5}}{216}}$",
             "set", "FiniteSet(Rational(1, 2) + 31*sqrt(5)/216, Rational(1, 2) - 31*sqrt(5)/216)", OK),
            ("$n=1, 2, 3$", "set", "FiniteSet(1, 2, 3)", OK, "n"),
            ("$n=1, 2, 3$", "set", "FiniteSet(2, 3, 4)", NO, "n"),
            (r"$19, 46, \text{ and } 82$", "set", "FiniteSet(19, 46, 82)", OK),
            ("$21, 36, and 82$", "set", "FiniteSet(19, 46, 82)", NO),
            ("$2021$", "set", "FiniteSet(-2021, 2021)", NO),
            ("${-2021, 2021}$", "set", "FiniteSet(-2021, 2021)", OK),
            (r"$\pm 2021$", "set", "FiniteSet(-2021, 2021)", OK),
            # tests/test_all.py::test_latex_notation_math (answer spans)
            (r"\boxed{-2,1}", "set", "FiniteSet(-2, 1)", OK),
            (r"x = \boxed{1 \pm \sqrt{19}}", "set", "FiniteSet(1 + sqrt(19), 1 - sqrt(19))", OK, "x"),
            (r"\boxed{3 \pm 2 \sqrt{2}}", "set", "FiniteSet(3 + 2*sqrt(2), 3 - 2*sqrt(2))", OK),
            (r"\boxed{\{1\pm\sqrt{5},-2\}}", "set", "FiniteSet(1 + sqrt(5), 1 - sqrt(5), -2)", OK)),
    # tests/test_numina_cases.py::test_numina_cases, tests/test_open_thoughts.py::test_open_thoughts
    *_pairs(MV, "sets of tuples",
            (r"$\boxed{(3, 37, 3, 13), (3, 17, 3, 7), (3, 3, 2, 3), (3,17,3,7), (17,3,3,7), (37,3,3,13)}$", "set",
             ("FiniteSet(Tuple(37, 3, 3, 13), Tuple(17, 3, 3, 7), Tuple(3, 37, 3, 13), Tuple(3, 17, 3, 7), "
              "Tuple(3, 3, 2, 3))"), OK),
            # the gold with a 3-tuple (37,3,3), graded against the 4-tuples
            ("$(37,3,3),(17,3,3,7),(3,37,3,13),(3,17,3,7),(3,3,2,3)$", "set",
             ("FiniteSet(Tuple(37, 3, 3, 13), Tuple(17, 3, 3, 7), Tuple(3, 37, 3, 13), Tuple(3, 17, 3, 7), "
              "Tuple(3, 3, 2, 3))"), NO),
            (r"\boxed{(4, 0, 6), (4, -2, 6), (0, 0, 6), (0, -2, 6), (4, 0, 0), (4, -2, 0), (0, 0, 0), (0, -2, 0)}",
             "set", ("FiniteSet(Tuple(0, 0, 0), Tuple(0, -2, 0), Tuple(0, 0, 6), Tuple(0, -2, 6), Tuple(4, 0, 0), "
                     "Tuple(4, -2, 0), Tuple(4, 0, 6), Tuple(4, -2, 6))"), OK),
            (r"$\boxed{(7,11),\ (11,7)}$", "set", "FiniteSet(Tuple(11, 7), Tuple(7, 11))", OK),
            ("$(5,2),(7,2)$", "set", "FiniteSet(Tuple(5, 2), Tuple(7, 2))", OK),
            (r"\boxed{(1, 2)}, \boxed{(2, 1)}, \boxed{(-1, -20)}, \boxed{(-20, -1)}", "set",
             "FiniteSet(Tuple(2, 1), Tuple(1, 2), Tuple(-1, -20), Tuple(-20, -1))", OK),
            (r"$$\boxed{(2, 2), (1, 3), (3, 3)}$$", "set", "FiniteSet(Tuple(2, 2), Tuple(1, 3), Tuple(3, 3))", OK),
            (r"$$\boxed{(x, y) = (5, 8) \quad \text{and} \quad (8, 5)}$$", "set",
             "FiniteSet(Tuple(5, 8), Tuple(8, 5))", OK, "x y"),
            (r"$$\boxed{(2, 2)} \quad \text{and} \quad \boxed{(6, 2)}$$", "set",
             "FiniteSet(Tuple(2, 2), Tuple(6, 2))", OK)),
    # tests/test_numina_cases.py::test_numina_cases, tests/test_yujianll.py::test_string_extraction,
    # tests/test_all.py::test_math_extraction_additional_cases, test_math_extraction_edge_cases (answer spans),
    # tests/test_open_thoughts.py::test_open_thoughts (a pair of expressions, the boxed parts)
    *_pairs(MV, "tuples",
            ("$(p,q)=(3,2)$", "tuple", "Tuple(3, 2)", OK, "p q"),
            ("$(3,2)$", "tuple", "Tuple(3, 2)", OK),
            (r"$\boxed{(3, 2)}$", "tuple", "Tuple(3, 2)", OK),
            ("$(p,q,r)=(3,2,7)$", "tuple", "Tuple(3, 2, 7)", OK, "p q r"),
            (r"(p,q,r) = \boxed{(6,31,-1)}", "tuple", "Tuple(6, 31, -1)", OK, "p q r"),
            (r"(t,u) = \boxed{\left( \frac{4}{5}, \frac{1}{5} \right)}", "tuple",
             "Tuple(Rational(4, 5), Rational(1, 5))", OK, "t u"),
            (r"\boxed{\left( \frac{4}{3}, -\frac{1}{3} \right)}", "tuple", "Tuple(Rational(4, 3), Rational(-1, 3))",
             OK),
            (r"$\boxed{-5, \frac{14}{3}}$", "tuple", "Tuple(-5, Rational(14, 3))", OK),
            (r"\boxed{x = -5,\ p = \frac{14}{3}}", "tuple", "Tuple(-5, Rational(14, 3))", OK, "x p"),
            ("$D = (0, 1)$", "tuple", "Tuple(0, 1)", OK, "D"),
            ("$D = (0, 1.5)$", "tuple", "Tuple(0, 1)", NO, "D"),
            ("$(1,4.5)$", "tuple", "Tuple(1, Rational(9, 2))", OK),
            (r"\boxed{-2(x - 1)^2 + 5}, \boxed{3(x + 2)^2 - 2}", "tuple",
             "Tuple(-2*x**2 + 4*x + 3, 3*x**2 + 12*x + 10)", OK, "x")),
    # tests/test_all.py::test_matrix_extraction (the prose before the matrix left out),
    # test_math_extraction_additional_cases, test_complex_math_expressions
    *_pairs(MV, "matrices",
            (r"$ \begin{pmatrix}1 & 0 \\ 0 & 1\end{pmatrix} $", "matrix", "Matrix([[1, 0], [0, 1]])", OK),
            (r"$ \begin{pmatrix}0 & 0 \\0 & 0\end{pmatrix} $", "matrix", "Matrix([[0, 0], [0, 0]])", OK),
            (r"$\begin{bmatrix}0 & 0 \\0 & 0\end{bmatrix}$", "matrix", "Matrix([[0, 0], [0, 0]])", OK),
            (r"$ \left[\begin{array}{cc}1 & 2 \\3 & 4\end{array}\right] $", "matrix", "Matrix([[1, 2], [3, 4]])", OK),
            (r"$ \begin{pmatrix}\frac{1}{2} & \frac{3}{4} \\ \frac{5}{6} & \frac{7}{8}\end{pmatrix} $", "matrix",
             "Matrix([[Rational(1, 2), Rational(3, 4)], [Rational(5, 6), Rational(7, 8)]])", OK),
            (r"$\begin{pmatrix}1 & 2 \\ 3 & 4\end{pmatrix} + \begin{pmatrix}5 & 6 \\ 7 & 8\end{pmatrix}$", "matrix",
             "Matrix([[6, 8], [10, 12]])", OK),
            (r"$\begin{pmatrix}1 & 0 \\ 0 & 1\end{pmatrix} \begin{pmatrix}1 & 0 \\ 0 & 1\end{pmatrix}$", "matrix",
             "Matrix([[1, 0], [0, 1]])", OK),
            (r"$\begin{pmatrix}1 & 2 \\ 3 & 5\end{pmatrix}$", "matrix", "Matrix([[1, 2], [3, 4]])", NO),
            ("\\boxed{\n\\begin{pmatrix} 0 & 3 \\\\ 0 & -1 \\end{pmatrix}\n}.", "matrix",
             "Matrix([[0, 3], [0, -1]])", OK),
            # the suite's gold has a stray form feed in `-\\\frac`; written here as meant
            (r"$\begin{pmatrix}-\frac{7}{4}&-2\\4&\frac{1}{4}\\\end{pmatrix}$", "matrix",
             "Matrix([[Rational(-7, 4), -2], [4, Rational(1, 4)]])", OK),
            (r"$\begin{pmatrix}\frac{1}{3\sqrt[3]{x}^2}&0&0\\0&1&0\\-\sin(x)&0&0\\\end{pmatrix}$", "matrix",
             "Matrix([[1/(3*x**Rational(2, 3)), 0, 0], [0, 1, 0], [-sin(x), 0, 0]])", OK, "x:positive"),
            (r"$\begin{pmatrix}\frac{1}{3x^{2/3}}&0&0\\0&1&0\\-\sin(x)&0&0\end{pmatrix}$", "matrix",
             "Matrix([[1/(3*x**Rational(2, 3)), 0, 0], [0, 1, 0], [-sin(x), 0, 0]])", OK, "x:positive")),
    # tests/test_all.py::test_complex_math_expressions, test_precision, test_float_precision
    *_pairs(MV, "decimals",
            ("$0.0833333333333333$", "number", "Rational(1, 12)", OK),
            ("0.3333", "number", "Rational(1, 3)", OK),  # the suite's "0.3333$" without its stray $
            ("0.333", "number", "Rational(1, 3)", OK),
            ("1.333", "number", "Rational(4, 3)", OK),
            ("4.123105625617661", "number", "sqrt(17)", OK)),
    # tests/test_all.py::test_complex_math_expressions, test_sqrt_precision
    *_pairs(MV, "roots",
            (r"$\frac{\sqrt{\sqrt{11}+\sqrt{194}}}{2\sqrt{33}+15}$", "number",
             "sqrt(sqrt(11) + sqrt(194))/(15 + 2*sqrt(33))", OK),
            (r"$\frac{1+\sqrt{5}}{2}$", "number", "2", NO),
            (r"$\frac{34}{16}+\frac{\sqrt{1358}}{16}$", "number", "4", NO),
            ("$1$", "number", "sqrt(19)", NO),
            (r"$1\sqrt{19}$", "number", "sqrt(19)", OK),
            (r"$4\sqrt{2}$", "number", "4", NO)),
    # tests/test_all.py::test_complex_math_expressions, tests/test_strict.py::test_strict_variable_comparison,
    # tests/test_yujianll.py::test_string_extraction
    *_pairs(MV, "expressions",
            (r"$\frac{x}{7}+\frac{2}{7}$", "expression", "(x + 2)/7", OK, "x"),
            (r"$\sec^2(y)$", "expression", "tan(y)**2 + 1", OK, "y"),
            ("$(+5)(b+2)$", "expression", "(a + 5)*(b + 2)", NO, "a b"),
            ("$x+1$", "expression", "x + 2*n + 1", NO, "x n"),
            ("$f(y)$", "expression", "f(x)", NO, "f:function x y"),
            (r"$1 - \frac{1}{\mathrm{e}}$", "number", "1 - exp(-1)", OK),
            # the suite expects 1 (equivalent); they differ by 2/e
            (r"$1 + \frac{1}{\mathrm{e}}$", "number", "1 - exp(-1)", NO)),
    # tests/test_all.py::test_math_extraction_edge_cases (answer spans), test_math_extraction_additional_cases
    *_pairs(MV, "big numbers",
            (r"\boxed{11,\! 111,\! 111,\! 100}", "number", "11111111100", OK),
            (r"\boxed{32,\! 349}", "number", "32349", OK),
            # two values where one is asked: a list, wrong for a number, as `\boxed{1}\boxed{2}` is
            (r"\boxed{32, 349}", "number", "32349", NO),
            (r"$12,\!000,\!003$", "number", "12000003", OK)),
    # tests/test_numina_cases.py::test_numina_cases (the ratio after `S_{MBCN}:S=` and `V_{1}:V_{2}=`)
    *_pairs(MV, "ratios",
            (r"$\boxed{7:32}$", "number", "Rational(7, 32)", OK),
            ("$11:21$", "number", "Rational(11, 21)", OK)),
    # tests/test_yujianll.py::test_string_extraction
    *_pairs(MV, "sums",
            (r"$F_n = \sum_{k=0}^{n-1} F_{n-k-1} F_k$", "equation", "Eq(F[n], Sum(F[k]*F[n - k - 1], (k, 0, n - 1)))",
             OK, "F:indexed n:positive_integer k:index"),
            (r"$F_n = \sum_{k=0}^{n-2} F_k F_{n-k-2}$", "equation", "Eq(F[n], Sum(F[k]*F[n - k - 1], (k, 0, n - 1)))",
             NO, "F:indexed n:positive_integer k:index"),
            # the right-hand side alone (not a pair of the suite: it shows the equation type is what differs)
            (r"$\sum_{k=0}^{n-1} F_{n-k-1} F_k$", "expression", "Sum(F[k]*F[n - k - 1], (k, 0, n - 1))",
             OK, "F:indexed n:positive_integer k:index")),
]

# --------------------------------------------------------------------------- SymPy
# All from sympy/parsing/tests/test_latex.py: GOOD_PAIRS (test_parseable) unless the comment says otherwise.
SYMPY = [
    *_pairs(SY, "numbers",
            ("0", "number", "0", OK),
            ("1", "number", "1", OK),
            ("-3.14", "number", "Rational(-314, 100)", OK),
            ("(-7.13)(1.5)", "number", "Rational(-10695, 1000)", OK),
            ("1+1", "number", "2", OK),
            ("0+1", "number", "1", OK),
            ("1*2", "number", "2", OK),
            ("0*1", "number", "0", OK),
            (r"1 \times 2 ", "number", "2", OK),
            ("5^0 - 4^0", "number", "0", OK),
            (r"\infty", "number", "oo", OK),
            # cross-paired: 1+1 is not 1, 0*1 is not 1
            ("1+1", "number", "1", NO),
            ("0*1", "number", "1", NO)),
    *_pairs(SY, "arithmetic",
            ("x", "expression", "x", OK, "x"),
            ("2x", "expression", "2*x", OK, "x"),
            ("x^2", "expression", "x**2", OK, "x"),
            (r"x^\frac{1}{2}", "expression", "sqrt(x)", OK, "x:positive"),
            ("x^{3 + 1}", "expression", "x**4", OK, "x"),
            ("-c", "expression", "-c", OK, "c"),
            (r"a \cdot b", "expression", "a*b", OK, "a b"),
            ("a / b", "expression", "a/b", OK, "a b"),
            (r"a \div b", "expression", "a/b", OK, "a b"),
            ("a + b", "expression", "a + b", OK, "a b"),
            ("a + b - a", "expression", "b", OK, "a b"),
            ("(x + y) z", "expression", "(x + y)*z", OK, "x y z"),
            (r"\left(x + y\right) z", "expression", "(x + y)*z", OK, "x y z"),
            (r"\left( x + y\right ) z", "expression", "(x + y)*z", OK, "x y z"),
            (r"\left[x + y\right] z", "expression", "(x + y)*z", OK, "x y z"),
            ("[x]", "expression", "x", OK, "x"),
            ("[a + b]", "expression", "a + b", OK, "a b"),
            ("3x - 1", "expression", "3*x - 1", OK, "x"),
            (r"\mathit{x}", "expression", "x", OK, "x"),
            # cross-paired with the readings the suite rules out
            ("x^{3 + 1}", "expression", "x**3 + 1", NO, "x"),
            (r"a \div b", "expression", "b/a", NO, "a b"),
            ("(x + y) z", "expression", "x + y*z", NO, "x y z")),
    *_pairs(SY, "equations",
            ("a^2 + b^2 = c^2", "equation", "Eq(a**2 + b**2, c**2)", OK, "a b c"),
            ("x = y", "equation", "Eq(x, y)", OK, "x y"),
            # cross-paired: a^2 + b^2 = c^2 is not a + b = c
            ("a^2 + b^2 = c^2", "equation", "Eq(a + b, c)", NO, "a b c")),
    *_pairs(SY, "floor and ceiling",
            (r"\lfloor x \rfloor", "expression", "floor(x)", OK, "x"),
            (r"\lceil x \rceil", "expression", "ceiling(x)", OK, "x"),
            (r"\lfloor x \rfloor", "expression", "ceiling(x)", NO, "x")),  # cross-paired
    *_pairs(SY, "trig functions",
            (r"\sin \theta", "expression", "sin(theta)", OK, "theta"),
            (r"\sin(\theta)", "expression", "sin(theta)", OK, "theta"),
            (r"\sin^{2}(x)", "expression", "sin(x)**2", OK, "x"),
            (r"\cos^{2}(x)", "expression", "cos(x)**2", OK, "x"),
            (r"\tan^{2}(x)", "expression", "tan(x)**2", OK, "x"),
            (r"\sin^{-1} a", "expression", "asin(a)", OK, "a:(-1,1)"),
            (r"\arcsin(x)", "expression", "asin(x)", OK, "x:(-1,1)"),
            (r"\arccos(x)", "expression", "acos(x)", OK, "x:(-1,1)"),
            (r"\arctan(x)", "expression", "atan(x)", OK, "x"),
            (r"\sin a \cos b", "expression", "sin(a)*cos(b)", OK, "a b"),
            (r"\sin \cos \theta", "expression", "sin(cos(theta))", OK, "theta"),
            (r"\sin(\cos \theta)", "expression", "sin(cos(theta))", OK, "theta"),
            (r"(\csc x)(\sec y)", "expression", "csc(x)*sec(y)", OK, "x y"),
            # cross-paired: another pair's function, or the reading the suite rules out
            (r"\sin^{2}(x)", "expression", "cos(x)**2", NO, "x"),
            (r"\sin^{2}(x)", "expression", "sin(x**2)", NO, "x"),
            (r"\arccos(x)", "expression", "asin(x)", NO, "x:(-1,1)"),
            (r"\sin^{-1} a", "expression", "1/sin(a)", NO, "a:(-1,1)"),
            (r"\sin \cos \theta", "expression", "sin(theta)*cos(theta)", NO, "theta")),
    *_pairs(SY, "fractions",
            (r"\frac{a}{b}", "expression", "a/b", OK, "a b"),
            (r"\dfrac{a}{b}", "expression", "a/b", OK, "a b"),
            (r"\tfrac{a}{b}", "expression", "a/b", OK, "a b"),
            (r"\frac12", "number", "Rational(1, 2)", OK),
            (r"\frac12y", "expression", "y/2", OK, "y"),
            (r"\frac1234", "number", "17", OK),
            (r"\frac2{3}", "number", "Rational(2, 3)", OK),
            (r"\frac{\sin{x}}2", "expression", "sin(x)/2", OK, "x"),
            (r"\frac{a + b}{c}", "expression", "(a + b)/c", OK, "a b c"),
            (r"\frac{7}{3}", "number", "Rational(7, 3)", OK),
            # cross-paired with the readings the suite rules out
            (r"\frac1234", "number", "Rational(1, 234)", NO),
            (r"\frac1234", "number", "Rational(12, 34)", NO),
            (r"\frac12y", "expression", "1/(2*y)", NO, "y")),
    *_pairs(SY, "limits",
            (r"\lim_{x \to 3} a", "expression", "Limit(a, x, 3)", OK, "a x"),
            (r"\lim_{x \rightarrow 3} a", "expression", "Limit(a, x, 3)", OK, "a x"),
            (r"\lim_{x \longrightarrow 3} a", "expression", "Limit(a, x, 3)", OK, "a x"),
            (r"\lim_{x \to 3^{+}} a", "expression", "Limit(a, x, 3, dir='+')", OK, "a x"),
            (r"\lim_{x \to 3^{-}} a", "expression", "Limit(a, x, 3, dir='-')", OK, "a x"),
            (r"\lim_{x \to 3^+} a", "expression", "Limit(a, x, 3, dir='+')", OK, "a x"),
            (r"\lim_{x \to 3^-} a", "expression", "Limit(a, x, 3, dir='-')", OK, "a x"),
            (r"\lim_{x \to \infty} \frac{1}{x}", "expression", "Limit(1/x, x, oo)", OK, "x"),
            # cross-paired: the limit's value, and a value it does not have
            ("0", "expression", "Limit(1/x, x, oo)", OK, "x"),
            ("1", "expression", "Limit(1/x, x, oo)", NO, "x")),
    *_pairs(SY, "derivatives",
            (r"\frac{d}{dx} x", "expression", "Derivative(x, x)", OK, "x"),
            (r"\frac{d}{dt} x", "expression", "Derivative(x, t)", OK, "x t"),
            (r"\frac{d f(x)}{dx}", "expression", "Derivative(f(x), x)", OK, "f:function x"),
            (r"\frac{d}{dx} [ \tan x ]", "expression", "Derivative(tan(x), x)", OK, "x"),
            # cross-paired: d/dt x is 0, not d/dx x; d f(x)/dx is not f(x)/x
            (r"\frac{d}{dt} x", "expression", "Derivative(x, x)", NO, "x t"),
            (r"\frac{d f(x)}{dx}", "expression", "f(x)/x", NO, "f:function x")),
    *_pairs(SY, "functions",
            ("f(x)", "expression", "f(x)", OK, "f:function x"),
            ("f(x, y)", "expression", "f(x, y)", OK, "f:function x y"),
            ("f(x, y, z)", "expression", "f(x, y, z)", OK, "f:function x y z"),
            ("f(x, y)", "expression", "f(y, x)", NO, "f:function x y")),  # cross-paired
    *_pairs(SY, "absolute values",
            ("|x|", "expression", "Abs(x)", OK, "x"),
            ("|x||y|", "expression", "Abs(x)*Abs(y)", OK, "x y"),
            ("||x||y||", "expression", "Abs(Abs(x)*Abs(y))", OK, "x y"),
            ("|x||y|", "expression", "x*y", NO, "x y"),  # cross-paired: x and y of opposite signs
            ("||x||y||", "expression", "x*y", NO, "x y"),  # cross-paired
            # the suite reads \pi as a plain symbol; here it is the constant
            (r"\pi^{|xy|}", "expression", "pi**Abs(x*y)", OK, "x y"),
            ("|x|", "expression", "x", NO, "x")),  # cross-paired
    *_pairs(SY, "integrals",
            (r"\int x dx", "expression", "Integral(x, x)", OK, "x"),
            (r"\int x d\theta", "expression", "Integral(x, theta)", OK, "x theta"),
            (r"\int (x^2 - y)dx", "expression", "Integral(x**2 - y, x)", OK, "x y"),
            (r"\int x + a dx", "expression", "Integral(x + a, x)", OK, "x a"),
            (r"\int da", "expression", "Integral(1, a)", OK, "a"),
            (r"\int_0^7 dx", "expression", "Integral(1, (x, 0, 7))", OK, "x"),
            (r"\int\limits_{0}^{1} x dx", "expression", "Integral(x, (x, 0, 1))", OK, "x"),
            (r"\int_a^b x dx", "expression", "Integral(x, (x, a, b))", OK, "x a b"),
            (r"\int^b_a x dx", "expression", "Integral(x, (x, a, b))", OK, "x a b"),
            (r"\int_{a}^b x dx", "expression", "Integral(x, (x, a, b))", OK, "x a b"),
            (r"\int^{b}_{a} x dx", "expression", "Integral(x, (x, a, b))", OK, "x a b"),
            (r"\int_{f(a)}^{f(b)} f(z) dz", "expression", "Integral(f(z), (z, f(a), f(b)))", OK, "f:function a b z"),
            (r"\int a + b + c dx", "expression", "Integral(a + b + c, x)", OK, "a b c x"),
            (r"\int \frac{dz}{z}", "expression", "Integral(1/z, z)", OK, "z:positive"),
            (r"\int \frac{3 dz}{z}", "expression", "Integral(3/z, z)", OK, "z:positive"),
            (r"\int \frac{1}{x} dx", "expression", "Integral(1/x, x)", OK, "x:positive"),
            (r"\int \frac{1}{a} + \frac{1}{b} dx", "expression", "Integral(1/a + 1/b, x)", OK, "a b x"),
            (r"\int \frac{3 \cdot d\theta}{\theta}", "expression", "Integral(3/theta, theta)", OK, "theta:positive"),
            (r"\int \frac{1}{x} + 1 dx", "expression", "Integral(1/x + 1, x)", OK, "x:positive"),
            (r"\int x \, dx", "expression", "Integral(x, x)", OK, "x"),
            # cross-paired: another variable of integration, swapped bounds, the integrand cut at the +
            (r"\int x d\theta", "expression", "Integral(x, x)", NO, "x theta"),
            (r"\int^b_a x dx", "expression", "Integral(x, (x, b, a))", NO, "x a b"),
            (r"\int x + a dx", "expression", "Integral(x, x) + a", NO, "x a"),
            (r"\int_0^7 dx", "expression", "Integral(1, (x, 0, 1))", NO, "x")),
    *_pairs(SY, "subscripts",
            ("x_0", "expression", "x_0", OK, "x_0"),
            ("x_{1}", "expression", "x_1", OK, "x_1"),
            ("x_a", "expression", "x_a", OK, "x_a"),
            ("x_{b}", "expression", "x_b", OK, "x_b"),
            (r"h_\theta", "expression", "h_theta", OK, "h_theta"),
            (r"h_{\theta}", "expression", "h_theta", OK, "h_theta"),
            ("a_{n+k}", "expression", "a[n + k]", OK, "a:indexed n:positive_integer k:positive_integer"),
            ("a_{2n}", "expression", "a[2*n]", OK, "a:indexed n:positive_integer"),
            ("a_{n^2}", "expression", "a[n**2]", OK, "a:indexed n:positive_integer"),
            # cross-paired: another pair's symbol, and the readings the suite rules out
            ("x_0", "expression", "x_1", NO, "x_0 x_1"),
            ("a_{n^2}", "expression", "a[n]**2", NO, "a:indexed n:positive_integer"),
            ("a_{2n}", "expression", "2*a[n]", NO, "a:indexed n:positive_integer")),
    *_pairs(SY, "factorials",
            ("x!", "expression", "factorial(x)", OK, "x:nonnegative_integer"),
            ("100!", "number", "factorial(100)", OK),
            (r"\theta!", "expression", "factorial(theta)", OK, "theta:nonnegative_integer"),
            ("(x + 1)!", "expression", "factorial(x + 1)", OK, "x:nonnegative_integer"),
            ("(x!)!", "expression", "factorial(factorial(x))", OK, "x:nonnegative_integer"),
            ("5!7!", "number", "factorial(5)*factorial(7)", OK),
            # cross-paired with the readings the suite rules out
            ("5!7!", "number", "factorial(57)", NO),
            ("(x + 1)!", "expression", "x + 1", NO, "x:nonnegative_integer")),
    *_pairs(SY, "roots",
            (r"\sqrt{x}", "expression", "sqrt(x)", OK, "x:positive"),
            (r"\sqrt{x + b}", "expression", "sqrt(x + b)", OK, "x:positive b:positive"),
            (r"\sqrt[3]{\sin x}", "expression", "root(sin(x), 3)", OK, "x:(0,3)"),
            (r"\sqrt[y]{\sin x}", "expression", "root(sin(x), y)", OK, "x:(0,3) y:positive"),
            (r"\sqrt[\theta]{\sin x}", "expression", "root(sin(x), theta)", OK, "x:(0,3) theta:positive"),
            (r"\sqrt{\frac{12}{6}}", "number", "sqrt(2)", OK),
            # cross-paired with the readings the suite rules out
            (r"\sqrt[3]{\sin x}", "expression", "3*sqrt(sin(x))", NO, "x:(0,3)"),
            (r"\sqrt{\frac{12}{6}}", "number", "sqrt(12)/6", NO)),
    *_pairs(SY, "sums and products",
            (r"\sum_{k = 1}^{3} c", "expression", "Sum(c, (k, 1, 3))", OK, "c k:index"),
            (r"\sum_{k = 1}^3 c", "expression", "Sum(c, (k, 1, 3))", OK, "c k:index"),
            (r"\sum^{3}_{k = 1} c", "expression", "Sum(c, (k, 1, 3))", OK, "c k:index"),
            (r"\sum^3_{k = 1} c", "expression", "Sum(c, (k, 1, 3))", OK, "c k:index"),
            (r"\sum_{k = 1}^{10} k^2", "number", "385", OK, "k:index"),
            (r"\sum_{n = 0}^{\infty} \frac{1}{n!}", "number", "E", OK, "n:index"),
            (r"\prod_{a = b}^{c} x", "expression", "Product(x, (a, b, c))", OK, "x a:index b:integer c:integer"),
            (r"\prod_{a = b}^c x", "expression", "Product(x, (a, b, c))", OK, "x a:index b:integer c:integer"),
            (r"\prod^{c}_{a = b} x", "expression", "Product(x, (a, b, c))", OK, "x a:index b:integer c:integer"),
            (r"\prod^c_{a = b} x", "expression", "Product(x, (a, b, c))", OK, "x a:index b:integer c:integer"),
            # cross-paired: the summand alone, and a sum of another pair's bounds
            (r"\sum_{k = 1}^{3} c", "expression", "c", NO, "c k:index"),
            (r"\sum_{k = 1}^{10} k^2", "number", "Sum(k**2, (k, 1, 3))", NO, "k:index"),
            (r"\prod_{a = b}^{c} x", "expression", "x", NO, "x a:index b:integer c:integer")),
    *_pairs(SY, "exp and log",
            (r"\exp x", "expression", "exp(x)", OK, "x"),
            (r"\exp(x)", "expression", "exp(x)", OK, "x"),
            (r"\lg x", "expression", "log(x, 10)", OK, "x:positive"),
            (r"\ln x", "expression", "log(x)", OK, "x:positive"),
            (r"\ln xy", "expression", "log(x*y)", OK, "x:positive y:positive"),
            (r"\log x", "expression", "log(x)", OK, "x:positive"),
            (r"\log xy", "expression", "log(x*y)", OK, "x:positive y:positive"),
            (r"\log_{2} x", "expression", "log(x, 2)", OK, "x:positive"),
            (r"\log_{a} x", "expression", "log(x, a)", OK, "x:positive a:(1,oo)"),
            (r"\log_{11} x", "expression", "log(x, 11)", OK, "x:positive"),
            (r"\log_{a^2} x", "expression", "log(x, a**2)", OK, "x:positive a:(1,oo)"),
            (r"\log_2 x", "expression", "log(x, 2)", OK, "x:positive"),
            (r"\log_a x", "expression", "log(x, a)", OK, "x:positive a:(1,oo)"),
            # cross-paired: another pair's base, and the readings the suite rules out
            (r"\lg x", "expression", "log(x)", NO, "x:positive"),
            (r"\log_{2} x", "expression", "log(x, 11)", NO, "x:positive"),
            (r"\ln xy", "expression", "y*log(x)", NO, "x:positive y:positive"),
            (r"\log_{a^2} x", "expression", "log(x, a)", NO, "x:positive a:(1,oo)")),
    *_pairs(SY, "binomials",
            (r"\binom{n}{k}", "expression", "binomial(n, k)", OK, "n:nonnegative_integer k:nonnegative_integer"),
            (r"\tbinom{n}{k}", "expression", "binomial(n, k)", OK, "n:nonnegative_integer k:nonnegative_integer"),
            (r"\dbinom{n}{k}", "expression", "binomial(n, k)", OK, "n:nonnegative_integer k:nonnegative_integer"),
            (r"\binom{n}{0}", "expression", "binomial(n, 0)", OK, "n:nonnegative_integer"),
            (r"x^\binom{n}{k}", "expression", "x**binomial(n, k)", OK,
             "x:positive n:nonnegative_integer k:nonnegative_integer"),
            # cross-paired: the reading as a fraction, and another pair's binomial
            (r"\binom{n}{k}", "expression", "n/k", NO, "n:nonnegative_integer k:positive_integer"),
            (r"\binom{n}{0}", "expression", "binomial(n, k)", NO, "n:nonnegative_integer k:nonnegative_integer")),
    *_pairs(SY, "spacing",
            (r"a \, b", "expression", "a*b", OK, "a b"),
            (r"a \thinspace b", "expression", "a*b", OK, "a b"),
            (r"a \: b", "expression", "a*b", OK, "a b"),
            (r"a \medspace b", "expression", "a*b", OK, "a b"),
            (r"a \; b", "expression", "a*b", OK, "a b"),
            (r"a \thickspace b", "expression", "a*b", OK, "a b"),
            (r"a \! b", "expression", "a*b", OK, "a b"),
            (r"a \negthinspace b", "expression", "a*b", OK, "a b"),
            (r"a \negmedspace b", "expression", "a*b", OK, "a b"),
            (r"a \negthickspace b", "expression", "a*b", OK, "a b"),
            (r"a \, b", "expression", "a + b", NO, "a b")),  # cross-paired
    # BAD_STRINGS (test_not_parseable) and FAILING_BAD_STRINGS (test_strict_mode), each against the reference
    # a repair would guess, so that a silent repair shows up as a false accept
    # GOOD_PAIRS' relations between two variables
    *_pairs(SY, "relations",
            ("x < y", "relation", "x < y", OK, "x y"),
            ("y > x", "relation", "x < y", OK, "x y"),
            (r"x \leq y", "relation", "x < y", NO, "x y"),  # cross-paired
            (r"x \neq y", "relation", "Ne(x, y)", OK, "x y")),
    # test_latex_cases_environment_error: SymPy's parser refuses `cases`; a grader reads the system it writes
    *_pairs(SY, "systems",
            (r"\begin{cases} x=1 \\ y=2 \end{cases}", "condition", "Eq(x, 1) & Eq(y, 2)", OK, "x y"),
            (r"\begin{cases} x=1 \\ y=2 \end{cases}", "condition", "Eq(x, 2) & Eq(y, 1)", NO, "x y"),  # cross-paired
            ("x=1, y=2", "condition", "Eq(x, 1) & Eq(y, 2)", OK, "x y")),  # the same system on one line
    *_pairs(SY, "unreadable",
            ("(", "expression", "x", BAD, "x"),
            (r"\mathit{21}", "number", "21", BAD),
            (r"\mathit{x + y}", "expression", "x + y", BAD, "x y"),
            (r"\frac{d}{dx}", "expression", "x", BAD, "x"),
            (r"(\frac{d}{dx})", "expression", "x", BAD, "x"),
            (r"\sqrt{}", "expression", "sqrt(x)", BAD, "x:positive"),
            (r"\sqrt", "expression", "sqrt(x)", BAD, "x:positive"),
            ("{", "expression", "x", BAD, "x"),
            (r"\frac{2}{}", "number", "2", BAD),
            (r"\frac{}{2}", "number", "Rational(1, 2)", BAD),
            (r"\int", "expression", "x", BAD, "x"),
            ("!", "number", "1", BAD),
            ("!0", "number", "1", BAD),
            ("_", "expression", "x", BAD, "x"),
            ("^", "expression", "x", BAD, "x"),
            ("|", "expression", "x", BAD, "x"),
            ("||x|", "expression", "Abs(x)", BAD, "x"),
            ("()", "expression", "x", BAD, "x"),
            ("-", "expression", "x", BAD, "x"),
            (r"\frac{d}{dx} + \frac{d}{dt}", "expression", "x", BAD, "x t"),
            ("f(x,,y)", "expression", "f(x, y)", BAD, "f:function x y"),
            ("f(x,y,", "expression", "f(x, y)", BAD, "f:function x y"),
            (r"\sin^x", "expression", "sin(x)", BAD, "x"),
            (r"\cos^2", "expression", "cos(x)**2", BAD, "x"),
            (r"\frac{(2 + x}{1 - x)}", "expression", "(2 + x)/(1 - x)", BAD, "x"),
            (r"\cos 1 \cos", "number", "cos(1)", BAD),
            ("f(,", "expression", "f(x)", BAD, "f:function x"),
            ("f()", "expression", "f(x)", BAD, "f:function x"),
            (r"a \div \div b", "expression", "a/b", BAD, "a b"),
            (r"a \cdot \cdot b", "expression", "a*b", BAD, "a b"),
            ("a // b", "expression", "a/b", BAD, "a b"),
            ("a +", "expression", "a", BAD, "a"),
            ("1.1.1", "number", "1", BAD),
            ("1 +", "number", "1", BAD),
            ("a / b /", "expression", "a/b", BAD, "a b")),
]

PAIRS = MATH_VERIFY + SYMPY


# --------------------------------------------------------------------------- the bank
def _symbols(spec: str) -> dict[str, dict[str, str]]:
    declared: dict[str, dict[str, str]] = {}
    for item in spec.split():
        name, _, domain = item.partition(":")
        kinds = ("function", "indexed", "index")
        declared[name] = {"kind": domain} if domain in kinds else {"domain": domain or "real"}
    return declared


def _key(pair: Pair) -> tuple[str, str, str]:
    return pair.type, pair.reference, pair.symbols


def _answer(kind: str, reference: str) -> dict[str, str]:
    """`number[cm^2]` is a number answer with a unit."""
    kind, _, unit = kind.partition("[")
    answer = {"type": kind, "reference": reference}
    if unit:
        answer["unit"] = unit.rstrip("]")
    return answer


EXERCISE_IDS = {key: f"17.3.conf-{n}" for n, key in enumerate(dict.fromkeys(_key(p) for p in PAIRS))}


def _bank_yaml() -> str:
    exercises = []
    for (kind, reference, symbols), exercise_id in EXERCISE_IDS.items():
        entry = {"id": exercise_id, "title": "conformance", "source": {"seed": "s.txt", "section": "17.3"},
                 "statement": "Give the answer.", "answer": _answer(kind, reference)}
        if symbols:
            entry["symbols"] = _symbols(symbols)
        exercises.append(entry)
    return yaml.safe_dump({"section": "17.3", "title": "Conformance", "exercises": exercises}, sort_keys=False,
                          allow_unicode=True)


@pytest.fixture(scope="module")
def bank_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder: Path = tmp_path_factory.mktemp("conformance")
    (folder / "17.3.yaml").write_text(_bank_yaml(), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def bank(bank_folder: Path):
    return load_bank(bank_folder)


@pytest.fixture(scope="module")
def verdict_of(bank):
    seen: dict[Pair, object] = {}

    def grade(pair: Pair):
        if pair not in seen:
            exercise = bank.get(EXERCISE_IDS[_key(pair)])
            seen[pair] = grade_part(exercise, exercise.main_part, pair.answer)
        return seen[pair]
    return grade


def _id(pair: Pair) -> str:
    answer = pair.answer.replace("\n", r"\n")
    return f"{pair.suite}/{pair.category}: {answer} vs {pair.reference}"


def _show(pair: Pair, verdict) -> str:
    return (f"{_id(pair)}: expected {pair.expected}, got {verdict.status} "
            f"({verdict.feedback} | read as {verdict.interpreted})")


# --------------------------------------------------------------------------- the tests
NOT_EQUIVALENT = [p for p in PAIRS if p.expected != OK]


@pytest.mark.parametrize("pair", NOT_EQUIVALENT, ids=[_id(p) for p in NOT_EQUIVALENT])
def test_no_answer_that_is_not_equivalent_is_accepted(verdict_of, pair: Pair) -> None:
    verdict = verdict_of(pair)
    assert verdict.status != OK, _show(pair, verdict)


def _param(pair: Pair):
    marks = [pytest.mark.xfail(reason=pair.xfail, strict=True)] if pair.xfail else []
    return pytest.param(pair, marks=marks, id=_id(pair))


@pytest.mark.parametrize("pair", [_param(p) for p in PAIRS])
def test_verdict_agrees_with_the_suite(verdict_of, pair: Pair) -> None:
    verdict = verdict_of(pair)
    assert verdict.status == pair.expected, _show(pair, verdict)


def test_agreement_rate_per_suite(verdict_of, capsys: pytest.CaptureFixture[str]) -> None:
    kept: Counter[str] = Counter()
    agreed: Counter[str] = Counter()
    disagreed: dict[str, Counter[str]] = defaultdict(Counter)
    false_accepts = []
    for pair in PAIRS:
        verdict = verdict_of(pair)
        kept[pair.suite] += 1
        if verdict.status == pair.expected:
            agreed[pair.suite] += 1
        else:
            disagreed[pair.suite][pair.category] += 1
        if pair.expected != OK and verdict.status == OK:
            false_accepts.append(_show(pair, verdict))
    marked = Counter(p.suite for p in PAIRS if p.xfail)
    with capsys.disabled():
        print()
        for suite in (MV, SY):
            worst = ", ".join(f"{c} {n}" for c, n in disagreed[suite].most_common(5))
            print(f"{suite}: {agreed[suite]}/{kept[suite]} agree ({agreed[suite] / kept[suite]:.1%}); "
                  f"{marked[suite]} marked xfail; disagreements by category: {worst or 'none'}")
        print(f"false accepts: {len(false_accepts)}")
    assert not false_accepts, "\n".join(false_accepts)
    assert len(PAIRS) == len(set(PAIRS)), "a pair is listed twice"
    listed = {(f"{p.suite}/{p.category}", p.answer, p.reference) for p in PAIRS}
    assert set(DISAGREEMENTS) <= listed, f"disagreements with no pair: {set(DISAGREEMENTS) - listed}"


def test_every_pair_graded_in_one_class_batch(verdict_of, bank_folder: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """All pairs as one class file, graded by `dlmath grade` (two sandboxed workers, the store): each verdict
    is the one the pair gets alone, whatever was graded before it on the same worker."""
    answers = tmp_path / "answers.jsonl"
    answers.write_text("".join(json.dumps({"student": f"pair{n:04d}", "exercise": EXERCISE_IDS[_key(pair)],
                                           "answer": pair.answer}) + "\n" for n, pair in enumerate(PAIRS)),
                       encoding="utf-8")
    graded = tmp_path / "graded.jsonl"
    env = {**os.environ, "DLMATH_BANK": str(bank_folder)}
    run = subprocess.run([sys.executable, "-m", "dlmath", "grade", str(answers), "--db", str(tmp_path / "grades.db"),
                          "--out", str(graded), "--workers", "2"], capture_output=True, text=True, env=env,
                         timeout=600)
    assert run.returncode == 0, run.stderr
    records = {r["student"]: r for r in map(json.loads, graded.read_text(encoding="utf-8").splitlines())}
    assert len(records) == len(PAIRS)
    agreed: Counter[str] = Counter()
    for n, pair in enumerate(PAIRS):
        status = records[f"pair{n:04d}"]["status"]
        assert status == verdict_of(pair).status, f"{_id(pair)}: {status} in the batch, {verdict_of(pair).status} alone"
        agreed[pair.suite] += status == pair.expected
    with capsys.disabled():
        kept = Counter(p.suite for p in PAIRS)
        rates = (f"{suite} {agreed[suite]}/{kept[suite]} ({agreed[suite] / kept[suite]:.1%})" for suite in (MV, SY))
        print("\nin one batch: " + "; ".join(rates))
