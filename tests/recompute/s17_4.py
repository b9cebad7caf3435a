"""Section 17.4: gradients, critical points, backpropagation and matrix
derivatives, recomputed with SymPy.

A matrix derivative is computed twice, independently:

1. symbolically, by SymPy's matrix calculus (`sp.diff` of a scalar matrix
   expression with respect to a MatrixSymbol, which returns the derivative in
   the shape of the variable: the denominator layout), with the chain rule
   applied by hand through powers such as the square root of a norm, which
   SymPy's matrix calculus does not take;
2. entrywise, on explicit instances of a few concrete sizes whose entries are
   independent real symbols: the scalar function is expanded and differentiated
   with respect to every entry of the variable.

The two must agree on every instance (an assertion), and the symbolic result,
a MatrixExpr in the exercise's own symbols, is what the test compares with the
reference by substituting random matrices.
"""
import random

import sympy as sp

from tests.recompute import Explicit

# Concrete sizes for the entrywise check; each dimension symbol of the
# exercise takes every value of its list in turn (zipped, not crossed).
_SIZES = (2, 3, 1)


def _matrix_symbols(ex):
    return {name: s.sympy for name, s in ex.symbols.items() if s.kind == "matrix"}


def _dimensions(ex):
    dims = set()
    for m in _matrix_symbols(ex).values():
        dims |= {d for d in m.shape if isinstance(d, sp.Symbol)}
    return sorted(dims, key=str)


def _explicit(expr, ex, size, entries, scalar=False):
    """`expr` with the dimensions set to `size` and every matrix symbol
    replaced by its explicit matrix of entry symbols; with `scalar`, a 1 x 1
    result (a scalar function such as beta*x) becomes its only entry."""
    value = expr.subs(size)
    concrete = {sp.MatrixSymbol(m.name, *(int(sp.sympify(d).subs(size)) for d in m.shape)): entries[m.name]
                for m in _matrix_symbols(ex).values()}
    value = value.subs(concrete).doit()
    if scalar:
        if isinstance(value, sp.MatrixBase):
            assert value.shape == (1, 1), f"{expr} is not a scalar function"
            value = value[0, 0]
        return value
    return sp.Matrix(value)


def _entry_symbols(ex, size):
    """Explicit matrices of independent real symbols, one per matrix symbol."""
    out = {}
    for name, m in _matrix_symbols(ex).items():
        rows, cols = (int(sp.sympify(d).subs(size)) for d in m.shape)
        out[name] = sp.Matrix(rows, cols, lambda i, j, name=name: sp.Symbol(f"{name}_{i}{j}", real=True))
    return out


def _vanishes(difference, draws=4):
    """Every entry simplifies to 0, or (for entries such as sign(v) - v/|v|
    that SymPy leaves as a Piecewise) evaluates to 0 at random nonzero points."""
    rest = [e for e in difference if sp.simplify(e) != 0]
    if not rest:
        return True
    rng = random.Random(17)
    names = sorted({s for e in rest for s in e.free_symbols}, key=str)
    for _ in range(draws):
        point = {s: sp.Rational(rng.choice([-1, 1]) * rng.randint(1, 9), rng.randint(1, 5)) for s in names}
        if any(sp.simplify(e.subs(point)) != 0 for e in rest):
            return False
    return True


def _symbolic_gradient(expr, variable):
    """d expr / d variable in the denominator layout, by SymPy's matrix calculus,
    with the chain rule through a power of a scalar (e.g. sqrt of a trace)."""
    if isinstance(expr, sp.Pow) and not expr.exp.has(variable) and expr.base.has(variable):
        t = sp.Dummy("t", positive=True)
        outer = sp.diff(t ** expr.exp, t).subs(t, expr.base)
        return outer * _symbolic_gradient(expr.base, variable)
    return sp.diff(expr, variable)


def _matrix_gradient(ex, given_key, variable_name):
    """The gradient of the scalar `ex.given[given_key]` with respect to the matrix
    symbol `variable_name`, symbolic, checked entrywise on explicit instances."""
    f = ex.given[given_key]
    W = ex.symbols[variable_name].sympy
    symbolic = _symbolic_gradient(f, W)
    assert symbolic.shape == W.shape, f"gradient of shape {symbolic.shape}, variable of shape {W.shape}"
    dims = _dimensions(ex)
    for k in range(len(_SIZES)):
        size = {d: _SIZES[(k + i) % len(_SIZES)] for i, d in enumerate(dims)}
        entries = _entry_symbols(ex, size)
        scalar = _explicit(f, ex, size, entries, scalar=True)
        Wx = entries[variable_name]
        entrywise = Wx.applyfunc(lambda w: sp.diff(scalar, w))
        claimed = _explicit(symbolic, ex, size, entries)
        assert _vanishes(entrywise - claimed), (
            f"SymPy's matrix derivative {symbolic} disagrees with the entrywise derivative at sizes {size}"
        )
    return symbolic


def _beta_x(ex):
    return _matrix_gradient(ex, "f", "x")


def _x_t_beta_t(ex):
    return _matrix_gradient(ex, "g", "x")


def _norm_gradient(ex):
    return _matrix_gradient(ex, "f", "v")


def _quadratic_form(ex):
    return _matrix_gradient(ex, "f", "x")


def _matrix_factorization(ex):
    return _matrix_gradient(ex, "f", "V")


def _matrix_factorization_seed(ex):
    """(17.4.63) prints 2 U^T (X - UV). Its 1x1 origin (17.4.50),
    d/dv (x - uv)^2 = 2(x - uv)u, is checked here on the 1x1 instance too."""
    truth = _matrix_gradient(ex, "f", "V")
    one = {d: 1 for d in _dimensions(ex)}
    entries = _entry_symbols(ex, one)
    scalar = _explicit(ex.given["f"], ex, one, entries, scalar=True)
    x, u, v = entries["X"][0, 0], entries["U"][0, 0], entries["V"][0, 0]
    assert sp.simplify(scalar - (x - u * v) ** 2) == 0
    assert sp.simplify(sp.diff(scalar, v) - 2 * (x - u * v) * u) != 0, "(17.4.50) is right after all"
    return ex.given["seed_answer"], truth


def _gradient_tuple(ex):
    x, y = ex.symbols["x"].sympy, ex.symbols["y"].sympy
    L = ex.given["L"]
    return sp.Tuple(*(sp.simplify(sp.diff(L, s)) for s in (x, y)))


def _gradient_component_sum(ex):
    x, y = ex.symbols["x"].sympy, ex.symbols["y"].sympy
    L = ex.given["L"]
    total = sp.simplify(sp.diff(L, x) + sp.diff(L, y))
    assert not total.free_symbols, f"the sum {total} depends on the point"
    return total


def _only_critical_point(ex):
    """Every solution of grad f = 0, over the complex numbers (fresh symbols
    without assumptions), so that no critical point can hide; the seed claims
    there is exactly one."""
    x, y = ex.symbols["x"].sympy, ex.symbols["y"].sympy
    f = ex.given["f"]
    X, Y = sp.symbols("X Y")
    gradient = [sp.diff(f, s).subs({x: X, y: Y}) for s in (x, y)]
    solutions = {tuple(p) for p in sp.solve_poly_system(gradient, X, Y)}
    assert len(solutions) == 1, f"critical points: {solutions}"
    return sp.Tuple(*solutions.pop())


def _extremum_kind(ex):
    """Along the path y = path_y(x), the lowest-order term of f - f(point) in
    (x - x0): of odd degree, f takes both signs next to the point (neither);
    otherwise fall back on the Hessian test."""
    x, y = ex.symbols["x"].sympy, ex.symbols["y"].sympy
    f = ex.given["f"]
    x0, y0 = ex.given["point"]
    assert sp.diff(f, x).subs({x: x0, y: y0}) == 0 and sp.diff(f, y).subs({x: x0, y: y0}) == 0
    assert ex.given["path_y"].subs(x, x0) == y0, "the path does not pass through the point"
    t = sp.Symbol("t", real=True)
    along = sp.Poly(sp.expand(f.subs(y, ex.given["path_y"]).subs(x, x0 + t) - f.subs({x: x0, y: y0})), t)
    degree = min(m[0] for m in along.monoms())
    if degree % 2 == 1:
        return "neither"
    hessian = sp.hessian(f, (x, y)).subs({x: x0, y: y0})
    if hessian.is_positive_definite:
        return "minimum"
    if hessian.is_negative_definite:
        return "maximum"
    raise AssertionError("the path does not decide and the Hessian test is inconclusive")


def _backprop_composed(ex):
    g = ex.given
    sym = {name: s.sympy for name, s in ex.symbols.items()}
    composed = g["f"].subs({sym["u"]: g["u_of_ab"], sym["v"]: g["v_of_ab"]})
    composed = composed.subs({sym["a"]: g["a_of_wxyz"], sym["b"]: g["b_of_wxyz"]}, simultaneous=True)
    point = dict(zip((sym["w"], sym["x"], sym["y"], sym["z"]), g["point"]))
    return composed, sym, point


def _backprop(ex):
    composed, sym, point = _backprop_composed(ex)
    return sp.diff(composed, sym["w"]).subs(point)


def _backprop_seed(ex):
    """The first code listing's partials against the true ones (17.4.22)."""
    g = ex.given
    sym = {name: s.sympy for name, s in ex.symbols.items()}
    true_df_dv = sp.diff(g["f"], sym["v"])
    true_du_db = sp.diff(g["u_of_ab"], sym["b"])
    return sp.Tuple(g["seed_df_dv"], g["seed_du_db"]), sp.Tuple(true_df_dv, true_du_db)


def _trace_gradient(ex):
    return _matrix_gradient(ex, "f", "X")


def _least_squares_gradient(ex):
    return _matrix_gradient(ex, "f", "x")


def _log_det_gradient(ex):
    """Entrywise only: SymPy's matrix calculus gets log det wrong (it returns 0
    in some versions), so differentiate log(det X) of explicit symbolic
    matrices entry by entry, at sizes 1, 2 and 3."""
    instances = []
    for n in (1, 2, 3):
        size = {d: n for d in _dimensions(ex)}
        entries = _entry_symbols(ex, size)
        scalar = _explicit(ex.given["f"], ex, size, entries, scalar=True)
        gradient = entries["X"].applyfunc(lambda w: sp.diff(scalar, w))
        instances.append((size, entries, gradient))
    return Explicit(tuple(instances))


RECOMPUTE = {
    "17.4.trace-gradient": _trace_gradient,
    "17.4.least-squares-gradient": _least_squares_gradient,
    "17.4.log-det-gradient": _log_det_gradient,
    "17.4.1": _beta_x,
    "17.4.1/g": _x_t_beta_t,
    "17.4.2": _norm_gradient,
    "17.4.3a": _gradient_tuple,
    "17.4.3b": _gradient_component_sum,
    "17.4.4a": _only_critical_point,
    "17.4.4b": _extremum_kind,
    "17.4.quadratic-form": _quadratic_form,
    "17.4.matrix-factorization": _matrix_factorization,
    "17.4.backprop": _backprop,
}

SEED_DISAGREES = {
    "17.4.matrix-factorization": _matrix_factorization_seed,
    "17.4.backprop": _backprop_seed,
}
