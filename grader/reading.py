"""Reading an answer: text -> normalised text -> parse -> bound SymPy value.

The parse is unevaluated; size limits are checked on it, and only then is
it evaluated (SymPy's automatic simplifications, nothing more).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import sympy as sp

from exercises.model import Notation
from exercises.render import to_latex
from grader import limits
from grader.binding import bind
from grader.errors import AnswerError, AnswerSyntaxError
from grader.function_calls import PLACEHOLDER, SPECIAL_FUNCTIONS, products_before_brackets, put_back, take_calls
from grader.latex_backend import parse_latex
from grader.latex_plain import BackendShapes, as_plain_text
from grader.normalize import Normalised, normalise, split_label
from grader.plaintext import PlainParser, parse_plain

OPENERS = {"(": ")", "[": "]", r"\{": r"\}", r"\langle": r"\rangle", "{": "}"}
LETTER_RUN = re.compile(r"(?<![\\A-Za-z])([A-Za-z]{2,})(?![A-Za-z])")
LATEX_WORDS = re.compile(r"\\[A-Za-z]+")
ENVIRONMENT_NAME = re.compile(r"\\(?:begin|end)\s*\{[^{}]*\}")
DIFFERENTIAL = re.compile(r"(?<![A-Za-z\\])d[A-Za-z](?![A-Za-z])")
SUBSCRIPT = re.compile(r"_\{[^{}]*\}|_[A-Za-z0-9]")


@dataclass
class Reading:
    """What the student wrote, as understood."""

    value: sp.Basic | list[sp.Basic]
    interpreted: str
    label: str | None = None
    warnings: list[str] = field(default_factory=list)
    text: str = ""  # the normalised text


def read_answer(raw: str, notation: Notation, *, shape: str = "scalar") -> Reading:
    """Read `raw` for `notation`. `shape` is `scalar`, `equation`, `sequence`
    (sets, tuples) or `vector` (a column, written as a matrix or a list)."""
    limits.check_text(raw)
    listed = shape in ("sequence", "vector")
    if listed:
        raw = VALUE_SEPARATOR.sub(", ", raw)  # "1 and 3", "[1; 1]", "\lambda = 1 \text{ or } \lambda = 3"
    raw = _bare_names(raw, notation)
    norm = normalise(raw, log_base=notation.conventions.log_base, keep_equation=shape == "equation" or listed)
    if shape == "equation":
        sides = split_top_level(norm.text, "=")
        if len(sides) == 2:
            left, right = (_parse_one(side, norm, notation) for side in sides)
            return _reading(sp.Eq(left, right, evaluate=False), norm)
    if shape == "vector":
        norm.text = TRAILING_TRANSPOSE.sub("", norm.text)  # (1, 1)^T is the column (1, 1)
    if listed:
        items = [piece for item in _sequence_items(norm.text, norm) for piece in _plus_minus(item)]
        if shape == "vector" and len(items) == 1 and ("matrix" in norm.text):
            value = _parse_one(norm.text, norm, notation)
            if isinstance(value, sp.MatrixExpr) and value.atoms(sp.MatrixBase):
                value = value.as_explicit()  # 1/sqrt(2) * (1, 1)^T
            if isinstance(value, sp.MatrixBase):
                entries = list(value)
                if 1 not in value.shape:
                    raise AnswerSyntaxError("a vector is a single row or column, not a matrix")
                value = sp.Matrix(entries)
                return _reading(value, norm)
            items = [norm.text]
        values = [_parse_entry(item, norm, notation) for item in items]
        if len(values) == 1 and isinstance(values[0], (list, tuple, sp.Tuple)):
            values = list(values[0])
        value = sp.Matrix(values) if shape == "vector" else values
        return _reading(value, norm)
    value = _parse_one(norm.text, norm, notation, equation=shape == "equation")
    if isinstance(value, (list, tuple)):
        value = sp.Tuple(*value)
    return _reading(value, norm)


NAME_WRAPPERS = r"\\(?:text|textit|textrm|textnormal|mathit|mathrm|mathsf|operatorname)\s*\{\s*"


def _word_names(notation: Notation) -> list[str]:
    """The declared names of more than one letter that are written as one word (loss, logits)."""
    return [name for name, symbol in notation.symbols.items()
            if len(name) > 1 and name.isalpha() and symbol.kind in ("scalar", "function")]


def _bare_names(raw: str, notation: Notation) -> str:
    """`\\mathit{loss}`, `\\text{loss}`, `\\operatorname{loss}` are the declared name loss, written bare
    (so that normalising does not take it for prose or a font)."""
    for name in _word_names(notation):
        raw = re.sub(NAME_WRAPPERS + name + r"\s*\}", f" {name} ", raw)
    return raw


def _word_names_in_latex(text: str, notation: Notation) -> str:
    """A declared word name in LaTeX is one symbol (`\\text{loss}` to the parser), not l*o*s*s."""
    for name in _word_names(notation):
        text = re.sub(rf"(?<![A-Za-z\\]){name}(?![A-Za-z])", rf"\\text{{{name}}}", text)
    return text


def _sequence_items(text: str, norm: Normalised) -> list[str]:
    """The values of a list, each without its label: `x = 0, y = 0` and
    `x = y = 0` are two zeros, `\\lambda_1 = 1, \\lambda_2 = 3` is 1 and 3,
    `\\nabla f = (1, 2)` is 1 and 2."""
    items: list[str] = []
    for item in split_sequence(text):
        sides = [side for side in split_top_level(item, "=")]
        if len(sides) > 1 and all(sides) and not item.rstrip().endswith(("<", ">", "!")):
            labels, value = sides[:-1], sides[-1]
            norm.warnings.append(f"read the value after '{' = '.join(labels)} ='")
            items += [value] * len(labels)
        else:
            value, label = split_label(item)
            if label:
                norm.warnings.append(f"read the value after '{label}'")
            items.append(value)
    if len(items) == 1 and items[0] != text and _strip_outer(items[0]) != items[0]:
        return _sequence_items(items[0], norm)  # one bracketed list after a label
    return items


def _reading(value, norm: Normalised) -> Reading:
    if isinstance(value, list):
        interpreted = ", ".join(to_latex(v) for v in value)
    else:
        interpreted = to_latex(value)
    if norm.label:
        norm.warnings.append(f"read the value after '{norm.label} ='")
    return Reading(value, interpreted, norm.label, norm.warnings, norm.text)


def _parse_one(text: str, norm: Normalised, notation: Notation, *, equation: bool = False) -> sp.Basic:
    ranges = index_ranges(notation)
    if norm.latex:
        raw = _read_latex(text, norm, notation)
    else:
        indexed, functions = _indexed_and_functions(notation)
        text = written_sums(text, False, ranges)
        _no_ellipsis_left(text)
        raw, warnings = parse_plain(text, _plain_names(notation), notation.conventions.log_base, indexed, functions,
                                    ranges)
        norm.warnings.extend(warnings)
    if isinstance(raw, (list, tuple)):
        return [_finish(v, notation) for v in raw]
    return _finish(raw, notation, equation=equation)


def _read_latex(text: str, norm: Normalised, notation: Notation) -> sp.Basic:
    """LaTeX as the parser reads it, before its names are bound (a call's argument is read here too, and bound
    with the rest: `\\sum_i p(x_i)` binds i in the argument)."""
    ranges = index_ranges(notation)
    for name, symbol in notation.symbols.items():
        if symbol.kind == "indexed":  # x[i] typed inside LaTeX is x_{i}
            text = re.sub(rf"(?<![A-Za-z\\]){name}\[([A-Za-z0-9, ]+)\]", rf"{name}_{{\1}}", text)
    if "d" in notation.symbols and not CALCULUS.search(text):
        text = DIFFERENTIAL_LOOKALIKE.sub("{d}", text)  # the symbol d, not a differential d x
    text = bounded_sums(written_sums(text, True, ranges), ranges)
    _no_ellipsis_left(text)
    functions = {**SPECIAL_FUNCTIONS,
                 **{name: s.sympy for name, s in notation.symbols.items() if s.kind == "function"}}
    text, calls = take_calls(text, functions)
    text = products_before_brackets(text, [name for name, s in notation.symbols.items() if s.kind == "scalar"])
    text = _word_names_in_latex(text, notation)
    raw = read_simple_latex(text, notation)
    if raw is None:
        raw = parse_latex(text)
    if calls:
        raw = put_back(raw, calls, functions, lambda argument: _read_latex(argument, norm, notation))
    norm.warnings.extend(_juxtaposition_warnings(text, notation))
    return raw


def _parse_entry(item: str, norm: Normalised, notation: Notation) -> sp.Basic:
    """An entry of a list: `(7, 11)` in `(7, 11), (11, 7)` is a pair, which the LaTeX reader alone would take
    for an open interval."""
    if item.startswith("(") and _strip_outer(item) != item:
        coordinates = split_sequence(item)
        if len(coordinates) > 1:
            return sp.Tuple(*(_parse_one(coordinate, norm, notation) for coordinate in coordinates))
    return _parse_one(item, norm, notation)


def read_simple_latex(text: str, notation: Notation) -> sp.Basic | None:
    """The fast path: LaTeX that the plain-text grammar reads exactly, read
    by it into the tree the LaTeX backend would build; None for everything
    else, and for what it reads with a warning or not at all (the LaTeX
    backend then reads it, and words the error)."""
    plain = as_plain_text(text, notation.symbols)
    if plain is None:
        return None
    indexed, functions = _indexed_and_functions(notation)
    builder = BackendShapes(_plain_names(notation), indexed)
    builder.functions.update(functions)
    parser = PlainParser(plain, builder)
    try:
        raw = parser.parse()
    except (AnswerError, *ILL_FORMED):
        return None
    return None if parser.warnings else raw


INDEX_LETTERS = "ijklmnpq"
CONDITIONS = (sp.core.relational.Relational, sp.logic.boolalg.BooleanFunction, sp.logic.boolalg.BooleanAtom, sp.Set)
NOT_VALUES = CONDITIONS + (sp.Tuple,)
ILL_FORMED = (TypeError, ValueError, ArithmeticError, NotImplementedError, AttributeError, IndexError, KeyError)
ARITHMETIC = (sp.Add, sp.Mul, sp.Pow, sp.Function, sp.Abs, sp.factorial, sp.binomial)


def _finish(raw: sp.Basic, notation: Notation, *, equation: bool = False) -> sp.Basic:
    check_values(raw, equation=equation)
    limits.check_tree(raw)
    bound = bind(raw, notation.symbols)
    try:
        return evaluate(bound)
    except ILL_FORMED as err:  # e^{column vector}, a non-integer index, ...: SymPy refuses to build it
        raise AnswerSyntaxError(f"this formula combines things that cannot be combined ({err})",
                                code="parse:ill-formed") from None


def check_values(raw: sp.Basic, *, equation: bool = False) -> None:
    """An answer is a value (or, where one is asked for, an equation): not an
    inequality or a condition, and no list, point or condition inside a sum,
    product, power or function."""
    if isinstance(raw, CONDITIONS) and not (equation and isinstance(raw, sp.Equality)):
        if isinstance(raw, sp.Equality):
            what = "an equation"
        elif isinstance(raw, sp.core.relational.Relational):
            what = "an inequality"
        else:
            what = "a condition or a set"
        raise AnswerSyntaxError(f"this is {what}; the question asks for a value", code="parse:relation")
    if not isinstance(raw, sp.Basic):
        return
    for node in sp.preorder_traversal(raw):
        if isinstance(node, ARITHMETIC) and any(isinstance(arg, NOT_VALUES) for arg in node.args):
            raise AnswerSyntaxError("a list, a point or a condition cannot be added, multiplied or raised to a "
                                    "power", code="parse:not-a-value")
        if isinstance(node, (sp.Function, sp.Abs)) and any(isinstance(arg, sp.MatrixBase) for arg in node.args):
            raise AnswerSyntaxError(f"{type(node).__name__} of a matrix is not a value here", code="parse:not-a-value")


def written_sums(text: str, latex: bool, ranges: dict[str, tuple[sp.Expr, sp.Expr]]) -> str:
    """`x_1 + x_2 + \\dots + x_N` is the sum of x_i for i from 1 to N: write it
    as one (`\\sum_{i=1}^{N} x_{i}`, or `Sum(x_i, (i, 1, N))` in plain text).
    Each bracketed group (or the whole text) whose terms are a first term in 1,
    perhaps a second in 2, an ellipsis and a last term is rewritten."""
    if not ELLIPSIS.search(text):
        return text
    for start, end in reversed(_groups(text)):
        inner = text[start:end]
        terms = split_top_level(inner, "+")
        if len(terms) < 3 or not ELLIPSIS.fullmatch(terms[-2].strip()):
            continue
        first, last = terms[0].strip(), terms[-1].strip()
        bound = SUBSCRIPT_VALUE.search(last)
        if not SUBSCRIPT_VALUE.search(first) or bound is None:
            continue
        upper = bound.group(1) or bound.group(2)
        index = next((name for name, (low, high) in ranges.items() if low == 1 and str(high) == upper), "k")
        pattern = [(first, "1")] + [(t.strip(), str(n)) for n, t in enumerate(terms[1:-2], 2)] + [(last, upper)]
        general = {_with_index(t, value, index, latex) for t, value in pattern}
        if len(general) != 1 or None in general:
            continue  # the terms are not one term at 1, 2, ..., upper
        term = general.pop()
        written = rf"\sum_{{{index}=1}}^{{{upper}}} {term}" if latex else f"Sum({term}, ({index}, 1, {upper}))"
        text = text[:start] + written + text[end:]
    return text


def _with_index(term: str, value: str, index: str, latex: bool) -> str | None:
    """`x_{2}` at value 2 -> `x_{i}`; None when its first subscript is not `value`."""
    match = SUBSCRIPT_VALUE.search(term)
    if match is None or (match.group(1) or match.group(2)) != value:
        return None
    return term[:match.start()] + (f"_{{{index}}}" if latex else f"_{index}") + term[match.end():]


def _no_ellipsis_left(text: str) -> None:
    left = ELLIPSIS.search(text)
    if left:
        raise AnswerSyntaxError("an ellipsis is read only between the terms of a sum, as in x_1 + x_2 + \\dots + x_N; "
                                "or write the sum with \\sum", left.start() + 1, code="parse:ellipsis")


def _groups(text: str) -> list[tuple[int, int]]:
    """(start, end) of the whole text and of the inside of each bracket or brace group."""
    groups, stack = [(0, len(text))], []
    for index, ch in enumerate(text):
        if ch in "({[":
            stack.append(index + 1)
        elif ch in ")}]" and stack:
            groups.append((stack.pop(), index))
    return sorted(groups, key=lambda g: (g[0], -g[1]))


def index_ranges(notation: Notation) -> dict[str, tuple[sp.Expr, sp.Expr]]:
    return {name: s.range for name, s in notation.symbols.items() if s.kind == "index" and s.range}


def bounded_sums(text: str, ranges: dict[str, tuple[sp.Expr, sp.Expr]]) -> str:
    """`\\sum_i x_i` and `\\sum_{i,j}` run over the indices' declared ranges:
    write those bounds in (`\\sum_{i=1}^{N}`)."""
    def bounded(match: re.Match) -> str:
        names = [n.strip() for n in (match.group(2) or match.group(3)).split(",")]
        if not all(name in ranges for name in names):
            return match.group()
        return "".join(rf"\{match.group(1)}_{{{name}={sp.latex(ranges[name][0])}}}^{{{sp.latex(ranges[name][1])}}} "
                       for name in names)
    return BARE_SUM.sub(bounded, text) if ranges else text


def _indexed_and_functions(notation: Notation) -> tuple[list[str], dict[str, sp.Basic]]:
    """The question's indexed names (x in x_i) and its own functions (p in p(x, Theta))."""
    indexed = [name for name, s in notation.symbols.items() if s.kind == "indexed"]
    functions = {name: s.sympy for name, s in notation.symbols.items() if s.kind == "function"}
    return indexed, functions


def _plain_names(notation: Notation) -> set[str]:
    names = set(notation.symbols)
    for symbol in notation.symbols.values():
        if symbol.kind == "indexed":  # x_i, and a_ij for a matrix's entries
            names |= {f"{symbol.name}_{i}" for i in INDEX_LETTERS}
            names |= {f"{symbol.name}_{i}{j}" for i in INDEX_LETTERS for j in INDEX_LETTERS}
    return names


def evaluate(value: sp.Basic) -> sp.Basic:
    """Rebuild bottom-up with SymPy's automatic evaluation switched back on."""
    if isinstance(value, sp.MatrixBase):
        return value.applyfunc(evaluate)
    if isinstance(value, (list, tuple)):
        return sp.Tuple(*(evaluate(v) for v in value))
    if not isinstance(value, sp.Basic) or not value.args or isinstance(value, (sp.Indexed, sp.IndexedBase)):
        return value
    args = [evaluate(arg) for arg in value.args]
    if isinstance(value, sp.Equality):
        return sp.Eq(*args, evaluate=False)  # Eq(1, 1) must not become True
    if isinstance(value, sp.Determinant):
        return args[0].det() if isinstance(args[0], sp.MatrixBase) else sp.Determinant(*args)  # size-checked
    return value.func(*args)


CALCULUS = re.compile(r"\\int|\\frac\s*\{\s*d|\\partial|\\mathrm\s*\{\s*d\s*\}")
DIFFERENTIAL_LOOKALIKE = re.compile(r"(?<![\\A-Za-z{])d(?=\s*(?:\\[A-Za-z]|[A-Za-z]))")
ELLIPSIS = re.compile(r"\\[lc]?dots|\\ldots|\.\.\.+|…")
SUBSCRIPT_VALUE = re.compile(r"_\s*\{\s*(\w+)\s*\}|_(\w)")
BARE_SUM = re.compile(r"\\(sum|prod)\s*_\s*(?:\{\s*([A-Za-z](?:\s*,\s*[A-Za-z])*)\s*\}|([A-Za-z]))(?!\s*\^)")
VALUE_SEPARATOR = re.compile(r"\s*,?\s*(?:\\(?:text|textrm|mbox|mathrm)\s*\{\s*(?:and|or)\s*\}|\b(?:and|or)\b|;)\s*")
TRAILING_TRANSPOSE = re.compile(r"\s*(?:\^\s*\{?\s*(?:\\top|T|\\intercal)\s*\}?|')\s*$")
PLUS_MINUS = re.compile(r"\\pm|±")


def _plus_minus(item: str) -> list[str]:
    """`2 \\pm 1` is the two values 2 + 1 and 2 - 1."""
    if not PLUS_MINUS.search(item):
        return [item]
    return [PLUS_MINUS.sub("+", item, count=1), PLUS_MINUS.sub("-", item, count=1)]


def split_top_level(text: str, separator: str) -> list[str]:
    """Split at `separator` outside brackets and braces."""
    pieces, depth, start = [], 0, 0
    for index, ch in enumerate(text):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == separator and depth == 0:
            pieces.append(text[start:index].strip())
            start = index + 1
    pieces.append(text[start:].strip())
    return pieces


def split_sequence(text: str) -> list[str]:
    """`\\{1, 3\\}`, `(0, 0)`, `[1, 1]` or `1, 3` -> the element texts."""
    inner = _strip_outer(text.strip())
    items, depth, start = [], 0, 0
    index = 0
    while index < len(inner):
        if inner.startswith(r"\{", index) or inner.startswith(r"\langle", index):
            depth += 1
        elif inner.startswith(r"\}", index) or inner.startswith(r"\rangle", index):
            depth -= 1
        elif inner[index] in "([{":
            depth += 1
        elif inner[index] in ")]}":
            depth -= 1
        elif inner[index] == "," and depth == 0:
            items.append(inner[start:index].strip())
            start = index + 1
        index += 1
    items.append(inner[start:].strip())
    if any(not item for item in items):
        raise AnswerSyntaxError("an empty entry between commas", None)
    return items


def _strip_outer(text: str) -> str:
    for left, right in OPENERS.items():
        if text.startswith(left) and text.endswith(right) and matched_brackets(text, left, right):
            return text[len(left):len(text) - len(right)].strip()
    return text


def matched_brackets(text: str, left: str, right: str) -> bool:
    """Does the opening bracket close only at the very end?"""
    depth = 0
    index = 0
    while index < len(text):
        if text.startswith(left, index):
            depth += 1
            index += len(left)
            continue
        if text.startswith(right, index):
            depth -= 1
            index += len(right)
            if depth == 0 and index < len(text):
                return False
            continue
        index += 1
    return depth == 0


def _juxtaposition_warnings(text: str, notation: Notation) -> list[str]:
    """`xy` in LaTeX is x*y; say so when it could have been meant as one name.
    Environment names (`bmatrix`) and differentials after an integral (`dx`)
    are not products."""
    text = ENVIRONMENT_NAME.sub(" ", text)
    if CALCULUS.search(text):
        text = DIFFERENTIAL.sub(" ", text)
    stripped = LATEX_WORDS.sub(" ", SUBSCRIPT.sub(" ", text))
    warnings = []
    for match in LETTER_RUN.finditer(stripped):
        word = match.group(1)
        if word not in notation.symbols and word not in ("e",) and not word.startswith(PLACEHOLDER):
            warnings.append(f"'{word}' was read as the product {'*'.join(word)}")
    return warnings
