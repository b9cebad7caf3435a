"""Backpropagation (17.4.14)-(17.4.24): the seed's graph and point, other
points and other graphs (recomputed by differentiating the composed
function with SymPy), the first code listing's mistake, broken steps caught."""
from __future__ import annotations

import itertools

import pytest
import sympy as sp

from deriver import catalog, derive, verify
from deriver.generators.backprop import GRAPH_17_4_14, _first_listing, parse_graph
from deriver.render import step_data

w, x, y, z = sp.symbols("w x y z", real=True)
S, T = w + x + y + z, w + x - y - z
COMPOSED = (((S**2 + T**2) ** 2) + ((S**2 - T**2) ** 2)) ** 2  # (17.4.15)


def test_the_seed_example() -> None:
    derivation = derive("backprop")
    assert derivation.verified and derivation.result == -4096


@pytest.mark.parametrize("wrt", "wxyz")
def test_every_input_at_the_seed_point_is_minus_4096(wrt: str) -> None:
    assert derive("backprop", wrt=wrt).result == -4096


@pytest.mark.parametrize("point, wrt", [((1, 2, 3, 4), "y"), ((0, 0, -2, 1), "w"), ((1, -1, 1, 2), "z")])
def test_other_points_recomputed_from_the_composition(point, wrt) -> None:
    var = {"w": w, "x": x, "y": y, "z": z}[wrt]
    expected = sp.diff(COMPOSED, var).subs(dict(zip((w, x, y, z), point)))
    assert derive("backprop", point=point, wrt=wrt).result == expected


def test_minus_4096_is_not_the_value_for_every_input_point() -> None:
    """The listings' four equal partials come from b = 0 at (-1, 0, -2, 1), not from the graph."""
    values = {tuple(sp.diff(COMPOSED, v).subs(dict(zip((w, x, y, z), p))) for v in (w, x, y, z))
              for p in itertools.product((-1, 0, 2), repeat=4)}
    assert len(values) > 1 and any(len(set(v)) > 1 for v in values)
    assert any("not for every input point" in note for note in derive("backprop").notes)


def test_another_graph() -> None:
    graph = "h = p*q; g = sin(h) + p; f = g**2 + exp(h)"
    p, q = sp.symbols("p q", real=True)
    composed = (sp.sin(p * q) + p) ** 2 + sp.exp(p * q)
    result = derive("backprop", graph=graph, inputs="p, q", point="1, 2", wrt="q").result
    assert sp.simplify(result - sp.diff(composed, q).subs({p: 1, q: 2})) == 0


def test_graph_errors() -> None:
    with pytest.raises(ValueError):
        parse_graph("a = b + w; f = a", "w")  # b is never defined
    with pytest.raises(ValueError):
        derive("backprop", wrt="t")


def test_the_first_listing_computes_minus_2048() -> None:
    u, v, a, b = sp.symbols("u v a b", real=True)
    assert _first_listing(2 * (u - v), 2 * (a - b)) == -2048
    assert _first_listing(2 * (u + v), 2 * (a + b)) == -4096


def _unverified(**inputs):
    entry = catalog()["backprop"]
    return entry.build(**{**entry.defaults, **inputs})


def test_a_wrong_backward_value_is_caught() -> None:
    derivation = _unverified()
    derivation.steps[-3].statement = sp.Integer(-2048)  # the backward value of df/dw
    assert not verify(derivation).verified


def test_a_wrong_forward_value_is_caught() -> None:
    derivation = _unverified(graph=GRAPH_17_4_14)
    derivation.steps[1].statement = sp.Integer(5)  # a = 4 at the seed's point
    assert not verify(derivation).verified


def test_each_chain_rule_step_is_checked_and_a_wrong_one_is_caught() -> None:
    """The chain-rule sums are checked one by one against the output written
    in that node alone and differentiated, not against the backward pass."""
    derivation = derive("backprop")
    backward = [s for s in derivation.steps if s.rule.startswith("backward:")]
    assert [s.rule for s in backward] == [f"backward: df/d{n}" for n in "vubaw"]
    assert all(s.check == "symbolic" and s.passed for s in backward)
    assert {s.basis for s in derivation.walk() if s.check == "assumed"} == {"given", "definition"}
    wrong = _unverified()
    df_db = next(s for s in wrong.steps if s.rule == "backward: df/db")
    df_db.statement = sp.Add(sp.Mul(64, 8, evaluate=False), sp.Mul(64, 8, evaluate=False), evaluate=False)
    assert not verify(wrong).verified


def test_a_chain_rule_sum_is_shown_in_the_order_of_its_terms() -> None:
    """df/db = df/du du/db + df/dv dv/db = 64·8 + 64·(-8), not reordered to 64(-8) + 64·8."""
    [step] = [s for s in derive("backprop").steps if s.rule == "backward: df/db"]
    assert step.display.endswith(r"= 64 \cdot 8 + 64 \left(-8\right)")
    assert step_data(step)["pretty"].strip() == "64⋅8 + 64⋅(-8)"
