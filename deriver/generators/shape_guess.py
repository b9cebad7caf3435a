"""The seed's "guess from the 1 x 1 case, then fix the shapes" argument for a
matrix derivative (17.4.49)-(17.4.52), made rigorous: the scalar derivative,
the only product of the right shape, and the guess checked entry by entry
against the derivative of the sum of squares. It ends at the corrected sign:
the seed drops the minus sign of d/dv (x - uv)^2."""
from __future__ import annotations

from itertools import product

import sympy as sp

from deriver.catalog import register, source
from deriver.model import Derivation, Step, definition, given


def _candidates(U: sp.MatrixSymbol, E: sp.MatrixExpr, shape: tuple) -> sp.Basic:
    """Every product of U or U^T with E or E^T, in either order, that is defined and has `shape`
    (the product itself when there is one)."""
    found = []
    for a, b in product((U, U.T), (E, E.T)):
        for left, right in ((a, b), (b, a)):
            if left.shape[1] == right.shape[0] and (left.shape[0], right.shape[1]) == shape:
                found.append(sp.MatMul(left, right, evaluate=False))
    return found[0] if len(found) == 1 else sp.Tuple(*found)


def _explicit(n: int, r: int, m: int) -> dict[str, sp.Matrix]:
    """X, U, V at these sizes, with an unknown in every entry."""
    return {name: sp.Matrix(rows, cols, lambda i, j, name=name: sp.Symbol(f"{name.lower()}{i + 1}{j + 1}", real=True))
            for name, rows, cols in (("X", n, m), ("U", n, r), ("V", r, m))}


def _entrywise_gradient(matrices: dict[str, sp.Matrix]) -> sp.Matrix:
    """d/dv_ab of sum_ij (x_ij - sum_k u_ik v_kj)^2 for every a, b: the definition, entry by entry."""
    X, U, V = matrices["X"], matrices["U"], matrices["V"]
    (n, m), r = X.shape, U.shape[1]
    loss = sum((X[i, j] - sum(U[i, k] * V[k, j] for k in range(r))) ** 2 for i in range(n) for j in range(m))
    return sp.Matrix(r, m, lambda a, b: sp.expand(sp.diff(loss, V[a, b])))


@register("shape-guess", "Guess a matrix derivative from the 1 x 1 case, then fix the shapes (17.4.49)-(17.4.52)",
          source("17.4", "17.4.49", "17.4.50", "17.4.51", "17.4.52"),
          params={"n": "integer", "r": "integer", "m": "integer"}, defaults={"n": 3, "r": 2, "m": 4})
def shape_guess(n: int = 3, r: int = 2, m: int = 4) -> Derivation:
    """`n`, `r`, `m`: the sizes at which the guess is checked entry by entry (distinct, so no shape is ambiguous)."""
    if len({n, r, m}) != 3 or min(n, r, m) < 1 or max(n, r, m) > 6:
        raise ValueError("n, r and m must be three different sizes from 1 to 6")
    x, u, v = sp.symbols("x u v", real=True)
    rows, rank, cols = sp.symbols("n r m", positive=True, integer=True)
    X, U, V = sp.MatrixSymbol("X", rows, cols), sp.MatrixSymbol("U", rows, rank), sp.MatrixSymbol("V", rank, cols)
    E = X - U * V
    scalar = -2 * u * (x - u * v)
    guess = sp.MatMul(-2, U.T, E, evaluate=False)
    matrices = _explicit(n, r, m)
    gradient = _entrywise_gradient(matrices)

    def checked_entrywise(previous, current, derivation):
        """The statement, at these sizes and with these entries, against the gradient entry by entry."""
        sized = current.xreplace({rows: n, rank: r, cols: m})
        concrete = {sp.MatrixSymbol(name, *value.shape): value for name, value in matrices.items()}
        claimed = sp.Matrix(sized.xreplace(concrete).doit()).applyfunc(sp.expand)
        ok = claimed == gradient
        return ok, "symbolic", "" if ok else "the guess is not the derivative, entry by entry"

    def has_the_shape_of_v(previous, current, derivation):
        """The statement is a product of U or U^T with X - UV or its transpose, and has V's shape."""
        factors = current.args if isinstance(current, sp.MatMul) else ()
        ok = len(factors) == 2 and set(factors) <= {U, U.T, E, E.T} and current.shape == V.shape
        return ok, "symbolic", "" if ok else "not a product of U and X - UV with the shape of V"

    steps = [
        given((x - u * v) ** 2, "(17.4.50): the same loss with 1 x 1 matrices, that is numbers", rule="the 1 x 1 case"),
        definition(sp.Derivative((x - u * v) ** 2, v), "the derivative in v", rule="differentiate in v"),
        Step(scalar, "=", rule="the chain rule", why="d/dv (x - uv) = -u: the seed's (17.4.50) drops this minus sign"),
        Step(_candidates(U, E, V.shape), rule="fix the shapes",
             why="the derivative has V's shape r x m; of the products of U or U^T with X - UV or its transpose, "
                 "only this one has it",
             checker=has_the_shape_of_v,
             fresh=True),
        Step(guess, rule="the guess (17.4.52), with the sign of the 1 x 1 case",
             why=f"checked entry by entry against d/dv_ab of sum_ij (x_ij - sum_k u_ik v_kj)^2 at n = {n}, r = {r}, "
                 f"m = {m}, as (17.4.54) does in general",
             checker=checked_entrywise, fresh=True),
    ]
    return Derivation("shape-guess", "d/dV ||X - UV||^2 from the 1 x 1 case and the shapes",
                      source("17.4", "17.4.49", "17.4.50", "17.4.51", "17.4.52"), steps, guess,
                      givens=[("shape of X", sp.Tuple(rows, cols)), ("shape of U", sp.Tuple(rows, rank)),
                              ("shape of V", sp.Tuple(rank, cols))],
                      notes=["The seed's (17.4.50)-(17.4.52), and its computation in indices (17.4.55)-(17.4.63), "
                             "drop the minus sign of d/dv (x - uv) = -u: d/dV ||X - UV||^2 = -2 U^T (X - UV)."])
