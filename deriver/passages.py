"""Claims of the appendix's running text and code listings that no
derivation of the catalog reproduces: a word, an index, a property, what a
listing does when it runs. Each is quoted verbatim and, where it can be,
checked by a computation (SymPy for the mathematics, NumPy for what a
listing would do; the listings' MXNet is not needed to see it).

Imported by the deriver package, so the errata audit sees them.
"""
from __future__ import annotations

import numpy as np
import sympy as sp

from deriver.catalog import derive
from deriver.claims import claim

_x, _y = sp.symbols("x y", real=True)


# --- 17.1 -----------------------------------------------------------------------------------------
def _subtraction_direction() -> str:
    u, v = sp.Matrix([3, 1]), sp.Matrix([1, 2])
    return "from v to u" if v + (u - v) == u and u + (u - v) != v else "from u to v"


claim("17.1.1, subtracting vectors", "where the vector u - v leads (u = v + (u - v))", "from u to v",
      _subtraction_direction,
      quote=r"is the direction that takes us from the point  $\mathbf{u}$  to the point  $\mathbf{v}$")


def _sparse_inverse_entries() -> str:
    rng = np.random.default_rng(0)
    size = 300
    matrix = np.where(rng.random((size, size)) < 0.01, rng.standard_normal((size, size)), 0.0) + 3 * np.eye(size)
    inverse = np.linalg.inv(matrix)
    nonzero = np.mean(np.abs(inverse) > 1e-12)
    negative = np.mean(inverse < -1e-12)
    return (f"almost every entry non-zero ({nonzero:.0%} of them here), and about as many negative as positive "
            f"({negative:.0%} negative): the inverse is dense, which is the point")


claim("17.1.7, Numerical Issues", "the entries of the inverse of a large sparse matrix",
      "almost every entry non-negative", _sparse_inverse_entries,
      quote="the inverse will typically have almost every entry non-negative")


# --- 17.2 -----------------------------------------------------------------------------------------
def _eigen_product() -> str:
    a = sp.Matrix([[2, 0], [0, -1]])
    v = sp.Matrix([_x, _y])
    try:
        v * a
    except sp.ShapeError:
        if a * v == sp.Matrix([2 * _x, -_y]):
            return r"$A\mathbf{v} = [2x, -y]^\top$ ($\mathbf{v}A$ is not defined for a column $\mathbf{v}$)"
    return r"$\mathbf{v}A = [2x, -y]^\top$"


claim("17.2, the sentence after equation 17.2.1", "the product of A = [[2, 0], [0, -1]] and the column v = [x, y]",
      r"$\mathbf{v}A = [2x, -y]^\top$", _eigen_product,
      quote=r"we obtain a vector  $\mathbf{v}A = [2x, -y]^\top$")


# --- 17.3 -----------------------------------------------------------------------------------------
claim("17.3.1, gradient descent", "what the direction sought should make decrease as quickly as possible",
      "the weights", lambda: "the loss (as the sentence before says: the weights are what moves)",
      quote="how do we find the direction which makes the weights decrease as quickly as possible?")


# --- 17.4 -----------------------------------------------------------------------------------------
def _directional_value() -> sp.Expr:
    """L(w) + v . grad L(w) for a unit v at angle theta to the gradient (of length G)."""
    loss, length, theta, alpha = sp.symbols("L G theta alpha", real=True)
    gradient = sp.Matrix([length * sp.cos(alpha), length * sp.sin(alpha)])
    direction = sp.Matrix([sp.cos(alpha + theta), sp.sin(alpha + theta)])
    return loss + sp.simplify(direction.dot(gradient))


_L, _G, _THETA = sp.symbols("L G theta", real=True)
claim("(17.4.10)", "L(w) + v . grad L(w) for a unit v at angle theta to the gradient, with L = L(w) and "
      "G = ||grad L(w)||", _G * sp.cos(_THETA), _directional_value,
      quote=r"L(\mathbf{w}) + \mathbf{v} \cdot \nabla_{\mathbf{w}} L(\mathbf{w}) = "
            r"\|\nabla_{\mathbf{w}} L(\mathbf{w})\| \cos(\theta). \quad (17.4.10)")


def _two_pathways() -> str:
    a, b = sp.symbols("a b", real=True)
    u, v = (a + b) ** 2, (a - b) ** 2
    uu, vv = sp.symbols("u v", real=True)
    f = (uu + vv) ** 2
    pathways = sp.diff(f, uu).subs({uu: u, vv: v}) * sp.diff(u, a) + sp.diff(f, vv).subs({uu: u, vv: v}) * sp.diff(v, a)
    if sp.simplify(pathways - sp.diff(f.subs({uu: u, vv: v}), a)) == 0:
        return (r"$\frac{\partial f}{\partial u} \cdot \frac{\partial u}{\partial a}$ and "
                r"$\frac{\partial f}{\partial v} \cdot \frac{\partial v}{\partial a}$, the two terms of (17.4.18)")
    return "other terms"


claim("17.4.4, the paragraph after equation 17.4.18", "the two pathways' contributions to df/da for f(u(a, b), v(a, b))",
      r"$\frac{\partial w}{\partial u} \cdot \frac{\partial u}{\partial x}$ and "
      r"$\frac{\partial w}{\partial v} \cdot \frac{\partial v}{\partial x}$", _two_pathways,
      quote=r"$\frac{\partial w}{\partial u} \cdot \frac{\partial u}{\partial x}$  and  "
            r"$\frac{\partial w}{\partial v} \cdot \frac{\partial v}{\partial x}$")
claim("(17.4.33), and the code listing that plots it", "the quadratic the listing plots as the approximation of "
      "x e^{-x^2-y^2} at (-1, 0)", sp.exp(-1) * (-1 - (_x + 1) + 2 * (_x + 1) ** 2 + 2 * _y**2),
      lambda: derive("quadratic-approximation").result,
      quote="w = np.exp(-1)*(-1 - (x + 1) + 2 * (x + 1)**2 + 2 * y**2)")
claim("17.4.6, the same listing's comment", "the point at which the listing computes the gradient and the Hessian",
      "(1, 0)", lambda: "(-1, 0), the point of (17.4.33) and of the code that follows the comment",
      quote="# Compute gradient and Hessian at (1, 0)")


def _linear_partial() -> str:
    beta1, beta2, x1, x2 = sp.symbols("beta_1 beta_2 x_1 x_2", real=True)
    f = beta1 * x1 + beta2 * x2
    return "$x_1$" if sp.diff(f, x1) == beta1 and sp.diff(f, beta1) == x1 else r"$\beta_1$"


claim("17.4.7, the sentence before equation 17.4.36", r"the variable of the partial derivative that (17.4.36) gives as "
      r"$\beta_1$, for $f(\mathbf{x}) = \boldsymbol{\beta}^\top\mathbf{x}$", r"$\beta_1$", _linear_partial,
      quote=r"If we now take the partial derivative with respect to say  $\beta_1$")


# --- 17.5 and 17.10: listings that do not run --------------------------------------------------------
def _astype_without_dtype() -> str:
    try:
        np.array([0.3, 0.1]).astype()
    except TypeError as err:
        return f"it raises TypeError ({err}); `asnumpy()` was meant"
    return "it runs"


claim("17.5.1, the code listing of the integral of x/(1 + x^2)", "what `x.astype()` does in the listing",
      "it runs (its plot and output are shown)", _astype_without_dtype,
      quote="d2l.plt.bar(x.astype(), f.astype(), width=epsilon, align='edge')")
claim("17.10.4, the KL divergence listing", "what `p.astype()` does in the listing", "it runs (its output is shown)",
      _astype_without_dtype, quote="p = np.array(sorted(p.astype()))")


# --- 17.6 -----------------------------------------------------------------------------------------
def _chebyshev_listing() -> str:
    class Figures:  # the d2l module, as far as the listing's first line needs it
        @staticmethod
        def set_figsize() -> None:
            return None

    namespace: dict = {"d2l": Figures}
    exec("def plot():\n    d2l.set_figsize()\n    d2l=plt.stem([0], [1])\n", namespace)  # its first two lines
    try:
        namespace["plot"]()
    except UnboundLocalError:
        return ("it stops at its first line with UnboundLocalError: `d2l=plt.stem(...)` assigns to d2l, so "
                "d2l is local and unbound in `d2l.set_figsize()`; `d2l.plt.stem(...)` was meant")
    return "it draws the plots"


claim("17.6, the plot_chebychev listing", "what the listing does when it runs", "it draws the three plots shown",
      _chebyshev_listing, quote="d2l=plt.stem([a-2, a, a+2], [p, 1-2*p, p], use_line_collection=True)")


def _chebyshev_titles() -> str:
    eighth = sp.Rational(1, 8)
    cases = [sp.nsimplify(p) for p in ("0.2", "0.125", "0.05")]
    return ", ".join("p > 1/8" if p > eighth else "p = 1/8" if p == eighth else "p < 1/8" for p in cases)


claim("17.6, the plot_chebychev listing", "the titles of the plots for p = 0.2, 0.125 and 0.05",
      "p > 1/8, p > 1/8, p > 1/8", _chebyshev_titles, quote='d2l=plt.title("p > 1/8")')


def _example_pair(p: sp.Expr, centred: bool = False) -> dict[tuple[sp.Expr, sp.Expr], sp.Expr]:
    """The (17.6.40) example: X in {1, 3}, Y in {-1, 3}, both at their minimum or both at their maximum
    with probability p; centred, X - 2 and Y - 1."""
    points = {(1, -1): p / 2, (1, 3): (1 - p) / 2, (3, -1): (1 - p) / 2, (3, 3): p / 2}
    shift = (2, 1) if centred else (0, 0)
    return {(sp.Integer(x - shift[0]), sp.Integer(y - shift[1])): q for (x, y), q in points.items()}


def _correlation(joint: dict, fx=lambda x: x, fy=lambda y: y) -> sp.Expr:
    mean = lambda f: sum(q * f(x, y) for (x, y), q in joint.items())  # noqa: E731
    mx, my = mean(lambda x, y: fx(x)), mean(lambda x, y: fy(y))
    cov = mean(lambda x, y: (fx(x) - mx) * (fy(y) - my))
    vx, vy = mean(lambda x, y: (fx(x) - mx) ** 2), mean(lambda x, y: (fy(y) - my) ** 2)
    return sp.nsimplify(cov / sp.sqrt(vx * vy))


claim("17.6, the properties of correlation", r"$\rho(aX + b, Y) / \rho(X, Y)$ on the (17.6.40) example at "
      r"$p = 9/10$, for $a = -3$, $b = 5$", sp.Integer(1),
      lambda: _correlation(_example_pair(sp.Rational(9, 10)), fx=lambda x: -3 * x + 5)
      / _correlation(_example_pair(sp.Rational(9, 10))),
      quote=r"$\rho(aX + b, Y) = \rho(X, aY + b) = \rho(X, Y)$")


def _printed_correlation_formula(p: sp.Expr) -> sp.Expr:
    """(17.6.50) as printed, sum_{i,j} x_i y_i p_ij / (...), on the centred example: x_i and y_j are
    the values of X and Y, p_ij the probability of (x_i, y_j)."""
    xs, ys = [sp.Integer(-1), sp.Integer(1)], [sp.Integer(-2), sp.Integer(2)]
    joint = _example_pair(p, centred=True)
    pairs = [(i, j) for i in range(2) for j in range(2)]
    numerator = sum(xs[i] * ys[i] * joint[(xs[i], ys[j])] for i, j in pairs)
    vx = sum(xs[i] ** 2 * joint[(xs[i], ys[j])] for i, j in pairs)
    vy = sum(ys[j] ** 2 * joint[(xs[i], ys[j])] for i, j in pairs)
    return sp.nsimplify(numerator / sp.sqrt(vx * vy))


claim("(17.6.50)", r"the correlation of the centred (17.6.40) example at $p = 9/10$ by (17.6.50) as printed "
      r"($x_i y_i$ in the numerator)", _printed_correlation_formula(sp.Rational(9, 10)),
      lambda: _correlation(_example_pair(sp.Rational(9, 10))),
      quote=r"\rho(X, Y) = \frac{\sum_{i,j} x_i y_i p_{ij}}")


def _correlation_at_zero() -> str:
    rho = _correlation(_example_pair(sp.Integer(0)))
    support = [xy for xy, q in _example_pair(sp.Integer(0)).items() if q != 0]
    if rho == -1 and all(y == 5 - 2 * x for x, y in support):
        return "maximally (negatively) correlated: at p = 0, Y = 5 - 2X exactly; rho = 0 (at p = 1/2) is minimal"
    return "minimally correlated"


claim("17.6, the paragraph after equation 17.6.46", r"what $\rho = -1$ (at $p = 0$) means", "minimally correlated",
      _correlation_at_zero, quote=r"$-1$  meaning minimally correlated")


# --- 17.7 -----------------------------------------------------------------------------------------
def _bernoulli_terms() -> tuple[sp.Expr, sp.Expr]:
    """For three coin flips (H, T, H): the right-hand side of (17.7.13) as printed, and the true
    -d/dtheta log P(X | theta)."""
    theta = sp.Symbol("theta", positive=True)
    factors = [theta, 1 - theta, theta]
    printed_side = sum(sp.diff(f, theta) / f for f in factors)
    return sp.simplify(printed_side), sp.simplify(-sp.diff(sp.log(sp.Mul(*factors)), theta))


claim("(17.7.13)", r"$-\frac{\partial}{\partial \theta} \log P(X \mid \theta)$ for the flips H, T, H, by the "
      "right-hand side of (17.7.13)", _bernoulli_terms()[0], lambda: _bernoulli_terms()[1],
      quote=r"\frac{1}{P(x_1 | \theta)} \left( \frac{\partial}{\partial \theta} P(x_1 | \theta) \right) + \cdots")


# --- 17.8 -----------------------------------------------------------------------------------------
claim("17.8.3, the paragraph before equation 17.8.5", "what is estimated for every pixel i and label y",
      r"$\prod_i p(x_i = 1 \mid y)$", lambda: r"$p(x_i = 1 \mid y)$, one probability per pixel and label "
      r"(a product over $i$ would not depend on $i$)",
      quote=r"If we can estimate  $\prod_i p(x_i = 1 | y)$  for every  $i$  and  $y$")


def _naive_bayes_scores(printed_form: bool) -> sp.Matrix:
    """Both labels' scores for a 2-pixel image x = (1, 0), with P_xy[i, y] = p(x_i = 1 | y)."""
    p_xy = sp.Matrix([[sp.Rational(9, 10), sp.Rational(2, 10)], [sp.Rational(3, 10), sp.Rational(6, 10)]])
    p_y, x = [sp.Rational(1, 2)] * 2, [1, 0]
    if printed_form:  # (17.8.5): prod_i P_xy[x_i, y] P_y[y], indexed by the pixel's value
        return sp.Matrix([p_y[y] * sp.Mul(*(p_xy[x[i], y] for i in range(2))) for y in range(2)])
    return sp.Matrix([p_y[y] * sp.Mul(*(p_xy[i, y] ** x[i] * (1 - p_xy[i, y]) ** (1 - x[i]) for i in range(2)))
                      for y in range(2)])


claim("(17.8.5), (17.8.6)", r"the two labels' naive Bayes scores $P(y)\,p(\mathbf{x} \mid y)$ of the image "
      r"$\mathbf{x} = (1, 0)$ with $P_{xy}[i, y] = p(x_i = 1 \mid y)$ = [[9/10, 2/10], [3/10, 6/10]] and "
      "uniform labels, by (17.8.5) as printed; the code (p_xy = log_P_xy * x + log_P_xy_neg * (1 - x)) is right",
      _naive_bayes_scores(True), lambda: _naive_bayes_scores(False),
      quote=r"\hat{y} = \operatorname{argmax}_y \prod_{i=1}^d P_{xy}[x_i, y] P_y[y]")


def _smoothing_denominator() -> sp.Expr:
    n, k, d = sp.symbols("n_y n_iy D", positive=True)
    return sp.solve(sp.Eq((k + 1) / d + (n - k + 1) / d, 1), d)[0]


claim("17.8.4, Laplace smoothing", "the denominator of the smoothed p(x_i = 1 | y) = (n_iy + 1)/D that makes the "
      "two outcomes' probabilities, each given a pseudo count, sum to 1 (with D = n_y + 1, a pixel on in every "
      "image of its class gets p = 1 and log(1 - p) = -inf)", sp.Symbol("n_y", positive=True) + 1,
      _smoothing_denominator, quote=r"instead of  $n_y$  we use  $n_y + 1$")


# --- 17.9 -----------------------------------------------------------------------------------------
claim("17.9.1, the bias-variance trade-off", "what underfitting (high bias) and overfitting (high variance) lack",
      "underfitting: generalization; overfitting: flexibility",
      lambda: "underfitting: flexibility (the model is too simple); overfitting: generalization",
      quote="we often say it is *underfitting* or lack of *generalization*")


# --- 17.10 ----------------------------------------------------------------------------------------
def _uniform_entropy_nonnegative() -> sp.Boolean:
    t = sp.Symbol("t")
    entropy = -sp.integrate(2 * sp.log(2, 2), (t, 0, sp.Rational(1, 2)))  # density 2 on (0, 1/2)
    return sp.Ge(sp.nsimplify(entropy), 0)


claim("17.10.2, the properties of entropy", "H(X) >= 0 for X uniform on (0, 1/2) (the section defines H for "
      "continuous X too, (17.10.5); its value is -1 bit)", sp.true, _uniform_entropy_nonnegative,
      quote=r"Entropy is non-negative, i.e.,  $H(X) \geq 0, \forall X$")
claim("17.10.3, the sentence before equation 17.10.15", "the name of what (17.10.15) defines, H(Y | X) for continuous variables",
      "the differential joint entropy", lambda: "the differential conditional entropy (the joint one is (17.10.11))",
      quote="then the *differential joint entropy* is similarly defined as")


def _kl_differs() -> sp.Boolean:
    p, q = [sp.Rational(3, 10), sp.Rational(7, 10)], [sp.Rational(7, 10), sp.Rational(3, 10)]
    kl = lambda a, b: sum(x * sp.log(x / y, 2) for x, y in zip(a, b, strict=True))  # noqa: E731
    return sp.Ne(sp.simplify(kl(p, q) - kl(q, p)), 0)


claim("(17.10.22)", r"whether $D_{\mathrm{KL}}(P\|Q) \neq D_{\mathrm{KL}}(Q\|P)$ for P = (3/10, 7/10) and "
      "Q = (7/10, 3/10), two different distributions (equal-variance Gaussians are symmetric too)", sp.true,
      _kl_differs, quote=r"D_{\text{KL}}(P\|Q) \neq D_{\text{KL}}(Q\|P), \text{ if } P \neq Q")
claim("17.10.4 example", "the relative difference (%) of D_KL(p || q_1) and D_KL(p || q_2) that the listing prints, "
      'against the text\'s "only a 1% off"', sp.Integer(1), lambda: sp.Float("2.268504302642314", 16),
      quote="there is only a 1% off between")


def _cross_entropy_bits() -> sp.Float:
    probabilities = [sp.Rational(3, 10), sp.Rational(1, 2)]  # y_hat[range(2), y] of the listing
    return sp.Float(f"{float(sum(-sp.log(p, 2) for p in probabilities) / 2):.5f}", 6)


claim("17.10.5, the cross-entropy listing", "the cross-entropy in bits (17.10.1: log is base 2 in this section) of "
      "the listing's two predictions, which it computes with the natural log", sp.Float("0.94856", 5),
      _cross_entropy_bits, quote="ce = -np.log(y_hat[range(len(y_hat)), y])")
