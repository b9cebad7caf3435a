"""Several variables (17.4.1-17.4.6): gradients, Hessians, Taylor
approximations, critical points and their type, on the seed's examples and
on other functions (recomputed with SymPy directly), and broken steps caught."""
from __future__ import annotations

import pytest
import sympy as sp

from deriver import catalog, derive, verify

x, y, z = sp.symbols("x y z", real=True)
NAMES = ["gradient", "directional-derivative", "hessian", "linear-approximation", "quadratic-approximation",
         "critical-points", "critical-point-type"]


@pytest.mark.parametrize("name", NAMES)
def test_catalog_entries_verify(name: str) -> None:
    assert derive(name).verified


def test_the_seed_exercises() -> None:
    s = sp.exp(x) + sp.exp(y)
    assert derive("gradient").result == sp.Tuple(sp.exp(x) / s, sp.exp(y) / s)
    assert derive("directional-derivative").result == 1
    assert derive("critical-points").result == sp.Tuple(0, 0)
    assert derive("critical-point-type").result == "neither"


def test_the_quadratic_of_17_4_33_has_the_half() -> None:
    q = derive("quadratic-approximation").result
    assert sp.simplify(q - sp.exp(-1) * (-1 - (x + 1) + (x + 1) ** 2 + y**2)) == 0
    assert sp.simplify(q - sp.exp(-1) * (-1 - (x + 1) + 2 * (x + 1) ** 2 + 2 * y**2)) != 0


def test_gradient_and_hessian_of_other_functions() -> None:
    f = x**2 * y + sp.sin(x * y) * z
    gradient = derive("gradient", expr=f, vars="x, y, z").result
    assert all(sp.simplify(g - sp.diff(f, v)) == 0 for g, v in zip(gradient, (x, y, z)))
    H = derive("hessian", expr=f, vars="x, y, z").result
    assert sp.simplify(sp.Matrix(H) - sp.hessian(f, (x, y, z))) == sp.zeros(3, 3)


def test_directional_derivative_along_another_direction() -> None:
    f = x**3 * y - y**2
    value = derive("directional-derivative", expr=f, vars="x, y", direction="2, -1").result
    assert sp.simplify(value - (2 * sp.diff(f, x) - sp.diff(f, y))) == 0


@pytest.mark.parametrize("f, at", [(sp.exp(x) * sp.cos(y), (0, 0)), (sp.log(1 + x**2 + 2 * y), (1, 1)),
                                   (x**3 * y, (2, -1))])
def test_quadratic_approximation_of_other_functions(f, at) -> None:
    q = derive("quadratic-approximation", expr=f, vars="x, y", at=at).result
    t, hx, hy = sp.symbols("t h_x h_y")
    shifted = {x: at[0] + t * hx, y: at[1] + t * hy}
    expected = sp.series(f.xreplace(shifted), t, 0, 3).removeO()
    assert sp.simplify(sp.expand(q.xreplace(shifted) - expected)) == 0


@pytest.mark.parametrize("f, found", [
    (x**3 - 3 * x + y**2, sp.FiniteSet(sp.Tuple(-1, 0), sp.Tuple(1, 0))),
    (x**2 + x * y + y**2 - 3 * x, sp.Tuple(2, -1)),
])
def test_critical_points_of_other_functions(f, found) -> None:
    result = derive("critical-points", expr=f, vars="x, y").result
    assert result == found
    for point in (found if isinstance(found, sp.FiniteSet) else [found]):
        assert all(sp.diff(f, v).subs(dict(zip((x, y), point))) == 0 for v in (x, y))


def test_critical_points_in_one_variable_are_a_set() -> None:
    f = 3 * x**4 - 4 * x**3 - 12 * x**2  # (17.4.12)
    assert derive("critical-points", expr=f, vars="x").result == sp.FiniteSet(-1, 0, 2)


@pytest.mark.parametrize("f, kind", [(x**2 + y**2, "minimum"), (-(x**2) - 3 * y**2 + x * y, "maximum"),
                                     (x**2 - y**2, "neither"), (x**3 - 3 * x * y**2, "neither")])
def test_classification_of_other_critical_points(f, kind) -> None:
    direction = "1, 0" if kind == "neither" else ""
    assert derive("critical-point-type", expr=f, vars="x, y", point="0, 0", direction=direction).result == kind


def test_a_degenerate_hessian_needs_a_deciding_line() -> None:
    with pytest.raises(ValueError):
        derive("critical-point-type", expr=x**2 * y + x * y**2, vars="x, y", point="0, 0", direction="")
    with pytest.raises(ValueError):
        derive("critical-point-type", expr=x**4 + y**4, vars="x, y", point="0, 0", direction="1, 1")


def _unverified(name: str, **inputs):
    entry = catalog()[name]
    return entry.build(**{**entry.defaults, **inputs})


def test_the_seeds_quadratic_fails_the_taylor_check() -> None:
    derivation = _unverified("quadratic-approximation")
    derivation.steps[1].statement = sp.exp(-1) * (-1 - (x + 1) + 2 * (x + 1) ** 2 + 2 * y**2)  # (17.4.33)
    verify(derivation)
    assert derivation.steps[1].passed is False


def test_a_missing_critical_point_is_caught() -> None:
    derivation = _unverified("critical-points", expr=x**3 - 3 * x + y**2)
    derivation.steps[-1].statement = sp.FiniteSet(sp.Tuple(1, 0))
    assert not verify(derivation).verified


def test_a_wrong_classification_is_caught() -> None:
    derivation = _unverified("critical-point-type")
    derivation.steps[-1].statement = "minimum"
    assert not verify(derivation).verified


def test_a_wrong_partial_derivative_is_caught() -> None:
    derivation = _unverified("gradient")
    derivation.steps[1].statement = sp.ImmutableMatrix([sp.exp(x), sp.exp(y)])
    assert not verify(derivation).verified


def test_definitions_and_the_checked_directional_derivative() -> None:
    """Gradients and Hessians are written out by their definitions; grad f . u is checked against
    d/dt f(x + t u) at t = 0, so a wrong sum of partials is refused at the first step."""
    for name in NAMES:
        for step in derive(name).walk():
            assert step.check != "assumed" or step.basis == "definition" or step.rule == "the function", \
                (name, step.rule)
    first = derive("directional-derivative").steps[0]
    assert first.check == "symbolic" or first.check == "numeric"
    derivation = catalog()["directional-derivative"].build(expr="x**2*y", vars="x, y", direction="1, 2")
    derivation.steps[0].statement = sp.Derivative(x**2 * y, x) + sp.Derivative(x**2 * y, y)  # u = (1, 1), not (1, 2)
    assert not verify(derivation).verified
