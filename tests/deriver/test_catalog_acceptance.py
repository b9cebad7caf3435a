"""The named derivations other parts of dlmath rely on, with their results."""
from __future__ import annotations

import json

import pytest
import sympy as sp
from click.testing import CliRunner

from dlmath.cli import main

NAMED = {
    "coin-mle": "9/13",
    "gaussian-mle": None,
    "quadratic-form-gradient": None,
    "matrix-factorization-gradient": None,
    "polar-gaussian-integral": "pi",
    "substitution-integral": None,
    "bias-variance": None,
    "uniform-estimators": None,
    "kl-gaussians": None,
    "backprop": "-4096",
    "log-chain": None,
}


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_the_catalog_lists_the_named_derivations() -> None:
    names = {entry["name"] for entry in json.loads(run("derive", "--list", "--json").output)}
    assert set(NAMED) <= names


@pytest.mark.parametrize("name", sorted(NAMED))
def test_named_derivation_verifies_from_the_command_line(name: str) -> None:
    result = run("derive", name, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["verified"] is True and data["steps"]
    assert all(step["check"] in ("symbolic", "numeric", "assumed") for step in data["steps"])
    if NAMED[name]:
        assert sp.sympify(data["result_sympy"]) == sp.sympify(NAMED[name])


def test_matrix_results() -> None:
    factorization = json.loads(run("derive", "matrix-factorization-gradient", "--format", "json").output)
    quadratic = json.loads(run("derive", "quadratic-form-gradient", "--format", "json").output)
    U, V, X = (sp.MatrixSymbol(n, 3, 3) for n in "UVX")
    assert "U" in factorization["result_sympy"] and "-2" in factorization["result_sympy"]
    assert quadratic["result_sympy"].replace(" ", "") in ("(A+A.T)*x", "(A.T+A)*x", "A*x+A.T*x", "A.T*x+A*x",
                                                          "(A + A.T)*x".replace(" ", ""))


def test_errata_names_equation_numbers() -> None:
    report = run("errata").output
    for where in ("(17.4.63)", "(17.7.5)", "(17.10.33)"):
        assert where in report


def test_an_exercise_id_shows_the_derivation_that_solves_it() -> None:
    by_id = json.loads(run("derive", "17.3.4", "--format", "json").output)
    by_name = json.loads(run("derive", "global-minimum", "--expr", "x*log(x)", "--var", "x", "--lower", "0",
                             "--upper", "oo", "--format", "json").output)
    assert by_id["verified"] is True and by_id["result_sympy"] == by_name["result_sympy"]
    words = run("derive", "17.4.5")
    assert words.exit_code == 1 and "links no worked derivation" in words.output


def test_help_after_a_name_lists_that_derivations_inputs_and_defaults() -> None:
    result = run("derive", "coin-mle", "--help")
    assert result.exit_code == 0 and "--n_H INTEGER" in result.output and "default: 9" in result.output
    assert "derive [OPTIONS] [NAME]" in run("derive", "--help").output


def test_latex_inputs_read_as_the_plain_text_ones() -> None:
    latex = json.loads(run("derive", "derivative", "--expr", r"\frac{1}{1 + e^{-x}}", "--var", "x",
                           "--format", "json").output)
    plain = json.loads(run("derive", "derivative", "--expr", "1/(1 + exp(-x))", "--var", "x", "--format", "json").output)
    assert latex["verified"] and sp.simplify(sp.sympify(latex["result_sympy"]) - sp.sympify(plain["result_sympy"])) == 0
    refused = run("derive", "derivative", "--expr", r"\foo{x}", "--var", "x")
    assert refused.exit_code == 1 and "cannot derive" in refused.output and "Traceback" not in refused.output
