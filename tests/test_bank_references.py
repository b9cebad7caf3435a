"""The bank can never disagree with the CAS: every gradable reference is
recomputed from the exercise's own mathematics (see tests/recompute)."""
from __future__ import annotations

import random
from collections import Counter

import pytest
import sympy as sp

from exercises import AnswerType, default_bank
from tests.recompute import Explicit, merged

BANK = default_bank()
RECOMPUTE = merged("RECOMPUTE")
NOT_RECOMPUTABLE = merged("NOT_RECOMPUTABLE")
SEED_DISAGREES = merged("SEED_DISAGREES")


def _key(exercise_id: str) -> tuple[str, str]:
    """`17.4.1` or `17.4.1/g` (a part other than the main one)."""
    ex_id, _, part = exercise_id.partition("/")
    return ex_id, part


def _answer(exercise_id: str):
    ex_id, part_id = _key(exercise_id)
    exercise = BANK.get(ex_id)
    part = exercise.part(part_id) if part_id else exercise.main_part
    return exercise, part.answer


@pytest.mark.parametrize("exercise_id", sorted(RECOMPUTE))
def test_reference_matches_recomputation(exercise_id: str) -> None:
    exercise, key = _answer(exercise_id)
    recomputed = RECOMPUTE[exercise_id](exercise)
    assert same_value(key.type, key.reference, recomputed, exercise), (
        f"{exercise_id}: bank says {key.reference}, SymPy computes {recomputed}"
    )


def test_every_gradable_reference_is_recomputed_or_excused() -> None:
    missing = []
    for exercise in BANK:
        for part in exercise.parts:
            if not part.answer.gradable:
                continue
            label = exercise.id if part is exercise.main_part else f"{exercise.id}/{part.id}"
            if label not in RECOMPUTE and label not in NOT_RECOMPUTABLE:
                missing.append(label)
    assert not missing, f"no recomputation for {missing}"
    unknown = [k for k in list(RECOMPUTE) + list(NOT_RECOMPUTABLE) if _key(k)[0] not in BANK]
    assert not unknown, f"recomputations for exercises not in the bank: {unknown}"


@pytest.mark.parametrize("exercise_id", sorted(SEED_DISAGREES))
def test_seed_claim_differs_and_is_recorded(exercise_id: str) -> None:
    exercise = BANK.get(_key(exercise_id)[0])
    seed_says, truth = SEED_DISAGREES[exercise_id](exercise)
    assert not _equal(seed_says, truth), f"{exercise_id}: the seed's claim {seed_says} is in fact right"
    assert exercise.erratum is not None, f"{exercise_id} disagrees with the seed but records no erratum"


# --- comparison, independent of the grader so that it can check the grader ---

def _equal(a, b) -> bool:
    if isinstance(a, (str, bool, int)) or isinstance(b, (str, bool, int)):
        return a == b
    a, b = sp.sympify(a), sp.sympify(b)
    if isinstance(a, sp.MatrixBase) or isinstance(b, sp.MatrixBase):
        return isinstance(a, sp.MatrixBase) and isinstance(b, sp.MatrixBase) and a.shape == b.shape and all(
            _equal(x, y) for x, y in zip(a, b)
        )
    if isinstance(a, sp.logic.boolalg.Boolean) or isinstance(b, sp.logic.boolalg.Boolean):
        return a == b
    if isinstance(a, (sp.Tuple, sp.FiniteSet)) or isinstance(b, (sp.Tuple, sp.FiniteSet)):
        return type(a) is type(b) and len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, sp.MatrixExpr) or isinstance(b, sp.MatrixExpr):
        return _equal_matrix_expressions(a, b)
    diff = a - b
    return sp.simplify(diff) == 0 or diff.equals(0) is True


def _sorted(values):
    return sorted(values, key=lambda v: (sp.N(sp.re(v)), sp.N(sp.im(v))) if v.is_number else sp.default_sort_key(v))


_POSITIVE_DEFINITE = {"Sigma", "S"}  # log det and inverses need them; see exercises' domains


def _explicit_value(expr, size, values):
    value = expr.subs(size).xreplace(values).doit() if isinstance(expr, sp.Basic) else expr
    if isinstance(value, sp.MatrixBase) or isinstance(value, sp.MatrixExpr):
        value = sp.Matrix(value)
        return value[0, 0] if value.shape == (1, 1) else value
    return value


def _equal_matrix_expressions(a, b, draws: int = 3) -> bool:
    """Substitute random explicit matrices (consistent sizes) for every matrix symbol."""
    rng = random.Random(0)
    symbols = {s for e in (a, b) for s in e.atoms(sp.MatrixSymbol)}
    dims = {d for s in symbols for d in s.shape if isinstance(d, sp.Symbol)}
    for _ in range(draws):
        size = {d: rng.randint(2, 5) for d in dims}
        values = {}
        for s in symbols:  # keyed by the resized symbol: subs(size) turns A(n, n) into A(3, 3)
            rows, cols = (int(sp.sympify(d).subs(size)) for d in s.shape)
            entries = sp.Matrix(rows, cols, lambda i, j: sp.Rational(rng.randint(-9, 9), rng.randint(1, 5)))
            values[sp.MatrixSymbol(s.name, rows, cols)] = entries * entries.T + rows * sp.eye(rows) \
                if rows == cols and s.name in _POSITIVE_DEFINITE else entries
        left, right = (_explicit_value(e, size, values) for e in (a, b))
        if not _equal(left, right):
            return False
    return True


def same_value(kind: AnswerType, reference, recomputed, exercise) -> bool:
    """Equality in the sense of the answer type."""
    if isinstance(recomputed, Explicit):
        return all(_equal(_instantiate(reference, sizes, entries), result)
                   for sizes, entries, result in recomputed.instances)
    if kind in (AnswerType.set,):
        recomputed = sp.FiniteSet(*recomputed)
        return len(reference) == len(recomputed) and _equal(sp.Tuple(*_sorted(reference)), sp.Tuple(*_sorted(recomputed)))
    if kind is AnswerType.multiset:
        return Counter(sp.nsimplify(v) for v in reference) == Counter(sp.nsimplify(v) for v in recomputed)
    if kind is AnswerType.vector:
        recomputed = sp.Matrix(recomputed)
        both = sp.Matrix.hstack(sp.Matrix(reference), recomputed)
        return any(v != 0 for v in reference) and any(v != 0 for v in recomputed) and both.rank(simplify=True) == 1
    if kind is AnswerType.equation:
        ratio = sp.simplify((reference.lhs - reference.rhs) / (recomputed.lhs - recomputed.rhs))
        return ratio.is_number and ratio != 0
    if kind is AnswerType.index_expression:
        if isinstance(recomputed, sp.Expr) and recomputed.atoms(sp.Indexed):
            recomputed = expand_einstein(recomputed, exercise)  # both sides in Einstein notation
        return _equal(expand_einstein(reference, exercise), recomputed)
    if kind is AnswerType.choice:
        return reference == recomputed
    return _equal(reference, recomputed)


def _instantiate(expr, sizes: dict, entries: dict):
    """`expr` with dimension symbols set to `sizes` and each matrix symbol
    replaced by the explicit matrix of the same name in `entries`."""
    value = expr.subs(sizes)
    concrete = {s: entries[s.name] for s in value.atoms(sp.MatrixSymbol)}
    return sp.Matrix(value.xreplace(concrete).doit())


def expand_einstein(expr, exercise, dim: int = 3):
    """Sum every index that appears twice over 0..dim-1 (Einstein convention),
    with the exercise's indexed bases replaced by explicit symbol matrices."""
    indices = [s for s in expr.free_symbols if isinstance(s, sp.Symbol) and s.is_integer]
    counts = Counter(i for term in sp.preorder_traversal(expr) if isinstance(term, sp.Indexed) for i in term.indices)
    summed = [i for i in indices if counts[i] == 2]
    result = expr
    for index in summed:
        result = sp.Sum(result, (index, 0, dim - 1))
    result = result.doit()
    replace = {}
    for base in expr.atoms(sp.IndexedBase):
        name = str(base)
        replace[base] = sp.Matrix(dim, dim, lambda i, j: sp.Symbol(f"{name}_{i}{j}"))
    return result.replace(lambda e: isinstance(e, sp.Indexed), lambda e: replace[e.base][tuple(int(i) for i in e.indices)])
