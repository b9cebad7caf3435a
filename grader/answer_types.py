"""One grading policy per answer type: read the text in the shape the type
expects, compare it with the reference using the equivalence engine, and
say why when it is wrong."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal, localcontext

import sympy as sp

from exercises.model import AnswerKey
from exercises.operations import present, written
from exercises.render import to_latex
from exercises.schema import AnswerType
from grader import limits
from grader.context import GradingContext
from grader.equivalence import Equivalence, Probe, equivalent, proportional
from grader.errors import AnswerSyntaxError, AnswerTooLarge, ShapeMismatch
from grader.feedback import explain_difference
from grader.index_notation import compare_index_expressions
from grader.matrix_reading import read_matrix_answer
from grader.normalize import normalise, split_label, strip_delimiters
from grader.reading import Reading, index_ranges, read_answer, split_sequence
from grader.solution_sets import (
    EMPTY,
    MEMBERSHIP,
    SET_BUILDER,
    SIGNS,
    UNION,
    compare,
    read_interval_ends,
    read_solution_set,
    set_of,
    solved,
)
from grader.units import canonical_unit, read_unit
from grader.words import read_choice, read_truth

# Types whose readers build integrals and derivatives: an answer restates the question only if its value still
# holds one to compute (`\\frac{df}{dx}` for an unspecified f is a value)
READ_AS_VALUES = (AnswerType.expression, AnswerType.number, AnswerType.equation, AnswerType.set, AnswerType.multiset,
                  AnswerType.tuple)
DECIMAL = re.compile(r"^[-+]?(\d+\.\d*|\.\d+)$")
INTEGER = re.compile(r"^[-+]?\d+$")
SCIENTIFIC = re.compile(r"^([-+]?(?:\d+\.?\d*|\.\d+))(?:[eE]|\s*(?:\\times|\\cdot|\*|×|·)\s*10\s*\^\s*)"
                        r"\{?\(?\s*([-+−]?\d+)\s*\)?\}?$")
TRIGONOMETRY = re.compile(r"\\?(?:sin|cos|tan|cot|sec|csc)(?![A-Za-z])")
DEGREE_MARK = re.compile(r"\s*(?:\^\s*(?:\{\s*\\circ\s*\}|\\circ)|\\degree(?![A-Za-z])|°)")
DEGREE_DECIMAL = re.compile(r"^([-+]?(?:\d+\.\d*|\.\d+))\s*(?:\^\s*\{?\s*\\circ\s*\}?|\\degree|°)$")
NAMED_VECTOR = re.compile(r"(?:\\(?:mathbf|vec|boldsymbol|hat|bm)\s*\{?\s*)?(?:e\s*\}?\s*_\s*\{?\s*(\d)\s*\}?|0\s*\}?)")
_BRACED = r"\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}"
# d/dx, an integral sign or a limit with nothing after it (the end, a closing bracket, +, =, a comma)
LONE_OPERATOR = re.compile(
    r"(?P<operator>\\frac\s*\{\s*(?:d|\\partial)\s*(?:\^\s*(?:\{\s*\d+\s*\}|\d))?\s*\}\s*" + _BRACED +
    r"|\\i+nt(?:\s*[_^]\s*(?:" + _BRACED + r"|[^\s{}]))*|\\lim\s*_\s*" + _BRACED + r")\s*(?=$|[)+=,]|\\right)")
MAX_DECIMAL_EXPONENT = 1000  # 1e999999999 is refused, not written out
FLOAT_DIGITS = 15  # significant digits from which a decimal is read as a printed double


@dataclass
class Outcome:
    """An answer type's finding, before it becomes a Verdict; `note` names
    the branch that decided (see Verdict.note)."""

    correct: bool
    method: str
    feedback: str
    interpreted: str
    warnings: list[str]
    note: str = ""

    def __post_init__(self) -> None:
        if not self.note:
            self.note = "correct" if self.correct else "mistake:differs"


AnswerKind = Callable[[str, AnswerKey, GradingContext], Outcome]


def restated(values: object, key: AnswerKey, interpreted: str, warnings: list[str]) -> Outcome | None:
    """An answer that still contains, unevaluated, an operation the part asks
    to carry out (its `forbidden` operations) restates the question."""
    found = [name for name in key.forbidden if name in present(values if isinstance(values, list) else [values])]
    return _restating(found, interpreted, warnings)


def restated_in_text(text: str, key: AnswerKey) -> Outcome | None:
    """The same, seen in the text itself: the matrix grammar has no derivatives,
    and index notation no trace, so their LaTeX says what the answer restates.
    A label is not the answer (`\\frac{d}{dX}\\operatorname{tr}(AX) = A^\\top`)."""
    value = strip_delimiters(text)
    if key.type is not AnswerType.equation:
        value = split_label(value)[0]
    lone = LONE_OPERATOR.search(value)
    if lone:
        raise AnswerSyntaxError(f"{lone.group('operator').strip()} with nothing to apply it to",
                                lone.start() + 1, code="parse:lone-operator")
    if key.type in READ_AS_VALUES:  # their readers build the operation, and `restated` judges it there
        return None
    return _restating([name for name in key.forbidden if name in written(value)], value, [])


def _restating(found: list[str], interpreted: str, warnings: list[str]) -> Outcome | None:
    if not found:
        return None
    what = " and ".join(f"the {name}" for name in found)
    return Outcome(False, "structure", f"This restates the question: it still contains {what} to compute. "
                   "Evaluate it and give the result.", interpreted, warnings, "structure:restated")


def _verdict_from(result: Equivalence, student: sp.Basic, reading: Reading, ctx: GradingContext,
                  key: AnswerKey, probe: Probe) -> Outcome:
    if result.equivalent:
        return Outcome(True, result.method, "Correct.", reading.interpreted, reading.warnings)
    if result.equivalent is None:
        return Outcome(False, result.method, "Could not confirm that this equals the correct answer: "
                       "simplify it and try again.", reading.interpreted, reading.warnings, "undecided")
    why, note = explain_difference(student, key, ctx.notation, probe, result.counterexample)
    return Outcome(False, result.method, why, reading.interpreted, reading.warnings, note)


def _not_one_value(reading: Reading) -> Outcome | None:
    """A list where one value is expected."""
    if isinstance(reading.value, sp.Tuple):
        decimal = " A comma separates items here: write a decimal with a point (1.5, not 1,5)." \
            if re.search(r"\d,\d", reading.text) else ""
        return Outcome(False, "structure", "One value is expected, not a list." + decimal, reading.interpreted,
                       reading.warnings, "structure:list")
    return None


def grade_expression(text: str, key: AnswerKey, ctx: GradingContext) -> Outcome:
    if key.unit is not None:  # a formula in nats, typed with its unit (or the wrong one)
        units = read_unit(text, key.unit, ctx.notation.conventions.log_base, False, frozenset(ctx.notation.symbols))
        if units.problem:
            return Outcome(False, "structure", f"Wrong unit: {units.problem}.", strip_delimiters(text), [],
                           "mistake:unit")
        text = units.text
    reading = read_answer(text, ctx.notation)
    refused = restated(reading.value, key, reading.interpreted, reading.warnings) or _not_one_value(reading)
    if refused:
        return refused
    probe = ctx.probe(reading.text)
    return _verdict_from(equivalent(reading.value, key.reference, probe), reading.value, reading, ctx, key, probe)


def _scaled(key: AnswerKey, factor: sp.Expr) -> AnswerKey:
    """The key for the same quantity in another unit (a percentage, degrees)."""
    mistakes = tuple(replace(m, value=m.value * factor) for m in key.mistakes if isinstance(m.value, sp.Expr))
    tolerance = key.tolerance
    if tolerance is not None and tolerance.absolute is not None:
        tolerance = tolerance.model_copy(update={"absolute": float(tolerance.absolute * factor)})
    return replace(key, reference=key.reference * factor, mistakes=mistakes, tolerance=tolerance)


def _is_probability(value: sp.Expr) -> bool:
    return bool(value.is_number and value.is_real and 0 <= value <= 1)


def asks_degrees(key: AnswerKey, ctx: GradingContext) -> bool:
    """Is the answer an angle in degrees (the part's unit, or the exercise's convention)?"""
    return ctx.notation.conventions.angle_unit == "degrees" or (
        key.unit is not None and canonical_unit(key.unit) == "deg")


def grade_number(text: str, key: AnswerKey, ctx: GradingContext) -> Outcome:
    conventions = ctx.notation.conventions
    units = read_unit(text, key.unit, conventions.log_base, _is_probability(key.reference),
                      frozenset(ctx.notation.symbols))
    if units.problem and units.unit == "percent":
        raise AnswerSyntaxError(units.problem, code="parse:percent")
    if units.problem:
        return Outcome(False, "structure", f"Wrong unit: {units.problem}.", strip_delimiters(text), [],
                       "mistake:unit")
    if units.unit == "percent":
        if grade_number(units.text, key, ctx).correct:  # `\frac{9}{13}\%`: the probability, then a percent sign
            raise AnswerSyntaxError(f"a percent sign after the probability itself: {units.text} % would be "
                                    f"{units.text}/100; write {units.text} without it, or the percentage",
                                    code="parse:percent")
        outcome = grade_number(units.text, _scaled(key, sp.Integer(100)), ctx)
        outcome.interpreted = rf"{outcome.interpreted} \%"
        return outcome
    text = units.text
    if asks_degrees(key, ctx) and not TRIGONOMETRY.search(text):  # 90° asked in degrees is 90; sin(30°) is 1/2
        text = DEGREE_MARK.sub("", strip_delimiters(text))
    elif units.unit == "deg":
        text = f"{text}°"  # read as degrees below
    norm = normalise(text, log_base=conventions.log_base)
    compact = norm.text.replace(" ", "")
    rounded_integer = INTEGER.match(compact) and not key.reference.is_rational  # 226 for log2(52!)
    if DECIMAL.match(compact) or rounded_integer:
        return _grade_decimal(compact, norm.label, key, ctx)
    scientific = SCIENTIFIC.match(norm.text.strip())
    if scientific:
        return _grade_decimal(_plain_decimal(scientific.group(1), scientific.group(2)), norm.label, key, ctx)
    degrees = DEGREE_DECIMAL.match(strip_delimiters(text).strip())
    if degrees and conventions.angle_unit == "radians":
        return _grade_decimal(degrees.group(1), norm.label, _scaled(key, 180 / sp.pi), ctx)
    reading = read_answer(text, ctx.notation)
    refused = restated(reading.value, key, reading.interpreted, reading.warnings) or _not_one_value(reading)
    if refused:
        return refused
    probe = ctx.probe(reading.text)
    if isinstance(reading.value, sp.Basic) and reading.value.free_symbols:
        result = equivalent(reading.value, key.reference, probe)
        if result:
            return Outcome(True, result.method, "Correct (simplify it to a number next time).",
                           reading.interpreted, reading.warnings, "correct:unsimplified")
        names = ", ".join(sorted(str(s) for s in reading.value.free_symbols))
        return Outcome(False, "structure", f"A number is expected; this depends on {names}.",
                       reading.interpreted, reading.warnings, "structure:not-a-number")
    if key.tolerance is not None and reading.value.is_number:
        return _within_tolerance(reading.value, key, reading, ctx, probe)
    return _verdict_from(equivalent(reading.value, key.reference, probe), reading.value, reading, ctx, key, probe)


def _grade_decimal(literal: str, label: str | None, key: AnswerKey, ctx: GradingContext) -> Outcome:
    """0.25 for 1/4 is exact; 0.693 for ln 2 is the value rounded to the digits given."""
    value = sp.Rational(literal)
    reading = Reading(value, literal, label, [f"read the value after '{label} ='"] if label else [], literal)
    probe = ctx.probe(literal)
    if (value - key.reference) == 0:
        return Outcome(True, "exact", "Correct.", literal, reading.warnings)
    if key.reference.is_infinite:  # no number rounds to oo
        return Outcome(False, "exact", "Not equivalent to the correct answer.", literal, reading.warnings,
                       "mistake:differs")
    if key.tolerance is not None:
        return _within_tolerance(value, key, reading, ctx, probe)
    for mistake in key.mistakes:  # exactly a known mistake (1 where 0.93 is right), before any rounding
        if isinstance(mistake.value, sp.Expr) and mistake.value.is_number and (value - mistake.value) == 0:
            return Outcome(False, "exact", mistake.feedback, literal, reading.warnings, mistake.note)
    digits = _significant_figures(literal)
    needed = ctx.policy.min_significant_figures
    places = len(literal.split(".")[1]) if "." in literal else 0
    typed = Decimal(literal.lstrip("+"))
    if typed == _rounded(key.reference, places) or _same_double(typed, key.reference, digits):
        if digits < needed:
            return Outcome(False, "decimal", f"Fewer than {needed} significant figures: give at least {needed} "
                           "(or the exact value).", literal, reading.warnings, "decimal:too-few-figures")
        return Outcome(True, "decimal", "Correct (the exact value, rounded).", literal, reading.warnings,
                       "correct:rounded")
    for mistake in key.mistakes:
        if mistake.value.is_number and typed == _rounded(mistake.value, places):
            return Outcome(False, "decimal", mistake.feedback, literal, reading.warnings, mistake.note)
    if key.reference != 0 and typed == _rounded(-key.reference, places):
        feedback, note = "The sign is wrong.", "mistake:sign"
    elif digits < needed:
        feedback = f"Fewer than {needed} significant figures, and not the correct value rounded."
        note = "decimal:too-few-figures"
    else:
        feedback = f"Not the correct value rounded to {places} decimal place{'s' if places != 1 else ''}."
        note = "decimal:not-rounded"
    return Outcome(False, "decimal", feedback, literal, reading.warnings, note)


def _same_double(typed: Decimal, exact: sp.Expr, digits: int) -> bool:
    """A full-precision float (`0.36787944117144233` for e^{-1}, as Python or a
    calculator prints it) is the double nearest to the exact value: its last
    digits carry the double's rounding, not the student's."""
    if digits < FLOAT_DIGITS:
        return False
    try:
        return float(typed) == float(sp.N(exact, 30))
    except (TypeError, ValueError, OverflowError):
        return False


def _rounded(value: sp.Expr, places: int) -> Decimal:
    """The exact value rounded half up to `places` decimal places, with as
    many digits as that needs (a 30-digit answer is compared to 30 digits)."""
    magnitude = abs(sp.N(value, 15))
    whole_digits = max(int(sp.log(magnitude, 10).evalf(5)) + 1, 1) if magnitude >= 1 else 1
    digits = whole_digits + places + 10
    with localcontext() as context:
        context.prec = digits
        return Decimal(str(sp.N(value, digits))).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _plain_decimal(mantissa: str, exponent: str) -> str:
    """`1.6`, `-3` -> `0.0016`: the same significant figures, written out."""
    power = int(exponent.replace("−", "-"))
    if abs(power) > MAX_DECIMAL_EXPONENT:
        raise AnswerTooLarge(f"a power of ten above {MAX_DECIMAL_EXPONENT} (10^{power}): no answer here is that "
                             "large or that small")
    digits = len(mantissa.lstrip("+-").replace(".", "").lstrip("0")) or 1
    with localcontext() as context:
        context.prec = len(mantissa) + abs(power) + 10
        value = Decimal(mantissa) * Decimal(10) ** power
        return format(value.quantize(Decimal(1).scaleb(value.adjusted() - digits + 1)), "f")


def _significant_figures(literal: str) -> int:
    digits = literal.lstrip("+-").replace(".", "").lstrip("0")
    return len(digits)


def _within_tolerance(value: sp.Expr, key: AnswerKey, reading: Reading, ctx: GradingContext, probe: Probe) -> Outcome:
    tolerance = key.tolerance
    error = abs(sp.N(value - key.reference, 30))
    allowed = max(tolerance.absolute or 0, (tolerance.relative or 0) * abs(sp.N(key.reference, 30)))
    if error.is_comparable and error <= allowed:
        return Outcome(True, "tolerance", "Correct (within the tolerance).", reading.interpreted, reading.warnings,
                       "correct:tolerance")
    why, note = explain_difference(value, key, ctx.notation, probe)
    return Outcome(False, "tolerance", why, reading.interpreted, reading.warnings, note)


def grade_boolean(text: str, key: AnswerKey, ctx: GradingContext) -> Outcome:
    said = read_truth(text)
    if said is None:
        raise AnswerSyntaxError("answer true or false (or yes or no)", 1, code="parse:not-boolean")
    expected = bool(key.reference == sp.true)
    shown = r"\text{true}" if said else r"\text{false}"
    if said == expected:
        return Outcome(True, "exact", "Correct." + (f" {key.explanation}" if key.explanation else ""), shown, [])
    for mistake in key.mistakes:
        if bool(mistake.value == sp.true) == said:
            return Outcome(False, "exact", mistake.feedback, shown, [], mistake.note)
    why = key.explanation if ctx.policy.explain_wrong else None
    return Outcome(False, "exact", why or "That is not right.", shown, [], "mistake:wrong-truth-value")


def grade_choice(text: str, key: AnswerKey, ctx: GradingContext) -> Outcome:
    reading = read_choice(text, key.choices or {}, key.synonyms)
    if reading.key is None:
        options = ", ".join(key.choices or {})
        raise AnswerSyntaxError(f"answer with one of the choices: {options}", 1, code="parse:not-a-choice")
    if reading.negated:
        return Outcome(False, "structure", f"This says which choice is not the answer ({reading.key}); say which one "
                       "is.", rf"\text{{not {reading.key}}}", [], "mistake:negated-choice")
    chosen = reading.key
    shown = rf"\text{{{chosen}}}"
    if chosen == key.reference:
        return Outcome(True, "exact", "Correct.", shown, [])
    for mistake in key.mistakes:
        if str(mistake.value) == chosen:
            return Outcome(False, "exact", mistake.feedback, shown, [], mistake.note)
    why = key.explanation if ctx.policy.explain_wrong else None
    return Outcome(False, "exact", why or "That is not the right choice.", shown, [],
                   "mistake:wrong-choice")


def grade_equation(text: str, key: AnswerKey, ctx: GradingContext) -> Outcome:
    reading = read_answer(text, ctx.notation, shape="equation")
    student = reading.value
    refused = restated(student, key, reading.interpreted, reading.warnings)
    if refused:
        return refused
    if not isinstance(student, sp.Equality):
        return Outcome(False, "structure", "An equation is expected (with an = sign).", reading.interpreted,
                       reading.warnings, "structure:not-an-equation")
    if any(isinstance(side, sp.MatrixBase) for side in student.args):
        return Outcome(False, "structure", "An equation between numbers is expected, not one with a matrix.",
                       reading.interpreted, reading.warnings, "structure:not-an-equation")
    probe = ctx.probe(reading.text)
    result = proportional(student.lhs - student.rhs, key.reference.lhs - key.reference.rhs, probe)
    if result:
        return Outcome(True, result.method, "Correct.", reading.interpreted, reading.warnings)
    for mistake in key.mistakes:
        if isinstance(mistake.value, sp.Equality) and \
                proportional(student.lhs - student.rhs, mistake.value.lhs - mistake.value.rhs, probe):
            return Outcome(False, "numeric", mistake.feedback, reading.interpreted, reading.warnings, mistake.note)
    return Outcome(False, "numeric", "This equation does not describe the same condition.",
                   reading.interpreted, reading.warnings)


def grade_collection(text: str, key: AnswerKey, ctx: GradingContext) -> Outcome:
    """Sets and multisets (order-free), tuples and points (ordered)."""
    body = strip_delimiters(text)
    if SET_BUILDER.search(body):
        raise AnswerSyntaxError("set-builder notation describes the set; list its elements instead, as \\{1, 2\\}",
                                code="parse:set-builder")
    if UNION.search(body):
        raise AnswerSyntaxError("a union of sets: list all the elements in one set, as \\{1, 2\\}",
                                code="parse:union")
    reading = Reading([], r"\emptyset", text=body) if EMPTY.match(body) and key.type is not AnswerType.tuple \
        else read_answer(text, ctx.notation, shape="sequence")
    refused = restated(list(reading.value), key, reading.interpreted, reading.warnings)
    if refused:
        return refused
    students = list(reading.value)
    if len(students) == 1 and isinstance(students[0], sp.MatrixBase) and 1 in students[0].shape:
        students = list(students[0])  # a gradient written as a column vector
    expected = list(key.reference)
    probe = ctx.probe(reading.text)
    kind = key.type

    def known_mistake() -> Outcome | None:  # (1, -2) with the coordinates swapped, {1} with a root dropped
        known = next((m for m in key.mistakes if _same_collection(students, m.value, probe, ctx,
                                                                  kind is AnswerType.tuple)), None)
        return None if known is None else Outcome(False, "numeric", known.feedback, reading.interpreted,
                                                  reading.warnings, known.note)

    if kind is AnswerType.tuple:
        labels = _labels(body, ctx)
        if labels and len(set(labels)) < len(labels):
            return Outcome(False, "structure", "A variable is given more than one value.", reading.interpreted,
                           reading.warnings, "structure:repeated-label")
        if labels and len(labels) == len(students):  # y = 1, x = 2 is the point (2, 1)
            order = [name for name in ctx.notation.symbols if name in labels]
            students = [students[labels.index(name)] for name in order]
        if MEMBERSHIP.search(body):
            return Outcome(False, "structure", "This says which set a variable lies in (with \\in); the question "
                           "asks for the values themselves, as a tuple.", reading.interpreted, reading.warnings,
                           "structure:membership")
        if _same_collection(students, expected, probe, ctx, ordered=True):
            return Outcome(True, "numeric", "Correct.", reading.interpreted, reading.warnings)
        if (known := known_mistake()) is not None:
            return known
        if len(students) != len(expected):
            return Outcome(False, "structure", f"{len(expected)} coordinates are expected, not {len(students)}.",
                           reading.interpreted, reading.warnings, "structure:count")
        position = next(n for n, (mine, theirs) in enumerate(zip(students, expected), 1)
                        if not _same_entry(mine, theirs, probe, ctx))
        return Outcome(False, "numeric", f"Coordinate {position} is not right.", reading.interpreted,
                       reading.warnings, "mistake:coordinate")
    if kind is AnswerType.set:
        students = _distinct(students, probe)
    unmatched = list(expected)
    extra = []
    for value in students:
        match = next((i for i, ref in enumerate(unmatched) if _same_entry(value, ref, probe, ctx)), None)
        if match is None:
            extra.append(value)
        else:
            unmatched.pop(match)
    if not extra and not unmatched:
        return Outcome(True, "numeric", "Correct.", reading.interpreted, reading.warnings)
    if kind is AnswerType.multiset and not extra and all(any(equivalent(u, v, probe) for v in students)
                                                          for u in unmatched):
        repeated = {to_latex(u): sum(bool(equivalent(u, v, probe)) for v in expected) for u in unmatched}
        which = "; ".join(f"${value}$ has multiplicity {count}" for value, count in sorted(repeated.items()))
        return Outcome(True, "numeric", f"Correct. Counted with multiplicity: {which}.", reading.interpreted,
                       reading.warnings, "correct:multiplicity")
    if (known := known_mistake()) is not None:
        return known
    if extra and not unmatched:
        shown = ", ".join(f"${to_latex(v)}$" for v in extra)
        feedback = f"There are too many values: {shown} should not be there."
        note = "mistake:extra-values"
    elif unmatched and not extra:
        feedback, note = f"{len(unmatched)} value(s) are missing.", "mistake:missing-values"
    else:
        feedback = f"${to_latex(extra[0])}$ is not right." if len(extra) == 1 else \
            "Some of these values are not right: " + ", ".join(f"${to_latex(v)}$" for v in extra) + "."
        note = "mistake:wrong-values"
    return Outcome(False, "numeric", feedback, reading.interpreted, reading.warnings, note)


def _labels(body: str, ctx: GradingContext) -> list[str] | None:
    """The names in `x = 1, y = 2` when every item is labelled with one of the question's symbols, else None."""
    items = split_sequence(body)
    labels = [split_label(item)[1] for item in items]
    if len(items) < 2 or not all(label in ctx.notation.symbols for label in labels):
        return None
    return labels


def _same_collection(values: list[sp.Basic], other: object, probe: Probe, ctx: GradingContext,
                     ordered: bool = False) -> bool:
    """Are the student's values those of `other` (a known mistake's), in order or each matched once?"""
    if not isinstance(other, (sp.FiniteSet, sp.Tuple, list)):
        return False
    if ordered:
        return len(values) == len(other) and all(_same_entry(v, o, probe, ctx) for v, o in zip(values, other))
    unmatched = list(other)
    for value in values:
        match = next((i for i, ref in enumerate(unmatched) if _same_entry(value, ref, probe, ctx)), None)
        if match is None:
            return False
        unmatched.pop(match)
    return not unmatched


def _same_entry(mine: sp.Basic, theirs: sp.Basic, probe: Probe, ctx: GradingContext) -> bool:
    """An entry of a tuple, a set or an interval's end: equal, or a decimal typed as the value rounded."""
    if equivalent(mine, theirs, probe):
        return True
    return isinstance(mine, sp.Rational) and isinstance(theirs, sp.Expr) and bool(theirs.is_number) \
        and bool(theirs.is_finite) and bool(theirs.is_real) and rounds_to(mine, theirs, ctx)


def rounds_to(typed: sp.Rational, value: sp.Expr, ctx: GradingContext) -> bool:
    """`1.414` for sqrt(2) inside (1.414, 0.333), which the reader keeps as 707/500: the value rounded to
    the places typed, with at least the policy's significant figures, as a number answer is judged."""
    places = next((k for k in range(0, 40) if (10**k) % typed.q == 0), None)
    if places is None:  # not a terminating decimal: no decimal was typed
        return False
    if typed.is_Integer and value.is_rational:  # 333 for 1000/3: an integer rounds only an irrational value
        return False
    literal = format(Decimal(typed.p) / Decimal(typed.q), "f")
    if _significant_figures(literal) < ctx.policy.min_significant_figures:
        return False
    return Decimal(literal) == _rounded(value, places)


def _distinct(values: list[sp.Basic], probe: Probe) -> list[sp.Basic]:
    kept: list[sp.Basic] = []
    for value in values:
        if not any(equivalent(value, seen, probe) for seen in kept):
            kept.append(value)
    return kept


def _named_vector(text: str, size: int) -> sp.Matrix | None:
    """The standard basis vector e_k (`\\mathbf{e}_1`, `\\hat{e}_{2}`) or the zero vector, by name."""
    name = NAMED_VECTOR.fullmatch(strip_delimiters(text).strip())
    if name is None:
        return None
    if name.group(1) is None:
        return sp.zeros(size, 1)
    position = int(name.group(1))
    return sp.Matrix([int(i == position - 1) for i in range(size)]) if 1 <= position <= size else None


def grade_vector(text: str, key: AnswerKey, ctx: GradingContext) -> Outcome:
    """A vector up to a nonzero factor (an eigenvector): parallel, and not zero."""
    named = _named_vector(text, key.reference.shape[0])
    if named is not None:
        reading = Reading(named, to_latex(named), text=strip_delimiters(text))
    else:
        reading = read_answer(text, ctx.notation, shape="vector")
    student = reading.value
    refused = restated(student, key, reading.interpreted, reading.warnings)
    if refused:
        return refused
    reference = key.reference
    probe = ctx.probe(reading.text)
    if student.shape != reference.shape:
        return Outcome(False, "structure", f"A vector with {reference.shape[0]} entries is expected.",
                       reading.interpreted, reading.warnings, "structure:count")
    if all(equivalent(entry, sp.Integer(0), probe) for entry in student):
        return Outcome(False, "exact", "The zero vector is never an eigenvector.", reading.interpreted,
                       reading.warnings, "mistake:zero-vector")
    pivot = next(i for i, entry in enumerate(reference) if entry != 0)
    scale = student[pivot] / reference[pivot]
    result = equivalent(student, reference * scale, probe) if scale != 0 else Equivalence(False, "exact")
    if result:
        return Outcome(True, result.method, "Correct (any nonzero multiple is right).", reading.interpreted,
                       reading.warnings)
    for mistake in key.mistakes:
        if isinstance(mistake.value, sp.MatrixBase) and mistake.value.shape == student.shape:
            both = sp.Matrix.hstack(mistake.value, student)
            if both.rank() == 1:
                return Outcome(False, "numeric", mistake.feedback, reading.interpreted, reading.warnings, mistake.note)
    return Outcome(False, result.method, "This is not a multiple of a right vector.", reading.interpreted,
                   reading.warnings, "mistake:not-parallel")


def grade_matrix(text: str, key: AnswerKey, ctx: GradingContext) -> Outcome:
    reading = read_answer(text, ctx.notation)
    student = reading.value
    refused = restated(student, key, reading.interpreted, reading.warnings)
    if refused:
        return refused
    if isinstance(student, sp.Tuple):
        student = sp.Matrix([list(row) if isinstance(row, sp.Tuple) else [row] for row in student])
    if isinstance(student, sp.MatrixExpr) and not student.atoms(sp.MatrixSymbol):
        student = student.as_explicit()  # arithmetic on written-out matrices: [[1, 2], [3, 4]] + I
    if not isinstance(student, sp.MatrixBase):
        return Outcome(False, "structure", "A matrix is expected.", reading.interpreted, reading.warnings,
                       "structure:not-a-matrix")
    if student.shape != key.reference.shape:
        return Outcome(False, "structure", f"A {key.reference.shape[0]} x {key.reference.shape[1]} matrix is "
                       f"expected, not {student.shape[0]} x {student.shape[1]}.", reading.interpreted, reading.warnings,
                       "layout:shape")
    probe = ctx.probe(reading.text)
    result = equivalent(student, key.reference, probe)
    if not result and isinstance(student, sp.MatrixBase) and isinstance(key.reference, sp.MatrixBase) \
            and all(_same_entry(mine, theirs, probe, ctx) for mine, theirs in zip(student, key.reference)):
        return Outcome(True, "numeric", "Correct (the exact entries, rounded).", reading.interpreted,
                       reading.warnings)
    return _verdict_from(result, student, reading, ctx, key, probe)


INEQUALITY = re.compile(r"\\(?:leqslant|geqslant|leq|geq|le|ge|lt|gt)(?![A-Za-z])|<=|>=|<|>")
VARIABLE = re.compile(r"^-?\s*(?:[A-Za-z]|\\[A-Za-z]+)$")  # x, or -x (-x > -1 is x < 1)


def grade_interval(text: str, key: AnswerKey, ctx: GradingContext) -> Outcome:
    norm = normalise(text, log_base=ctx.notation.conventions.log_base)
    body = norm.text.replace(r"\left", "").replace(r"\right", "").strip()
    if UNION.search(body):  # [0, 1) \cup [1, 2] is one interval; (-oo, -3] \cup [2, oo) is not
        return grade_solution_set(text, key, ctx)
    if INEQUALITY.search(body) and not body.startswith(("(", "[")):
        student, reading = _interval_of_inequalities(body, ctx)
    else:
        if len(body) < 5 or body[0] not in "([" or body[-1] not in ")]":
            raise AnswerSyntaxError("an interval is written like (0, 1] or [a, b], or as inequalities in its "
                                    "variable (x > 1, -2 <= x <= 7)", 1, code="parse:not-an-interval")
        reading = read_interval_ends(body, ctx.notation)
        refused = restated(list(reading.value), key, reading.interpreted, reading.warnings)
        if refused:
            return refused
        low, high = reading.value
        student = sp.Interval(low, high, body[0] == "(", body[-1] == ")")
        if not isinstance(student, sp.Interval):  # [b, a] with b > a is empty; [a, a] is a point
            return Outcome(False, "numeric", "Not an interval: its left end must be less than its right end.",
                           reading.interpreted, reading.warnings, "mistake:interval-ends")
    low, high = student.start, student.end
    reference = key.reference
    probe = ctx.probe(body)
    same = (student.left_open == reference.left_open and student.right_open == reference.right_open
            and _same_entry(low, reference.start, probe, ctx) and _same_entry(high, reference.end, probe, ctx))
    shown = to_latex(student)
    if same:
        return Outcome(True, "numeric", "Correct.", shown, reading.warnings)
    return Outcome(False, "numeric", "Not the right interval (check its ends and whether they are included).",
                   shown, reading.warnings, "mistake:interval")


def _interval_of_inequalities(body: str, ctx: GradingContext) -> tuple[sp.Interval, Reading]:
    """`x > 1`, `x \\geq 5`, `-2 \\le x \\le 7`, `5 < x`: the interval of the one variable they bound."""
    signs = [SIGNS.get(m.group(), m.group()) for m in INEQUALITY.finditer(body)]
    pieces = [piece.strip() for piece in INEQUALITY.split(body)]
    if len(pieces) not in (2, 3) or not all(pieces):
        raise AnswerSyntaxError("an interval as inequalities is `x > a` or `a < x < b`", 1,
                                code="parse:not-an-interval")
    at = [index for index, piece in enumerate(pieces) if VARIABLE.match(piece)]
    if len(at) != 1 or (len(pieces) == 3 and at != [1]):
        raise AnswerSyntaxError("inequalities for an interval bound one variable: `x > a` or `a < x < b`", 1,
                                code="parse:not-an-interval")
    variable = sp.Symbol("x", real=True)
    bounds, warnings = {}, []
    for index, piece in enumerate(pieces):
        if index != at[0]:
            reading = read_answer(piece, ctx.notation)
            bounds[index], warnings = reading.value, warnings + reading.warnings
    negated = -1 if pieces[at[0]].startswith("-") else 1
    values = [negated * variable if index == at[0] else bounds[index] for index in range(len(pieces))]
    solved = sp.Interval(-sp.oo, sp.oo)
    for left, right, relation in zip(values, values[1:], signs):
        solved = solved.intersect(sp.Rel(left, right, relation).as_set())
    if not isinstance(solved, sp.Interval):
        raise AnswerSyntaxError(f"these inequalities give {solved}, not one interval", 1,
                                code="parse:not-an-interval")
    return solved, Reading(solved, to_latex(solved), warnings=warnings, text=body)


def grade_solution_set(text: str, key: AnswerKey, ctx: GradingContext) -> Outcome:
    """Relations, conditions and unions of intervals: the same solution set over the declared domain."""
    student, shown, warnings = read_solution_set(text, ctx)
    reference, variables = set_of(key.reference, ctx)
    seed = ctx.probe(text).seed
    same, why = compare(student, reference, variables, ctx, seed)
    if same and solved(key.reference) and not isinstance(student, sp.Set) and not solved(student):
        unknowns = sorted(key.reference.free_symbols, key=sp.default_sort_key)
        names = ", ".join(rf"{to_latex(v)} = \ldots" for v in unknowns)
        return Outcome(False, "structure", f"This has the right solutions, but does not give them: solve it, and "
                       f"write ${names}$.", shown, warnings, "structure:unsolved")
    if same:
        return Outcome(True, "exact" if isinstance(reference, sp.Set) else "numeric", "Correct.", shown, warnings)
    mine, theirs = _point_of(student), _point_of(key.reference)
    if mine and theirs and mine.keys() == theirs.keys() and all(
            _same_entry(mine[v], theirs[v], ctx.probe(text), ctx) for v in theirs):  # x = 1.414, y = 0.333
        return Outcome(True, "numeric", "Correct (the exact values, rounded).", shown, warnings)
    for mistake in key.mistakes:
        if compare(student, set_of(mistake.value, ctx)[0], variables, ctx, seed)[0]:
            return Outcome(False, "exact", mistake.feedback, shown, warnings, mistake.note)
    feedback = "Not the same solution set" + (f": {why}." if why else ".")
    return Outcome(False, "exact", feedback, shown, warnings, "mistake:solution-set")


def _point_of(condition: sp.Basic) -> dict[sp.Symbol, sp.Expr] | None:
    """x = 1 and y = 2 as {x: 1, y: 2}; None for any other condition."""
    if not isinstance(condition, sp.Basic) or isinstance(condition, sp.Set) or not solved(condition):
        return None
    relations = sp.And.make_args(condition)
    if not all(isinstance(r, sp.Eq) for r in relations):
        return None
    point = {}
    for r in relations:
        symbol, value = (r.lhs, r.rhs) if isinstance(r.lhs, sp.Symbol) else (r.rhs, r.lhs)
        if symbol in point:
            return None
        point[symbol] = value
    return point


EXPLICIT_SUM = re.compile(r"\s*\\sum\s*_\s*(?:\{\s*([a-z](?:\s*,\s*[a-z])*)\s*(?:=\s*(\w+)\s*)?\}|([a-z]))"
                          r"(?:\s*\^\s*(?:\{\s*(\w+)\s*\}|(\w)))?\s*")


def explicit_sums(text: str, ranges: dict[str, tuple[sp.Expr, sp.Expr]]) -> tuple[list[str], str, bool]:
    """The indices of the sums written in front (`\\sum_{i,j}`, `\\sum_i\\sum_j`,
    `\\sum_{i=1}^{n}`), the rest of the text, and whether every bound given
    is the index's declared range."""
    indices: list[str] = []
    fits = True
    position = 0
    while (match := EXPLICIT_SUM.match(text, position)) and match.end() > position:
        names = [name.strip() for name in (match.group(1) or match.group(3)).split(",")]
        lower, upper = match.group(2), match.group(4) or match.group(5)
        for name in names:
            declared = ranges.get(name)
            if declared and ((lower and lower != str(declared[0])) or (upper and upper != str(declared[1]))):
                fits = False
        indices += names
        position = match.end()
    return indices, text[position:], fits


def grade_index_expression(text: str, key: AnswerKey, ctx: GradingContext) -> Outcome:
    """Einstein notation; sums written in front (`\\sum_{i,j}`, nested
    `\\sum_i\\sum_j`) are accepted when they sum exactly the repeated indices,
    over their declared ranges (which the convention sums anyway)."""
    listed, text, fits = explicit_sums(strip_delimiters(text), index_ranges(ctx.notation))
    reading = read_answer(text, ctx.notation)
    refused = restated(reading.value, key, reading.interpreted, reading.warnings) or _not_one_value(reading)
    if refused:
        return refused
    if listed:
        counts: dict[str, int] = {}
        for entry in reading.value.atoms(sp.Indexed):
            for index in entry.indices:
                counts[str(index)] = counts.get(str(index), 0) + 1
        if sorted(listed) != sorted(i for i, c in counts.items() if c >= 2) or not fits:
            return Outcome(False, "structure", "The sums must run over exactly the repeated indices, each over "
                           "its whole range.", reading.interpreted, reading.warnings, "structure:summed-indices")
    probe = ctx.probe(reading.text)
    result = compare_index_expressions(reading.value, key.reference, seed=probe.seed)
    if result.equivalent:
        return Outcome(True, result.method, "Correct.", reading.interpreted, reading.warnings)
    if result.detail:
        feedback, note = result.detail, "structure:index-notation"
    else:
        feedback, note = explain_difference(reading.value, key, ctx.notation, probe)
    for mistake in key.mistakes:
        if compare_index_expressions(reading.value, mistake.value, seed="mistake").equivalent:
            feedback, note = mistake.feedback, mistake.note
            break
    return Outcome(False, result.method, feedback, reading.interpreted, reading.warnings, note)


def grade_matrix_expression(text: str, key: AnswerKey, ctx: GradingContext) -> Outcome:
    """Noncommuting matrix answers with declared shapes (see matrix_reading)."""
    notation = ctx.notation
    limits.check_text(text)
    norm = normalise(text, log_base=notation.conventions.log_base)
    try:
        value, warnings = read_matrix_answer(norm.text, notation)
    except ShapeMismatch as err:
        return Outcome(False, "structure", f"The shapes do not fit: {err.message}.", norm.text, norm.warnings,
                       err.code)
    limits.check_tree(value)
    warnings = norm.warnings + warnings + ([f"read the value after '{norm.label} ='"] if norm.label else [])
    names = {s.sympy: s.latex for s in notation.symbols.values()}
    shown = to_latex(value.doit() if isinstance(value, sp.MatrixExpr) else value, names)
    refused = restated(value, key, shown, warnings)
    if refused:
        return refused
    reference = key.reference
    probe = ctx.probe(norm.text)
    wrong_shape = _layout_problem(value, reference, notation.conventions.layout)
    if wrong_shape:
        problem, note = wrong_shape
        known = next((m for m in key.mistakes if equivalent(value, m.value, probe)), None)
        return Outcome(False, "structure", f"{known.feedback} {problem}" if known else problem, shown, warnings,
                       known.note if known else note)
    result = equivalent(value, reference, probe)
    if result.equivalent:
        return Outcome(True, result.method, "Correct.", shown, warnings)
    if result.equivalent is None:
        return Outcome(False, result.method, "Could not evaluate this answer with random matrices: "
                       f"{result.detail}.", shown, warnings, "undecided")
    feedback, note = explain_difference(value, key, notation, probe)
    return Outcome(False, result.method, feedback, shown, warnings, note)


def _layout_problem(value: sp.Basic, reference: sp.Basic, layout: str) -> tuple[str, str] | None:
    """What is wrong with the shape of `value`, and the note for it."""
    want = getattr(reference, "shape", None)
    have = getattr(value, "shape", None) if isinstance(value, sp.MatrixExpr) else None
    if want is None or have == want:
        return None
    if have is None:
        if tuple(want) == (1, 1):
            return None  # a 1 x 1 matrix and the number it holds are the same answer
        return f"A {want[0]} x {want[1]} matrix is expected, not a number.", "layout:not-a-matrix"
    if tuple(have) == tuple(reversed(want)):
        other = "numerator" if layout == "denominator" else "denominator"
        return (f"This is {have[0]} x {have[1]}, the shape of the {other}-layout derivative; in the {layout} "
                f"layout the derivative has the shape of the variable ({want[0]} x {want[1]}): transpose it.",
                "layout:transpose")
    return f"This is a {have[0]} x {have[1]} matrix; a {want[0]} x {want[1]} one is expected.", "layout:shape"


ANSWER_KINDS: dict[AnswerType, AnswerKind] = {
    AnswerType.matrix_expression: grade_matrix_expression,
    AnswerType.expression: grade_expression,
    AnswerType.number: grade_number,
    AnswerType.boolean: grade_boolean,
    AnswerType.choice: grade_choice,
    AnswerType.equation: grade_equation,
    AnswerType.set: grade_collection,
    AnswerType.multiset: grade_collection,
    AnswerType.tuple: grade_collection,
    AnswerType.vector: grade_vector,
    AnswerType.matrix: grade_matrix,
    AnswerType.interval: grade_interval,
    AnswerType.index_expression: grade_index_expression,
    AnswerType.interval_union: grade_solution_set,
    AnswerType.inequality: grade_solution_set,
    AnswerType.relation: grade_solution_set,
    AnswerType.condition: grade_solution_set,
}
