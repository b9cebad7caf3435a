"""Section 17.3: derivatives and extrema, recomputed with SymPy."""
import sympy as sp


def _derivative(ex):
    return sp.diff(ex.given["f"], ex.symbols["x"].sympy)


def _zero_derivative_is_not_an_extremum(ex):
    x = ex.symbols["x"].sympy
    f, a = ex.given["counterexample"], ex.given["point"]
    critical = sp.diff(f, x).subs(x, a) == 0
    second = sp.diff(f, x, 2).subs(x, a)
    # x^3: f'(0) = 0, f''(0) = 0 and f changes sign around 0, so no extremum.
    increasing_through = sp.solveset(sp.diff(f, x) < 0, x, sp.S.Reals) == sp.S.EmptySet
    return sp.S.false if critical and second == 0 and increasing_through else sp.S.true


def _argmin_x_log_x(ex):
    x = ex.symbols["x"].sympy
    f = ex.given["f"]
    critical = sp.solve(sp.diff(f, x), x)
    boundary = sp.limit(f, x, 0, "+")
    best = min(critical, key=lambda c: f.subs(x, c))
    assert f.subs(x, best) < boundary
    return best


RECOMPUTE = {
    "17.3.1": _derivative,
    "17.3.2": _derivative,
    "17.3.3": _zero_derivative_is_not_an_extremum,
    "17.3.4": _argmin_x_log_x,
    "17.3.log-chain": _derivative,
}
