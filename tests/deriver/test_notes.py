"""The study notes: i.i.d. log-likelihoods, cross-entropy from the categorical log-likelihood, the
Gaussian log-density, Bayes' rule, Xavier and He, recomputed independently (math, numpy, fractions)."""
from __future__ import annotations

import math
import random
from fractions import Fraction

import numpy as np
import pytest
import sympy as sp

from deriver import catalog, derive, verify
from deriver.errata import CLAIMS, _agrees
from deriver.generators.likelihood import I, N, X
from deriver.model import Step

NAMES = ["iid-log-likelihood", "categorical-nll", "gaussian-log-density", "bayes-rule", "xavier-uniform-bound",
         "he-variance"]


@pytest.mark.parametrize("name", NAMES)
def test_catalog_derivation_builds_and_verifies(name: str) -> None:
    assert derive(name).verified


def _by_name(expr: sp.Expr) -> dict[str, sp.Basic]:
    return {s.name: s for s in expr.free_symbols if isinstance(s, sp.Symbol)}


def test_iid_generic_and_gaussian() -> None:
    density = sp.Function("p", positive=True)
    assert derive("iid-log-likelihood").result == sp.Sum(sp.log(density(X[I], sp.Symbol("Theta", real=True))),
                                                         (I, 1, N))
    gaussian = "exp(-(x - mu)**2/(2*sigma**2))/sqrt(2*pi*sigma**2)"
    result = derive("iid-log-likelihood", density=gaussian, parameters="mu, sigma").result
    names = _by_name(result)
    values = {names["mu"]: sp.Rational(1, 3), names["sigma"]: sp.Rational(3, 2), names["N"]: 4}
    xs = [0.5, -1.25, 2.0, 3.5]
    explicit = result.xreplace(values).doit().xreplace({X[k]: sp.Float(v) for k, v in zip(range(1, 5), xs)})
    expected = sum(-0.5 * math.log(2 * math.pi * 1.5 ** 2) - (v - 1 / 3) ** 2 / (2 * 1.5 ** 2) for v in xs)
    assert abs(float(explicit) - expected) < 1e-9


def test_iid_exponential_density() -> None:
    result = derive("iid-log-likelihood", density="lambda*exp(-lambda*x)", parameters="lambda",
                    positive="lambda").result
    names = _by_name(result)
    lam, n = names["lambda"], names["N"]
    expected = n * sp.log(lam) - lam * sp.Sum(X[I], (I, 1, n))
    assert sp.simplify(result - expected) == 0


def test_categorical_nll_on_random_batches() -> None:
    rng = random.Random(2)
    for n, k in ((1, 3), (3, 4)):
        rows = []
        for _ in range(n):
            weights = [rng.randint(1, 9) for _ in range(k)]
            rows.append([Fraction(w, sum(weights)) for w in weights])
        classes = [rng.randint(1, k) for _ in range(n)]
        text = "[" + ", ".join("[" + ", ".join(f"{v.numerator}/{v.denominator}" for v in row) + "]" for row in rows) + "]"
        total = -sum(math.log(row[c - 1]) for row, c in zip(rows, classes))
        labels = ", ".join(map(str, classes))
        assert abs(float(derive("categorical-nll", predictions=text, classes=labels).result) - total) < 1e-12
        mean = derive("categorical-nll", predictions=text, classes=labels, quantity="mean", base="2").result
        assert abs(float(mean) - total / n / math.log(2)) < 1e-12


def test_seed_batch_values() -> None:
    assert derive("categorical-nll").result == sp.log(sp.Rational(20, 3))
    assert derive("categorical-nll", predictions="[[0.2, 0.7, 0.1]]", classes="2").result == sp.log(sp.Rational(10, 7))


@pytest.mark.parametrize("d", [1, 2, 4])
def test_gaussian_log_density_against_numpy(d: int) -> None:
    result = derive("gaussian-log-density", d=d).result
    rng = np.random.default_rng(d)
    a = rng.standard_normal((d, d))
    sigma = a @ a.T + d * np.eye(d)
    x, mu = rng.standard_normal((d, 1)), rng.standard_normal((d, 1))
    q = ((x - mu).T @ np.linalg.inv(sigma) @ (x - mu)).item()
    expected = math.log((2 * math.pi) ** (-d / 2) * np.linalg.det(sigma) ** -0.5 * math.exp(-q / 2))
    values = {s: sp.Matrix(v) for s, v in ((sp.MatrixSymbol("x", d, 1), x), (sp.MatrixSymbol("mu", d, 1), mu),
                                           (sp.MatrixSymbol("Sigma", d, d), sigma))}
    value = sp.Matrix(result.xreplace(values).doit())
    assert value.shape == (1, 1) and abs(float(value[0, 0]) - expected) < 1e-9


def test_bayes_rule_on_other_hypotheses() -> None:
    rng = random.Random(4)
    for _ in range(4):
        priors = [Fraction(1, 3), Fraction(1, 6), Fraction(1, 2)]
        heads = [Fraction(rng.randint(1, 9), 10) for _ in range(3)]
        n_h, n_t, j = rng.randint(0, 5), rng.randint(0, 5), rng.randint(1, 3)
        like = [h ** n_h * (1 - h) ** n_t for h in heads]
        expected = like[j - 1] * priors[j - 1] / sum(l * p for l, p in zip(like, priors))
        result = derive("bayes-rule", priors="1/3, 1/6, 1/2", heads=", ".join(f"{h.numerator}/{h.denominator}" for h in heads),
                        n_heads=n_h, n_tails=n_t, hypothesis=j).result
        assert result == sp.Rational(expected.numerator, expected.denominator)
    assert derive("bayes-rule").result == sp.Rational(8, 35)


def test_initialisations() -> None:
    bound = derive("xavier-uniform-bound").result
    names = _by_name(bound)
    at = {names["n_in"]: 300, names["n_out"]: 100}
    assert abs(float(bound.xreplace(at)) - math.sqrt(6 / 400)) < 1e-12
    he_uniform = derive("xavier-uniform-bound", variance="2/n_in").result
    n_in = _by_name(he_uniform)["n_in"]
    a = float(he_uniform.xreplace({n_in: 50}))
    assert abs(a ** 2 / 3 - 2 / 50) < 1e-12  # Var(Unif(-a, a)) = a^2/3
    he = derive("he-variance").result
    assert sp.simplify(he - 2 / _by_name(he)["n_in"]) == 0
    linear = derive("he-variance", activation="linear").result
    assert sp.simplify(linear - 1 / _by_name(linear)["n_in"]) == 0


def test_he_moments_by_monte_carlo() -> None:
    """E[max(z, 0)^2] = s^2/2, the fact the He derivation rests on."""
    rng = np.random.default_rng(0)
    z = rng.normal(0, 1.7, 400_000)
    assert abs(np.mean(np.maximum(z, 0) ** 2) - 1.7 ** 2 / 2) < 0.02


def test_broken_steps_are_caught() -> None:
    d = catalog()["categorical-nll"].build()
    d.steps[2] = Step(d.steps[2].statement + sp.log(sp.Rational(1, 10)), rule="only the true class (wrong)")
    assert not verify(d).verified

    d = catalog()["gaussian-log-density"].build()
    x, mu, sigma = sp.MatrixSymbol("x", 3, 1), sp.MatrixSymbol("mu", 3, 1), sp.MatrixSymbol("Sigma", 3, 3)
    wrong = sp.MatAdd((-sp.Rational(3, 2) * sp.log(2 * sp.pi) - sp.log(sp.Determinant(sigma))) * sp.Identity(1),
                      -(x - mu).T * sigma.I * (x - mu) / 2)
    d.steps[-1] = Step(wrong, rule="1 x 1 (wrong det term)", checker=d.steps[-1].checker)
    assert not verify(d).verified

    d = catalog()["xavier-uniform-bound"].build()
    last = d.steps[-1]
    d.steps[-1] = Step(sp.Eq(last.statement.lhs, sp.sqrt(last.statement.rhs)), "<=>", rule="root (wrong)",
                       checker=last.checker)
    assert not verify(d).verified

    d = catalog()["iid-log-likelihood"].build()
    d.steps[1] = Step(sp.log(sp.Sum(d.steps[0].statement.args[0].function, *d.steps[0].statement.args[0].limits)),
                      rule="log of a sum (wrong)")
    assert not verify(d).verified

    d = catalog()["bayes-rule"].build()
    d.steps[-1] = Step(sp.Rational(1, 16), rule="forgot the evidence")
    assert not verify(d).verified


def test_notes_claims() -> None:
    notes = [c for c in CLAIMS if c.where.startswith("notes")]
    verdicts = {c.subject: _agrees(c.seed_says, c.compute()) for c in notes}
    assert len(verdicts) == 6
    assert all(verdicts.values()), verdicts  # "the cross-entropy would be higher" than H(p) = 0 bits: true
    code = [c for c in CLAIMS if c.where == "17.10.5 (code)"]
    assert len(code) == 2 and all(_agrees(c.seed_says, c.compute()) for c in code)


@pytest.mark.parametrize("exercise_id, part_id, name, inputs", [
    ("notes.iid-log-likelihood", "gaussian", "iid-log-likelihood",
     {"density": "exp(-(x - mu)**2/(2*sigma**2))/sqrt(2*pi*sigma**2)", "parameters": "mu, sigma"}),
    ("notes.one-hot-cross-entropy", "bits", "categorical-nll",
     {"predictions": "[[2/10, 7/10, 1/10]]", "classes": "2", "base": "2"}),
    ("notes.nll-batch", "mean", "categorical-nll", {"quantity": "mean"}),
    ("notes.certain-event-cross-entropy", "entropy", "entropy", {"probabilities": "1, 0"}),
])
def test_other_parts_match_the_bank(exercise_id: str, part_id: str, name: str, inputs: dict) -> None:
    from deriver.solutions import in_exercise_symbols
    from exercises import default_bank
    from tests.test_bank_references import same_value

    exercise = default_bank().get(exercise_id)
    answer = exercise.part(part_id).answer
    result = in_exercise_symbols(derive(name, **inputs).result, exercise)
    assert same_value(answer.type, answer.reference, result, exercise)


def test_values_computed_are_checked_by_another_route() -> None:
    """Bayes' rule's likelihood, evidence and posterior (toss-by-toss updating), the uniform's variance
    and the output variance (sympy.stats) are checked, not given."""
    for name in ("bayes-rule", "xavier-uniform-bound", "he-variance"):
        assumed = [(s.rule, s.basis) for s in derive(name).walk() if s.check == "assumed"]
        assert all(basis == "definition" or rule in ("match the variance the initialisation must have (notes 5.1.1)",
                                                     "He's condition: keep Var(y) = Var(z) = E[z^2] (notes 5.2.1)")
                   for rule, basis in assumed), assumed
    for index, wrong in [(0, sp.ImmutableMatrix([sp.Rational(1, 8), sp.Rational(27, 32)])),
                         (2, sp.Rational(35, 64) + 1), (4, sp.Rational(1, 2))]:
        d = catalog()["bayes-rule"].build()
        d.steps[index].statement = wrong
        assert not verify(d).verified, index
    d = catalog()["he-variance"].build()
    d.steps[0].statement = d.steps[0].statement * 2
    assert not verify(d).verified


def test_the_categorical_likelihood_shows_each_prediction_to_its_label_power() -> None:
    """prod_i prod_j q_ij^(y_ij) with the numbers in place: (3/10)^1 (3/5)^0 ..., not 10^0 1/2 3/10^1."""
    from deriver.render import as_data
    first = as_data(derive("categorical-nll"))["steps"][0]
    assert first["latex"].startswith(r"\log{\left(\left(\frac{3}{10}\right)^{1} \left(\frac{3}{5}\right)^{0}")
    assert "(3/10) ⋅(3/5)" in first["pretty"]
