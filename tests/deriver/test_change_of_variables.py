"""Change of variables: the rule (17.5.14)-(17.5.18) derived for any f and u,
and (17.5.35) for any map of the plane, each checked against an integral
computed another way."""
from __future__ import annotations

import pytest
import sympy as sp

from deriver import derive, verify
from deriver.catalog import catalog
from tests.deriver.test_catalog_acceptance import run as invoke

x, y = sp.symbols("x y", real=True)


def test_the_seed_example_17_5_20() -> None:
    derivation = derive("change-of-variables")
    assert derivation.verified and sp.simplify(derivation.result - (sp.exp(-1) - 1)) == 0
    rules = [step.rule for step in derivation.steps]
    assert any("chain rule (17.5.15)" in r for r in rules) and any("fundamental theorem" in r for r in rules)


@pytest.mark.parametrize("f, u, a, b", [("y**2", "sin(x)", "0", "pi/2"), ("cos(y)", "x**2", "0", "1"),
                                        ("1/y", "exp(x)", "0", "2"), ("-1/2", "exp(-x**2)", "0", "1")])
def test_other_functions_give_the_integral_computed_directly(f: str, u: str, a: str, b: str) -> None:
    f_y, u_x, lower, upper = sp.sympify(f, locals={"y": y}), sp.sympify(u, locals={"x": x}), sp.sympify(a), sp.sympify(b)
    direct = sp.integrate(f_y.subs(y, u_x) * sp.diff(u_x, x), (x, lower, upper))
    derivation = derive("change-of-variables", f=f, u=u, lower=a, upper=b)
    assert derivation.verified and sp.simplify(derivation.result - direct) == 0


def test_a_wrong_chain_rule_step_is_caught() -> None:
    entry = catalog()["change-of-variables"]
    derivation = entry.build(**entry.defaults)
    chain = derivation.steps[1]
    chain.statement = sp.Integral(chain.statement.function * 2, *chain.statement.limits)
    assert not verify(derivation).verified


def _parallelogram(f: sp.Expr) -> sp.Expr:
    """The integral of f over the image of [0, 1]^2 under (u + v, u - v), in x and y."""
    return (sp.integrate(sp.integrate(f, (y, -x, x)), (x, 0, 1))
            + sp.integrate(sp.integrate(f, (y, x - 2, 2 - x)), (x, 1, 2)))


@pytest.mark.parametrize("f", ["x", "x*y + 1", "exp(x)"])
def test_a_linear_map_agrees_with_the_integral_over_its_parallelogram(f: str) -> None:
    derivation = derive("multiple-change-of-variables", f=f, phi="u + v, u - v", u_range="0, 1", v_range="0, 1")
    assert derivation.verified
    expected = _parallelogram(sp.sympify(f, locals={"x": x, "y": y}))
    assert sp.simplify(derivation.result - expected) == 0


def test_polar_and_elliptic_coordinates() -> None:
    disc = derive("multiple-change-of-variables")  # the seed's polar map, on the unit disc
    assert disc.verified and sp.simplify(disc.result - sp.pi * (1 - sp.exp(-1))) == 0
    ellipse = derive("multiple-change-of-variables", f="1", phi="2*u*cos(v), 3*u*sin(v)", u_range="0, 1",
                     v_range="0, 2*pi")
    assert ellipse.verified and sp.simplify(ellipse.result - 6 * sp.pi) == 0  # the area pi a b
    assert any(str(step.statement) == "6*u" for step in ellipse.steps)  # |det D phi| = 6u


def test_a_map_that_folds_the_region_is_refused() -> None:
    with pytest.raises(ValueError, match="folds"):
        derive("multiple-change-of-variables", f="1", phi="u**2, v", u_range="-1, 1", v_range="0, 1")


def test_the_command_line_derives_both() -> None:
    result = invoke("derive", "multiple-change-of-variables", "--f", "x", "--phi", "u + v, u - v",
                    "--u_range", "0, 1", "--v_range", "0, 1")
    assert result.exit_code == 0 and "Result: 2" in result.output, result.output
    result = invoke("derive", "change-of-variables", "--f", "cos(y)", "--u", "x**2", "--upper", "1")
    assert result.exit_code == 0 and "chain rule (17.5.15)" in result.output, result.output
