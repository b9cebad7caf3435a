"""Integral calculus (17.5): the catalog entries verify, the generators work
on other integrands (each result recomputed here with sp.integrate), and a
broken step is caught."""
from __future__ import annotations

import json
import time

import pytest
import sympy as sp
from click.testing import CliRunner

from deriver import derive, verify
from deriver.errata import CLAIMS, _agrees
from deriver.generators.integrals import At, IntegrationError, rule_for
from dlmath.cli import main

NAMES = ["definite-integral", "antiderivative", "substitution-integral", "iterated-integral", "polar-gaussian-integral"]
x, y = sp.Symbol("x", real=True), sp.Symbol("y", real=True)


@pytest.mark.parametrize("name", NAMES)
def test_catalog_entry_verifies(name: str) -> None:
    derivation = derive(name)
    assert derivation.verified
    assert len(derivation.steps) >= 3


def test_seed_examples_give_the_true_values() -> None:
    assert derive("definite-integral").result == sp.log(5) / 2  # the code of 17.5.1 prints log(2)/2
    assert sp.simplify(derive("substitution-integral").result - (1 - sp.exp(-1)) / 2) == 0
    assert derive("polar-gaussian-integral").result == sp.pi
    iterated = derive("iterated-integral")
    assert iterated.result == sp.Rational(1, 5) and iterated.steps[-1].relation == "=>"


@pytest.mark.parametrize("f, a, b", [
    (x**2 * sp.exp(-x), 0, sp.oo),
    (sp.sin(x) ** 2, 0, sp.pi),
    (1 / (1 + x**2), 0, 1),
    (sp.exp(-sp.Abs(x - 1)), -sp.oo, sp.oo),
    (x * sp.log(x), 1, sp.E),
    (1 / (x**2 - 1), 2, 3),
])
def test_definite_integral_on_other_integrands(f, a, b) -> None:
    derivation = derive("definite-integral", expr=f, var=x, lower=a, upper=b)
    assert derivation.verified
    assert sp.simplify(derivation.result - sp.integrate(f, (x, a, b))) == 0


def test_a_divergent_integral_is_refused() -> None:
    with pytest.raises(ValueError, match="diverges"):
        derive("definite-integral", expr=x / (1 + x**2), var=x, lower=-sp.oo, upper=sp.oo)


@pytest.mark.parametrize("f", [x * sp.cos(x), 1 / (x**2 + 4 * x + 5), x**3 * sp.exp(x**2), sp.sqrt(3 * x + 1)])
def test_antiderivative_differentiates_back(f) -> None:
    derivation = derive("antiderivative", expr=f, var=x)
    assert derivation.verified
    assert sp.simplify(sp.diff(derivation.result, x) - f) == 0


@pytest.mark.parametrize("substitution", ["x**2", "auto"])
def test_substitution_on_other_inputs(substitution: str) -> None:
    f = x * sp.cos(x**2)
    derivation = derive("substitution-integral", expr=f, var=x, substitution=substitution, lower=0,
                        upper=sp.sqrt(sp.pi / 2))
    assert derivation.verified
    assert sp.simplify(derivation.result - sp.integrate(f, (x, 0, sp.sqrt(sp.pi / 2)))) == 0
    moved = derivation.steps[2].statement
    assert moved.limits[0][1:] == (0, sp.pi / 2)  # the limits follow u = x^2


def test_any_invertible_substitution_works() -> None:
    derivation = derive("substitution-integral", expr=x * sp.cos(x**2), var=x, substitution="x**3", lower=0, upper=1)
    assert derivation.verified and sp.simplify(derivation.result - sp.sin(1) / 2) == 0


@pytest.mark.parametrize("substitution, lower", [("y**2", 0), ("x**2", -1)])
def test_a_substitution_that_does_not_fit_is_refused(substitution: str, lower: int) -> None:
    with pytest.raises(ValueError):  # u free of x; u = x^2 not one-to-one on [-1, 1] for the integrand 1
        derive("substitution-integral", expr=sp.Integer(1), var=x, substitution=substitution, lower=lower, upper=1)


def test_iterated_integral_where_fubini_holds() -> None:
    f = x**2 + y
    derivation = derive("iterated-integral", expr=f, inner=x, inner_range=(0, 1), outer=y, outer_range=(0, 2))
    assert derivation.verified and derivation.steps[-1].relation == "="
    assert derivation.result == sp.integrate(f, (x, 0, 1), (y, 0, 2))


def test_the_two_orders_of_exercise_4_differ() -> None:
    f = x * y * (x**2 - y**2) / (x**2 + y**2) ** 3
    first = derive("iterated-integral", expr=f, inner=y, inner_range="0, 1", outer=x, outer_range="0, 2")
    second = derive("iterated-integral", expr=f, inner=x, inner_range="0, 2", outer=y, outer_range="0, 1")
    assert (first.result, second.result) == (sp.Rational(1, 5), sp.Rational(-1, 20))
    assert all(d.steps[-1].relation == "=>" for d in (first, second))


@pytest.mark.parametrize("f", [sp.exp(-(x**2 + y**2)) * (x**2 + y**2), 1 / (1 + x**2 + y**2) ** 2])
def test_polar_change_on_other_integrands(f) -> None:
    r, t = sp.Symbol("r", nonnegative=True), sp.Symbol("t", real=True)
    expected = sp.integrate(f.subs({x: r * sp.cos(t), y: r * sp.sin(t)}).simplify() * r, (t, 0, 2 * sp.pi), (r, 0, sp.oo))
    derivation = derive("polar-gaussian-integral", expr=f)
    assert derivation.verified
    assert sp.simplify(derivation.result - expected) == 0


def test_a_broken_step_is_caught() -> None:
    derivation = derive("definite-integral")
    derivation.steps[2].statement = 2 * derivation.steps[2].statement
    for step in derivation.walk():
        step.passed = None
    assert not verify(derivation).verified


def test_a_wrong_other_order_is_caught() -> None:
    derivation = derive("iterated-integral")
    last = derivation.steps[-1]
    last.statement = sp.Ne(last.statement.lhs, sp.Rational(-1, 20), evaluate=False)
    assert not verify(derivation).verified


def test_the_rules_of_exercise_4_are_found_quickly() -> None:
    a, b = sp.Symbol("a", positive=True), sp.Symbol("b", positive=True)
    start = time.process_time()
    rule = rule_for(a * b * (a**2 - b**2) / (a**2 + b**2) ** 3, b)
    assert time.process_time() - start < 5 and not rule.contains_dont_know()


def test_the_bracket_keeps_its_variable() -> None:
    bracket = At(x**2 / 2, x, 1) - At(y**2 / 2, y, 0)
    assert bracket.doit() == sp.Rational(1, 2)
    assert "x=1" in sp.latex(At(x**2, x, 1)) and At(x**2, x, 1) != At(y**2, y, 1)


def test_seed_claims_of_17_5() -> None:
    mine = [c for c in CLAIMS if "17.5" in c.where]
    assert len(mine) >= 10
    found = {c.where for c in mine if not _agrees(c.seed_says, c.compute())}
    assert "(17.5.4), the code of 17.5.1" in found
    assert not {"(17.5.21)", "(17.5.40)", "(17.5.39)"} & found


def test_cli_derives_an_integral() -> None:
    result = CliRunner().invoke(main, ["derive", "definite-integral", "--expr", "x*exp(-x)", "--lower", "0",
                                       "--upper", "oo", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["verified"] is True and data["result_sympy"] == "1"
    bad = CliRunner().invoke(main, ["derive", "definite-integral", "--expr", "1/x", "--lower", "-1", "--upper", "1"])
    assert bad.exit_code != 0 and "Traceback" not in bad.output


def test_integration_error_is_a_value_error() -> None:
    assert issubclass(IntegrationError, ValueError)


def test_a_triangle_and_a_bound_variable_named_u() -> None:
    triangle = derive("iterated-integral", expr=x * y, inner=x, inner_range=(0, y), outer=y, outer_range=(0, 1))
    assert triangle.verified and triangle.result == sp.integrate(x * y, (x, 0, y), (y, 0, 1))
    u = sp.Symbol("u", real=True)
    d = derive("antiderivative", expr=u * sp.exp(u**2), var=u)
    assert d.verified and "substitution v" in " ".join(s.rule for s in d.steps)


def test_the_reciprocal_rule_gives_log_of_the_absolute_value() -> None:
    x = sp.Symbol("x", real=True)
    assert derive("antiderivative", expr="1/x", var="x").result == sp.log(sp.Abs(x))
    negative = derive("definite-integral", expr="1/x", var="x", lower="-2", upper="-1")
    assert negative.result == -sp.log(2)
    logs = [g for step in negative.walk() for g in sp.sympify(step.statement).atoms(sp.log)]
    assert logs and all(isinstance(g.args[0], sp.Abs) or g.args[0].is_positive for g in logs)
    assert derive("antiderivative", expr="2*x/(x**2 + 1)", var="x").result == sp.log(x**2 + 1)  # positive: no bars


def test_an_input_that_sends_sympy_into_recursion_is_refused_in_words() -> None:
    result = CliRunner().invoke(main, ["derive", "polar-gaussian-integral", "--expr", "x*exp(-x**2-y**2)"])
    assert result.exit_code == 1 and "cannot derive polar-gaussian-integral" in result.output
    assert "Traceback" not in result.output


def test_the_simplest_form_brings_in_no_double_angle() -> None:
    """simplify's first answer for the antiderivative of sin^2 e^x has sin 2x and cos 2x; the form kept is the
    one with the fewest operations among those in the angles of the input, and it still differentiates back."""
    derivation = derive("antiderivative", expr="sin(x)^2*exp(x)", var="x")
    assert derivation.verified
    angles = {f.args[0] for f in derivation.result.atoms(sp.sin, sp.cos)}
    assert angles == {derivation.result.free_symbols.pop()}
    f = sp.sin(x) ** 2 * sp.exp(x)
    assert sp.simplify(sp.diff(derivation.result.xreplace({s: x for s in derivation.result.free_symbols}), x) - f) == 0


def test_the_jacobian_is_written_by_its_definition() -> None:
    polar = derive("polar-gaussian-integral")
    jacobian = polar.steps[1].substeps[0]
    assert jacobian.basis == "definition" and "(17.5.36)" in jacobian.rule
    assert isinstance(jacobian.statement.args[0], sp.Determinant)  # unevaluated: the next step differentiates


def test_an_evaluation_bracket_is_shown_upper_end_first() -> None:
    """(17.5.6): F(b) - F(a), as written, in the terminal and in LaTeX; sorted it read -F|_0 + F|_2."""
    from deriver.render import as_data
    shown = as_data(derive("definite-integral", expr="-x", var="x", lower="0", upper="2"))["steps"][2]
    assert shown["latex"].index("x=2") < shown["latex"].index("x=0")
    bottom = shown["pretty"].splitlines()[-1]
    assert bottom.index("x=2") < bottom.index("x=0")


def test_a_split_integral_is_shown_left_to_right_and_a_variance_as_written() -> None:
    """E[X^2] - E[X]^2 (17.6.24) reads as written, and the pieces of a split line run from -oo to oo."""
    from deriver.render import as_data
    steps = as_data(derive("continuous-moments", density="exp(-abs(x + 1)/3)/6", var="x", support="-oo, oo",
                           quantity="variance"))["steps"]
    first, split = steps[0]["latex"], steps[1]["latex"]
    assert first.index("x^{2}") < first.index(r"\right)^{2}")  # the second moment first, then minus the mean squared
    lows = [split.index(low) for low in (r"\int\limits_{-\infty}^{-1}", r"\int\limits_{-1}^{0}",
                                         r"\int\limits_{0}^{\infty}")]
    assert lows == sorted(lows)
