"""The derivation model: checks that pass, checks that fail loudly, renderers."""
from __future__ import annotations

import json

import pytest
import sympy as sp
from click.testing import CliRunner

from deriver import DerivationFailed, derive, verify
from deriver.model import Derivation, Source, Step, given
from deriver.render import as_json_data
from dlmath.cli import main
from dlmath.export import render_derivation

x = sp.Symbol("x", real=True)
SOURCE = Source("test", "0")


def chain(*steps: Step) -> Derivation:
    return Derivation("test", "test", SOURCE, list(steps), steps[-1].statement)


def test_a_correct_chain_verifies_with_its_methods() -> None:
    d = verify(chain(given((x + 1) ** 2, "start"), Step(x**2 + 2 * x + 1, rule="expand"),
                     Step(sp.Derivative(x**3, x) / (3 * x) * x**2 / x + 2 * x + 1 - x**2 + x**2, rule="odd but equal")))
    assert d.verified
    assert d.steps[0].check == "assumed"
    assert all(step.check in ("symbolic", "numeric") and step.passed for step in d.steps[1:])


def test_a_broken_step_is_caught_and_derive_raises() -> None:
    d = verify(chain(given((x + 1) ** 2, "start"), Step(x**2 + x + 1, rule="expand (wrong)")))
    assert not d.verified and d.failures()[0].rule == "expand (wrong)"
    with pytest.raises(DerivationFailed, match="expand"):
        raise DerivationFailed(d)


def test_a_first_step_must_be_given() -> None:
    assert not verify(chain(Step(x))).verified


def test_an_implication_needs_its_own_checker() -> None:
    d = verify(chain(given(sp.Eq(x**2, 4), "start"), Step(sp.Eq(x, 2), "=>")))
    assert not d.verified and "checker" in d.failures()[0].detail


def test_equivalent_equations() -> None:
    d = verify(chain(given(sp.Eq(2 * x, 4), "start"), Step(sp.Eq(x, 2), "<=>", rule="divide by 2")))
    assert d.verified


def test_inequality_steps() -> None:
    assert verify(chain(given(x**2, "start"), Step(x**2 + 1, "<="))).verified
    assert not verify(chain(given(x**2, "start"), Step(x**2 - 1, "<="))).verified


@pytest.mark.parametrize("fmt", ["text", "latex", "markdown"])
def test_renderers_show_every_step(fmt: str) -> None:
    d = derive("coin-mle")
    out = render_derivation(d, fmt)
    assert "13" in out and out.count("\n") >= len(d.steps)


def test_json_shape() -> None:
    data = as_json_data(derive("log-chain"))
    assert {"name", "title", "source", "result", "verified", "steps"} <= data.keys()
    assert all({"latex", "relation", "justification", "check"} <= s.keys() for s in data["steps"])
    assert data["verified"] is True


def test_generators_work_on_other_inputs() -> None:
    y = derive("derivative", expr=sp.sin(x) ** 3 * sp.exp(2 * x), var=x)
    assert sp.simplify(y.result - sp.diff(sp.sin(x) ** 3 * sp.exp(2 * x), x)) == 0
    assert derive("coin-mle", n_H=2, n_T=7).result == sp.Rational(2, 9)
    poly = 7 * x**5 - 3 * x**2 + 11
    assert derive("derivative-limit", expr=poly, var=x, at=2).result == sp.diff(poly, x).subs(x, 2)


def test_cli_lists_and_derives() -> None:
    runner = CliRunner()
    listing = json.loads(runner.invoke(main, ["derive", "--list", "--json"]).output)
    assert "coin-mle" in {e["name"] for e in listing}
    result = runner.invoke(main, ["derive", "derivative", "--expr", "log(1 + (x-1)^10)", "--var", "x",
                                  "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["verified"] is True
    bad = runner.invoke(main, ["derive", "derivative", "--expr", "import os", "--var", "x"])
    assert bad.exit_code != 0 and "Traceback" not in bad.output
