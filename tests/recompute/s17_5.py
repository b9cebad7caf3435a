"""Section 17.5: definite, iterated and change-of-variables integrals,
recomputed with SymPy."""
import sympy as sp


def _definite(ex):
    x = ex.symbols["x"].sympy
    return sp.integrate(ex.given["f"], (x, ex.given["lower"], ex.given["upper"]))


def _by_substitution(ex):
    """int f(x) dx with u = substitution(x): write f dx = h(u) du, integrate h
    over the transformed limits, and check against the direct integral."""
    x, u = ex.symbols["x"].sympy, ex.symbols["u"].sympy
    f, phi = ex.given["f"], ex.given["substitution"]
    a, b = ex.given["lower"], ex.given["upper"]
    # x as a function of u on the range of integration (x >= 0 there)
    inverses = [s for s in sp.solve(sp.Eq(phi, u), x) if all(s.subs(u, phi.subs(x, c)) == c for c in (a, b))]
    assert len(inverses) == 1, f"no unique inverse of u = {phi} on [{a}, {b}]: {inverses}"
    h = sp.simplify((f / sp.diff(phi, x)).subs(x, inverses[0]))
    assert not h.has(x)
    value = sp.integrate(h, (u, phi.subs(x, a), phi.subs(x, b)))
    assert sp.simplify(value - sp.integrate(f, (x, a, b))) == 0
    return value


def _iterated(inner, outer):
    """int over `outer` of (int over `inner` of f): the order matters for 17.5.4."""
    def compute(ex):
        f = ex.given["f"]
        ranges = {name: ex.given[f"{name}_range"] for name in ("x", "y")}
        var = {name: ex.symbols[name].sympy for name in ("x", "y")}
        first = sp.integrate(f, (var[inner], *ranges[inner]))
        assert not first.has(sp.Integral), f"SymPy left the inner integral unevaluated: {first}"
        return sp.simplify(sp.integrate(first, (var[outer], *ranges[outer])))
    return compute


def _substitution_example(ex):
    """(17.5.20): with u(x) = exp(-x^2) and f = 1, int_{u(0)}^{u(1)} 1 dy equals
    int_0^1 u'(y) dy = -2 int_0^1 y exp(-y^2) dy; solve that for the integral."""
    x, y = ex.symbols["x"].sympy, ex.symbols["y"].sympy
    u, f = ex.given["u"], ex.given["f"]
    a, b = ex.given["lower"], ex.given["upper"]
    left = sp.integrate(1, (y, u.subs(x, a), u.subs(x, b)))
    du = sp.diff(u, x).subs(x, y)
    factor = sp.simplify(du / f)  # u'(y) = factor * f(y)
    assert not factor.free_symbols, f"u'(y) is not a constant multiple of f: {factor}"
    value = sp.simplify(left / factor)
    assert sp.simplify(value - sp.integrate(f, (y, a, b))) == 0
    return value


def _polar(ex):
    """int_{R^2} f dx dy = int f(phi(r, theta)) |det D phi| dtheta dr, checked
    against the Cartesian integral."""
    s = {name: ex.symbols[name].sympy for name in ("x", "y", "r", "theta")}
    f, phi = ex.given["f"], ex.given["phi"]
    jacobian = sp.Matrix(phi).jacobian([s["r"], s["theta"]])
    volume = sp.simplify(sp.Abs(jacobian.det()))
    integrand = sp.simplify(f.subs({s["x"]: phi[0], s["y"]: phi[1]}, simultaneous=True) * volume)
    inner = sp.integrate(integrand, (s["theta"], *ex.given["theta_range"]))
    value = sp.integrate(inner, (s["r"], *ex.given["r_range"]))
    cartesian = sp.integrate(f, (s["x"], -sp.oo, sp.oo), (s["y"], -sp.oo, sp.oo))
    assert sp.simplify(value - cartesian) == 0
    return value


RECOMPUTE = {
    "17.5.1": _definite,
    "17.5.2": _by_substitution,
    "17.5.3": _iterated("x", "y"),
    "17.5.4a": _iterated("y", "x"),
    "17.5.4b": _iterated("x", "y"),
    "17.5.substitution": _substitution_example,
    "17.5.polar": _polar,
}
