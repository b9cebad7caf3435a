"""Answers that describe a set of values: a relation (`2x < 4`, `x \\ne 2`,
`-2 \\le x \\le 7`), a condition (`x = 1 \\text{ or } x = 2`), or a union of
intervals (`(-\\infty, 0) \\cup (1, \\infty)`). Two such answers are the same
when their solution sets over the variable's declared domain are equal, so
`2x < 4` is `x < 2`, and `x \\ne 2` is `(-\\infty, 2) \\cup (2, \\infty)`.

One variable is solved exactly (SymPy's `as_set`); a relation between
several (`x < y`) is compared at random points of the declared domains and
on its boundary, where a strict and a loose inequality differ.
"""
from __future__ import annotations

import random
import re

import sympy as sp

from exercises.model import Notation
from exercises.render import to_latex
from exercises.symbols import Domain
from grader.context import GradingContext
from grader.equivalence import PRECISION, draw, sign_flipped
from grader.errors import AnswerSyntaxError
from grader.normalize import normalise
from grader.reading import Reading, matched_brackets, read_answer, split_top_level

RELATION = re.compile(r"\\(?:leqslant|geqslant|leq|geq|neq|le|ge|ne|lt|gt)(?![A-Za-z])|<=|>=|!=|=|<|>|≤|≥|≠")
SIGNS = {r"\leqslant": "<=", r"\geqslant": ">=", r"\leq": "<=", r"\geq": ">=", r"\le": "<=", r"\ge": ">=",
         r"\neq": "!=", r"\ne": "!=", r"\lt": "<", r"\gt": ">", "=": "==", "!=": "!=", "≤": "<=", "≥": ">=",
         "≠": "!="}
OR = re.compile(r"\\text\s*\{\s*or\s*\}|\\(?:lor|vee)(?![A-Za-z])|\bor\b|\|\|")
AND = re.compile(r"\\text\s*\{\s*and\s*\}|\\(?:land|wedge)(?![A-Za-z])|\band\b|&&?")
PLUS_MINUS = re.compile(r"\\pm(?![A-Za-z])|±")
CASES = re.compile(r"\\begin\s*\{\s*cases\s*\}(.*?)\\end\s*\{\s*cases\s*\}", re.S)
UNION = re.compile(r"\\cup(?![A-Za-z])|∪|(?<=[)\]}])\s*U\s*(?=[(\[\\])")
MEMBERSHIP = re.compile(r"^\s*(?:[A-Za-z]|\\[A-Za-z]+)\s*\\in(?![A-Za-z])")
EMPTY = re.compile(r"^\s*(?:\\emptyset|\\varnothing|∅|\\\{\s*\\\}|\{\s*\})\s*$")
SET_BUILDER = re.compile(r"\\\{[^{}]*?(?::|\\mid(?![A-Za-z]))")  # \{x : x^2 = 1\}, \{x \mid x > 0\}
REALS = re.compile(r"^\s*(?:\\mathbb\s*\{?\s*R\s*\}?|\(\s*-\s*\\infty\s*,\s*\\infty\s*\)|\(-oo,\s*oo\))\s*$")
POINTS = 60  # probe points for a relation in several variables


def domain_set(symbol: sp.Symbol, ctx: GradingContext) -> sp.Set:
    """The variable's declared domain as a set (real unless the exercise says otherwise)."""
    declared = next((s for s in ctx.notation.symbols.values() if s.sympy == symbol), None)
    domain = declared.domain if declared else Domain(-sp.oo, sp.oo, True, True)
    interval = sp.Interval(domain.lower, domain.upper, domain.lower_open, domain.upper_open)
    return interval.intersect(sp.S.Integers) if domain.integer else interval


def set_of(value: sp.Basic, ctx: GradingContext) -> tuple[sp.Basic, list[sp.Symbol]]:
    """A reference (or a known mistake) as a set over its one variable's domain, or as the condition itself
    when it is in several variables; and its variables."""
    if isinstance(value, sp.Set):
        return value, []
    variables = sorted(value.free_symbols, key=sp.default_sort_key)
    if len(variables) == 1:
        (variable,) = variables
        try:
            return value.as_set().intersect(domain_set(variable, ctx)), variables
        except NotImplementedError:
            pass
    return value, variables


def read_solution_set(text: str, ctx: GradingContext) -> tuple[sp.Basic, str, list[str]]:
    """The answer as a SymPy set or condition, how it was read, and the reader's warnings."""
    text = CASES.sub(lambda m: r" \\land ".join(row.replace("&", " ") for row in re.split(r"\\\\", m.group(1))
                                                if row.strip()), text)  # a system, one condition per row
    norm = normalise(OR.sub(r" \\lor ", AND.sub(r" \\land ", text)), log_base=ctx.notation.conventions.log_base,
                     keep_equation=True)
    body = norm.text.replace(r"\left", "").replace(r"\right", "").strip()
    body = MEMBERSHIP.sub("", body)
    warnings: list[str] = []
    if EMPTY.match(body):
        return sp.S.EmptySet, r"\emptyset", warnings
    if REALS.match(body):
        return sp.S.Reals, r"\mathbb{R}", warnings
    if not RELATION.search(body):
        pieces = [piece.strip() for piece in UNION.split(body)]
        value = sp.Union(*(_set_piece(piece, ctx, warnings) for piece in pieces))
        return value, to_latex(value), warnings
    alternatives = []
    for piece in _split(body, r"\lor"):
        listed = [sp.And(*(_relations(conjunct, ctx, warnings) for conjunct in _split(part, r"\land")))
                  for part in _commas(piece)]
        alternatives += listed if _alternatives(listed) else [sp.And(*listed)]
    condition = sp.Or(*alternatives)
    return condition, to_latex(condition), warnings


def _split(text: str, word: str) -> list[str]:
    pieces = [piece.strip() for piece in text.split(word)]
    if not all(pieces):
        raise AnswerSyntaxError(f"'{word.strip(chr(92))}' needs a condition on each side", 1, code="parse:condition")
    return pieces


def solved(condition: sp.Basic) -> bool:
    """Is a condition the solutions written out: each relation a variable equal to a constant (x = 1, y = 2)?"""
    if not isinstance(condition, sp.Basic) or isinstance(condition, sp.Set):
        return False
    relations = [r for r in sp.preorder_traversal(condition) if isinstance(r, sp.core.relational.Relational)]
    def values(r: sp.Basic) -> bool:
        return isinstance(r, sp.Eq) and any(isinstance(a, sp.Symbol) and b.is_number
                                            for a, b in ((r.lhs, r.rhs), (r.rhs, r.lhs)))
    return bool(relations) and all(values(r) for r in relations)


def _alternatives(listed: list[sp.Basic]) -> bool:
    """Is a list of conditions one or the other? Values of one variable are (`x = a, x = -a`: each solved for
    the same x, on the left), and so are
    conditions on one variable that cannot hold together (`x < -1, x > 1`); any other list is a system."""
    if len(listed) < 2:
        return False
    solved_for = {c.lhs if isinstance(c, sp.Eq) and isinstance(c.lhs, sp.Symbol) else None for c in listed}
    if len(solved_for) == 1 and None not in solved_for:  # x = ..., x = ...: the values of x
        return True
    variables = set().union(*(c.free_symbols for c in listed))
    if len(variables) != 1:
        return False
    try:
        return bool(sp.And(*listed).as_set().is_empty)
    except (NotImplementedError, TypeError, ValueError):
        return False


def _unbracketed(text: str) -> str:
    """`(x > 0)`: the brackets around a whole relation."""
    text = text.strip()
    while text.startswith("(") and text.endswith(")") and matched_brackets(text, "(", ")"):
        text = text[1:-1].strip()
    return text


def _commas(text: str) -> list[str]:
    """The conditions of a list, split at its commas and semicolons (`_alternatives` says what the list means)."""
    pieces = [piece for part in split_top_level(text, ";") for piece in split_top_level(part, ",")]
    return pieces if len(pieces) > 1 and all(RELATION.search(piece) for piece in pieces) else [text]


def _relations(text: str, ctx: GradingContext, warnings: list[str]) -> sp.Basic:
    """`-2 \\le x < 7` as (-2 <= x) & (x < 7); each side read as a value."""
    text = _unbracketed(text)
    signs = [SIGNS.get(m.group(), m.group()) for m in RELATION.finditer(text)]
    sides = [side.strip() for side in RELATION.split(text)]
    if not signs or not all(sides):
        raise AnswerSyntaxError(f"{text!r} is not a relation such as x < 2 or x \\ne 0", 1, code="parse:condition")
    values = []
    for side in sides:
        reading = read_answer(side, ctx.notation, shape="sequence")  # `a, b > 0`: each of a and b
        values.append(reading.value if len(reading.value) > 1 else reading.value[0])
        warnings += reading.warnings
    either = PLUS_MINUS.search(text) is not None  # x = \pm 2: one or the other
    relations = []
    for left, right, sign in zip(values, values[1:], signs):
        lefts, rights = (side if isinstance(side, list) else [side] for side in (left, right))
        if not all(isinstance(v, sp.Expr) for v in lefts + rights):
            raise AnswerSyntaxError(f"{text!r}: each side of a relation is a value", 1, code="parse:condition")
        if sign == "==" and len(lefts) == len(rights) > 1:  # (x, y) = (1, 2): coordinate by coordinate
            pairs = [sp.Eq(a, b) for a, b in zip(lefts, rights)]
        else:
            pairs = [sp.Rel(a, b, sign) for a in lefts for b in rights]
        relations.append(sp.Or(*pairs) if either else sp.And(*pairs))
    return sp.And(*relations)


def _set_piece(text: str, ctx: GradingContext, warnings: list[str]) -> sp.Set:
    """One piece of a union: an interval `(a, b]` or a finite set `\\{1, 2\\}`."""
    if EMPTY.match(text):
        return sp.S.EmptySet
    if text.startswith(r"\{") and text.endswith(r"\}"):
        reading = read_answer(text, ctx.notation, shape="sequence")
        warnings += reading.warnings
        return sp.FiniteSet(*reading.value)
    if len(text) < 5 or text[0] not in "([" or text[-1] not in ")]":
        raise AnswerSyntaxError(f"{text!r} is not an interval such as (0, 1] or a set such as \\{{1, 2\\}}; a "
                                "union is written (a, b) \\cup (c, d)", 1, code="parse:not-an-interval")
    reading = read_interval_ends(text, ctx.notation)
    warnings += reading.warnings
    low, high = reading.value
    return sp.Interval(low, high, text[0] == "(", text[-1] == ")")


def read_interval_ends(text: str, notation: Notation) -> Reading:
    """The two ends of `(a, b]`, each read alone: `(12,102)` is 12 to 102, never the number 12102."""
    ends = split_top_level(text[1:-1], ",")
    if len(ends) != 2 or not all(ends):
        raise AnswerSyntaxError(f"the interval {text} needs two ends, as in (0, 1]", 1, code="parse:not-an-interval")
    readings = [read_answer(end, notation) for end in ends]
    return Reading([r.value for r in readings], ", ".join(r.interpreted for r in readings),
                   warnings=[w for r in readings for w in r.warnings], text=text)


def compare(student: sp.Basic, reference: sp.Basic, variables: list[sp.Symbol], ctx: GradingContext,
            seed: str) -> tuple[bool, str]:
    """Are the two the same solution set? And, when not, a point that tells them apart."""
    if isinstance(reference, sp.Set):
        domain = domain_set(variables[0], ctx) if variables else sp.S.Reals
        if student in (sp.true, sp.false):  # x^2 >= 0 holds everywhere, x^2 < 0 nowhere
            student = domain if student == sp.true else sp.S.EmptySet
        student, _ = set_of(student, ctx) if not isinstance(student, sp.Set) else (student, [])
        if not isinstance(student, sp.Set):
            return False, "this is a condition in other variables than the question's"
        student = student.intersect(domain)
        extra, missing = sp.Complement(student, reference), sp.Complement(reference, student)
        if extra.is_empty and missing.is_empty:
            return True, ""
        return False, _witness(extra, "is in your answer but not in the solution set") or \
            _witness(missing, "is in the solution set but not in your answer") or ""
    return _same_condition(student, reference, variables, ctx, seed)


def _witness(difference: sp.Set, where: str) -> str | None:
    """A point of a set difference, named for the student."""
    if difference.is_empty:
        return None
    if isinstance(difference, sp.FiniteSet):
        point = min(difference, key=sp.default_sort_key)
    else:
        pieces = difference.args if isinstance(difference, sp.Union) else (difference,)
        first = next((p for p in pieces if isinstance(p, (sp.Interval, sp.FiniteSet))), None)
        if first is None:
            return None
        if isinstance(first, sp.FiniteSet):
            point = min(first, key=sp.default_sort_key)
        else:
            low, high = first.start, first.end
            point = (low + high) / 2 if low.is_finite and high.is_finite else \
                (low + 1 if low.is_finite else (high - 1 if high.is_finite else sp.Integer(0)))
    return f"${to_latex(point)}$ {where}"


def _points_of_systems(condition: sp.Basic, points: list[dict]) -> tuple[list[dict], bool]:
    """Where the equations of each alternative hold together (x = 1 and y = 2: the point (1, 2)), the other
    variables taken from the first random points: a system holds on too small a set for random points to meet.
    Linear systems are solved exactly, others numerically from several starts. Also: whether every system
    with as many equations as unknowns gave a point (if not, random points cannot tell it from another)."""
    found, every = [], True
    for alternative in sp.Or.make_args(sp.to_dnf(condition)):
        gaps = [a.lhs - a.rhs for a in sp.And.make_args(alternative) if isinstance(a, sp.Eq)]
        unknowns = sorted(set().union(*(g.free_symbols for g in gaps)), key=sp.default_sort_key)
        if not gaps:
            continue
        before = len(found)
        for point in points[:1] if len(gaps) >= len(unknowns) else points[:3]:  # a square system: its roots once
            found += _solutions(gaps, unknowns, point)
        square = len(gaps) >= len(unknowns) >= 2  # finitely many points, which random ones never meet
        every = every and (len(found) > before or not square)
    return found, every


def _solutions(gaps: list[sp.Expr], unknowns: list[sp.Symbol], point: dict) -> list[dict]:
    """Points where the `gaps` vanish, each unknown the system leaves free taken from `point`."""
    solved = unknowns[:len(gaps)]
    fixed = {v: point[v] for v in unknowns[len(gaps):] if v in point}
    if all(g.is_polynomial(*solved) and sp.Poly(g, *solved).total_degree() <= 1 for g in gaps):
        try:  # linear in the solved unknowns: exactly, the others left as they are, then evaluated at the point
            exact = sp.solve(gaps, solved, dict=True)[:4]
        except (NotImplementedError, ValueError, TypeError, sp.PolynomialError):
            exact = []
        found = [{v: sp.N(sp.sympify(value).xreplace(fixed), PRECISION) for v, value in sol.items()} for sol in exact]
        return [{**point, **fixed, **values} for values in found if all(v.is_real for v in values.values())]
    system = [g.xreplace(fixed) for g in gaps]
    if len(system) != len(solved):
        return []
    roots = []
    for start in ((0.5,) * len(solved), (-1.3,) * len(solved), tuple(float(point.get(v, 1)) for v in solved)):
        try:
            root = sp.nsolve(system, solved, start, tol=1e-45, prec=55, maxsteps=40)
        except (ValueError, ZeroDivisionError, TypeError, NotImplementedError, ArithmeticError):
            continue
        values = dict(zip(solved, (sp.Float(r, PRECISION) for r in root)))
        if all(v.is_real for v in values.values()) and values not in roots:
            roots.append(values)
    return [{**point, **fixed, **values} for values in roots]


def _holds(condition: sp.Basic, point: dict) -> sp.Basic:
    """The truth of `condition` at `point`, each side compared to 40 digits: a point found numerically on
    x^2 + y^2 = 1 satisfies x^2 = 1 - y^2 too, though not to the last bit."""
    def relation_at(relation: sp.Basic) -> sp.Basic:
        gap = sp.N((relation.lhs - relation.rhs).xreplace(point), 45)
        if not gap.is_number or not gap.is_real:
            return relation.xreplace(point)
        scale = max(1, abs(sp.N(relation.lhs.xreplace(point), 45)), abs(sp.N(relation.rhs.xreplace(point), 45)))
        if abs(gap) <= sp.Float(10) ** -30 * scale:
            gap = sp.Integer(0)
        return sp.Rel(gap, 0, relation.rel_op)
    relations = [r for r in sp.preorder_traversal(condition) if isinstance(r, sp.core.relational.Relational)]
    return condition.xreplace({r: relation_at(r) for r in relations}).xreplace(point)


def _same_condition(student: sp.Basic, reference: sp.Basic, variables: list[sp.Symbol], ctx: GradingContext,
                    seed: str) -> tuple[bool, str]:
    """Several variables: the truth of both at random points, and on the reference's boundary (x = y for x < y)."""
    rng = random.Random(seed)
    domains = {s.sympy: s.domain for s in ctx.notation.symbols.values() if s.sympy in variables}
    points = [{v: draw(domains.get(v) or Domain(-sp.oo, sp.oo, True, True), rng, k, flip=sign_flipped(n, k))
               for n, v in enumerate(variables)} for k in range(POINTS)]  # signs mixed, as the engine's probe has them
    boundary = [r for r in sp.preorder_traversal(reference) if isinstance(r, sp.core.relational.Relational)]
    for relation in boundary:  # points where a side of the reference is 0: strict and loose differ there
        gap = relation.lhs - relation.rhs
        free = sorted(gap.free_symbols, key=sp.default_sort_key)
        if not free:
            continue
        try:  # the boundary as a function of the other variables, then evaluated at each point to full precision
            branches = sp.solve(gap, free[0])
        except (NotImplementedError, ValueError, TypeError, sp.PolynomialError):
            branches = []
        for point in points[:10]:
            real = [value for value in (sp.N(b.xreplace({v: point[v] for v in free[1:]}), PRECISION)
                                        for b in branches) if value.is_real]
            if real:
                points.append({**point, free[0]: real[0]})
    mine_found, mine_every = _points_of_systems(student, points)
    theirs_found, theirs_every = _points_of_systems(reference, points)
    if not (mine_every and theirs_every) and student != reference:
        return False, "these equations could not be solved to check them: give the solutions"
    points += mine_found + theirs_found
    for point in points:
        mine, theirs = _holds(student, point), _holds(reference, point)
        if mine not in (sp.true, sp.false) or theirs not in (sp.true, sp.false):
            continue
        if mine != theirs:
            shown = ", ".join(f"{to_latex(v)} = {to_latex(sp.Float(point[v], 4))}" for v in variables)
            held = "holds" if mine == sp.true else "does not hold"
            return False, f"at ${shown}$ your condition {held}, and the correct one does the opposite"
    return True, ""
