"""Information theory (17.10): self-information, entropy, perplexity, cross-entropy, KL divergence of
two Gaussians and mutual information, each recomputed without SymPy's help (math, fractions, mpmath)."""
from __future__ import annotations

import math
import random
from fractions import Fraction

import mpmath
import pytest
import sympy as sp

from deriver import catalog, derive, verify
from deriver.errata import CLAIMS, _agrees
from deriver.model import Step

NAMES = ["self-information", "uniform-entropy", "perplexity-bits", "entropy", "cross-entropy", "kl-gaussians",
         "mutual-information", "mutual-information-identity"]


def close(value: sp.Expr, expected: float, tol: float = 1e-9) -> bool:
    return abs(float(value) - expected) <= tol * max(1.0, abs(expected))


@pytest.mark.parametrize("name", NAMES)
def test_catalog_derivation_builds_and_verifies(name: str) -> None:
    assert derive(name).verified


def test_seed_values() -> None:
    assert derive("self-information", probability="1").result == 0
    assert derive("self-information", probability="13/52").result == 2
    assert close(derive("self-information", probability="1/52").result, math.log2(52))
    assert close(derive("self-information", probability="1/factorial(52)").result,
                 sum(math.log2(k) for k in range(1, 53)))
    assert close(derive("uniform-entropy").result, math.log2(44))
    assert close(derive("uniform-entropy", outcomes="2000", length="9/2").result, math.log2(2000) / 4.5)
    assert close(derive("perplexity-bits").result, math.log2(15))
    assert derive("cross-entropy").result == 1


def test_self_information_on_random_probabilities() -> None:
    rng = random.Random(7)
    for _ in range(5):
        b = rng.randint(2, 500)
        a = rng.randint(1, b)
        assert close(derive("self-information", probability=f"{a}/{b}").result, -math.log2(a / b))
        assert close(derive("self-information", probability=f"{a}/{b}", base="e").result, -math.log(a / b))
    p = sp.Symbol("p", positive=True)
    symbolic = derive("self-information", probability="p").result
    assert sp.simplify(symbolic.xreplace({s: p for s in symbolic.free_symbols}) + sp.log(p, 2)) == 0


def test_uniform_entropy_and_perplexity_on_other_sources() -> None:
    assert close(derive("uniform-entropy", outcomes="27", length="3").result, math.log2(27) / 3)
    n = sp.Symbol("n", integer=True, positive=True)
    general = derive("uniform-entropy", outcomes="n").result
    assert sp.simplify(general.xreplace({s: n for s in general.free_symbols}) - sp.log(n, 2)) == 0
    assert close(derive("perplexity-bits", perplexity="7").result, math.log2(7))
    assert close(derive("perplexity-bits", perplexity="7", base="e").result, math.log(7))


def _random_distribution(rng: random.Random, k: int) -> list[Fraction]:
    weights = [rng.randint(1, 9) for _ in range(k)]
    return [Fraction(w, sum(weights)) for w in weights]


def _text(values) -> str:
    return ", ".join(f"{v.numerator}/{v.denominator}" for v in values)


def test_entropy_and_cross_entropy_on_random_distributions() -> None:
    rng = random.Random(11)
    for k in (2, 3, 5):
        p, q = _random_distribution(rng, k), _random_distribution(rng, k)
        h = -sum(float(x) * math.log2(x) for x in p)
        ce = -sum(float(x) * math.log2(y) for x, y in zip(p, q))
        kl = sum(float(x) * math.log2(x / y) for x, y in zip(p, q))
        assert close(derive("entropy", probabilities=_text(p)).result, h)
        result = derive("cross-entropy", p=_text(p), q=_text(q)).result
        assert close(result, ce) and close(result, h + kl)
    one_hot = derive("cross-entropy", p="0, 1, 0", q="2/10, 7/10, 1/10", base="e").result
    assert close(one_hot, -math.log(0.7))


def test_cross_entropy_rejects_an_impossible_outcome() -> None:
    with pytest.raises(ValueError, match="infinite"):
        derive("cross-entropy", p="1/2, 1/2", q="1, 0")


def _kl_numeric(m1: float, s1: float, m2: float, s2: float) -> float:
    def p(x):
        return mpmath.npdf(x, m1, s1)

    def integrand(x):
        return p(x) * (mpmath.log(p(x)) - mpmath.log(mpmath.npdf(x, m2, s2)))
    return float(mpmath.quad(integrand, [-mpmath.inf, m1, mpmath.inf]))


@pytest.mark.parametrize("params", [("0", "1", "-1", "1"), ("1/2", "2", "-1", "1/2"), ("3", "1", "3", "3")])
def test_kl_gaussians_against_numerical_integration(params) -> None:
    m1, s1, m2, s2 = params
    result = derive("kl-gaussians", mu_1=m1, sigma_1=s1, mu_2=m2, sigma_2=s2).result
    assert close(result, _kl_numeric(*(float(sp.Rational(v)) for v in params)), 1e-8)


def test_kl_gaussians_symbolic_result() -> None:
    m1, m2 = sp.symbols("mu_1 mu_2", real=True)
    s1, s2 = sp.symbols("sigma_1 sigma_2", positive=True)
    result = derive("kl-gaussians").result
    names = {s.name: s for s in (m1, m2, s1, s2)}
    result = result.xreplace({s: names[s.name] for s in result.free_symbols})
    expected = sp.log(s2 / s1) + (s1 ** 2 + (m1 - m2) ** 2) / (2 * s2 ** 2) - sp.Rational(1, 2)
    assert sp.simplify(result - expected) == 0


def _mutual_information(table: list[list[Fraction]]) -> float:
    px = [sum(row) for row in table]
    py = [sum(col) for col in zip(*table)]
    return sum(float(v) * math.log2(v / (px[i] * py[j])) for i, row in enumerate(table)
               for j, v in enumerate(row) if v)


def test_mutual_information_on_random_tables() -> None:
    rng = random.Random(5)
    assert close(derive("mutual-information").result, _mutual_information(
        [[Fraction(1, 10), Fraction(5, 10)], [Fraction(1, 10), Fraction(3, 10)]]))
    for rows, cols in ((2, 3), (3, 3)):
        cells = _random_distribution(rng, rows * cols)
        table = [cells[r * cols:(r + 1) * cols] for r in range(rows)]
        text = "[" + ", ".join("[" + _text(row) + "]" for row in table) + "]"
        expected = _mutual_information(table)
        assert close(derive("mutual-information", joint=text).result, expected)
        assert close(derive("mutual-information-identity", joint=text).result, expected)


def test_independent_table_has_zero_mutual_information() -> None:
    assert derive("mutual-information", joint="[[1/6, 1/3], [1/6, 1/3]]").result == 0


def test_identity_holds_for_a_symbolic_table() -> None:
    d = derive("mutual-information-identity", joint="[[a, b], [c, d]]")
    assert d.verified
    values = {s: v for s, v in zip(sorted(d.result.free_symbols, key=str), (1, 2, 3, 4))}
    table = [[Fraction(1, 10), Fraction(2, 10)], [Fraction(3, 10), Fraction(4, 10)]]
    assert close(d.result.xreplace({s: sp.Rational(v, 10) for s, v in values.items()}), _mutual_information(table))


def test_broken_steps_are_caught() -> None:
    d = catalog()["self-information"].build(probability="13/52")
    d.steps[-1] = Step(sp.Integer(3), rule="evaluate (wrong)")
    assert not verify(d).verified

    d = catalog()["kl-gaussians"].build()
    wrong = d.steps[1].statement
    d.steps[1] = Step(sp.Integral(-wrong.function, *wrong.limits), rule="log ratio (wrong sign)",
                      checker=d.steps[1].checker)
    assert not verify(d).verified

    d = catalog()["mutual-information-identity"].build()
    d.steps[2] = Step(d.steps[2].statement * 2, rule="combine (wrong)")
    assert not verify(d).verified

    d = catalog()["perplexity-bits"].build()
    d.steps[1] = Step(sp.Eq(d.steps[1].statement.lhs, 15 ** d.steps[1].statement.rhs.exp.args[-1]), "<=>",
                      rule="solve (seed's sign)", checker=d.steps[1].checker)
    assert not verify(d).verified

    d = catalog()["uniform-entropy"].build()
    d.steps.append(Step(sp.Float("5.47", 3), "approx", rule="rounding (wrong)", checker=d.steps[-1].checker))
    assert not verify(d).verified


def _claims(where: str) -> list:
    return [c for c in CLAIMS if c.where == where]


def test_seed_claims() -> None:
    cards = [c for c in _claims("17.10.1") if "card" in c.subject or "heart" in c.subject or "spades" in c.subject
             or "deck" in c.subject]
    assert len(cards) == 4 and all(_agrees(c.seed_says, c.compute()) for c in cards)
    assert not any(_agrees(c.seed_says, c.compute()) for c in _claims("(17.10.33)"))
    assert not any(_agrees(c.seed_says, c.compute()) for c in _claims("(17.10.18)"))
    assert all(_agrees(c.seed_says, c.compute()) for c in _claims("(17.10.17)") + _claims("(17.10.26)"))
    kl = _claims("17.10.4 example (code)")
    assert len(kl) == 3 and not any(_agrees(c.seed_says, c.compute()) for c in kl)


def _latex_steps(name: str, **inputs) -> list[str]:
    from deriver.render import as_data

    def walk(steps):
        for step in steps:
            yield step
            yield from walk(step["substeps"])
    return [step["latex"] for step in walk(as_data(derive(name, **inputs))["steps"])]


def test_definitions_are_written_out_and_cite_their_equation() -> None:
    cited = {"self-information": "(17.10.1)", "uniform-entropy": "(17.10.4)", "perplexity-bits": "(17.10.33)",
             "entropy": "(17.10.4)", "cross-entropy": "(17.10.25)", "kl-gaussians": "(17.10.21)",
             "mutual-information-identity": "(17.10.4)"}
    for name, equation in cited.items():
        first = derive(name).steps[0]
        assert first.basis == "definition" and equation in first.rule, name
    mutual = derive("mutual-information").steps
    assert [s.check for s in mutual[:4]] == ["symbolic"] * 4  # the marginals: checked, not assumed
    assert mutual[4].basis == "definition" and "(17.10.18)" in mutual[4].rule
    assert not any(s.basis == "given" for name in NAMES for s in derive(name).walk())


def test_a_marginal_is_checked_against_the_table() -> None:
    d = catalog()["mutual-information"].build()
    d.steps[0] = Step(sp.ImmutableMatrix([sp.Rational(1, 10) + sp.Rational(1, 10), sp.Rational(1, 2)]),
                      rule="marginal (wrong)", checker=d.steps[0].checker, fresh=True)
    assert not verify(d).verified


def test_kl_of_a_gaussian_from_itself_is_one_step() -> None:
    for params in (("0", "1", "0", "1"), ("mu", "s", "mu", "s")):
        d = derive("kl-gaussians", **dict(zip(("mu_1", "sigma_1", "mu_2", "sigma_2"), params)))
        assert d.result == 0 and len(d.steps) == 2 and d.steps[0].basis == "definition"
        assert "log-ratio is 0" in d.steps[1].rule and not d.steps[1].substeps
        assert not any("moment" in s.rule or "substitute" in s.rule for s in d.walk())
    general = derive("kl-gaussians")
    assert all(s.basis == "definition" for s in general.steps[-1].substeps[::2])  # E[t^k] = its integral
    assert all(s.check == "symbolic" for s in general.steps[-1].substeps[1::2])  # each integrated, checked


def test_rounded_values_print_the_digits_they_claim() -> None:
    from deriver.generators.information import decimal_latex
    assert _latex_steps("self-information")[-1] == "5.700"  # log2 52 to 4 significant digits, not 5.7
    assert decimal_latex(sp.Float("9.99986", 10)) == "10.00"
    assert decimal_latex(sp.Float("123456.7", 10)) == r"1.235 \cdot 10^{5}"
    assert _latex_steps("entropy")[-1] == "1.6854753"
    assert str(derive("self-information").steps[-1].statement) == "5.700"


def test_fractions_of_fractions_are_printed_as_written() -> None:
    definition = _latex_steps("mutual-information")[4]
    assert r"\frac{\frac{1}{10}}{\frac{3}{5} \cdot \frac{1}{5}}" in definition
    for name in ("mutual-information", "mutual-information-identity", "cross-entropy"):
        for shown in _latex_steps(name) + _latex_steps(name, **({"p": "1/4, 3/4", "q": "1/2, 1/2"}
                                                                if name == "cross-entropy" else {})):
            assert "+ -" not in shown and r"\frac{1}{10} \frac" not in shown and "10 \\cdot" not in shown, shown
    identity = _latex_steps("mutual-information-identity")[0]
    assert r"\frac{3}{5} \log_{2}{\left(\frac{3}{5}\right)}" in identity  # H(X) with the marginal 3/5


def test_no_step_repeats_for_symbolic_tables() -> None:
    for name in ("mutual-information", "mutual-information-identity"):
        shown = _latex_steps(name, joint="[[a, b], [c, d]]")
        assert all(a != b for a, b in zip(shown, shown[1:])), name
