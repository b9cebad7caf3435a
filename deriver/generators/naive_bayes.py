"""Naive Bayes (17.8): the probabilities estimated by counting (the maximum likelihood estimates
of 17.7, no pseudo-counts), the score p(y) prod_i p(x_i | y) of (17.8.4), and whether the
classifier separates its training points (the XOR exercise).

Every estimate starts from the data itself: a sum of indicators delta_{a b} (1 when a = b) over
the points, which the checker evaluates; nothing is counted by hand.
"""
from __future__ import annotations

from typing import Any, Sequence

import sympy as sp

from deriver.catalog import register, source
from deriver.checking import recomputed
from deriver.claims import claim
from deriver.generators.likelihood import defined, entrywise
from deriver.inputs import matrix, points
from deriver.model import Derivation, Step

XOR_X = "[[0, 0], [0, 1], [1, 0], [1, 1]]"
XOR_LABELS = "0, 1, 1, 0"
Rows = tuple[tuple[sp.Expr, ...], ...]


# --- the data -------------------------------------------------------------------------------------

def dataset(X: Any, labels: Any) -> tuple[Rows, tuple[sp.Expr, ...]]:
    """Rows of discrete features and their labels, from CLI text or Python/SymPy values."""
    if isinstance(X, str):
        X = matrix(X)
    rows = tuple(tuple(sp.sympify(v) for v in row) for row in (X.tolist() if isinstance(X, sp.MatrixBase) else X))
    if isinstance(labels, str):
        labels = points(labels.strip("()[] "))
    ys = tuple(sp.sympify(y) for y in labels)
    if not rows or len(rows) != len(ys) or len({len(r) for r in rows}) != 1:
        raise ValueError("give one label per data point, and the same number of features in every point")
    return rows, ys


def _point(value: Any) -> tuple[sp.Expr, ...]:
    if isinstance(value, str):
        return points(value.strip("()[] "))
    return tuple(sp.sympify(v) for v in value)


def classes(ys: Sequence[sp.Expr]) -> list[sp.Expr]:
    return sorted(set(ys), key=sp.default_sort_key)


class Indicator(sp.KroneckerDelta):
    """delta_{a, b}: 1 when a = b, else 0; printed with a comma between two values (delta_{0, 1}),
    where SymPy's LaTeX runs them together as delta_{0 1}."""

    def _latex(self, printer, exp=None):
        shown = r"\delta_{%s, %s}" % (printer._print(self.args[0]), printer._print(self.args[1]))
        return shown if exp is None else r"\left(%s\right)^{%s}" % (shown, exp)

    def _pretty(self, printer, *args):
        """δ(0,1) on the terminal, where SymPy's Unicode printer writes Indicator(0, 1)."""
        return printer._print_Function(sp.Function("δ")(*self.args))


def _delta(a: sp.Expr, b: sp.Expr) -> sp.Expr:
    return Indicator(a, b, evaluate=False)


def _fraction(numerator: sp.Expr, denominator: sp.Expr) -> sp.Expr:
    """numerator / denominator, left standing (2/4 stays 2/4, 1/2 prints as a fraction)."""
    if numerator == 1:
        return sp.Pow(denominator, -1, evaluate=False)
    return sp.Mul(numerator, sp.Pow(denominator, -1, evaluate=False), evaluate=False)


def _sum(terms: list[sp.Expr]) -> sp.Expr:
    return sp.Add(*terms, evaluate=False) if len(terms) > 1 else terms[0]


# --- the estimates by counting -------------------------------------------------------------------

Ratio = tuple[sp.Expr, sp.Expr]  # (numerator, denominator) as sums of indicators


def prior_indicators(ys: Sequence[sp.Expr], c: sp.Expr) -> Ratio:
    """p(y = c) = (1/n) sum_j delta_{y_j c}."""
    return _sum([_delta(y, c) for y in ys]), sp.Integer(len(ys))


def conditional_indicators(rows: Rows, ys: Sequence[sp.Expr], feature: int, value: sp.Expr, c: sp.Expr) -> Ratio:
    """p(x_feature = value | y = c) = sum_j delta_{x_j value} delta_{y_j c} / sum_j delta_{y_j c}."""
    joint = _sum([sp.Mul(_delta(row[feature], value), _delta(y, c), evaluate=False) for row, y in zip(rows, ys)])
    return joint, _sum([_delta(y, c) for y in ys])


def as_indicators(ratios: Sequence[Ratio]) -> sp.Expr:
    return _product([_fraction(n, d) for n, d in ratios])


def as_counts(ratios: Sequence[Ratio]) -> sp.Expr:
    """n_iy / n_y: each indicator sum evaluated, each fraction left standing."""
    return _product([_fraction(sp.sympify(n.doit()), sp.sympify(d.doit())) for n, d in ratios])


def as_value(ratios: Sequence[Ratio]) -> sp.Expr:
    return sp.Mul(*(sp.sympify(n.doit()) / sp.sympify(d.doit()) for n, d in ratios))


def _product(factors: list[sp.Expr]) -> sp.Expr:
    """A product of fractions printed as such (the printer would merge the denominators)."""
    if len(factors) == 1:
        return factors[0]
    return sp.Mul(*(sp.UnevaluatedExpr(f) for f in factors), evaluate=False)


def _feature_index(feature: Any, rows: Rows) -> int:
    index = int(feature)
    if not 1 <= index <= len(rows[0]):
        raise ValueError(f"feature is 1, ..., {len(rows[0])} (x_1 is the first coordinate), not {feature}")
    return index - 1


def _label(label: Any, ys: Sequence[sp.Expr]) -> sp.Expr:
    value = sp.sympify(label)
    if value not in set(ys):
        raise ValueError(f"no point has the label {value}; the labels are {classes(ys)}")
    return value


def counted(members: Sequence[Any], chosen: Sequence[Any]) -> sp.Rational:
    """len(chosen) / len(members), counted in plain Python: the checks' own count."""
    return sp.Rational(len(chosen), len(members))


def _estimate_steps(ratio: Ratio, reason: str, rule: str, count, how: str) -> tuple[list[Step], sp.Expr]:
    """Indicators (checked against `count()`, the data counted directly), counts and (unless the count
    is already in lowest terms) the quotient; and the value."""
    counts, value = as_counts([ratio]), as_value([ratio])
    steps = [Step(as_indicators([ratio]), rule=rule, why=reason, fresh=True, checker=recomputed(count, how)),
             Step(counts, rule="count: evaluate the indicators")]
    if sp.latex(value) != sp.latex(counts):  # 1/2 counted is already divided
        steps.append(Step(value, rule="divide"))
    return steps, value


@register("naive-bayes-prior", "Naive Bayes: the class prior p(y) by counting", source("17.8", "17.8.4"),
          params={"X": "matrix", "labels": "point", "label": "number"},
          defaults={"X": XOR_X, "labels": XOR_LABELS, "label": 1}, generator=True)
def naive_bayes_prior(X: Any = XOR_X, labels: Any = XOR_LABELS, label: Any = 1) -> Derivation:
    """p(y = c) = n_c / n: the fraction of the training points with label c."""
    rows, ys = dataset(X, labels)
    c = _label(label, ys)
    steps, value = _estimate_steps(prior_indicators(ys, c), "the maximum likelihood estimate: the fraction of "
                                   "points with this label (17.8.4, training)", rule="estimate by counting",
                                   count=lambda: counted(ys, [y for y in ys if y == c]),
                                   how=f"the labels equal to {c}, counted directly")
    return Derivation("naive-bayes-prior", f"p(y = {c}) by counting", source("17.8", "17.8.4"), steps, value,
                      givens=_data_givens(rows, ys))


@register("naive-bayes-conditional", "Naive Bayes: a class-conditional p(x_i = v | y) by counting",
          source("17.8", "17.8.4"),
          params={"X": "matrix", "labels": "point", "feature": "integer", "value": "number", "label": "number"},
          defaults={"X": XOR_X, "labels": XOR_LABELS, "feature": 1, "value": 1, "label": 0}, generator=True)
def naive_bayes_conditional(X: Any = XOR_X, labels: Any = XOR_LABELS, feature: Any = 1, value: Any = 1,
                            label: Any = 0) -> Derivation:
    """p(x_i = v | y = c) = n_iy / n_y among the points of class c."""
    rows, ys = dataset(X, labels)
    c, i, v = _label(label, ys), _feature_index(feature, rows), sp.sympify(value)
    ratio = conditional_indicators(rows, ys, i, v, c)
    members = [row for row, y in zip(rows, ys) if y == c]
    steps, value = _estimate_steps(ratio, "the maximum likelihood estimate: among the points of the class, the "
                                   "fraction with this value (no pseudo-counts)", rule="estimate by counting",
                                   count=lambda: counted(members, [row for row in members if row[i] == v]),
                                   how=f"the points of class {c} with x_{i + 1} = {v}, counted directly")
    return Derivation("naive-bayes-conditional", f"p(x_{i + 1} = {v} | y = {c}) by counting",
                      source("17.8", "17.8.4"), steps, value, givens=_data_givens(rows, ys))


def _data_givens(rows: Rows, ys: Sequence[sp.Expr]) -> list[tuple[str, Any]]:
    return [("data points x_j (rows)", sp.Matrix(rows)), ("labels y_j", sp.Matrix(ys))]


# --- scores and predictions ----------------------------------------------------------------------

def score_factors(rows: Rows, ys: Sequence[sp.Expr], point: Sequence[sp.Expr], c: sp.Expr) -> list[Ratio]:
    """p(y = c) prod_i p(x_i = point_i | y = c), every factor as its indicator sum (17.8.4)."""
    return [prior_indicators(ys, c)] + [conditional_indicators(rows, ys, i, v, c) for i, v in enumerate(point)]


def argmax_set(scores: Sequence[sp.Expr], labels: Sequence[sp.Expr]) -> sp.FiniteSet:
    best = max(scores)
    return sp.FiniteSet(*(c for c, s in zip(labels, scores) if s == best))


ARGMAX = sp.Symbol(r"\operatorname{argmax}_y")


def _argmax_checker(labels: Sequence[sp.Expr]):
    """`=> argmax_y = {...}`: the classes whose (evaluated) score in the previous step is largest."""
    def check(previous, current, derivation):
        scores = [sp.sympify(s).doit() for s in previous]
        truth = argmax_set(scores, labels)
        ok = isinstance(current, sp.Equality) and current.rhs == truth
        return ok, "symbolic", "" if ok else f"the largest scores are at {truth}"
    return check


def _score_steps(rows: Rows, ys: Sequence[sp.Expr], point: Sequence[sp.Expr], where: str) -> list[Step]:
    labels = classes(ys)
    factors = [score_factors(rows, ys, point, c) for c in labels]
    return [
        defined(sp.Matrix([as_indicators(f) for f in factors]), "naive Bayes score (17.8.4)",
                f"p(y) prod_i p(x_i | y) for each class y in {tuple(labels)} at {where}, every probability its "
                "estimate by counting"),
        Step(sp.Matrix([as_counts(f) for f in factors]), rule="count: evaluate the indicators"),
        Step(sp.Matrix([as_value(f) for f in factors]), rule="multiply the estimates"),
    ]


def _checked(steps: list[Step]) -> list[Step]:
    """Matrix `=` steps get the entrywise checker."""
    for step in steps:
        if step.relation == "=" and not step.assumed and isinstance(step.statement, sp.MatrixBase):
            step.checker = entrywise
    return steps


@register("naive-bayes-score", "Naive Bayes: the score p(y) prod p(x_i | y) at a point, without smoothing",
          source("17.8", "17.8.4", "17.8.5"), params={"X": "matrix", "labels": "point", "test": "point"},
          defaults={"X": "[[0, 0], [1, 0], [1, 0], [0, 0]]", "labels": "0, 0, 1, 1", "test": "1, 1"},
          generator=True)
def naive_bayes_score(X: Any = "[[0, 0], [1, 0], [1, 0], [0, 0]]", labels: Any = "0, 0, 1, 1",
                      test: Any = "1, 1") -> Derivation:
    """The scores of every class at a test point; the result is the largest, the value the argmax of
    (17.8.5) attains (0 exactly when every class scores 0, as for a value never seen in training)."""
    rows, ys = dataset(X, labels)
    point = _point(test)
    if len(point) != len(rows[0]):
        raise ValueError(f"the test point needs {len(rows[0])} features")
    steps = _checked(_score_steps(rows, ys, point, f"x = {tuple(point)}"))
    scores = list(steps[-1].statement)
    best = max(scores)

    def largest(previous, current, derivation):
        values = [sp.sympify(s).doit() for s in previous]
        ok = current == sp.Max(*values)
        return ok, "symbolic", "" if ok else f"the largest score is {sp.Max(*values)}"

    steps.append(Step(best, "=>", rule="the largest score, the value the argmax (17.8.5) attains", checker=largest))
    derivation = Derivation("naive-bayes-score", f"Naive Bayes scores at {tuple(point)}", source("17.8", "17.8.4", "17.8.5"),
                            steps, best, givens=_data_givens(rows, ys) + [("test point", sp.Matrix(point))])
    unseen = [i + 1 for i, v in enumerate(point) if all(row[i] != v for row in rows)]
    if unseen:
        derivation.notes.append(f"Feature(s) {unseen} take a value never seen in training: its count is 0 in every "
                                "class, so every score is 0, the argmax is a tie and p(y | x) = 0/0 is undefined.")
    return derivation


@register("naive-bayes-classifies", "Naive Bayes: does the classifier separate its training points?",
          source("17.8", "17.8.3", "17.8.4"), params={"X": "matrix", "labels": "point"},
          defaults={"X": XOR_X, "labels": XOR_LABELS}, generator=True)
def naive_bayes_classifies(X: Any = XOR_X, labels: Any = XOR_LABELS) -> Derivation:
    """True when at every training point the argmax of the score is exactly the point's own label
    (a tie is not a classification)."""
    rows, ys = dataset(X, labels)
    labels_ = classes(ys)
    steps: list[Step] = []
    predictions: list[Step] = []
    for row in rows:
        steps += _checked(_score_steps(rows, ys, row, f"x = {tuple(row)}"))
        scores = list(steps[-1].statement)
        prediction = Step(sp.Eq(ARGMAX, argmax_set(scores, labels_), evaluate=False), "=>",
                          rule="the classes with the largest score", checker=_argmax_checker(labels_))
        predictions.append(prediction)
        steps.append(prediction)
    separates = all(p.statement.rhs == sp.FiniteSet(y) for p, y in zip(predictions, ys))

    def verdict(previous, current, derivation):
        truth = all(p.statement.rhs == sp.FiniteSet(y) for p, y in zip(predictions, ys))
        ok = current == sp.sympify(truth)
        return ok, "symbolic", "" if ok else f"the predictions say {truth}"

    steps.append(Step(sp.true if separates else sp.false, "=>",
                      rule="every point must get exactly its own label", why="a tie does not classify", checker=verdict))
    derivation = Derivation("naive-bayes-classifies", "Does naive Bayes classify its training points?",
                            source("17.8", "17.8.3", "17.8.4"), steps, sp.true if separates else sp.false,
                            givens=_data_givens(rows, ys))
    if not separates:
        derivation.notes.append("Naive Bayes assumes the features independent given the label (17.8.4); where the "
                                "label depends only on how the features interact (XOR), every class scores alike.")
    return derivation


# --- what the seed prints in 17.8 -----------------------------------------------------------------

def _to_decimals(value: sp.Expr, decimals: int) -> sp.Float:
    return sp.Float(f"{float(value):.{decimals}f}")


claim("17.8.4 (training)", "the estimate p(y = 8) = n_8 / n for n_8 = 5800, n = 60000, to 4 decimals",
      sp.Float("0.0967"), lambda: _to_decimals(sp.Rational(5800, 60000), 4))
claim("17.8.4 (code)", "784 log(0.1), the log of 0.1^784 (natural log)", sp.Float("-1805.2267129073316", 17),
      lambda: 784 * sp.log(sp.Rational(1, 10)))
claim("17.8.4 (code)", "0.1^784 in double precision (it underflows below the smallest double, ~4.9e-324)",
      sp.Integer(0), lambda: sp.Float(float(sp.Rational(1, 10) ** 784)))
