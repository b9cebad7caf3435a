"""Equivalence of matrix expressions, by instantiation: every dimension symbol
gets a random size (2-5, so square and rectangular cases both occur, and
6-9 at the last draw, so that no identity of small sizes passes), every
matrix symbol a random real matrix of that shape, every scalar a value from
its domain; both sides are evaluated with NumPy and must agree on every draw.

Part of the one equivalence engine: `grader.equivalence.equivalent` sends
matrix expressions here. NumPy is imported by the functions that use it, so
that grading a scalar answer (and `dlmath grade` of one) does not load it.
"""
from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any, Mapping

import sympy as sp

if TYPE_CHECKING:
    import numpy as np

DRAWS = 4
MAX_TRIES = 12
RTOL = 1e-9
SMALL_SIZES = (2, 6)
LARGE_SIZES = (6, 10)  # the last draw


class NotNumeric(ValueError):
    """A node this evaluator does not know."""


def dimension_symbols(*exprs: sp.Basic) -> set[sp.Symbol]:
    dims: set[sp.Symbol] = set()
    for expr in exprs:
        for matrix in expr.atoms(sp.MatrixSymbol):
            dims |= {d for d in matrix.shape if isinstance(d, sp.Symbol)}
    return dims


def _size(dim: Any, env: Mapping[Any, Any]) -> int:
    symbols = {k: v for k, v in env.items() if isinstance(k, sp.Symbol)}
    return int(sp.sympify(dim).subs(symbols))


def random_matrix(rows: int, cols: int, structure: str, rng: np.random.Generator) -> np.ndarray:
    """A random real matrix; symmetric or positive definite when declared so."""
    import numpy as np
    matrix = rng.standard_normal((rows, cols))
    if structure == "symmetric":
        return (matrix + matrix.T) / 2
    if structure == "positive_definite":
        return matrix @ matrix.T + rows * np.eye(rows)
    return matrix


def instantiate(exprs: tuple[sp.Basic, ...], rng: np.random.Generator,
                scalar_sampler: Any = None, structures: Mapping[str, str] | None = None,
                sizes: tuple[int, int] = SMALL_SIZES) -> dict[Any, Any]:
    """One random environment: sizes (from `sizes`, end excluded), matrices and scalars."""
    env: dict[Any, Any] = {}
    for dim in sorted(dimension_symbols(*exprs), key=str):
        env[dim] = int(rng.integers(*sizes))
    for expr in exprs:
        for matrix in sorted(expr.atoms(sp.MatrixSymbol), key=str):
            if matrix.name not in env:
                rows, cols = (_size(d, env) for d in matrix.shape)
                env[matrix.name] = random_matrix(rows, cols, (structures or {}).get(matrix.name, "real"), rng)
        for symbol in expr.free_symbols:
            if isinstance(symbol, sp.Symbol) and symbol not in env:
                env[symbol] = scalar_sampler(symbol) if scalar_sampler else float(rng.uniform(0.5, 2.0))
    return env


def evaluate(expr: Any, env: Mapping[Any, Any]) -> Any:
    """NumPy value of a SymPy scalar or matrix expression."""
    import numpy as np
    if isinstance(expr, sp.MatrixSymbol):
        return env[expr.name]
    if isinstance(expr, sp.Identity):
        return np.eye(_size(expr.shape[0], env))
    if isinstance(expr, sp.ZeroMatrix):
        return np.zeros(tuple(_size(d, env) for d in expr.shape))
    if isinstance(expr, sp.MatAdd):
        return sum(evaluate(arg, env) for arg in expr.args)
    if isinstance(expr, (sp.MatMul, sp.Mul)):
        result: Any = 1.0
        for arg in expr.args:
            value = evaluate(arg, env)
            both = np.ndim(result) == 2 and np.ndim(value) == 2
            result = result @ value if both else result * value
        return result
    if isinstance(expr, sp.Transpose):
        return np.transpose(evaluate(expr.arg, env))
    if isinstance(expr, sp.Inverse):
        return np.linalg.inv(evaluate(expr.arg, env))
    if isinstance(expr, sp.MatPow):
        return np.linalg.matrix_power(evaluate(expr.base, env), int(expr.exp))
    if isinstance(expr, sp.Trace):
        return float(np.trace(evaluate(expr.arg, env)))
    if isinstance(expr, sp.Determinant):
        return float(np.linalg.det(evaluate(expr.arg, env)))
    if isinstance(expr, sp.MatrixBase):
        return np.array(expr.evalf(subs={k: v for k, v in env.items() if isinstance(k, sp.Symbol)}), dtype=float)
    if isinstance(expr, sp.Add):
        return sum(evaluate(arg, env) for arg in expr.args)
    if isinstance(expr, sp.Pow):
        base, exponent = evaluate(expr.base, env), evaluate(expr.exp, env)
        if np.ndim(base) == 2:
            return np.linalg.matrix_power(base, int(exponent))
        return np.power(complex(base) if base < 0 and not float(exponent).is_integer() else base, exponent)
    if isinstance(expr, sp.Symbol):
        return env[expr]
    if expr.is_number:
        return complex(expr) if not expr.is_real else float(expr)
    functions = {sp.log: np.log, sp.exp: np.exp, sp.Abs: np.abs, sp.sin: np.sin, sp.cos: np.cos}
    for func, numpy_func in functions.items():
        if isinstance(expr, func):
            return numpy_func(evaluate(expr.args[0], env))
    raise NotNumeric(f"cannot evaluate {type(expr).__name__} numerically")


def _as_scalar_if_1x1(value: Any) -> Any:
    """A 1 x 1 matrix such as x^T A x is compared as the number it holds."""
    import numpy as np
    return np.asarray(value).reshape(()) if np.size(value) == 1 else value


def _finite(value: Any) -> bool:
    import numpy as np
    return bool(np.all(np.isfinite(np.asarray(value))))


def agree(a: sp.Basic, b: sp.Basic, seed: str, scalar_sampler: Any = None,
          structures: Mapping[str, str] | None = None) -> tuple[bool | None, str]:
    """(True, '') on agreement at every draw; (False, where) on a disagreement;
    (None, why) when no admissible draw could be made."""
    import numpy as np
    rng = np.random.default_rng(int.from_bytes(hashlib.sha256(seed.encode()).digest()[:8], "big"))
    agreed = 0
    for _ in range(MAX_TRIES):
        if agreed >= DRAWS:
            break
        sizes = LARGE_SIZES if agreed == DRAWS - 1 else SMALL_SIZES
        env = instantiate((a, b), rng, scalar_sampler, structures, sizes)
        try:
            with np.errstate(all="ignore"):
                left, right = evaluate(a, env), evaluate(b, env)
        except (NotNumeric, KeyError) as err:
            return None, str(err)
        except (np.linalg.LinAlgError, ValueError, ZeroDivisionError):
            continue  # a singular draw: draw again
        if not (_finite(left) and _finite(right)):
            continue
        left, right = _as_scalar_if_1x1(left), _as_scalar_if_1x1(right)
        if np.shape(left) != np.shape(right):
            return False, f"shapes {np.shape(left)} and {np.shape(right)}"
        scale = max(1.0, float(np.max(np.abs(left), initial=0)), float(np.max(np.abs(right), initial=0)))
        if not np.allclose(left, right, rtol=RTOL, atol=RTOL * scale):
            sizes = ", ".join(f"{k} = {v}" for k, v in env.items() if isinstance(k, sp.Symbol) and isinstance(v, int))
            return False, sizes
        agreed += 1
    if agreed == 0:
        return None, "no admissible random matrices were found"
    return True, ""


def is_matrix_expression(value: Any) -> bool:
    """Symbolic matrices (A, U^T X, ...); explicit matrices of entries are compared entry by entry."""
    if isinstance(value, sp.MatrixBase):
        return bool(value.atoms(sp.MatrixSymbol)) if isinstance(value, sp.Basic) else False
    return isinstance(value, sp.MatrixExpr) or (isinstance(value, sp.Basic) and bool(value.atoms(sp.MatrixSymbol)))


