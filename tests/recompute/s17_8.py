"""Section 17.8: naive Bayes by counting, recomputed with exact rationals."""
import sympy as sp


class _NaiveBayes:
    """Relative-frequency estimates p(y) and p(x_i = v | y) (features numbered from 1)."""

    def __init__(self, X, labels):
        self.rows = [tuple(r) for r in X]
        self.labels = list(labels)
        assert len(self.rows) == len(self.labels)
        self.classes = sorted(set(self.labels))

    def prior(self, y):
        return sp.Rational(self.labels.count(y), len(self.labels))

    def conditional(self, feature, value, y):
        in_class = [r for r, l in zip(self.rows, self.labels) if l == y]
        return sp.Rational(sum(1 for r in in_class if r[feature - 1] == value), len(in_class))

    def score(self, x, y):
        """p(y) prod_i p(x_i | y), the quantity maximised in (17.8.5)."""
        return self.prior(y) * sp.Mul(*(self.conditional(i + 1, v, y) for i, v in enumerate(x)))

    def predict(self, x):
        """The unique argmax class, or None on a tie."""
        scores = {y: self.score(x, y) for y in self.classes}
        best = max(scores.values())
        winners = [y for y, s in scores.items() if s == best]
        return winners[0] if len(winners) == 1 else None


def _model(ex):
    return _NaiveBayes(ex.given["X"], ex.given["labels"])


def _prior(ex):
    return _model(ex).prior(ex.given["label"])


def _conditional(ex):
    g = ex.given
    return _model(ex).conditional(int(g["feature"]), g["value"], g["label"])


def _classifies_all(ex):
    model = _model(ex)
    ok = all(model.predict(x) == y for x, y in zip(model.rows, model.labels))
    return sp.true if ok else sp.false


def _unseen_value_score(ex):
    model = _model(ex)
    test = tuple(ex.given["test"])
    unseen = [i for i, v in enumerate(test) if all(r[i] != v for r in model.rows)]
    assert unseen, "the witness test point must contain a value never seen in training"
    scores = {model.score(test, y) for y in model.classes}
    assert len(scores) == 1, f"the classes do not tie: {scores}"
    return scores.pop()


RECOMPUTE = {
    "17.8.1a": _prior,
    "17.8.1b": _conditional,
    "17.8.1c": _classifies_all,
    "17.8.2": _unseen_value_score,
}
