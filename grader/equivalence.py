"""The one equivalence engine, shared by the grader and the deriver.

Is `a` the same mathematical object as `b`, for every admissible value of
the symbols? Three methods, cheapest first; the result says which decided:

1. exact: the difference is structurally zero (SymPy's automatic evaluation);
2. numeric: both sides are evaluated at random points drawn from each
   symbol's whole declared domain, across scales (around 1, small, large and
   very large magnitudes, both signs where the domain has them), with 50
   significant digits; a point where either side is undefined is redrawn;
   any disagreement settles "not equivalent", agreement at every point
   settles "equivalent". Two exact expressions (no decimals in them) must
   agree to 1e-40; an expression with decimals, to the probe's tolerance;
3. symbolic: `simplify(a - b) == 0` for what the probe could not settle,
   under the caller's deadline.

Deadlines are in CPU seconds of this process (`time.process_time`), as the
sandbox's budget is, so that a verdict does not depend on how busy the
machine is. When the deadline passes before a method has decided, the comparison stops
with `SoftTimeout`, as the sandbox's alarm would: running out of time is a
timeout, never a verdict of "could not confirm" that a faster machine would
not give.

Points are drawn from a seed, so a verdict is reproducible.
"""
from __future__ import annotations

import hashlib
import math
import random
import time
from dataclasses import dataclass, field
from typing import Mapping

import sympy as sp
from sympy.core.function import AppliedUndef

from exercises.symbols import Domain
from grader.function_calls import derivative_of
from grader.matrix_equivalence import agree, is_matrix_expression
from grader.sandbox import SoftTimeout

PRECISION = 50  # significant digits of each numeric evaluation
RELATIVE_TOLERANCE = 1e-10  # for expressions with decimals in them
EXACT_TOLERANCE = 1e-40  # for exact expressions: far below any rounding
# The scales the k-th probe point is drawn at (magnitude range, sign), in turn,
# so that every comparison sees values around 1, small ones and large ones.
REAL_SCALES = (((0.5, 2.0), 1), ((0.5, 2.0), -1), ((1e-3, 0.1), 1), ((2.0, 10.0), 1), ((1e2, 1e4), 1),
               ((1e2, 1e4), -1), ((1e4, 1e7), 1), ((1e-3, 0.1), -1), ((2.0, 10.0), -1), ((1e4, 1e7), -1))
INTEGER_SCALES = ((0, 4), (5, 12), (20, 60))  # offsets from the domain's lower end
REAL_LINE = Domain(-sp.oo, sp.oo, True, True)


@dataclass(frozen=True)
class Equivalence:
    equivalent: bool | None  # None: could not be decided within the budget
    method: str  # exact | numeric | symbolic | undecided
    counterexample: Mapping[str, float] | None = None
    detail: str = ""

    def __bool__(self) -> bool:
        return self.equivalent is True


@dataclass
class Probe:
    """Where and how hard to look: symbol domains, seed, number of points."""

    domains: Mapping[sp.Basic, Domain] = field(default_factory=dict)
    structures: Mapping[str, str] = field(default_factory=dict)  # matrix name -> symmetric | positive_definite
    seed: str = "dlmath"
    points: int = 6
    max_draws: int = 60
    tolerance: float = RELATIVE_TOLERANCE
    exact_tolerance: float = EXACT_TOLERANCE
    deadline: float | None = None  # time.process_time() value

    def rng(self) -> random.Random:
        return random.Random(int.from_bytes(hashlib.sha256(self.seed.encode()).digest()[:8], "big"))

    def time_left(self) -> float:
        return math.inf if self.deadline is None else self.deadline - time.process_time()

    def check_time(self) -> None:
        """Stop the comparison once the deadline has passed (see module docstring)."""
        if self.time_left() <= 0:
            raise SoftTimeout()


def equivalent(a: sp.Basic, b: sp.Basic, probe: Probe | None = None) -> Equivalence:
    """Are the scalar expressions (or explicit matrices) `a` and `b` equal everywhere?"""
    probe = probe or Probe()
    if isinstance(a, (sp.Tuple, sp.FiniteSet)) or isinstance(b, (sp.Tuple, sp.FiniteSet)):
        return _collections_equivalent(a, b, probe)
    if is_matrix_expression(a) or is_matrix_expression(b):
        return _matrix_expressions_equivalent(a, b, probe)
    if isinstance(a, sp.MatrixBase) or isinstance(b, sp.MatrixBase):
        return _matrices_equivalent(a, b, probe)
    if _infinite(a) or _infinite(b):  # oo - oo is nan, and no probe point tells oo from 5
        return Equivalence(_infinite(a) and _infinite(b) and sp.simplify(a) == sp.simplify(b), "exact")
    try:
        if (a - b) == 0:  # automatic evaluation only: cheap
            return Equivalence(True, "exact")
    except (TypeError, ValueError):
        pass
    numeric = numeric_probe(a, b, probe)
    if numeric.equivalent is not None:
        return numeric
    return _symbolic(a, b, probe, numeric.detail)


def _infinite(value: sp.Basic) -> bool:
    """oo, -oo or complex infinity, as a whole value (not inside a limit or an integral's bounds)."""
    return isinstance(value, sp.Expr) and value.is_number and bool(value.is_infinite)


def proportional(a: sp.Expr, b: sp.Expr, probe: Probe) -> Equivalence:
    """Is a = k b for one nonzero constant k? (Equations lhs - rhs = 0 that say
    the same thing: `ab = -cd` and `ab + cd = 0`.) k is read at one probe point
    and the equality checked everywhere."""
    if b == 0:
        return Equivalence(a == 0, "exact")
    ratios = sample_values(a / b, probe, count=1)
    if not ratios or ratios[0] == 0:
        return Equivalence(False, "numeric", detail="not a nonzero multiple")
    return equivalent(a, ratios[0] * b, probe)


def _collections_equivalent(a: sp.Basic, b: sp.Basic, probe: Probe) -> Equivalence:
    """Tuples entry by entry; finite sets by matching every element once."""
    if type(a) is not type(b) or len(a) != len(b):
        return Equivalence(False, "structure", detail="different kinds or sizes of collections")
    results: list[Equivalence] = []
    if isinstance(a, sp.Tuple):
        results = [equivalent(x, y, probe) for x, y in zip(a, b)]
    else:
        unmatched = list(b)
        for x in a:
            match = next(((i, r) for i, y in enumerate(unmatched) if (r := equivalent(x, y, probe))), None)
            if match is None:
                return Equivalence(False, "numeric", detail=f"{x} has no equal in the other set")
            results.append(match[1])
            unmatched.pop(match[0])
    failed = next((r for r in results if not r), None)
    if failed is not None:
        return failed
    order = ["exact", "symbolic", "numeric"]
    return Equivalence(True, max((r.method for r in results), key=order.index, default="exact"))


def _matrix_expressions_equivalent(a: sp.Basic, b: sp.Basic, probe: Probe) -> Equivalence:
    """Random real matrices of random consistent sizes (see matrix_equivalence)."""
    shape_a, shape_b = getattr(a, "shape", (1, 1)), getattr(b, "shape", (1, 1))
    if any((x - y) != 0 and sp.simplify(x - y) != 0 for x, y in zip(shape_a, shape_b)):  # simplify only n vs m
        return Equivalence(False, "structure", detail=f"shapes differ: {shape_a} and {shape_b}")
    rng = probe.rng()

    def scalar(symbol: sp.Symbol) -> float:
        return float(draw(probe.domains.get(symbol) or _domain_from_assumptions(symbol), rng))

    same, where = agree(a, b, probe.seed, scalar, probe.structures)
    if same is None:
        return Equivalence(None, "undecided", detail=where)
    return Equivalence(same, "numeric", detail="random matrices" + (f" ({where})" if where else ""))


def _matrices_equivalent(a: sp.Basic, b: sp.Basic, probe: Probe) -> Equivalence:
    if not (isinstance(a, sp.MatrixBase) and isinstance(b, sp.MatrixBase)):
        return Equivalence(False, "exact", detail="a matrix is compared with a scalar")
    if a.shape != b.shape:
        return Equivalence(False, "exact", detail=f"shapes differ: {a.shape} and {b.shape}")
    methods = []
    for x, y in zip(a, b):
        result = equivalent(x, y, probe)
        if not result:
            return result
        methods.append(result.method)
    worst = max(methods, key=["exact", "numeric", "symbolic"].index) if methods else "exact"
    return Equivalence(True, worst)


def numeric_probe(a: sp.Basic, b: sp.Basic, probe: Probe) -> Equivalence:
    """Compare `a` and `b` at random admissible points (see module docstring)."""
    variables = _variables(a) | _variables(b)
    tolerance = probe.tolerance if _has_decimals(a) or _has_decimals(b) else probe.exact_tolerance
    rng = probe.rng()
    agreed = 0
    for attempt in range(probe.max_draws):
        if agreed >= probe.points:
            break
        probe.check_time()
        point = _draw_point(variables, probe.domains, rng, attempt)
        salt = f"{probe.seed}:{attempt}"
        left, right = _evaluate(a, point, salt), _evaluate(b, point, salt)
        if left is None or right is None:
            continue  # undefined on one side: redraw
        if not close(left, right, tolerance):
            shown = {str(k): float(v) for k, v in point.items() if v.is_real}
            return Equivalence(False, "numeric", counterexample=shown, detail=f"{left!s} != {right!s}")
        agreed += 1
    if agreed >= probe.points or (agreed and not variables):
        return Equivalence(True, "numeric")
    return Equivalence(None, "undecided", detail=f"only {agreed} admissible points were found")


def sample_values(expr: sp.Basic, probe: Probe, count: int = 2) -> list[sp.Expr]:
    """The values of `expr` at the first `count` admissible points of the probe."""
    rng = probe.rng()
    values: list[sp.Expr] = []
    for attempt in range(probe.max_draws):
        if len(values) >= count:
            break
        probe.check_time()
        value = _evaluate(expr, _draw_point(_variables(expr), probe.domains, rng, attempt), f"{probe.seed}:{attempt}")
        if value is not None:
            values.append(value)
    return values


def _has_decimals(expr: sp.Basic) -> bool:
    return isinstance(expr, sp.Basic) and bool(expr.atoms(sp.Float))


def close(left: sp.Expr, right: sp.Expr, tolerance: float = RELATIVE_TOLERANCE) -> bool:
    """Equal within a relative tolerance (absolute near zero)."""
    scale = max(abs(left), abs(right), 1)
    return abs(left - right) <= tolerance * scale


def _symbolic(a: sp.Basic, b: sp.Basic, probe: Probe, why: str) -> Equivalence:
    probe.check_time()
    try:
        difference = sp.simplify(a - b)
    except ValueError as err:  # a two-sided limit whose sides differ: it is no value at all
        if "does not exist" in str(err):
            return Equivalence(False, "symbolic", detail=str(err))
        return Equivalence(None, "undecided", detail=str(err))
    if difference == 0:
        return Equivalence(True, "symbolic")
    if difference.is_number and difference.is_zero is False:
        return Equivalence(False, "symbolic")
    return Equivalence(None, "undecided", detail=why or "simplify did not reach 0")


# --- sampling -------------------------------------------------------------

def _variables(expr: sp.Basic) -> set[sp.Basic]:
    """Free scalar symbols, and indexed bases (their entries are drawn per point)."""
    found: set[sp.Basic] = set()
    for s in expr.free_symbols:
        if isinstance(s, sp.Indexed):
            found.add(s.base)
        elif isinstance(s, (sp.Symbol, sp.IndexedBase)):
            found.add(s)
    indexed_labels = {b.label for b in found if isinstance(b, sp.IndexedBase)}
    return {s for s in found if s not in indexed_labels}


def _draw_point(variables: set[sp.Basic], domains: Mapping[sp.Basic, Domain], rng: random.Random,
                attempt: int = 0) -> dict:
    point = {}
    scalars = [v for v in sorted(variables, key=sp.default_sort_key) if not isinstance(v, sp.IndexedBase)]
    for position, var in enumerate(scalars):  # indexed entries are drawn when met (see _evaluate)
        point[var] = draw(domains.get(var) or _domain_from_assumptions(var), rng, attempt,
                          flip=sign_flipped(position, attempt))
    return point


# Which later variables take the other sign at each of the first six points (REAL_SCALES gives the first its sign):
# a covering array, so that within those six points every two of the first five variables meet in all four
# combinations of signs (|x||y| is not xy, ln x + ln y is not ln(xy)). Later points and variables: a fixed hash.
SIGN_FLIPS = ((0, 1, 0, 0, 1, 0), (0, 1, 0, 1, 0, 0), (0, 1, 1, 0, 0, 0), (0, 0, 1, 1, 1, 1))


def sign_flipped(position: int, attempt: int) -> bool:
    """Does the `position`-th variable (in sorted order) take the other sign at the `attempt`-th point?"""
    if position == 0:
        return False
    if position <= len(SIGN_FLIPS) and attempt < len(SIGN_FLIPS[0]):
        return bool(SIGN_FLIPS[position - 1][attempt])
    return bool(hashlib.sha256(f"{position}:{attempt}".encode()).digest()[0] & 1)


def _domain_from_assumptions(symbol: sp.Basic) -> Domain:
    integer = bool(symbol.is_integer)
    if symbol.is_positive:
        return Domain(sp.Integer(1 if integer else 0), sp.oo, not integer, True, integer)
    if symbol.is_nonnegative:
        return Domain(sp.Integer(0), sp.oo, False, True, integer)
    if symbol.is_negative:
        return Domain(-sp.oo, sp.Integer(0), True, True, integer)
    return Domain(-sp.oo, sp.oo, True, True, integer)


def draw(domain: Domain, rng: random.Random, attempt: int = 0, *, flip: bool = False) -> sp.Number:
    """A random value of the domain at the scale of the `attempt`-th point
    (REAL_SCALES, INTEGER_SCALES): never a special value such as 0, 1 or 1/2,
    and over the whole domain, not a fixed box. `flip` takes the scale's
    other sign, where the domain has both."""
    lower, upper = domain.lower, domain.upper
    if domain.integer:
        return _draw_integer(domain, rng, attempt)
    if lower != -sp.oo and upper != sp.oo:  # a bounded interval: its middle and both of its ends
        low, high = float(lower), float(upper)
        where = attempt % 3
        if where == 0:
            value = rng.uniform(low + 0.2 * (high - low), high - 0.2 * (high - low))
        else:
            offset = (high - low) * 10 ** rng.uniform(-3, -1.3)
            value = low + offset if where == 1 else high - offset
        return sp.Float(value, PRECISION)
    (small, large), sign = REAL_SCALES[attempt % len(REAL_SCALES)]
    magnitude = 10 ** rng.uniform(math.log10(small), math.log10(large))
    if lower != -sp.oo:
        value = float(lower) + magnitude
    elif upper != sp.oo:
        value = float(upper) - magnitude
    else:
        value = (-sign if flip else sign) * magnitude
    return sp.Float(value, PRECISION)


def _draw_integer(domain: Domain, rng: random.Random, attempt: int) -> sp.Integer:
    low, high = _integer_ends(domain)
    start, stop = INTEGER_SCALES[attempt % len(INTEGER_SCALES)]
    if low is not None and high is not None:
        return sp.Integer(rng.randint(low, max(low, high)))
    if low is not None:
        return sp.Integer(low + rng.randint(start, stop))
    if high is not None:
        return sp.Integer(high - rng.randint(start, stop))
    return sp.Integer(rng.choice((1, -1)) * rng.randint(start, stop))


def _integer_ends(domain: Domain) -> tuple[int | None, int | None]:
    """The smallest and largest integers in the domain (None when unbounded)."""
    low = high = None
    if domain.lower != -sp.oo:
        low = math.ceil(domain.lower)
        if domain.lower_open and low == domain.lower:
            low += 1
    if domain.upper != sp.oo:
        high = math.floor(domain.upper)
        if domain.upper_open and high == domain.upper:
            high -= 1
    return low, high


def _evaluate(expr: sp.Basic, point: Mapping[sp.Basic, sp.Number], salt: str) -> sp.Expr | None:
    """The value of `expr` at `point`, or None where it is undefined."""
    try:
        value = expr
        differentiated = value.has(sp.Derivative, sp.Subs)
        if differentiated and value.atoms(AppliedUndef):  # d/dx f(x): the derivative of f's stand-in, in x
            value = value.replace(lambda e: isinstance(e, AppliedUndef), lambda e: _function_value(e, salt))
            value = value.doit()
        value = value.xreplace(dict(point))
        if value.has(sp.Sum, sp.Product):
            value = value.doit()
        if value.has(sp.Indexed):
            value = value.xreplace({i: _indexed_value(i, salt) for i in value.atoms(sp.Indexed)})
        if value.atoms(AppliedUndef):  # at numbers: the stand-in's values, cheaply (f'(u) included)
            value = value.replace(lambda e: isinstance(e, AppliedUndef), lambda e: _function_value(e, salt))
        number = sp.N(value, PRECISION)
    except (TypeError, ValueError, ZeroDivisionError, OverflowError, RecursionError, ArithmeticError):
        return None
    if not number.is_number or number.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
        return None
    if not isinstance(number, (sp.Float, sp.Integer, sp.Rational)):
        try:  # complex values are fine if both sides agree; unevaluated leftovers (an integral) are not
            complex(number)
        except (TypeError, ValueError, OverflowError):
            return None
    return number


def _function_value(call: sp.Expr, salt: str) -> sp.Expr:
    """An unspecified function replaced, at one probe point, by the same random
    smooth function on both sides: of no symmetry (each argument shifted by a
    random phase), not a product of functions of each argument (a term mixes
    them), and taking both signs unless declared positive (a density p(x, theta)).
    `f'(u)` is that function's derivative at u."""
    derivative = derivative_of(call.func.__name__)
    if derivative is not None and len(call.args) == 1:
        name, order = derivative
        s = sp.Dummy("s")
        base = sp.Function(name, positive=True) if getattr(call.func, "stand_in_positive", False) else \
            sp.Function(name)
        return sp.diff(_function_value(base(s), salt), s, order).xreplace({s: call.args[0]})

    def coefficient(k: int) -> sp.Float:  # to the probe's precision, so that derivatives keep every digit
        digest = hashlib.sha256(f"{salt}:{call.func.__name__}:{k}".encode()).digest()
        return sp.Float(0.2 + int.from_bytes(digest[:6], "big") / 2**48, PRECISION)
    arguments = call.args
    exponent = sum(coefficient(k) * sp.sin(arg * coefficient(k + 7) + 3 * coefficient(k + 17))
                   for k, arg in enumerate(arguments))
    exponent += coefficient(50) * sp.sin(sum(coefficient(51 + k) * arg for k, arg in enumerate(arguments)) + 1)
    positive = sp.exp(exponent) * coefficient(99)
    return positive if call.is_positive else positive - coefficient(98) * 2  # crosses 0 within its range


def _indexed_value(entry: sp.Indexed, salt: str) -> sp.Float:
    """One value per (point, entry), the same on both sides of a comparison."""
    digest = hashlib.sha256(f"{salt}:{entry}".encode()).digest()
    return sp.Float(int.from_bytes(digest[:6], "big") / 2**48 * 16 - 8, PRECISION)
