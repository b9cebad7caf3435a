"""Maximum likelihood (17.7): the coin, in the seed's numbers and in general."""
from __future__ import annotations

import sympy as sp

from deriver.catalog import register, source
from deriver.model import Derivation, Step, given
from exercises.symbols import Domain


def _solutions_checker(theta: sp.Symbol):
    """`=> theta in {...}`: exactly the solutions of the previous equation in [0, 1]."""
    def check(previous, current, derivation):
        equation = previous.lhs - previous.rhs
        found = sp.solveset(equation, theta, sp.Interval(0, 1))
        ok = found == current.args[1]
        return ok, "symbolic", "" if ok else f"the solutions are {found}"
    return check


def _maximum_checker(theta: sp.Symbol, likelihood: sp.Expr):
    def check(previous, current, derivation):
        candidates = list(previous.args[1])
        best = max(candidates, key=lambda c: likelihood.subs(theta, c))
        ok = current.rhs == best and all(likelihood.subs(theta, c) < likelihood.subs(theta, best)
                                        for c in candidates if c != best)
        return ok, "symbolic", "" if ok else f"the largest likelihood is at {best}"
    return check


@register("coin-mle", "Maximum likelihood for a coin", source("17.7", "17.7.4", "17.7.5", "17.7.6"),
          params={"n_H": "integer", "n_T": "integer"}, defaults={"n_H": 9, "n_T": 4}, generator=True)
def coin_mle(n_H: int = 9, n_T: int = 4) -> Derivation:
    n_H, n_T = int(n_H), int(n_T)
    if n_H < 1 or n_T < 1:
        raise ValueError("the coin derivation needs at least one head and one tail")
    theta = sp.Symbol("theta", positive=True)
    likelihood = theta ** n_H * (1 - theta) ** n_T
    derivative = sp.diff(likelihood, theta)
    factored = sp.factor(derivative)
    critical = sp.solveset(derivative, theta, sp.Interval(0, 1))
    estimate = sp.Rational(n_H, n_H + n_T)
    d = sp.Derivative(likelihood, theta, evaluate=False)
    product_rule = (n_H * theta ** (n_H - 1) * (1 - theta) ** n_T
                    - n_T * theta ** n_H * (1 - theta) ** (n_T - 1))
    steps = [
        given(sp.Eq(0, d, evaluate=False), "at an interior maximum the derivative vanishes",
              rule="first-order condition"),
        Step(sp.Eq(0, product_rule, evaluate=False), "<=>", rule="product rule and power rule"),
        Step(sp.Eq(0, factored, evaluate=False), "<=>", rule="factor"),
        Step(sp.Contains(theta, critical, evaluate=False), "=>", rule="solve on [0, 1]",
             checker=_solutions_checker(theta)),
        Step(sp.Eq(sp.Symbol(r"\hat{\theta}"), estimate, evaluate=False), "=>", rule="compare the likelihoods",
             why="0 and 1 give the data probability 0", checker=_maximum_checker(theta, likelihood)),
    ]
    return Derivation(
        "coin-mle", f"Maximum likelihood for {n_H} heads and {n_T} tails", source("17.7", "17.7.4", "17.7.5", "17.7.6"),
        steps, estimate, givens=[("likelihood P(X | theta)", likelihood)],
        assumptions={theta: Domain(sp.Integer(0), sp.Integer(1), True, True)},
    )
