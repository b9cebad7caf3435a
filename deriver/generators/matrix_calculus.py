"""Matrix calculus through index notation and back (17.4.7).

SymPy's own `MatrixExpr.diff` is not trusted here (it returns 0 for
`log det X` and for sums of traces), so a gradient is derived the way the
appendix does it, (17.4.40)-(17.4.47) and (17.4.53)-(17.4.63):

1. write the scalar function in index notation (explicit sums over entries);
2. differentiate with respect to one entry `v_ab` of the variable, by the sum,
   product, power and chain rules, with d v_kj / d v_ab = delta_ka delta_jb,
   Jacobi's formula for determinants and d(B^-1) = -B^-1 dB B^-1;
3. let every Kronecker delta pick its term of a sum;
4. read each term as an entry of a matrix product (a chain of indices from
   `a` to `b`; closed chains are traces) and collect the entries in the shape
   of the variable (the denominator layout, 17.4.34).

The class of functions (documented, and rejected with OutsideClass
otherwise): scalar expressions built from matrix symbols by sums, products,
transposes, inverses and identities, through traces, 1 x 1 products (linear
and bilinear forms, quadratic forms), determinants, and powers, logarithms
and exponentials of such scalars: Frobenius and 2-norms of affine maps,
traces of products, log det.

Every index-notation step is checked numerically with random matrices drawn
by the engine (`grader.matrix_equivalence.instantiate`), the differentiation
step by complex-step derivatives of the previous line, and the final matrix
forms are compared by the equivalence engine itself.
"""
from __future__ import annotations

import hashlib
import itertools
import re
from dataclasses import dataclass, field
from typing import Any, Iterator

import numpy as np
import sympy as sp
from sympy.matrices.expressions.matexpr import MatrixElement

from deriver.catalog import derive, register, source
from deriver.claims import claim
from deriver.model import Derivation, Step, given
from exercises.model import Notation
from exercises.render import DlmathLatexPrinter, to_latex
from exercises.schema import SymbolDecl
from exercises.symbols import declare_symbols
from grader.formulas import read_formula
from grader.matrix_equivalence import instantiate

KD = sp.KroneckerDelta
DUMMY_NAMES = "ijklpqstcdefgh"
FREE_ROW_COL = (("a", "b"), ("p", "q"), ("s", "t"), ("c", "d"))
FREE_VECTOR = ("k", "l", "p", "q", "s")


class OutsideClass(ValueError):
    """The function is not in the documented class of this generator."""


# --- inputs -------------------------------------------------------------------

def parse_shapes(text: str) -> dict[str, Any]:
    """`A: n x n, x: n x 1` -> the declared matrix symbols (engine's symbol tables)."""
    decls = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, sep, shape = item.partition(":")
        dims = [d.strip() for d in shape.replace("×", "x").split("x")]
        if not sep or len(dims) != 2 or not name.strip().isidentifier():
            raise ValueError(f"a shape is written `A: n x m`, not {item!r}")
        decls[name.strip()] = SymbolDecl(kind="matrix", shape=tuple(int(d) if d.isdigit() else d for d in dims))
    if not decls:
        raise ValueError("declare the matrices' shapes, e.g. `A: n x n, x: n x 1`")
    return declare_symbols(decls)


def parse_function(text: str, declared: dict[str, Any]) -> sp.Basic:
    """The function, read by the grader's safe matrix grammar (`x^T A x`, `norm(X - U*V)^2`, `log(det(X))`)."""
    value = read_formula(text, Notation(declared))
    return value.replace(lambda e: isinstance(e, sp.MatMul), lambda e: sp.MatMul(*_flat_matmul(e)))


# --- index notation -------------------------------------------------------------

@dataclass
class Indices:
    """Fresh index names, and the size each index ranges over."""

    taken: set[str]
    dims: dict[sp.Symbol, sp.Expr] = field(default_factory=dict)
    cache: dict[tuple, sp.Expr] = field(default_factory=dict)

    def fresh(self, dim: sp.Expr) -> sp.Symbol:
        names = itertools.chain(DUMMY_NAMES, (f"i_{n}" for n in itertools.count(1)))
        name = next(n for n in names if n not in self.taken)
        self.taken.add(name)
        index = sp.Symbol(name, integer=True)
        self.dims[index] = dim
        return index

    def free(self, var: sp.MatrixSymbol) -> tuple[sp.Basic, sp.Basic]:
        """The entry (a, b) of the variable to differentiate by: (k, 0) for a column vector."""
        rows, cols = var.shape
        if cols == 1 or rows == 1:
            name = next(n for n in FREE_VECTOR if n not in self.taken)
            self.taken.add(name)
            k = sp.Symbol(name, integer=True)
            self.dims[k] = rows if cols == 1 else cols
            return (k, sp.Integer(0)) if cols == 1 else (sp.Integer(0), k)
        pair = next(p for p in FREE_ROW_COL if not set(p) & self.taken)
        self.taken |= set(pair)
        a, b = (sp.Symbol(n, integer=True) for n in pair)
        self.dims[a], self.dims[b] = rows, cols
        return a, b

    def limit(self, dim: sp.Expr) -> tuple[sp.Basic, tuple | None]:
        """An index over `dim`, running from 1 to dim as the seed writes its sums (0 when the
        dimension is 1: nothing to sum, and SymPy's entry of a size-1 dimension is 0)."""
        if dim == 1:
            return sp.Integer(0), None
        index = self.fresh(dim)
        return index, (index, 1, dim)


def _flat_matmul(matrix: sp.MatMul) -> list[sp.Basic]:
    args: list[sp.Basic] = []
    for arg in matrix.args:
        args.extend(_flat_matmul(arg) if isinstance(arg, sp.MatMul) else [arg])
    return args


def entry(matrix: sp.MatrixExpr, p: sp.Basic, q: sp.Basic, ix: Indices) -> sp.Expr:
    """[matrix]_{pq} in index notation: sums over the inner indices of products."""
    key = (matrix, p, q)
    if key not in ix.cache:
        ix.cache[key] = _entry(matrix, p, q, ix)
    return ix.cache[key]


def _entry(matrix: sp.MatrixExpr, p: sp.Basic, q: sp.Basic, ix: Indices) -> sp.Expr:
    if isinstance(matrix, (sp.MatrixSymbol, sp.Inverse)):
        return MatrixElement(matrix, p, q)
    if isinstance(matrix, sp.Transpose):
        return entry(matrix.arg, q, p, ix)
    if isinstance(matrix, sp.MatAdd):
        return sp.Add(*(entry(term, p, q, ix) for term in matrix.args))
    if isinstance(matrix, sp.Identity):
        return KD(p, q)
    if isinstance(matrix, sp.ZeroMatrix):
        return sp.Integer(0)
    if isinstance(matrix, sp.MatMul):
        args = _flat_matmul(matrix)
        scalars = [scalar_index(a, ix) for a in args if not isinstance(a, sp.MatrixExpr)]
        factors = [a for a in args if isinstance(a, sp.MatrixExpr)]
        ends, limits = [p], []
        for left in factors[:-1]:
            index, limit = ix.limit(left.shape[1])
            ends.append(index)
            if limit:
                limits.append(limit)
        ends.append(q)
        body = sp.Mul(*(entry(m, ends[t], ends[t + 1], ix) for t, m in enumerate(factors)))
        return sp.Mul(*scalars, sp.Sum(body, *limits) if limits else body)
    raise OutsideClass(f"{type(matrix).__name__} is outside the class of this generator")


def scalar_index(f: sp.Basic, ix: Indices) -> sp.Expr:
    """A scalar function of matrices in index notation (traces as sums of diagonals)."""
    if isinstance(f, sp.MatrixExpr):
        if f.shape != (1, 1):
            raise OutsideClass(f"the function must be a scalar, not a {f.shape[0]} x {f.shape[1]} matrix")
        return entry(f, sp.Integer(0), sp.Integer(0), ix)
    if isinstance(f, sp.Trace):
        args = _flat_matmul(f.arg) if isinstance(f.arg, sp.MatMul) else []
        if len(args) == 2 and args[0] == sp.Transpose(args[1]):  # tr(M^T M): the sum of squared entries
            matrix = args[1]
            (i, i_lim), (j, j_lim) = ix.limit(matrix.shape[0]), ix.limit(matrix.shape[1])
            limits = [lim for lim in (i_lim, j_lim) if lim]
            body = entry(matrix, i, j, ix) ** 2
            return sp.Sum(body, *limits) if limits else body
        index, limit = ix.limit(f.arg.shape[0])
        body = entry(f.arg, index, index, ix)
        return sp.Sum(body, limit) if limit else body
    if isinstance(f, sp.Determinant) or not f.args or not f.has(sp.MatrixSymbol):
        return f
    if isinstance(f, (sp.Add, sp.Mul, sp.Pow, sp.log, sp.exp)):
        return f.func(*(scalar_index(a, ix) for a in f.args))
    raise OutsideClass(f"{type(f).__name__} is outside the class of this generator")


# --- differentiation with respect to one entry ----------------------------------

def differentiate(expr: sp.Expr, var: sp.MatrixSymbol, at: tuple, ix: Indices, rules: list[str]) -> sp.Expr:
    """d expr / d var[at] by the rules of calculus, in index notation."""
    def note(rule: str) -> None:
        if rule not in rules:
            rules.append(rule)

    def d(e: sp.Expr) -> sp.Expr:
        if not e.has(var):
            return sp.Integer(0)
        if isinstance(e, MatrixElement):
            parent = e.parent
            if parent == var:
                note(r"d v_pq / d v_ab = delta_pa delta_qb")
                return KD(e.i, at[0]) * KD(e.j, at[1])
            if isinstance(parent, sp.Inverse):
                note("derivative of an inverse: d(B^-1) = -B^-1 dB B^-1")
                inner = parent.arg
                s, s_lim = ix.limit(inner.shape[0])
                t, t_lim = ix.limit(inner.shape[1])
                body = MatrixElement(parent, e.i, s) * d(entry(inner, s, t, ix)) * MatrixElement(parent, t, e.j)
                return -sp.Sum(body, *(lim for lim in (s_lim, t_lim) if lim)) if (s_lim or t_lim) else -body
            raise OutsideClass(f"cannot differentiate an entry of {parent}")
        if isinstance(e, sp.Determinant):
            note("Jacobi's formula: d det B = det B tr(B^-1 dB)")
            inner = e.arg
            s, s_lim = ix.limit(inner.shape[0])
            t, t_lim = ix.limit(inner.shape[1])
            body = MatrixElement(sp.Inverse(inner), t, s) * d(entry(inner, s, t, ix))
            limits = [lim for lim in (s_lim, t_lim) if lim]
            return e * (sp.Sum(body, *limits) if limits else body)
        if isinstance(e, sp.Sum):
            note("differentiate under the sum")
            inner = d(e.function)
            return sp.Sum(inner, *e.limits) if inner != 0 else sp.Integer(0)
        if isinstance(e, sp.Add):
            note("sum rule")
            return sp.Add(*(d(term) for term in e.args))
        if isinstance(e, sp.Mul):
            note("product rule")
            terms = []
            for position, factor in enumerate(e.args):
                if factor.has(var):
                    terms.append(sp.Mul(*e.args[:position], d(factor), *e.args[position + 1:]))
            return sp.Add(*terms)
        if isinstance(e, sp.Pow) and not e.exp.has(var):
            note("power rule and chain rule")
            return sp.Mul(e.exp, e.base ** (e.exp - 1), d(e.base))  # one Mul: 2 (x - y) stays factored
        if isinstance(e, sp.log):
            note("chain rule: d log u = du / u")
            return d(e.args[0]) / e.args[0]
        if isinstance(e, sp.exp):
            note("chain rule: d exp u = exp(u) du")
            return e * d(e.args[0])
        raise OutsideClass(f"cannot differentiate {type(e).__name__} here")

    return d(expr)


def collapse_deltas(expr: sp.Expr) -> sp.Expr:
    """Sum_i delta_ik g(i) = g(k): every delta picks one term of its sum."""
    if isinstance(expr, (sp.MatrixExpr, MatrixElement)) or not expr.args:
        return expr
    if isinstance(expr, sp.Sum):
        body = collapse_deltas(expr.function)
        return sp.Add(*(_collapse_term(term, list(expr.limits)) for term in sp.Add.make_args(body)))
    return expr.func(*(collapse_deltas(arg) for arg in expr.args))


def _collapse_term(term: sp.Expr, limits: list) -> sp.Expr:
    progress = True
    while progress:
        progress = False
        for limit in limits:
            index = limit[0]
            factors = sp.Mul.make_args(term)
            delta = next((f for f in factors if isinstance(f, KD) and index in f.args), None)
            if delta is None:
                continue
            other = delta.args[0] if delta.args[1] == index else delta.args[1]
            rest = list(factors)
            rest.remove(delta)
            term = sp.Mul(*rest).xreplace({index: other})
            limits = [lim for lim in limits if lim is not limit]
            progress = True
            break
    return sp.Sum(term, *limits) if limits else term


# --- back to matrices -----------------------------------------------------------

class _Unit:
    """The end of a size-1 dimension (the 0 of x_{i0}): every occurrence is its own node."""

    def __repr__(self) -> str:
        return "1"


@dataclass
class _Edge:
    matrix: sp.MatrixExpr
    row: Any
    col: Any


def _node(index: sp.Basic, ix: Indices) -> Any:
    if index == 0 and isinstance(index, sp.Integer):
        return _Unit()
    if isinstance(index, sp.Symbol) and index in ix.dims:
        return index
    raise OutsideClass(f"the index {index} is neither summed nor free")


def _index_free(expr: sp.Basic, ix: Indices) -> set[sp.Symbol]:
    return {s for s in expr.free_symbols if s in ix.dims}


def _has_indices(expr: sp.Basic) -> bool:
    return expr.has(MatrixElement, sp.Sum, KD)


def _monomials(expr: sp.Expr) -> list[sp.Expr]:
    """Distribute sums over additions: a list of terms, each a product (possibly under sums)."""
    out: list[sp.Expr] = []
    for term in sp.Add.make_args(expr):
        if isinstance(term, sp.Sum) and isinstance(term.function, sp.Add):
            out.extend(sp.Sum(t, *term.limits) for t in _monomials(term.function))
        else:
            out.append(term)
    return out


def _factor_edges(term: sp.Expr, ix: Indices) -> tuple[sp.Expr, list[_Edge]]:
    """A product under sums: its scalar coefficient and its matrix entries as edges."""
    coefficient, edges = sp.Integer(1), []
    pending = [term]
    while pending:
        factor = pending.pop()
        if isinstance(factor, MatrixElement):
            edges.append(_Edge(factor.parent, _node(factor.i, ix), _node(factor.j, ix)))
        elif isinstance(factor, KD):
            p, q = factor.args
            edges.append(_Edge(sp.Identity(ix.dims.get(p, ix.dims.get(q))), _node(p, ix), _node(q, ix)))
        elif isinstance(factor, sp.Mul):
            pending.extend(factor.args)
        elif isinstance(factor, sp.Sum) and not isinstance(factor.function, sp.Add):
            pending.append(_pull(factor, ix))
        elif isinstance(factor, sp.Pow) and factor.exp.is_Integer and factor.exp > 0 and _index_free(factor.base, ix):
            pending.extend([factor.base] * int(factor.exp))
        elif not _index_free(factor, ix):
            coefficient *= to_scalar(factor, ix)
        elif isinstance(factor, (sp.Add, sp.Sum)):
            edges.append(_block_edge(factor, ix))
        else:
            raise OutsideClass(f"cannot read {factor} as an entry of a matrix")
    return coefficient, edges


def _pull(total: sp.Sum, ix: Indices) -> sp.Expr:
    """The body of a sum, its summed indices renamed afresh (they join the term's pairs)."""
    renames = {}
    for index, low, high in total.limits:
        renames[index] = ix.fresh(high - low + 1)
    return total.function.xreplace(renames)


def _block_edge(block: sp.Expr, ix: Indices) -> _Edge:
    """A sum such as x_ib - sum_k u_ik v_kb, read as one entry of the matrix X - UV."""
    free = _index_free(block, ix)
    first = next((e for e in sp.preorder_traversal(block) if isinstance(e, MatrixElement)
                  and _index_free(e, ix) & free), None)
    order = [i for i in (first.i, first.j) if i in free] if first is not None else []
    order += sorted(free - set(order), key=str)
    if len(order) == 2:
        return _Edge(to_matrix(block, order[0], order[1], ix), order[0], order[1])
    if len(order) == 1:
        return _Edge(to_matrix(block, order[0], sp.Integer(0), ix), order[0], _Unit())
    raise OutsideClass(f"cannot read {block} as an entry of a matrix")


def _same(node: Any, other: Any) -> bool:
    if isinstance(node, _Unit) or isinstance(other, _Unit):
        return node is other
    return node == other


def _walk(start: Any, goal: Any, edges: list[_Edge], used: set[int]) -> list[sp.MatrixExpr] | None:
    """The chain of matrices from index `start` to `goal` (a _Unit goal: any size-1 end).
    Backtracks; on success the edges of the chain are in `used`."""
    for n, edge in enumerate(edges):
        if n in used:
            continue
        if _same(edge.row, start):
            step, nxt = edge.matrix, edge.col
        elif _same(edge.col, start):
            step, nxt = sp.Transpose(edge.matrix), edge.row
        else:
            continue
        used.add(n)
        if _same(nxt, goal) or (isinstance(nxt, _Unit) and isinstance(goal, _Unit)):
            return [step]
        if isinstance(nxt, _Unit):  # an outer product: go on from another size-1 end
            for m, other in enumerate(edges):
                if m in used or not (isinstance(other.row, _Unit) or isinstance(other.col, _Unit)):
                    continue
                rest = _walk(other.row if isinstance(other.row, _Unit) else other.col, goal, edges, used)
                if rest is not None:
                    return [step, *rest]
        else:
            rest = _walk(nxt, goal, edges, used)
            if rest is not None:
                return [step, *rest]
        used.discard(n)
    return None


def _closed_chains(edges: list[_Edge], used: set[int]) -> list[sp.Expr]:
    """What is left of a term: cycles (traces) and chains between size-1 ends (1 x 1 products)."""
    scalars = []
    while len(used) < len(edges):
        unused = [m for m in range(len(edges)) if m not in used]
        n = next((m for m in unused if isinstance(edges[m].row, _Unit) or isinstance(edges[m].col, _Unit)), unused[0])
        edge = edges[n]
        start = edge.row if isinstance(edge.row, _Unit) else edge.col if isinstance(edge.col, _Unit) else edge.row
        goal = _Unit() if isinstance(start, _Unit) else start
        chain = _walk(start, goal, edges, used)
        if chain is None:
            raise OutsideClass("the indices of a term do not close")
        scalars.append(sp.Trace(sp.MatMul(*chain)))
    return scalars


def _check_pairs(edges: list[_Edge], free: list[Any]) -> None:
    counts: dict[Any, int] = {}
    for edge in edges:
        for end in (edge.row, edge.col):
            if not isinstance(end, _Unit):
                counts[end] = counts.get(end, 0) + 1
    for index, count in counts.items():
        if count != (1 if index in free else 2):
            raise OutsideClass(f"the index {index} occurs {count} times in one term")


def to_matrix(expr: sp.Expr, row: sp.Basic, col: sp.Basic, ix: Indices) -> sp.MatrixExpr:
    """The matrix M with M[row, col] = expr (col = 0: a column vector)."""
    terms = []
    for monomial in _monomials(expr):
        coefficient, edges = _factor_edges(monomial, ix)
        goal = _Unit() if col == 0 else col
        _check_pairs(edges, [row, col])
        used: set[int] = set()
        path = _walk(row, goal, edges, used)
        if path is None:
            raise OutsideClass(f"no chain of indices from {row} to {col} in {monomial}")
        scalars = _closed_chains(edges, used)
        terms.append(sp.MatMul(coefficient, *scalars, *path))
    return tidy(terms)


def to_scalar(expr: sp.Expr, ix: Indices) -> sp.Expr:
    """An index expression without free indices, as traces and determinants."""
    if not _has_indices(expr):
        return expr
    if isinstance(expr, sp.Add) or (isinstance(expr, sp.Sum) and isinstance(expr.function, sp.Add)):
        return sp.Add(*(to_scalar(m, ix) for m in _monomials(expr)))
    if isinstance(expr, (sp.Mul, sp.Sum, MatrixElement)) or (
            isinstance(expr, sp.Pow) and expr.exp.is_Integer and expr.exp > 0 and _index_free(expr.base, ix)):
        coefficient, edges = _factor_edges(expr, ix)
        _check_pairs(edges, [])
        return sp.Mul(coefficient, *_closed_chains(edges, set()))
    return expr.func(*(to_scalar(arg, ix) for arg in expr.args))


def _split(term: sp.MatrixExpr) -> tuple[sp.Expr, tuple]:
    if isinstance(term, sp.MatMul):
        args = _flat_matmul(term)
        return sp.Mul(*(a for a in args if not isinstance(a, sp.MatrixExpr))), tuple(
            a for a in args if isinstance(a, sp.MatrixExpr))
    return sp.Integer(1), (term,)


def tidy(terms: list[sp.MatrixExpr]) -> sp.MatrixExpr:
    """Collect like terms, then factor a common left or right matrix: A x + A^T x = (A + A^T) x."""
    groups: dict[tuple, sp.Expr] = {}
    for term in terms:
        coefficient, key = _split(term)
        groups[key] = groups.get(key, 0) + coefficient
    groups = {key: c for key, c in groups.items() if c != 0}
    if not groups:
        raise OutsideClass("the gradient is zero")
    items = list(groups.items())
    if len(items) == 1:
        [(key, c)] = items
        return sp.MatMul(c, *key) if c != 1 else sp.MatMul(*key) if len(key) > 1 else key[0]
    for side in (0, -1):
        common = items[0][0][side] if all(len(k) >= 2 for k, _ in items) else None
        if common is not None and all(k[side] == common for k, _ in items):
            rest = [(k[1:] if side == 0 else k[:-1], c) for k, c in items]
            scale, inner = _common_scale(rest)
            matrices = (common, inner) if side == 0 else (inner, common)
            return sp.MatMul(scale, *matrices) if scale != 1 else sp.MatMul(*matrices)
    return sp.MatAdd(*(sp.MatMul(c, *k) if c != 1 else sp.MatMul(*k) if len(k) > 1 else k[0] for k, c in items))


def _common_scale(items: list[tuple[tuple, sp.Expr]]) -> tuple[sp.Expr, sp.MatrixExpr]:
    """Pull a common number out of a sum: -2 X + 2 U V = -2 (X - U V)."""
    coefficients = [c for _, c in items]
    scale = sp.Integer(1)
    if all(c.is_Rational for c in coefficients):
        scale = sp.gcd(coefficients) if len(coefficients) > 1 else coefficients[0]
        shortest = min(items, key=lambda item: len(item[0]))[1]
        scale = -abs(scale) if shortest < 0 else abs(scale)
    terms = [sp.MatMul(c / scale, *k) if c != scale else (sp.MatMul(*k) if len(k) > 1 else k[0]) for k, c in items]
    return scale, sp.MatAdd(*terms)


# --- numeric evaluation (random matrices; complex step for derivatives) ----------

class NotNumeric(ValueError):
    pass


class Values:
    """NumPy values of matrix and index expressions in one random environment."""

    def __init__(self, env: dict[Any, Any]):
        self.env = env
        self.cache: dict[sp.Basic, np.ndarray] = {}
        self.sizes: dict[sp.Basic, int] = {}

    def size(self, dim: sp.Expr) -> int:
        if dim not in self.sizes:
            dims = {k: v for k, v in self.env.items() if isinstance(k, sp.Symbol) and isinstance(v, int)}
            self.sizes[dim] = int(sp.sympify(dim).xreplace(dims))
        return self.sizes[dim]

    def matrix(self, m: sp.MatrixExpr) -> np.ndarray:
        if isinstance(m, sp.MatrixSymbol):
            return np.asarray(self.env[m.name])
        if m not in self.cache:
            self.cache[m] = self._matrix(m)
        return self.cache[m]

    def _matrix(self, m: sp.MatrixExpr) -> np.ndarray:
        if isinstance(m, sp.Transpose):
            return np.transpose(self.matrix(m.arg))
        if isinstance(m, sp.MatAdd):
            return sum(self.matrix(a) for a in m.args)
        if isinstance(m, sp.MatMul):
            result: Any = 1.0
            for arg in m.args:
                value = self.matrix(arg) if isinstance(arg, sp.MatrixExpr) else self.scalar(arg, {})
                result = result @ value if np.ndim(result) == 2 and np.ndim(value) == 2 else result * value
            return np.asarray(result)
        if isinstance(m, sp.Inverse):
            return np.linalg.inv(self.matrix(m.arg))
        if isinstance(m, sp.Identity):
            return np.eye(self.size(m.shape[0]))
        if isinstance(m, sp.ZeroMatrix):
            return np.zeros((self.size(m.shape[0]), self.size(m.shape[1])))
        if isinstance(m, sp.MatPow):
            return np.linalg.matrix_power(self.matrix(m.base), int(m.exp))
        raise NotNumeric(f"cannot evaluate {type(m).__name__}")

    def position(self, i: sp.Basic, idx: dict) -> int:
        """The NumPy position of an entry index: a summed or free index counts from 1, as the seed
        writes them; the 0 of a size-1 dimension is its only entry."""
        if isinstance(i, sp.Integer):
            return int(i)
        return int(idx[i]) - 1

    def bound(self, limit: sp.Basic) -> int:
        """A limit of a sum: 1, or a dimension."""
        return int(limit) if isinstance(limit, sp.Integer) else self.size(limit)

    def scalar(self, e: sp.Basic, idx: dict) -> Any:
        if isinstance(e, sp.MatrixExpr):
            value = self.matrix(e)
            if value.shape != (1, 1):
                raise NotNumeric(f"a {value.shape} matrix used as a number")
            return value[0, 0]
        if isinstance(e, MatrixElement):
            return self.matrix(e.parent)[self.position(e.i, idx), self.position(e.j, idx)]
        if isinstance(e, sp.Sum):
            return self._sum(e.function, list(e.limits), idx)
        if isinstance(e, KD):
            return 1.0 if self.position(e.args[0], idx) == self.position(e.args[1], idx) else 0.0
        if isinstance(e, sp.Trace):
            return np.trace(self.matrix(e.arg))
        if isinstance(e, sp.Determinant):
            return np.linalg.det(self.matrix(e.arg))
        if isinstance(e, sp.Add):
            return sum(self.scalar(a, idx) for a in e.args)
        if isinstance(e, sp.Mul):
            result: Any = 1.0
            for a in e.args:
                result = result * self.scalar(a, idx)
            return result
        if isinstance(e, sp.Pow):
            return np.power(self.scalar(e.base, idx), self.scalar(e.exp, idx))
        if isinstance(e, sp.log):
            return np.log(self.scalar(e.args[0], idx))
        if isinstance(e, sp.exp):
            return np.exp(self.scalar(e.args[0], idx))
        if isinstance(e, sp.Symbol):
            return idx[e] if e in idx else self.env[e]
        if e.is_number:
            return complex(e) if not e.is_real else float(e)
        raise NotNumeric(f"cannot evaluate {type(e).__name__}")

    def _sum(self, body: sp.Expr, limits: list, idx: dict) -> Any:
        (index, low, high), rest = limits[0], limits[1:]
        total: Any = 0.0
        for value in range(self.bound(low), self.bound(high) + 1):
            inner = {**idx, index: value}
            total = total + (self._sum(body, rest, inner) if rest else self.scalar(body, inner))
        return total


@dataclass(frozen=True)
class Problem:
    """What the checkers need: the variable and the names of its entry (a, b)."""

    var: sp.MatrixSymbol
    at: tuple[sp.Basic, sp.Basic]

    def grid(self, values: Values) -> Iterator[tuple[tuple[int, int], dict]]:
        rows, cols = (values.size(d) for d in self.var.shape)
        for r, c in itertools.product(range(rows), range(cols)):
            yield (r, c), {s: v + 1 for s, v in zip(self.at, (r, c)) if isinstance(s, sp.Symbol)}  # from 1


DRAWS = 3
TRIES = 30
COMPLEX_STEP = 1e-20


def environments(exprs: tuple[sp.Basic, ...], seed: str) -> Iterator[Values]:
    """Random sizes and matrices, drawn by the engine, where every expression is finite."""
    rng = np.random.default_rng(int.from_bytes(hashlib.sha256(seed.encode()).digest()[:8], "big"))
    found = 0
    for _ in range(TRIES):
        if found >= DRAWS:
            return
        values = Values(instantiate(exprs, rng))
        try:
            with np.errstate(all="ignore"):
                finite = all(np.all(np.isfinite(np.real_if_close(_total(values, e)))) and
                             np.isrealobj(np.real_if_close(_total(values, e))) for e in exprs)
        except (np.linalg.LinAlgError, ZeroDivisionError):
            continue
        if finite:
            found += 1
            yield values


def _total(values: Values, e: sp.Basic) -> Any:
    """A value to test for finiteness: the matrix, or the scalar with every free index at 0."""
    if isinstance(e, sp.MatrixExpr) and e.shape != (1, 1):
        return values.matrix(e)
    dims = {k for k, v in values.env.items() if isinstance(k, sp.Symbol) and isinstance(v, int)}
    free = {s: 1 for s in e.free_symbols if isinstance(s, sp.Symbol) and s.is_integer and s not in dims}
    return values.scalar(e, free)


def _entries(values: Values, e: sp.Basic, problem: Problem, entrywise: bool) -> np.ndarray:
    if not entrywise:
        return np.asarray(values.scalar(e, {}))
    if isinstance(e, sp.MatrixExpr) and e.shape == problem.var.shape and problem.var.shape != (1, 1):
        return np.asarray(values.matrix(e))
    rows, cols = (values.size(d) for d in problem.var.shape)
    grid = np.zeros((rows, cols), dtype=complex)
    for (r, c), idx in problem.grid(values):
        grid[r, c] = values.scalar(e, idx)
    return grid


def _close(left: np.ndarray, right: np.ndarray, rtol: float = 1e-9) -> bool:
    scale = max(1.0, float(np.max(np.abs(left), initial=0)), float(np.max(np.abs(right), initial=0)))
    return bool(np.allclose(left, right, rtol=rtol, atol=rtol * scale))


def agree_checker(problem: Problem, entrywise: bool):
    """`=` between index forms (or an index form and a matrix): equal at random matrices."""
    def check(previous, current, derivation):
        seed = f"{derivation.name}:{sp.srepr(current)[:200]}"
        count = 0
        for values in environments((previous, current, problem.var), seed):
            with np.errstate(all="ignore"):
                left = _entries(values, previous, problem, entrywise)
                right = _entries(values, current, problem, entrywise)
            if left.shape != right.shape or not _close(left, right):
                return False, "numeric", f"differs at random matrices of sizes {_sizes(values)}"
            count += 1
        if not count:
            return False, "numeric", "no admissible random matrices were found"
        return True, "numeric", f"equal at {count} draws of random matrices"
    return check


def partial_checker(problem: Problem):
    """`=>` from f to d f / d v_ab: complex-step derivatives of f at random matrices."""
    def check(previous, current, derivation):
        seed = f"{derivation.name}:partial"
        count = 0
        name = problem.var.name
        for values in environments((previous, current, problem.var), seed):
            rows, cols = (values.size(d) for d in problem.var.shape)
            claimed = _entries(values, current, problem, True)
            numeric = np.zeros((rows, cols))
            base = np.asarray(values.env[name], dtype=float)
            for (r, c), _ in problem.grid(values):
                bump = np.zeros_like(base, dtype=complex)
                bump[r, c] = 1j * COMPLEX_STEP
                perturbed = Values({**values.env, name: base + bump})
                perturbed.sizes = values.sizes
                with np.errstate(all="ignore"):
                    numeric[r, c] = np.imag(perturbed.scalar(previous, {})) / COMPLEX_STEP
            if not _close(numeric, np.real(claimed), rtol=1e-7):
                return False, "numeric", f"not the partial derivatives at random matrices of sizes {_sizes(values)}"
            count += 1
        if not count:
            return False, "numeric", "no admissible random matrices were found"
        return True, "numeric", f"complex-step partial derivatives agree at {count} draws of random matrices"
    return check


def _sizes(values: Values) -> str:
    return ", ".join(f"{k} = {v}" for k, v in values.env.items() if isinstance(k, sp.Symbol) and isinstance(v, int))


# --- the derivation -------------------------------------------------------------

class _Printer(DlmathLatexPrinter):
    """The engine's printer, with the positive terms of a matrix sum first: X - UV, not -UV + X."""

    def _print_Add(self, expr: sp.Add, order: str | None = None) -> str:
        if not isinstance(expr, sp.MatAdd):
            return super()._print_Add(expr, order)
        terms = sorted(expr.args, key=lambda t: _split(t)[0].could_extract_minus_sign())
        order, self._settings["order"] = self._settings["order"], "none"
        try:
            return super()._print_Add(sp.MatAdd(*terms, evaluate=False), "none")
        finally:
            self._settings["order"] = order


def _latex(expr: sp.Basic) -> str:
    """LaTeX with entries of vectors x_{i,0} (a size-1 dimension) written x_i."""
    text = _Printer().doprint(expr)
    text = re.sub(r"_\{([^{},]+),0\}", r"_{\1}", text)
    return re.sub(r"_\{0,([^{},]+)\}", r"_{\1}", text)


def _entries_as_matrix_elements(expr: sp.Expr, row: sp.Basic, col: sp.Basic, ix: Indices) -> tuple[sp.Expr, list]:
    """Each term as coefficient * [P]_{row col} for the matrix product P of its chain."""
    shown, terms = [], []
    for monomial in _monomials(expr):
        matrix = to_matrix(monomial, row, col, ix)
        coefficient, key = _split(matrix)
        product = sp.MatMul(*key) if len(key) > 1 else key[0]
        shown.append(coefficient * MatrixElement(product, row, col))
        terms.append(matrix)
    return sp.Add(*shown), terms


def gradient_derivation(name: str, title: str, f: sp.Basic, var: sp.MatrixSymbol, src, *,
                        notes: list[str] | None = None) -> Derivation:
    """The gradient of the scalar f with respect to var, through index notation and back."""
    taken = {s.name for s in f.atoms(sp.MatrixSymbol)} | {s.name for s in f.free_symbols if isinstance(s, sp.Symbol)}
    ix = Indices(taken={str(n) for n in taken})
    at = ix.free(var)
    problem = Problem(var, at)
    show = _latex
    entry_name = show(MatrixElement(var, *at))
    partial = rf"\frac{{\partial f}}{{\partial {entry_name}}} = "

    index_form = scalar_index(f, ix)
    rules: list[str] = []
    raw = differentiate(index_form, var, at, ix, rules)
    if raw == 0:
        raise OutsideClass(f"the function does not depend on {var}")
    collapsed = collapse_deltas(raw)
    elements, terms = _entries_as_matrix_elements(collapsed, at[0], at[1], ix)
    gradient = sp.MatAdd(*terms) if len(terms) > 1 else terms[0]
    tidied = tidy(terms)

    steps = [given(f, "the function to differentiate", rule="the function", display="f = " + show(f))]
    if sp.srepr(index_form) != sp.srepr(f):  # log det X has no product or trace to write out
        steps.append(Step(index_form, "=", rule="index notation", why="write every product and trace as sums over "
                          "entries, each index from 1 to its dimension (17.4.40), (17.4.54)",
                          checker=agree_checker(problem, entrywise=False), display="f = " + show(index_form)))
    steps += [
        Step(raw, "=>", rule=", ".join(rules), why=f"differentiate with respect to one entry ${entry_name}$ (17.4.42), (17.4.55)",
             checker=partial_checker(problem), display=partial + show(raw)),
    ]
    if collapsed != raw:
        steps.append(Step(collapsed, "=", rule="Kronecker deltas", why="a delta keeps one term of its sum "
                          "(17.4.43), (17.4.56)", checker=agree_checker(problem, entrywise=True),
                          display=partial + show(collapsed)))
    steps.append(Step(elements, "=", rule="entries of matrix products", why="a chain of summed indices is a "
                      "product, a reversed pair a transpose (17.4.45), (17.4.58)-(17.4.62)",
                      checker=agree_checker(problem, entrywise=True), display=partial + show(elements)))
    derivative = rf"\frac{{\partial f}}{{\partial {show(var)}}} = "
    steps.append(Step(gradient, "=>", rule="denominator layout", why="the entries assembled in the shape of the "
                      "variable (17.4.34)", checker=agree_checker(problem, entrywise=True),
                      display=derivative + show(gradient)))
    if sp.srepr(tidied) != sp.srepr(gradient):
        steps.append(Step(tidied, "=", rule="collect terms", why="like terms and a common factor",
                          display=derivative + show(tidied)))
    return Derivation(name, title, src, steps, tidied, givens=[("f", f), ("variable", var)], notes=list(notes or []))


@register("matrix-gradient", "The gradient of a scalar function of matrices, through index notation",
          source("17.4", "17.4.34", "17.4.40", "17.4.47"), params={"f": "text", "wrt": "text", "shapes": "text"},
          defaults={"f": "x^T*A*x", "wrt": "x", "shapes": "A: n x n, x: n x 1"}, generator=True)
def matrix_gradient(f: str = "x^T*A*x", wrt: str = "x", shapes: str = "A: n x n, x: n x 1") -> Derivation:
    declared = parse_shapes(shapes)
    if wrt not in declared:
        raise ValueError(f"the variable {wrt!r} has no declared shape")
    function = parse_function(f, declared)
    var = declared[wrt].sympy
    return gradient_derivation("matrix-gradient", f"The gradient of ${to_latex(function)}$ with respect to "
                               f"${sp.latex(var)}$", function, var, source("17.4", "17.4.34", "17.4.40", "17.4.47"))


@register("quadratic-form-gradient", "Worked example: the gradient of x^T A x (17.4.39)-(17.4.47)",
          source("17.4", "17.4.39", "17.4.40", "17.4.42", "17.4.43", "17.4.46", "17.4.47"))
def quadratic_form_gradient() -> Derivation:
    declared = parse_shapes("A: n x n, x: n x 1")
    f = parse_function("x^T*A*x", declared)
    return gradient_derivation(
        "quadratic-form-gradient", r"The gradient of $\mathbf{x}^\top A \mathbf{x}$", f, declared["x"].sympy,
        source("17.4", "17.4.39", "17.4.40", "17.4.42", "17.4.43", "17.4.46", "17.4.47"),
        notes=["In the 1 x 1 case this is d/dx (a x^2) = (a + a) x = 2 a x, as (17.4.48) says."])


@register("matrix-factorization-gradient", "Worked example: d/dV ||X - UV||_F^2 (17.4.49)-(17.4.63)",
          source("17.4", "17.4.49", "17.4.54", "17.4.55", "17.4.56", "17.4.62", "17.4.63"))
def matrix_factorization_gradient() -> Derivation:
    declared = parse_shapes("X: n x m, U: n x r, V: r x m")
    f = parse_function("norm(X - U*V)^2", declared)
    return gradient_derivation(
        "matrix-factorization-gradient", r"The gradient of $\|X - UV\|_F^2$ with respect to $V$", f,
        declared["V"].sympy, source("17.4", "17.4.49", "17.4.54", "17.4.55", "17.4.56", "17.4.62", "17.4.63"),
        notes=["The seed prints 2 U^T (X - UV) in (17.4.52) and (17.4.63): (17.4.55) drops the minus sign of "
               "d/dv_ab (x_ij - sum_k u_ik v_kj) = -u_ia [k = a, j = b]; the derivative is -2 U^T (X - UV).",
               "The norm is the Frobenius norm (sum of squared entries, 17.4.54); the seed writes ||.||_2."])


# --- the seed's printed values ----------------------------------------------------

def _seed_matrices(shapes: str) -> dict[str, sp.MatrixSymbol]:
    return {name: s.sympy for name, s in parse_shapes(shapes).items()}


def _result(name: str, **inputs: Any) -> Any:
    return derive(name, **inputs).result


def _factorization_seed() -> sp.MatrixExpr:
    m = _seed_matrices("X: n x m, U: n x r, V: r x m")
    return 2 * m["U"].T * (m["X"] - m["U"] * m["V"])


def _scalar_factorization_derivative() -> tuple[sp.Expr, sp.Expr]:
    x, u, v = sp.symbols("x u v", real=True)
    return 2 * (x - u * v) * u, sp.diff((x - u * v) ** 2, v)


claim("(17.4.38)", "d/dx (beta x) for a row vector beta, denominator layout",
      _seed_matrices("beta: 1 x n")["beta"].T,
      lambda: _result("matrix-gradient", f="beta*x", wrt="x", shapes="beta: 1 x n, x: n x 1"))
claim("(17.4.47)", "d/dx (x^T A x)", (lambda m: (m["A"] + m["A"].T) * m["x"])(_seed_matrices("A: n x n, x: n x 1")),
      lambda: _result("quadratic-form-gradient"))
claim("(17.4.50)", "d/dv (x - uv)^2 in the 1 x 1 case", _scalar_factorization_derivative()[0],
      lambda: _scalar_factorization_derivative()[1])
claim("(17.4.52)", "the guessed d/dV ||X - UV||^2", _factorization_seed(), lambda: _result("matrix-factorization-gradient"))
claim("(17.4.63)", "d/dV ||X - UV||^2", _factorization_seed(), lambda: _result("matrix-factorization-gradient"))
