"""Linear algebra (17.1) and eigendecompositions (17.2): angles from dot
products (17.1.8), inverses (17.1.22)-(17.1.24), determinants as area scaling
(17.1.28), linear independence (17.1.18), Einstein notation (17.1.33),
eigenvalues and eigenvectors from (A - lambda I) v = 0 (17.2.3) and
Gershgorin discs (17.2.5).

Every generator takes any matrix or vector of its family; determinants are
opened one layer at a time (ad - bc for 2x2 blocks, cofactor expansion along
the first row above that), so each intermediate form is checked.
"""
from __future__ import annotations

import functools
import itertools
from typing import Any, Callable, Iterable

import numpy as np
import sympy as sp
from sympy.combinatorics import Permutation
from sympy.matrices.expressions.matexpr import MatrixElement

from deriver.catalog import derive, register, source
from deriver.checking import recomputed
from deriver.claims import claim, rounded
from deriver.inputs import as_number, matrix, points
from deriver.model import Derivation, Step, definition, given

LAMBDA = sp.Symbol("lambda")
INDEX_NAMES = ("i", "j", "k", "l", "m", "p", "q", "r", "s", "t", "u", "v", "w")
SET_NAMES = ("first", "second", "third")

Result = tuple[bool, str, str]


# --- inputs ------------------------------------------------------------------

def as_matrix(value: Any) -> sp.ImmutableMatrix:
    """A matrix from `[[2, 1], [1, 2]]` text or any SymPy/Python matrix; decimals are read exactly."""
    if isinstance(value, str):
        value = matrix(value)
    return sp.ImmutableMatrix(value).applyfunc(_exact)


def as_vector(value: Any) -> sp.ImmutableMatrix:
    """A column vector from `1, 0, -1, 2`, `[[a], [b]]`, a tuple or a matrix of one row or column."""
    if isinstance(value, str):
        value = matrix(value) if value.strip().startswith("[[") else points(value)
    if isinstance(value, sp.MatrixBase) and min(value.shape) != 1:
        raise ValueError("a vector has one row or one column")
    return sp.ImmutableMatrix([_exact(sp.sympify(e)) for e in list(value)])


def as_exact_number(value: Any) -> sp.Expr:
    """A number from text or SymPy, decimals read exactly."""
    return _exact(as_number(value))


def _exact(entry: sp.Expr) -> sp.Expr:
    return sp.nsimplify(entry, rational=True) if entry.has(sp.Float) else entry


def _column(entries: Iterable[sp.Expr]) -> sp.ImmutableMatrix:
    return sp.ImmutableMatrix(list(entries))


def _is_zero_matrix(M: sp.MatrixBase) -> bool:
    return all(sp.expand(entry) == 0 for entry in M)


def _matrix_latex(M: sp.MatrixBase) -> str:
    return sp.latex(sp.ImmutableMatrix(M))


# --- determinants, one layer at a time -----------------------------------------

def _two_by_two(M: sp.MatrixBase) -> sp.Expr:
    """ad - bc, unevaluated."""
    return sp.Add(sp.Mul(M[0, 0], M[1, 1], evaluate=False),
                  sp.Mul(sp.S.NegativeOne, sp.Mul(M[0, 1], M[1, 0], evaluate=False), evaluate=False),
                  evaluate=False)


def cofactor_expansion(M: sp.MatrixBase) -> sp.Expr:
    """det M opened once: ad - bc for 2x2, else along the first row with the minors left unevaluated."""
    if M.rows == 1:
        return M[0, 0]
    if M.rows == 2:
        return _two_by_two(M)
    terms = []
    for j in range(M.cols):
        if M[0, j] == 0:
            continue
        minor = sp.Determinant(sp.ImmutableMatrix(M.minor_submatrix(0, j)))
        factors = ([sp.S.NegativeOne] if j % 2 else []) + [M[0, j], minor]
        terms.append(sp.Mul(*factors, evaluate=False))
    if not terms:
        return sp.Integer(0)
    return terms[0] if len(terms) == 1 else sp.Add(*terms, evaluate=False)


def _open_determinants(expr: sp.Basic) -> sp.Basic:
    if isinstance(expr, sp.Determinant):
        return cofactor_expansion(expr.arg)
    if not expr.args or not expr.has(sp.Determinant):
        return expr
    return expr.func(*(_open_determinants(arg) for arg in expr.args), evaluate=False)


def determinant_forms(M: sp.MatrixBase) -> list[tuple[sp.Expr, str]]:
    """The successive forms of det M (each with its rule), ending with its value."""
    forms: list[tuple[sp.Expr, str]] = []
    current: sp.Basic = sp.Determinant(sp.ImmutableMatrix(M))
    while current.has(sp.Determinant):
        first = not forms
        current = _open_determinants(current)
        if M.rows == 1:
            rule = "the determinant of a 1x1 matrix is its entry"
        elif M.rows == 2 or (not first and not current.has(sp.Determinant)):
            rule = "2x2 determinants: ad - bc (17.1.28)"
        else:
            rule = "cofactor expansion along the first row" if first else "expand the minors along their first rows"
        forms.append((current, rule))
    value = sp.expand(current.doit())
    if not forms or sp.srepr(value) != sp.srepr(forms[-1][0]):
        forms.append((value, "multiply out and collect"))
    return forms


def leibniz(M: sp.MatrixBase) -> sp.Expr:
    """det M by the Leibniz formula: the signed sum over permutations s of prod_i m_{i, s(i)} (a second
    route to the determinant, independent of the cofactor expansion the steps take)."""
    n = M.rows
    return sp.expand(sp.Add(*(Permutation(list(s)).signature() * sp.Mul(*(M[i, s[i]] for i in range(n)))
                              for s in itertools.permutations(range(n)))))


def determinant_steps(M: sp.MatrixBase, why: str, rule: str,
                      wrap: Callable[[sp.Expr], sp.Basic] = lambda e: e) -> tuple[list[Step], sp.Expr]:
    """det M (wrapped, e.g. |det M| * area), checked against the Leibniz sum, then each form of it: (steps, value)."""
    steps = [Step(wrap(sp.Determinant(sp.ImmutableMatrix(M))), rule=rule, why=why,
                  checker=recomputed(lambda: wrap(leibniz(M)), "det by the Leibniz sum over permutations"))]
    forms = determinant_forms(M)
    for form, form_rule in forms:
        steps.append(Step(wrap(form), rule=form_rule))
    return steps, forms[-1][0]


# --- checkers ------------------------------------------------------------------

def guarded(checker: Callable[[Any, Any, Derivation], Result]) -> Callable[[Any, Any, Derivation], Result]:
    """A checker that cannot crash verification: a malformed statement fails its step instead."""
    @functools.wraps(checker)
    def check(previous, current, derivation):
        try:
            return checker(previous, current, derivation)
        except (AttributeError, TypeError, ValueError, IndexError, KeyError) as err:
            return False, "symbolic", f"the step cannot be checked: {err}"
    return check


def _approx_checker(decimals: int) -> Callable[[Any, Any, Derivation], Result]:
    """`approx`: the statement is the previous value rounded to `decimals` places."""
    def check(previous, current, derivation):
        exact = sp.N(previous.doit(), 30)
        ok = abs(exact - current) <= sp.Rational(1, 2) * sp.Rational(1, 10) ** decimals + sp.Rational(1, 10) ** 25
        return bool(ok), "numeric", "" if ok else f"the value is {sp.N(exact, decimals + 3)}"
    return check


# --- 17.1.2: the angle between two vectors ----------------------------------------

def _dot_form(v: sp.MatrixBase, w: sp.MatrixBase) -> sp.Expr:
    terms = [sp.Mul(a, b, evaluate=False) for a, b in zip(v, w)]
    return terms[0] if len(terms) == 1 else sp.Add(*terms, evaluate=False)


def _squares_form(v: sp.MatrixBase) -> sp.Expr:
    terms = [sp.Pow(a, 2, evaluate=False) for a in v]
    return terms[0] if len(terms) == 1 else sp.Add(*terms, evaluate=False)


def _quotient(numerator: sp.Expr, *denominators: sp.Expr) -> sp.Expr:
    below = denominators[0] if len(denominators) == 1 else sp.Mul(*denominators, evaluate=False)
    return sp.Mul(numerator, sp.Pow(below, -1, evaluate=False), evaluate=False)


@register("vector-angle", "The angle between two vectors", source("17.1", "17.1.8", "17.1.9"),
          params={"v": "point", "w": "point"}, defaults={"v": "0, 1, 2", "w": "2, 3, 4"}, generator=True)
def vector_angle(v: Any, w: Any) -> Derivation:
    """theta = arccos(v.w / (|v| |w|)) (17.1.8), with the sums written out."""
    v, w = as_vector(v), as_vector(w)
    if v.shape != w.shape:
        raise ValueError(f"the vectors have different lengths ({v.rows} and {w.rows})")
    if _is_zero_matrix(v) or _is_zero_matrix(w):
        raise ValueError("the angle with the zero vector is not defined")
    dot, vv, ww = v.dot(w), sp.expand(v.dot(v)), sp.expand(w.dot(w))
    theta = sp.acos(sp.radsimp(dot / sp.sqrt(vv * ww)))
    steps = [
        definition(sp.acos(_quotient(_dot_form(v, w), sp.sqrt(_squares_form(v)), sp.sqrt(_squares_form(w)))),
                   "(17.1.8): theta = arccos(v . w / (|v| |w|)), the dot product (17.1.3) and the norms written out",
                   rule="the angle, by its definition (17.1.8): arccos(v . w / (|v| |w|))"),
        Step(sp.acos(_quotient(dot, sp.sqrt(vv), sp.sqrt(ww))), rule="add up the dot product and the squared norms"),
        Step(theta, rule="combine the square roots and rationalise"),
    ]
    if theta.is_number:
        steps.append(Step(rounded(theta, 5), "approx", rule="numerically, in radians",
                          checker=guarded(_approx_checker(5))))
    derivation = Derivation("vector-angle", f"The angle between ${_matrix_latex(v)}$ and ${_matrix_latex(w)}$",
                            source("17.1", "17.1.8", "17.1.9"), steps, theta, givens=[("v", v), ("w", w)])
    derivation.notes.append(f"cosine similarity (17.1.9): {sp.sstr(sp.radsimp(dot / sp.sqrt(vv * ww)))}")
    if theta.is_number:
        derivation.notes.append(f"in degrees: {float(theta * 180 / sp.pi):.2f}")
    return derivation


# --- 17.1.7: inverses -------------------------------------------------------------

def _check_inverse(A: sp.MatrixBase) -> Callable[[Any, Any, Derivation], Result]:
    """`=>` A^{-1} A = A A^{-1} = I: multiplies the previous step (the inverse) by A both ways."""
    def check(previous, current, derivation):
        inverse = sp.Matrix(current.lhs.args[0])  # the statement's own claim: this times A is I
        identity = sp.Matrix(current.rhs.as_explicit())
        left = (inverse * A).applyfunc(sp.simplify)
        right = (A * inverse).applyfunc(sp.simplify)
        ok = inverse == sp.Matrix(previous.doit()) and left == identity == right == sp.eye(A.rows)
        return ok, "symbolic", "" if ok else f"the products are {left} and {right}"
    return check


@register("inverse-2x2", "The inverse of a 2x2 matrix", source("17.1", "17.1.22", "17.1.23", "17.1.24"),
          params={"A": "matrix"}, defaults={"A": "[[1, 2], [1, 4]]"}, generator=True)
def inverse_2x2(A: Any) -> Derivation:
    """(17.1.24): A^{-1} = (ad - bc)^{-1} [[d, -b], [-c, a]], then checked against (17.1.22)."""
    A = as_matrix(A)
    if A.shape != (2, 2):
        raise ValueError("inverse-2x2 takes a 2x2 matrix")
    det = sp.factor(A.det())
    if det == 0:
        raise ValueError("the determinant ad - bc is 0: the matrix has no inverse")
    adjugate = sp.ImmutableMatrix([[A[1, 1], -A[0, 1]], [-A[1, 0], A[0, 0]]])
    inverse = sp.ImmutableMatrix((adjugate / det).applyfunc(sp.cancel))
    steps = [
        Step(sp.MatMul(sp.Pow(_two_by_two(A), -1, evaluate=False), adjugate, evaluate=False),
             rule="the 2x2 inverse formula (17.1.24)", why="(ad - bc)^-1 [[d, -b], [-c, a]] inverts [[a, b], [c, d]] "
             "when ad - bc is not 0",
             checker=recomputed(lambda: sp.Matrix(A).inv(method="GE"), "Gauss-Jordan elimination of [A | I]")),
        Step(sp.MatMul(sp.Pow(det, -1, evaluate=False), adjugate, evaluate=False), rule="the determinant ad - bc"),
        Step(inverse, rule="divide every entry"),
        Step(sp.Eq(sp.MatMul(inverse, A, evaluate=False), sp.Identity(2), evaluate=False), "=>",
             rule="check (17.1.22)", why="the product with A, in both orders, is the identity",
             checker=guarded(_check_inverse(A))),
    ]
    return Derivation("inverse-2x2", f"The inverse of ${_matrix_latex(A)}$",
                      source("17.1", "17.1.22", "17.1.23", "17.1.24"), steps, sp.Matrix(inverse), givens=[("A", A)])


def _product_forms(A: sp.MatrixBase, B: sp.MatrixBase) -> sp.ImmutableMatrix:
    """AB with each entry written as its sum of products (17.1.31)."""
    def entry(i: int, j: int) -> sp.Expr:
        terms = [sp.Mul(A[i, k], B[k, j], evaluate=False) for k in range(A.cols)]
        return terms[0] if len(terms) == 1 else sp.Add(*terms, evaluate=False)
    return sp.ImmutableMatrix(A.rows, B.cols, entry)


@register("mutual-inverses", "Are two matrices inverses of one another?", source("17.1", "17.1.22"),
          params={"A": "matrix", "B": "matrix"}, defaults={"A": "[[1, 2], [1, 4]]", "B": "[[2, -1], [-0.5, 0.5]]"},
          generator=True)
def mutual_inverses(A: Any, B: Any) -> Derivation:
    """B = A^{-1} exactly when AB = I (17.1.22); for square matrices AB = I already forces BA = I."""
    A, B = as_matrix(A), as_matrix(B)
    if A.rows != A.cols or A.shape != B.shape:
        raise ValueError("two square matrices of the same size are needed")
    identity = sp.eye(A.rows)
    product = sp.ImmutableMatrix((A * B).applyfunc(sp.simplify))
    verdict = sp.true if _is_zero_matrix(product - identity) else sp.false

    def check(previous, current, derivation):
        left, right = _is_zero_matrix(A * B - identity), _is_zero_matrix(B * A - identity)
        ok = left == right and current == (sp.true if left else sp.false) and \
            _is_zero_matrix(sp.Matrix(previous.doit()) - identity) == left
        return ok, "symbolic", "" if ok else f"AB = {A * B}, BA = {B * A}"

    why = ("AB = I, and for square matrices AB = I implies BA = I" if verdict == sp.true
           else "AB is not the identity")
    steps = [
        Step(sp.MatMul(A, B, evaluate=False), rule="the product AB",
             why="B is the inverse of A when AB = BA = I (17.1.22)",
             checker=recomputed(lambda: (B.T * A.T).T, "AB = (B^T A^T)^T, multiplied the other way round")),
        Step(_product_forms(A, B), rule="entry (i, j) is the sum over k of a_ik b_kj (17.1.31)"),
        Step(product, rule="add up"),
        Step(verdict, "=>", rule="compare with the identity (17.1.22)", why=why, checker=guarded(check)),
    ]
    return Derivation("mutual-inverses", f"Are ${_matrix_latex(A)}$ and ${_matrix_latex(B)}$ inverses?",
                      source("17.1", "17.1.22"), steps, verdict, givens=[("A", A), ("B", B)],
                      notes=[f"the other order: BA = {sp.sstr((B * A).applyfunc(sp.simplify).tolist())}"])


# --- 17.1.8: the determinant scales areas -------------------------------------------

@register("determinant-area", "Area after a linear map: |det A| times the area", source("17.1", "17.1.27", "17.1.28"),
          params={"A": "matrix", "area": "number"}, defaults={"A": "[[1, -1], [2, 3]]", "area": "1"}, generator=True)
def determinant_area(A: Any, area: Any = 1) -> Derivation:
    """Every area (every n-volume) is multiplied by |det A| (17.1.8)."""
    A, area = as_matrix(A), as_exact_number(area)
    if A.rows != A.cols:
        raise ValueError("the determinant needs a square matrix")

    def wrap(det: sp.Expr) -> sp.Expr:
        scale = sp.Abs(det, evaluate=False)
        return scale if area == 1 else sp.Mul(scale, area, evaluate=False)

    steps, det = determinant_steps(A, "a linear map multiplies every area by |det A| (§17.1.8, (17.1.28))",
                                   "area scaling: |det A| times the area", wrap)
    result = sp.Abs(det) * area
    steps.append(Step(result, rule="take the absolute value" + ("" if area == 1 else " and multiply")))
    return Derivation("determinant-area", f"The area after ${_matrix_latex(A)}$",
                      source("17.1", "17.1.27", "17.1.28"), steps, result,
                      givens=[("A", A), ("area before", area)], notes=[f"det A = {sp.sstr(det)}"])


# --- 17.1.5: linear independence ------------------------------------------------------

def primitive(vector: sp.MatrixBase) -> sp.ImmutableMatrix:
    """The same direction with coprime integer entries and the first nonzero one positive, when rational."""
    entries = list(vector)
    if all(e.is_rational for e in entries):
        denominators = functools.reduce(sp.ilcm, [sp.fraction(e)[1] for e in entries], 1)
        integers = [e * denominators for e in entries]
        divisor = functools.reduce(sp.igcd, [int(e) for e in integers if e != 0], 0) or 1
        entries = [e / divisor for e in integers]
    leading = next((e for e in entries if e != 0), 1)
    if leading.is_number and leading.is_negative:
        entries = [-e for e in entries]
    return sp.ImmutableMatrix([sp.radsimp(e) for e in entries])


def dependence(V: sp.MatrixBase) -> sp.ImmutableMatrix | None:
    """Coefficients c != 0 with V c = 0 (17.1.18), or None when the columns are independent."""
    basis = sp.Matrix(V).nullspace()
    return primitive(basis[0]) if basis else None


def _rank_symbol(label: str) -> sp.Symbol:
    return sp.Symbol(rf"\operatorname{{rank}} V_{{\text{{{label}}}}}")


def _independence_steps(V: sp.MatrixBase, label: str) -> tuple[list[Step], bool]:
    """det V (or the Gram determinant det V^T V when V is not square), the rank, a dependence if any."""
    square = V.rows == V.cols
    tested = V if square else sp.ImmutableMatrix(V.T * V)
    reason = (f"the {V.cols} columns of set {label} are independent exactly when det V is not 0 (§17.1.8)" if square
              else f"the columns of set {label} are independent exactly when the Gram determinant det(V^T V) is not 0")
    steps, det = determinant_steps(tested, reason, f"set {label}: determinant test")
    rank = sp.Matrix(V).rank(simplify=True)
    independent = rank == V.cols

    def rank_check(previous, current, derivation):
        found = sp.Matrix(V).rank(simplify=True)
        consistent = (sp.simplify(previous) != 0) == (found == V.cols)
        ok = current.rhs == found and consistent
        return ok, "symbolic", "" if ok else f"the rank is {found}"

    verdict = "nonzero determinant: the columns are linearly independent" if independent else \
        "zero determinant: the columns are linearly dependent"
    steps.append(Step(sp.Eq(_rank_symbol(label), rank, evaluate=False), "=>", rule=verdict,
                      checker=guarded(rank_check)))
    c = dependence(V)
    if c is not None:
        def witness(previous, current, derivation):
            claimed = sp.Matrix(current.lhs.args[-1])  # the statement's coefficients
            ok = _is_zero_matrix(V * claimed) and not _is_zero_matrix(claimed) \
                and _is_zero_matrix(current.rhs.as_explicit())
            return ok, "symbolic", "" if ok else f"V c = {V * claimed}"
        steps.append(Step(sp.Eq(sp.MatMul(V, c, evaluate=False), sp.ZeroMatrix(V.rows, 1), evaluate=False), "=>",
                          rule="a linear dependence (17.1.18)", why="coefficients c, not all 0, with V c = 0",
                          checker=guarded(witness)))
    return steps, independent


@register("independent-columns", "Are the columns of a matrix linearly independent?", source("17.1", "17.1.18"),
          params={"V": "matrix"}, defaults={"V": "[[2, -1], [4, -2]]"}, generator=True)
def independent_columns(V: Any) -> Derivation:
    V = as_matrix(V)
    steps, independent = _independence_steps(V, "V")
    verdict = sp.true if independent else sp.false
    return Derivation("independent-columns", f"Are the columns of ${_matrix_latex(V)}$ independent?",
                      source("17.1", "17.1.18"), steps, verdict, givens=[("V", V)])


def choice_key(independent: list[str], names: tuple[str, ...] = SET_NAMES) -> str:
    """first, first_and_third, all or none: the choice naming the independent sets."""
    if not independent:
        return "none"
    if len(independent) == len(names):
        return "all"
    return "_and_".join(independent)


def _tested(V: sp.MatrixBase) -> sp.ImmutableMatrix:
    """V itself when square, else V^T V: the columns are independent exactly when its determinant is not 0."""
    return sp.ImmutableMatrix(V) if V.rows == V.cols else sp.ImmutableMatrix(V.T * V)


def _independent(V: sp.MatrixBase) -> bool:
    return sp.Matrix(V).rank(simplify=True) == V.cols


def _witnesses_checker(sets: dict[str, sp.MatrixBase]) -> Callable[[Any, Any, Derivation], Result]:
    """One V c = 0 with c != 0 for each set whose determinant is 0, in order, and no other."""
    def check(previous, current, derivation):
        values = list(previous.doit())
        zero = [V for V, det in zip(sets.values(), values) if sp.simplify(det) == 0]
        listed = [eq.lhs.args for eq in current]
        ok = len(listed) == len(zero) and all(
            sp.Matrix(M) == sp.Matrix(V) and _is_zero_matrix(sp.Matrix(M) * sp.Matrix(c))
            and not _is_zero_matrix(sp.Matrix(c)) for (M, c), V in zip(listed, zero)) \
            and all(_is_zero_matrix(eq.rhs.as_explicit()) for eq in current)
        return ok, "symbolic", "" if ok else f"{len(zero)} sets have determinant 0"
    return check


@register("linear-independence", "Which sets of vectors are linearly independent?", source("17.1", "17.1.18"),
          params={name: "matrix" for name in SET_NAMES}, generator=True,
          defaults={"first": "[[2, -1], [4, -2]]", "second": "[[1, 0], [0, 1]]", "third": "[[1, 2], [-1, 3]]"})
def linear_independence(first: Any, second: Any, third: Any) -> Derivation:
    """Each set's vectors are the columns of a matrix V; one chain computes the three determinants
    (Gram determinants det V^T V for non-square V), a dependence (17.1.18) is exhibited for every
    zero, and the answer is the choice key naming the independent sets."""
    sets = dict(zip(SET_NAMES, (as_matrix(first), as_matrix(second), as_matrix(third))))
    tested = [_tested(V) for V in sets.values()]
    columns = [determinant_forms(M) for M in tested]
    depth = max(len(forms) for forms in columns)
    steps = [Step(_column(sp.Determinant(M) for M in tested), rule="one determinant per set",
                  why="the columns of a square V are independent exactly when det V is not 0 (§17.1.8); "
                  "for a non-square V, use det(V^T V)",
                  checker=recomputed(lambda: _column(leibniz(M) for M in tested),
                                     "each det by the Leibniz sum over permutations"))]
    for layer in range(depth):
        forms = [column[min(layer, len(column) - 1)][0] for column in columns]
        rules = list(dict.fromkeys(column[layer][1] for column in columns if layer < len(column)))
        steps.append(Step(_column(forms), rule="; ".join(rules)))
    independent = [name for name, V in sets.items() if _independent(V)]
    dependent = {name: V for name, V in sets.items() if name not in independent}
    if dependent:
        witnesses = sp.Tuple(*(sp.Eq(sp.MatMul(V, dependence(V), evaluate=False), sp.ZeroMatrix(V.rows, 1),
                                     evaluate=False) for V in dependent.values()))
        steps.append(Step(witnesses, "=>", rule="a linear dependence (17.1.18) for each zero determinant",
                          why="sets " + ", ".join(dependent) + ": coefficients c, not all 0, with V c = 0",
                          checker=guarded(_witnesses_checker(sets))))
    key = choice_key(independent)

    def check(previous, current, derivation):
        found = choice_key([n for n, V in sets.items() if _independent(V)])
        return current == found, "symbolic", "" if current == found else f"the independent sets are {found}"

    steps.append(Step(key, "=>", rule="the independent sets: the nonzero determinants",
                      display=rf"\text{{{key.replace('_', ' ')}}}",
                      why="independent: " + (", ".join(independent) or "none"), checker=guarded(check)))
    return Derivation("linear-independence", "Which sets of vectors are linearly independent?",
                      source("17.1", "17.1.18"), steps, key, givens=[(f"V ({n})", V) for n, V in sets.items()])


# --- 17.1 exercise 5: the determinant of an outer product -------------------------------

@register("outer-product-determinant", "The determinant of a column times a row", source("17.1", "17.1.28"),
          params={"col": "matrix", "row": "matrix"}, defaults={"col": "[['c'], ['d']]", "row": "[['a', 'b']]"},
          generator=True)
def outer_product_determinant(col: Any, row: Any) -> Derivation:
    """det(c d^T) vanishes identically (for n >= 2): every column is a multiple of c."""
    col, row = as_vector(col), as_vector(row).T
    if col.rows != row.cols:
        raise ValueError("the column and the row need the same length")
    product = sp.ImmutableMatrix(col * row)
    steps = [given(sp.Determinant(sp.MatMul(col, row, evaluate=False)), "the matrix is a column times a row",
                   rule="the determinant to compute"),
             Step(sp.Determinant(product), rule="multiply: entry (i, j) is c_i r_j (17.1.31)")]
    forms = determinant_forms(product)
    steps += [Step(form, rule=rule) for form, rule in forms]
    value = forms[-1][0]
    verdict = sp.true if sp.expand(value) == 0 else sp.false

    def check(previous, current, derivation):
        identically_zero = sp.expand(product.det()) == 0
        agrees = identically_zero == (sp.expand(previous) == 0)
        ok = agrees and current == (sp.true if identically_zero else sp.false)
        return ok, "symbolic", "" if ok else f"det = {sp.expand(product.det())}"

    why = "for every value of the entries" if verdict == sp.true else "not identically zero"
    steps.append(Step(verdict, "=>", rule="is the determinant always 0?", why=why, checker=guarded(check)))
    return Derivation("outer-product-determinant", f"det of ${_matrix_latex(col)} {_matrix_latex(row)}$",
                      source("17.1", "17.1.28"), steps, verdict, givens=[("column", col), ("row", row)],
                      notes=[f"rank of the product: {sp.Matrix(product).rank()} (at most 1: every column is a multiple "
                             "of the column vector)"])


# --- 17.1 exercise 6: when are A e_i and A e_j orthogonal? -------------------------------

def _basis(n: int, i: int) -> sp.ImmutableMatrix:
    return sp.ImmutableMatrix(n, 1, lambda r, _: 1 if r == i else 0)


@register("orthogonal-columns", "When are A e_i and A e_j orthogonal?", source("17.1", "17.1.8", "17.1.12"),
          params={"A": "matrix", "i": "integer", "j": "integer"}, generator=True,
          defaults={"A": "[['a', 'b'], ['c', 'd']]", "i": 1, "j": 2})
def orthogonal_columns(A: Any, i: int = 1, j: int = 2) -> Derivation:
    """A e_i is column i of A (17.1.12); orthogonal means a zero dot product (17.1.8)."""
    A, i, j = as_matrix(A), int(i), int(j)
    if not (1 <= i <= A.cols and 1 <= j <= A.cols and i != j):
        raise ValueError(f"i and j are two different column numbers between 1 and {A.cols}")
    e_i, e_j = _basis(A.cols, i - 1), _basis(A.cols, j - 1)
    col_i, col_j = sp.ImmutableMatrix(A[:, i - 1]), sp.ImmutableMatrix(A[:, j - 1])
    dot = sp.expand(col_i.dot(col_j))
    condition = sp.Eq(dot, 0, evaluate=False)
    steps = [
        definition(sp.Eq(sp.DotProduct(sp.MatMul(A, e_i, evaluate=False), sp.MatMul(A, e_j, evaluate=False)), 0,
                         evaluate=False), "(17.1.8): two vectors are orthogonal exactly when their dot product is 0",
                   rule="orthogonality, by its definition (17.1.8): a zero dot product"),
    ]
    written = sp.Eq(_dot_form(col_i, col_j), 0, evaluate=False)
    if dot != 0:
        steps.append(Step(sp.Eq(sp.DotProduct(col_i, col_j), 0, evaluate=False), "<=>",
                          rule=f"(17.1.12): A e_{i} and A e_{j} are columns {i} and {j} of A"))
        steps.append(Step(written, "<=>", rule="the dot product of the two columns"))
        if sp.srepr(written.lhs) != sp.srepr(dot):
            steps.append(Step(condition, "<=>", rule="collect"))
    else:
        def always(previous, current, derivation):
            ok = sp.expand(previous.lhs.doit()) == 0 and sp.expand(current.lhs.doit()) == 0
            return ok, "symbolic", "" if ok else "the dot product is not identically 0"
        steps.append(Step(written, "<=>", rule="the dot product of the columns is identically 0",
                          checker=guarded(always)))
    return Derivation("orthogonal-columns", f"When are $A e_{i}$ and $A e_{j}$ orthogonal?",
                      source("17.1", "17.1.8", "17.1.12"), steps, condition, givens=[("A", A)])


# --- 17.1.9: the trace of a power in Einstein notation -------------------------------------

def index_symbols(count: int) -> list[sp.Symbol]:
    names = list(INDEX_NAMES[:count]) + [f"i_{n}" for n in range(len(INDEX_NAMES), count)]
    return [sp.Symbol(name, integer=True) for name in names]


def summed_indices(expr: sp.Expr) -> list[sp.Symbol]:
    """Einstein convention: the indices that appear twice."""
    counts: dict[sp.Basic, int] = {}
    for entry in expr.atoms(sp.Indexed):
        for index in entry.indices:
            counts[index] = counts.get(index, 0) + 1
    return sorted((i for i, c in counts.items() if c == 2), key=str)


def _trace_value(statement: sp.Basic, M: sp.Matrix, n: sp.Symbol, name: str) -> sp.Expr:
    """The statement for one explicit matrix M: dimension n set, A replaced, every sum done.
    Indices run from 1 to n, as the seed writes them (SymPy's entries count from 0)."""
    size = M.rows
    value = statement.replace(lambda e: isinstance(e, MatrixElement),
                              lambda e: MatrixElement(e.parent, e.i - 1, e.j - 1))
    value = value.xreplace({n: sp.Integer(size)})
    value = value.xreplace({sp.MatrixSymbol(name, size, size): sp.ImmutableMatrix(M)})
    if not value.has(sp.Sum) and value.has(sp.Indexed):
        value = sp.Sum(value, *((index, 1, size) for index in summed_indices(value)))
    value = _do_sums(value).doit()
    value = value.replace(lambda e: isinstance(e, sp.Indexed),
                          lambda e: M[int(e.indices[0]) - 1, int(e.indices[1]) - 1])
    return sp.expand(value)


def _do_sums(expr: sp.Basic) -> sp.Basic:
    """Finite sums written out term by term (much faster than Sum.doit on products of entries)."""
    if isinstance(expr, sp.Sum):
        body = _do_sums(expr.function)
        indices = [limit[0] for limit in expr.limits]
        ranges = [range(int(low), int(high) + 1) for _, low, high in expr.limits]
        return sp.Add(*(body.xreplace(dict(zip(indices, map(sp.Integer, values))))
                        for values in itertools.product(*ranges)))
    if not expr.args or not expr.has(sp.Sum):
        return expr
    return expr.func(*(_do_sums(arg) for arg in expr.args))


def _trace_checker(n: sp.Symbol, name: str) -> Callable[[Any, Any, Derivation], Result]:
    """Both statements evaluated on random integer matrices of sizes 2 and 3."""
    def check(previous, current, derivation):
        rng = np.random.default_rng(17)
        for size in (2, 3):
            M = sp.Matrix(size, size, [int(x) for x in rng.integers(-5, 6, size * size)])
            left, right = _trace_value(previous, M, n, name), _trace_value(current, M, n, name)
            if left != right:
                return False, "numeric", f"{left} != {right} for {M.tolist()}"
        return True, "numeric", "explicit matrices of sizes 2 and 3"
    return check


@register("trace-power-einstein", "tr(A^p) in Einstein notation", source("17.1", "17.1.31", "17.1.33"),
          params={"power": "integer"}, defaults={"power": 4}, generator=True)
def trace_power_einstein(power: int = 4) -> Derivation:
    """tr(A^p) = a_{i j} a_{j k} ... a_{. i}: chain (17.1.31) p - 1 times, close the cycle with the trace."""
    p = int(power)
    if p < 1:
        raise ValueError("the power is a positive integer")
    n = sp.Symbol("n", integer=True, positive=True)
    A = sp.MatrixSymbol("A", n, n)
    a = sp.IndexedBase("a", real=True)
    indices = index_symbols(p)
    cycle = indices[1:] + indices[:1]
    einstein = sp.Mul(*(a[first, second] for first, second in zip(indices, cycle)))
    limits = [(index, 1, n) for index in indices]
    checker = _trace_checker(n, "A")
    steps = [
        definition(sp.Trace(A ** p), "tr(M) is the sum of the diagonal entries of M; here M = A^p, A = (a_ij) "
                   "n x n", rule=f"the trace of A^{p}, A = (a_ij) an n x n matrix, to write in Einstein "
                   "notation (17.1.33)"),
        Step(sp.Sum(MatrixElement(A ** p, indices[0], indices[0]), limits[0]),
             rule="tr(M) = sum of m_ii", checker=guarded(checker)),
        Step(sp.Sum(einstein, *limits), rule=f"(17.1.31) applied {p - 1} times: an entry of A^{p} chains {p} "
             "entries of A, and the trace closes the chain" if p > 1 else "the entries of A", checker=guarded(checker)),
        Step(einstein, rule="Einstein notation (17.1.33): every repeated index is summed", checker=guarded(checker)),
    ]
    return Derivation("trace-power-einstein", f"tr(A^{p}) in Einstein notation", source("17.1", "17.1.31", "17.1.33"),
                      steps, einstein, givens=[("p", sp.Integer(p))])


# --- 17.2.1: eigenvalues ---------------------------------------------------------------

def characteristic_polynomial(A: sp.MatrixBase) -> sp.Expr:
    return sp.expand((A - LAMBDA * sp.eye(A.rows)).det())


def eigenvalue_multiplicities(A: sp.MatrixBase) -> dict[sp.Expr, int]:
    """Roots of det(A - lambda I) with their algebraic multiplicities (radicals, else CRootOf)."""
    poly = sp.Poly(characteristic_polynomial(A), LAMBDA)
    found = sp.roots(poly)
    if sum(found.values()) < poly.degree():
        found = {}
        for root in poly.all_roots():
            found[root] = found.get(root, 0) + 1
    return found


def _sorted_values(values: Iterable[sp.Expr]) -> list[sp.Expr]:
    """Numbers by real then imaginary part; anything symbolic in SymPy's canonical order."""
    values = list(values)
    if all(v.is_number for v in values):
        return sorted(values, key=lambda v: (float(sp.re(sp.N(v))), float(sp.im(sp.N(v)))))
    return sorted(values, key=sp.default_sort_key)


def _is_root(polynomial: sp.Expr, value: sp.Expr) -> bool:
    """Exactly: by substitution for radicals and symbols, by division for CRootOf values."""
    if isinstance(value, sp.CRootOf):  # a root of its defining polynomial: that must divide ours
        defining = sp.Poly(value.expr.subs(value.poly.gen, LAMBDA), LAMBDA)
        return sp.Poly(polynomial, LAMBDA).rem(defining).is_zero
    return sp.simplify(polynomial.subs(LAMBDA, value)) == 0


def _eigenvalue_steps(A: sp.MatrixBase) -> tuple[list[Step], dict[sp.Expr, int]]:
    shifted = sp.ImmutableMatrix(A - LAMBDA * sp.eye(A.rows))
    steps = [Step(sp.Eq(sp.Determinant(shifted), 0, evaluate=False), rule="the characteristic equation",
                  why="(A - lambda I) v = 0 (17.2.3) has a solution v != 0 exactly when A - lambda I is singular",
                  checker=recomputed(lambda: sp.Eq(A.charpoly(LAMBDA).as_expr(), 0),
                                     "Matrix.charpoly: det(lambda I - A) by the Berkowitz algorithm"))]
    forms = determinant_forms(shifted)
    steps += [Step(sp.Eq(form, 0, evaluate=False), "<=>", rule=rule) for form, rule in forms]
    poly = forms[-1][0]
    factored = sp.factor(poly)
    if sp.srepr(factored) != sp.srepr(poly):
        steps.append(Step(sp.Eq(factored, 0, evaluate=False), "<=>", rule="factor"))
    values = eigenvalue_multiplicities(A)

    def solved(previous, current, derivation):
        """Every listed value is a root, and there are as many as the square-free part's degree."""
        polynomial = sp.expand((previous.lhs - previous.rhs).doit())
        listed = list(current.args[1])
        distinct = sp.degree(sp.sqf_part(polynomial, LAMBDA), LAMBDA)
        ok = len(listed) == distinct and all(_is_root(polynomial, value) for value in listed)
        return ok, "symbolic", "" if ok else f"{distinct} distinct roots; listed {listed}"

    distinct = sp.FiniteSet(*values)
    steps.append(Step(sp.Contains(LAMBDA, distinct, evaluate=False), "=>", rule="solve for lambda",
                      why="the eigenvalues are the roots", checker=guarded(solved)))
    return steps, values


def _multiset_checker(A: sp.MatrixBase) -> Callable[[Any, Any, Derivation], Result]:
    """The product of (lambda - lambda_i) over the listed roots is the monic characteristic polynomial."""
    def check(previous, current, derivation):
        monic = sp.expand((-1) ** A.rows * characteristic_polynomial(A))
        product = sp.expand(sp.Mul(*(LAMBDA - root for root in current)))
        ok = sp.expand(monic - product) == 0 or sp.simplify(monic - product) == 0
        return ok, "symbolic", "" if ok else f"the product is {product}, not {monic}"
    return check


def _eigen_notes(A: sp.MatrixBase, listed: list[sp.Expr]) -> list[str]:
    if any(v.has(sp.CRootOf) for v in listed):  # no closed form: numerically
        numbers = [complex(r) for r in sp.Poly(characteristic_polynomial(A), LAMBDA).nroots(n=15)]
        product, total = (sp.N(sp.sympify(z), 10, chop=True) for z in (np.prod(numbers), sum(numbers)))
    else:
        product, total = sp.simplify(sp.Mul(*listed)), sp.simplify(sp.Add(*listed))
    det = sp.simplify(A.det())
    return [f"check (17.2.12): product of the eigenvalues {sp.sstr(product)}, det A = {sp.sstr(det)}; "
            f"their sum {sp.sstr(total)}, trace A = {sp.sstr(A.trace())}"]


@register("eigenvalues", "Eigenvalues from the characteristic polynomial", source("17.2", "17.2.3", "17.2.4"),
          params={"A": "matrix"}, defaults={"A": "[[2, 1], [2, 3]]"}, generator=True)
def eigenvalues(A: Any) -> Derivation:
    """The set of eigenvalues: the roots of det(A - lambda I) = 0 (17.2.3)."""
    A = as_matrix(A)
    if A.rows != A.cols:
        raise ValueError("eigenvalues need a square matrix")
    steps, values = _eigenvalue_steps(A)
    listed = [v for v, m in values.items() for _ in range(m)]
    result = sp.FiniteSet(*values)
    return Derivation("eigenvalues", f"The eigenvalues of ${_matrix_latex(A)}$", source("17.2", "17.2.3", "17.2.4"),
                      steps, result, givens=[("A", A)], notes=_eigen_notes(A, listed))


@register("eigenvalues-with-multiplicity", "Eigenvalues, each as often as it is a root",
          source("17.2", "17.2.3", "17.2.13"), params={"A": "matrix"}, defaults={"A": "[[1, 1], [0, 1]]"},
          generator=True)
def eigenvalues_with_multiplicity(A: Any) -> Derivation:
    """The eigenvalues as a multiset: each root of det(A - lambda I) repeated by its multiplicity."""
    A = as_matrix(A)
    if A.rows != A.cols:
        raise ValueError("eigenvalues need a square matrix")
    steps, values = _eigenvalue_steps(A)
    listed = [v for v in _sorted_values(values) for _ in range(values[v])]
    result = sp.Tuple(*listed)
    why = ", ".join(f"{sp.sstr(v)} (multiplicity {m})" for v, m in values.items())
    steps.append(Step(result, "=>", rule="list each root as often as it divides the polynomial", why=why,
                      checker=guarded(_multiset_checker(A))))
    return Derivation("eigenvalues-with-multiplicity", f"The eigenvalues of ${_matrix_latex(A)}$ with multiplicity",
                      source("17.2", "17.2.3", "17.2.13"), steps, result, givens=[("A", A)],
                      notes=_eigen_notes(A, listed))


# --- 17.2.1: eigenvectors ----------------------------------------------------------------

def _unknowns(n: int) -> list[sp.Symbol]:
    names = ["x", "y", "z"] if n <= 3 else [f"x_{k}" for k in range(1, n + 1)]
    return [sp.Symbol(name) for name in names[:n]]


def eigenvector_basis(A: sp.MatrixBase, value: sp.Expr) -> list[sp.ImmutableMatrix]:
    """A basis of the eigenspace of `value`, each vector in its primitive form."""
    shifted = sp.Matrix(A - value * sp.eye(A.rows))
    return [primitive(v.applyfunc(sp.simplify)) for v in shifted.nullspace(simplify=True)]


def _product_checker(previous, current, derivation) -> Result:
    """M v multiplied out, entry by entry (complex entries, which the random-matrix probe cannot draw)."""
    ok = _is_zero_matrix(sp.Matrix(previous.doit()) - sp.Matrix(current))
    return ok, "symbolic", "" if ok else "the product differs"


def _general_solution_checker(M: sp.MatrixBase, unknowns: list[sp.Symbol]
                              ) -> Callable[[Any, Any, Derivation], Result]:
    """`=>` v = general solution: it solves M v = 0 for every parameter and has n - rank(M) parameters."""
    def check(previous, current, derivation):
        solution = sp.Matrix(current.rhs.doit())
        solves = all(sp.simplify(e) == 0 for e in M * solution)
        parameters = solution.free_symbols & set(unknowns)
        dimension = M.cols - sp.Matrix(M).rank(simplify=True)
        ok = solves and len(parameters) == dimension and dimension > 0
        detail = f"solves: {solves}, {len(parameters)} parameters for a solution space of dimension {dimension}"
        return ok, "symbolic", "" if ok else detail
    return check


def _choice_checker(A: sp.MatrixBase, value: sp.Expr) -> Callable[[Any, Any, Derivation], Result]:
    """`=>` a particular eigenvector: a nonzero member of the previous family with A v = lambda v."""
    def check(previous, current, derivation):
        family = sp.Matrix(previous.rhs.doit())
        vector = sp.Matrix(current)
        parameters = sorted(family.free_symbols, key=str)
        in_family = bool(parameters) and any(
            all(sp.simplify(e) == 0 for e in family.subs(solution) - vector)
            for solution in sp.solve(list(family - vector), parameters, dict=True))
        eigen = all(sp.simplify(e) == 0 for e in A * vector - value * vector)
        ok = eigen and in_family and not _is_zero_matrix(vector)
        return ok, "symbolic", "" if ok else f"A v - lambda v = {A * vector - value * vector}"
    return check


@register("eigenvector", "An eigenvector for a given eigenvalue", source("17.2", "17.2.2", "17.2.3", "17.2.5"),
          params={"A": "matrix", "eigenvalue": "number"}, defaults={"A": "[[2, 1], [2, 3]]", "eigenvalue": "4"},
          generator=True)
def eigenvector(A: Any, eigenvalue: Any) -> Derivation:
    """Solve (A - lambda I) v = 0 (17.2.3); the answer is v up to a nonzero factor, in primitive form."""
    A, value = as_matrix(A), as_exact_number(eigenvalue)
    if A.rows != A.cols:
        raise ValueError("eigenvectors need a square matrix")
    M = sp.ImmutableMatrix((A - value * sp.eye(A.rows)).applyfunc(sp.simplify))
    basis = eigenvector_basis(A, value)
    if not basis:
        raise ValueError(f"{sp.sstr(value)} is not an eigenvalue: A - lambda I is invertible")
    unknowns = _unknowns(A.rows)
    v = sp.ImmutableMatrix(unknowns)
    [solution] = sp.linsolve((sp.Matrix(M), sp.zeros(A.rows, 1)), unknowns)
    family = sp.ImmutableMatrix(list(solution))
    chosen = basis[0]
    steps = [
        Step(sp.MatMul(M, v, evaluate=False), rule="the eigenvector equation",
             why=f"an eigenvector for lambda = {sp.sstr(value)} solves (A - lambda I) v = 0 (17.2.3)",
             checker=recomputed(lambda: A * v - value * v, "A v - lambda v, multiplied out")),
        Step(sp.ImmutableMatrix(M * v).applyfunc(sp.expand), rule="multiply out: each entry must vanish",
             checker=guarded(_product_checker) if M.has(sp.I) else None),
        Step(sp.Eq(v, family, evaluate=False), "=>", rule="solve the linear system",
             why="the free unknowns are the parameters", checker=guarded(_general_solution_checker(M, unknowns))),
        Step(chosen, "=>", rule="choose the parameters", why="any nonzero multiple is also an eigenvector",
             checker=guarded(_choice_checker(A, value))),
    ]

    def verify_eigen(previous, current, derivation):
        vector = sp.Matrix(previous)
        left, right = sp.Matrix(current.lhs.doit()), sp.Matrix(current.rhs.doit())
        ok = all(sp.simplify(e) == 0 for e in left - A * vector) \
            and all(sp.simplify(e) == 0 for e in right - value * vector) \
            and all(sp.simplify(e) == 0 for e in left - right)
        return ok, "symbolic", "" if ok else "A v is not lambda v"

    steps.append(Step(sp.Eq(sp.MatMul(A, chosen, evaluate=False), sp.MatMul(value, chosen, evaluate=False),
                            evaluate=False), "=>", rule="check (17.2.2)", checker=guarded(verify_eigen)))
    derivation = Derivation("eigenvector", f"An eigenvector of ${_matrix_latex(A)}$ for ${sp.latex(value)}$",
                            source("17.2", "17.2.2", "17.2.3", "17.2.5"), steps, sp.Matrix(chosen),
                            givens=[("A", A), ("lambda", value)])
    if len(basis) > 1:
        derivation.notes.append(f"the eigenspace has dimension {len(basis)}; a basis: "
                                + ", ".join(sp.sstr(list(b)) for b in basis))
    else:
        derivation.notes.append("the eigenspace is one line: every eigenvector is a multiple of this one")
    return derivation


# --- 17.2.5: Gershgorin discs --------------------------------------------------------------

def gershgorin_radii(A: sp.MatrixBase) -> list[sp.Expr]:
    return [sum((abs(A[i, j]) for j in range(A.cols) if j != i), sp.Integer(0)) for i in range(A.rows)]


def _radius_form(A: sp.MatrixBase, i: int) -> sp.Expr:
    terms = [sp.Abs(A[i, j], evaluate=False) for j in range(A.cols) if j != i]
    if not terms:
        return sp.Integer(0)
    return terms[0] if len(terms) == 1 else sp.Add(*terms, evaluate=False)


def real_eigenvalues(A: sp.MatrixBase) -> list[sp.Expr]:
    """Exact real roots (with multiplicity) of the characteristic polynomial of a rational symmetric matrix."""
    return sp.Poly(characteristic_polynomial(A), LAMBDA).real_roots()


def _intervals_checker(A: sp.MatrixBase) -> Callable[[Any, Any, Derivation], Result]:
    def check(previous, current, derivation):
        radii = list(previous.doit())
        expected = [sp.Interval(A[i, i] - r, A[i, i] + r) for i, r in enumerate(radii)]
        ok = list(current) == expected and A == A.T
        return ok, "symbolic", "" if ok else f"the discs are {expected}"
    return check


def _bound_checker(previous, current, derivation) -> Result:
    bound = min(interval.inf for interval in previous)
    ok = current.rhs == bound
    return ok, "symbolic", "" if ok else f"the smallest left end is {bound}"


def _eigenvalues_checker(A: sp.MatrixBase, decimals: int) -> Callable[[Any, Any, Derivation], Result]:
    """The rounded eigenvalues match the roots of the characteristic polynomial, each inside some disc."""
    def check(previous, current, derivation):
        roots = sorted(sp.N(r, 30) for r in real_eigenvalues(A))
        discs = [sp.Interval(A[i, i] - r, A[i, i] + r) for i, r in enumerate(gershgorin_radii(A))]
        inside = all(any(d.contains(r) == sp.true for d in discs) for r in roots)
        close = len(roots) == len(current) and all(
            abs(r - c) <= sp.Rational(1, 2) * sp.Rational(1, 10) ** decimals + sp.Rational(1, 10) ** 20
            for r, c in zip(roots, current))
        ok = inside and close
        return ok, "numeric", "" if ok else f"the eigenvalues are {roots}"
    return check


def _verdict_checker(A: sp.MatrixBase, threshold: sp.Expr) -> Callable[[Any, Any, Derivation], Result]:
    def check(previous, current, derivation):
        smallest = min(real_eigenvalues(A))
        bound = min(A[i, i] - r for i, r in enumerate(gershgorin_radii(A)))
        possible = bool(smallest < threshold)
        consistent = not (bound >= threshold and possible)
        ok = consistent and current == (sp.true if possible else sp.false)
        return ok, "symbolic", "" if ok else f"the smallest eigenvalue is {sp.N(smallest, 10)}"
    return check


@register("gershgorin", "Can the smallest eigenvalue be below a threshold? (Gershgorin discs)",
          source("17.2", "17.2.15", "17.2.16", "17.2.17", "17.2.18", "17.2.19"),
          params={"A": "matrix", "threshold": "number"}, generator=True,
          defaults={"A": "[[1.0, 0.1, 0.1, 0.1], [0.1, 3.0, 0.2, 0.3], [0.1, 0.2, 5.0, 0.5], [0.1, 0.3, 0.5, 9.0]]",
                    "threshold": "0.5"})
def gershgorin(A: Any, threshold: Any = sp.Rational(1, 2)) -> Derivation:
    """Radii r_i = sum_{j != i} |a_ij|, the intervals [a_ii - r_i, a_ii + r_i] of a symmetric matrix,
    the lower bound they give, the eigenvalues as a check, and the verdict on lambda_min < threshold."""
    A, t = as_matrix(A), as_exact_number(threshold)
    if A.rows != A.cols or A != A.T:
        raise ValueError("the Gershgorin intervals bound real eigenvalues: give a symmetric matrix")
    if A.free_symbols or t.free_symbols:
        raise ValueError("give a matrix and a threshold of numbers")
    radii = gershgorin_radii(A)
    intervals = sp.Tuple(*(sp.Interval(A[i, i] - r, A[i, i] + r) for i, r in enumerate(radii)))
    bound = min(interval.inf for interval in intervals)
    numeric = sorted(float(x) for x in np.linalg.eigvalsh(np.array(A.tolist(), dtype=float)))
    rounded = sp.Tuple(*(sp.Float(f"{x:.4f}") for x in numeric))
    possible = bool(min(real_eigenvalues(A)) < t)
    verdict = sp.true if possible else sp.false
    lam_min = sp.Symbol(r"\lambda_{\min}")
    if bound >= t:
        why = f"every eigenvalue is at least {sp.sstr(bound)}, and {sp.sstr(bound)} >= {sp.sstr(t)}"
    else:
        why = f"the discs reach below {sp.sstr(t)}; the computed smallest eigenvalue {numeric[0]:.4f} decides"
    steps = [
        Step(_column(_radius_form(A, i) for i in range(A.rows)), rule="Gershgorin radii",
             why="every eigenvalue lies in a disc centred at a_ii of radius r_i = sum_{j != i} |a_ij| (§17.2.5)",
             checker=recomputed(lambda: A.applyfunc(abs) * sp.ones(A.cols, 1) - sp.Matrix([abs(A[i, i]) for i in
                                                                                          range(A.rows)]),
                                "each row's sum of |a_ij| less |a_ii|")),
        Step(_column(radii), rule="add up"),
        Step(intervals, "=>", rule="the discs [a_ii - r_i, a_ii + r_i]",
             why="A is symmetric, so its eigenvalues are real and the discs become intervals",
             checker=guarded(_intervals_checker(A))),
        Step(sp.Ge(lam_min, bound, evaluate=False), "=>", rule="the smallest left end bounds every eigenvalue",
             checker=guarded(_bound_checker)),
        Step(rounded, "approx", rule="check: the eigenvalues, numerically", why="each lies in a disc",
             checker=guarded(_eigenvalues_checker(A, 4))),
        Step(verdict, "=>", rule=f"can the smallest eigenvalue be below {sp.sstr(t)}?", why=why,
             checker=guarded(_verdict_checker(A, t))),
    ]
    return Derivation("gershgorin", f"Gershgorin discs of ${_matrix_latex(A)}$",
                      source("17.2", "17.2.15", "17.2.16", "17.2.17", "17.2.18", "17.2.19"), steps, verdict,
                      givens=[("A", A), ("threshold", t)])


# --- what the seed prints in 17.1 and 17.2 --------------------------------------------------

def _derive(name: str, **inputs: Any) -> Derivation:
    return derive(name, **inputs)


def _step_value(name: str, rule_start: str, **inputs: Any) -> Any:
    derivation = _derive(name, **inputs)
    return next(step.statement for step in derivation.walk() if step.rule.startswith(rule_start))


def _sorted_column(values: Iterable[sp.Expr]) -> sp.Matrix:
    return sp.Matrix(_sorted_values(values))


def _rounded_column(values: Iterable[sp.Expr], decimals: int) -> sp.Matrix:
    return sp.Matrix([rounded(v, decimals) for v in _sorted_values(values)])


def _exact_matrix(rows: list[list[str]]) -> sp.Matrix:
    return sp.Matrix([[sp.Rational(x) for x in row] for row in rows])


GERSHGORIN_EXAMPLE = "[[1.0, 0.1, 0.1, 0.1], [0.1, 3.0, 0.2, 0.3], [0.1, 0.2, 5.0, 0.5], [0.1, 0.3, 0.5, 9.0]]"
RANDOM_5x5 = [  # printed in 17.2.6 (np.random.seed(8675309), np.random.randn(5, 5))
    ["0.58902366", "0.73311856", "-1.1621888", "-0.55681601", "-0.77248843"],
    ["-0.16822143", "-0.41650391", "-1.37843129", "0.74925588", "0.17888446"],
    ["0.69401121", "-1.9780535", "-0.83381434", "0.56437344", "0.31201299"],
    ["-0.87334496", "0.15601291", "-0.38710108", "-0.23920821", "0.88850104"],
    ["1.29385371", "-0.76774106", "0.20131613", "0.91800842", "0.38974115"],
]


def _eigenvalue_norms(rows: list[list[str]]) -> list[sp.Expr]:
    poly = sp.Poly(_exact_matrix(rows).charpoly(LAMBDA).as_expr(), LAMBDA)
    return [abs(root) for root in poly.nroots(n=30)]


def _register_claims() -> None:
    claim("17.1.2, angle([0, 1, 2], [2, 3, 4])", "the angle printed by the code cell (float32: 0.41899002), "
          "to 6 decimals", sp.Float("0.418990"), lambda: rounded(_derive("vector-angle").result, 6))
    claim("(17.1.13)", "A [2, -1]^T for A = [[1, 2], [-1, 3]]", sp.Matrix([0, -5]),
          lambda: sp.Matrix([[1, 2], [-1, 3]]) * sp.Matrix([2, -1]))
    claim("(17.1.14)", "B [1, 1]^T and B [0, -1]^T both give [1, 2]^T", sp.Matrix([[1, 1], [2, 2]]),
          lambda: sp.Matrix([[2, -1], [4, -2]]) * sp.Matrix([[1, 0], [1, -1]]))
    claim("(17.1.17)", "the dependence b1 + 2 b2 = 0 of the columns of B = [[2, -1], [4, -2]]", sp.Matrix([1, 2]),
          lambda: sp.Matrix(dependence(sp.Matrix([[2, -1], [4, -2]]))))
    claim("(17.1.19)", "rank of B = [[2, 4], [-1, -2]]", sp.Integer(1),
          lambda: sp.Integer(sp.Matrix([[2, 4], [-1, -2]]).rank()))
    C = [[1, 3, 0, -1, 0], [-1, 0, 1, 1, -1], [0, 3, 1, 0, -1], [2, 3, -1, -2, 1]]
    claim("(17.1.20)", "rank of C", sp.Integer(2), lambda: sp.Integer(sp.Matrix(C).rank()))
    claim("(17.1.20)", "the number of collections of three columns of the 4 x 5 matrix C (\"any of the four "
          "collections of three columns are dependent\")", sp.Integer(4),
          lambda: sp.Integer(sum(1 for cols in itertools.combinations(range(5), 3)
                                 if sp.Matrix(C).extract(list(range(4)), list(cols)).rank() < 3)))
    claim("(17.1.24)", "the inverse of M = [[1, 2], [1, 4]] used in the code cell", sp.Matrix([[2, -1], [-0.5, 0.5]]),
          lambda: _derive("inverse-2x2").result)
    claim("(17.1.24)", "M_inv M in the code cell", sp.eye(2),
          lambda: sp.eye(2) if _derive("mutual-inverses").result == sp.true else sp.zeros(2))
    claim("(17.1.27)", "the area of the unit square after A = [[1, -1], [2, 3]]", sp.Integer(5),
          lambda: _derive("determinant-area").result)
    claim("(17.1.29)", "det B for B = [[2, 4], [-1, -2]]", sp.Integer(0),
          lambda: _derive("determinant-area", A="[[2, 4], [-1, -2]]").result)
    claim("17.1.9, np.einsum(\"ij, j -> i\", A, v)", "A v for A = [[1, 2], [3, 4]], v = [1, 2]", sp.Matrix([5, 11]),
          lambda: sp.Matrix([[1, 2], [3, 4]]) * sp.Matrix([1, 2]))
    claim("(17.1.34)", "c_kl = sum_ij B_ijk A_il v_j for the tensors of 17.1.9",
          sp.Matrix([[90, 126], [102, 144], [114, 162]]), _einsum_example)
    claim("(17.2.1)", "eigenvectors of [[2, 0], [0, -1]] for 2 and -1", sp.Matrix([[1, 0], [0, 1]]),
          lambda: sp.Matrix.hstack(_derive("eigenvector", A="[[2, 0], [0, -1]]", eigenvalue="2").result,
                                   _derive("eigenvector", A="[[2, 0], [0, -1]]", eigenvalue="-1").result))
    claim("(17.2.4)", "det(A - lambda I) = (4 - lambda)(1 - lambda) for A = [[2, 1], [2, 3]]",
          (4 - LAMBDA) * (1 - LAMBDA), lambda: characteristic_polynomial(as_matrix("[[2, 1], [2, 3]]")))
    claim("(17.2.4)", "the eigenvalues of A = [[2, 1], [2, 3]] (sorted)", sp.Matrix([1, 4]),
          lambda: _sorted_column(_derive("eigenvalues").result))
    claim("(17.2.5)", "eigenvector of A = [[2, 1], [2, 3]] for the eigenvalue 1", sp.Matrix([1, -1]),
          lambda: _derive("eigenvector", eigenvalue="1").result)
    claim("(17.2.5)", "eigenvector of A = [[2, 1], [2, 3]] for the eigenvalue 4", sp.Matrix([1, 2]),
          lambda: _derive("eigenvector", eigenvalue="4").result)
    claim("(17.2.5)", "the second system as printed, [[2, 2], [1, 3]] v = 4 v (A transposed), is said to be "
          "solved by [1, 2]; its solutions are the multiples of", sp.Matrix([1, 2]),
          lambda: _derive("eigenvector", A="[[2, 2], [1, 3]]", eigenvalue="4").result)
    claim("(17.2.9)", "W Sigma W^{-1} with W = [[1, 1], [-1, 2]] (the eigenvectors) and Sigma = diag(1, 4)",
          sp.Matrix([[2, 1], [2, 3]]), _decomposition_example)
    claim("(17.2.13)", "the only eigenvector direction of [[1, 1], [0, 1]]", sp.Matrix([0, 1]),
          lambda: _derive("eigenvector", A="[[1, 1], [0, 1]]", eigenvalue="1").result)
    claim("(17.2.15)", "the Gershgorin radii r_1, ..., r_4", sp.Matrix(["0.3", "0.6", "0.8", "0.9"]).applyfunc(_exact),
          lambda: sp.Matrix(list(_step_value("gershgorin", "add up").doit())))
    claim("(17.2.16)-(17.2.19)", "the Gershgorin intervals [a_ii - r_i, a_ii + r_i]",
          _exact_matrix([["0.7", "1.3"], ["2.4", "3.6"], ["4.2", "5.8"], ["8.1", "9.9"]]),
          lambda: sp.Matrix([[i.inf, i.sup] for i in _step_value("gershgorin", "the discs")]))
    example = as_matrix(GERSHGORIN_EXAMPLE)
    claim("(17.2.15)", "the eigenvalues printed by np.linalg.eig (sorted, 8 decimals)",
          sp.Matrix(["0.99228545", "2.97343718", "4.95394089", "9.08033648"]).applyfunc(sp.Float),
          lambda: _rounded_column(real_eigenvalues(example), 8))
    claim("(17.2.15)", "the eigenvalues in the text, 0.99, 2.97, 4.95, 9.08 (2 decimals)",
          sp.Matrix(["0.99", "2.97", "4.95", "9.08"]).applyfunc(sp.Float),
          lambda: _rounded_column(real_eigenvalues(example), 2))
    claim("17.2.6, Norms of eigenvalues", "the moduli of the eigenvalues of the printed random 5 x 5 matrix "
          "(6 decimals)", sp.Matrix(["0.878621", "1.275795", "1.498338", "1.498338", "1.974459"]).applyfunc(sp.Float),
          lambda: _rounded_column(_eigenvalue_norms(RANDOM_5x5), 6))


def _einsum_example() -> sp.Matrix:
    B = [[[1, 2, 3], [4, 5, 6]], [[7, 8, 9], [10, 11, 12]]]
    A, v = [[1, 2], [3, 4]], [1, 2]
    return sp.Matrix(3, 2, lambda k, l: sum(B[i][j][k] * A[i][l] * v[j] for i in range(2) for j in range(2)))


def _decomposition_example() -> sp.Matrix:
    W = sp.Matrix.hstack(_derive("eigenvector", eigenvalue="1").result, _derive("eigenvector", eigenvalue="4").result)
    return W * sp.diag(1, 4) * W.inv()


_register_claims()
