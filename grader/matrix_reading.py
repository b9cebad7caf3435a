"""Reading matrix answers: `-2U^\\top(X-UV)`, `(A+A^T)x`, `\\frac{v}{\\|v\\|_2}`.

General LaTeX parsers let matrices commute and forget transposes, so matrix
answers take their own road: the LaTeX subset of matrix calculus is turned
into keyboard syntax (`'` for a transpose, `norm(...)`, `tr(...)`), and the
plain-text grammar builds noncommuting SymPy matrix expressions with a
builder that checks every sum and product for fitting shapes.
"""
from __future__ import annotations

import re

import sympy as sp

from exercises.model import Notation
from exercises.render import to_latex
from grader import limits
from grader.errors import AnswerSyntaxError, ShapeMismatch
from grader.plaintext import PlainParser, ScalarBuilder, Token
from grader.reading import ILL_FORMED, check_values, evaluate

_T = r"(?:\\top|\\intercal|\\mathsf\s*\{\s*T\s*\}|\\mathrm\s*\{\s*T\s*\}|\{\s*T\s*\}|T)"
TRANSPOSE = re.compile(r"\^\s*(?:\{\s*" + _T + r"\s*\}|" + _T + ")")
INVERSE_TRANSPOSE = re.compile(r"\^\s*(?:\{\s*-\s*" + _T + r"\s*\}|-\s*" + _T + ")")
NORM_BAR = re.compile(r"\\\||\\[lr]Vert|\\Vert|‖")
INNER_NORM = re.compile(r"‖([^‖]*)‖(?:\s*_\s*(?:\{\s*(?:F|2)\s*\}|F|2))?")
COMMANDS = {r"\cdot": "·", r"\times": "*", r"\tr": "tr", r"\det": "det", r"\adj": "adj", r"\ln": "ln", r"\exp": "exp",
            r"\log": "log", r"\sqrt": "sqrt", r"\operatorname": ""}
LATEX_CONSTANTS = {"pi": "pi", "infty": "oo"}
MATRIX_FUNCTIONS = {"tr", "trace", "Tr", "Trace", "det", "Determinant", "norm", "inv", "Inverse", "Identity", "adj",
                    "adjugate"}


def latex_to_keyboard(text: str, names: frozenset[str] = frozenset()) -> str:
    """Rewrite the LaTeX of a matrix answer in the plain grammar's syntax;
    `names` are the declared symbols (`\\beta` becomes `beta`)."""
    text = INVERSE_TRANSPOSE.sub("^(-T)", text)
    text = TRANSPOSE.sub("'", text)
    text = NORM_BAR.sub("‖", text)
    while INNER_NORM.search(text):
        text = INNER_NORM.sub(lambda m: f" norm({m.group(1)}) ", text)
    if "‖" in text:
        raise AnswerSyntaxError("a norm bar \\| is not closed", text.index("‖") + 1)
    text = _frac_to_division(text)
    for command, plain in sorted(COMMANDS.items(), key=lambda item: -len(item[0])):
        text = re.sub(re.escape(command) + r"(?![A-Za-z])", f" {plain} " if plain not in "*·" else plain, text)
    text = re.sub(r"\\log_\s*\{?\s*(\w+)\s*\}?", r" log_\1 ", text)
    text = re.sub(r"\\([A-Za-z]+)", lambda m: f" {LATEX_CONSTANTS.get(m.group(1), m.group(1))} "
                  if m.group(1) in names or m.group(1) in LATEX_CONSTANTS else m.group(), text)
    text = re.sub(r"(?<![A-Za-z\\])([A-Za-z])_\s*\{\s*([A-Za-z0-9]+)\s*\}", r"\1_\2", text)  # I_{1}, x_{i}
    leftover = re.search(r"\\[A-Za-z]+", text)
    if leftover:
        raise AnswerSyntaxError(f"cannot read {leftover.group()} in a matrix answer", leftover.start() + 1)
    return text.replace("{", "(").replace("}", ")")


def _plain_norms(text: str) -> str:
    """`‖v‖` and `||v||` typed on a keyboard."""
    text = text.replace("||", "‖")
    while INNER_NORM.search(text):
        text = INNER_NORM.sub(lambda m: f" norm({m.group(1)}) ", text)
    return text


def _frac_to_division(text: str) -> str:
    """`\\frac{a}{b}` -> `((a)/(b))`, innermost first."""
    while True:
        start = text.find(r"\frac")
        if start < 0:
            return text
        numerator, after = _braced(text, start + len(r"\frac"))
        denominator, end = _braced(text, after)
        text = f"{text[:start]}(({numerator})/({denominator})){text[end:]}"


def _braced(text: str, index: int) -> tuple[str, int]:
    while index < len(text) and text[index] == " ":
        index += 1
    if index >= len(text) or text[index] != "{":
        raise AnswerSyntaxError("\\frac needs {numerator}{denominator}", index + 1)
    depth = 0
    for position in range(index, len(text)):
        depth += {"{": 1, "}": -1}.get(text[position], 0)
        if depth == 0:
            return text[index + 1:position], position + 1
    raise AnswerSyntaxError("a { is not closed", index + 1)


def _shape(value: sp.Basic) -> tuple[sp.Expr, sp.Expr] | None:
    return value.shape if isinstance(value, sp.MatrixExpr) else None


def _shape_text(shape: tuple[sp.Expr, sp.Expr]) -> str:
    return f"{shape[0]} x {shape[1]}"


def _show(value: sp.Basic) -> str:
    """A factor of a product as a student would write it: sums in brackets."""
    value = value.doit() if isinstance(value, sp.MatrixExpr) else value
    text = to_latex(value)
    return rf"\left({text}\right)" if isinstance(value, (sp.MatAdd, sp.Add)) else text


def _same_size(a: sp.Expr, b: sp.Expr) -> bool:
    return sp.simplify(a - b) == 0


IDENTITY_SIZE = sp.Symbol("identity_size", integer=True, positive=True)  # until a neighbour fixes it


def _fit_identity(value: sp.Basic, size: sp.Expr) -> sp.Basic:
    """Give an identity of unknown size (`I`) the size its neighbour needs."""
    return value.xreplace({IDENTITY_SIZE: size}) if isinstance(value, sp.Basic) else value


class MatrixBuilder(ScalarBuilder):
    """Noncommuting products, transposes and shape checks over declared matrices."""

    def __init__(self, notation: Notation):
        super().__init__(notation.symbols, notation.conventions.log_base)
        self.objects = {name: s.sympy for name, s in notation.symbols.items()}
        self.functions = {**self.functions, **{name: None for name in MATRIX_FUNCTIONS}}

    def symbol(self, name: str) -> sp.Basic:
        return self.objects[name]

    def constant(self, name: str) -> sp.Basic | None:
        if name == "I":
            return sp.Identity(IDENTITY_SIZE)
        if name.startswith("I_"):  # I_1, I_n: an identity of that size
            size = name[2:]
            if size.isdigit() and int(size) > 0:
                return sp.Identity(int(size))
            dims = {d.name: d for m in self.objects.values() if isinstance(m, sp.MatrixSymbol)
                    for d in m.shape if isinstance(d, sp.Symbol)}
            if size in dims:
                return sp.Identity(dims[size])
        return super().constant(name)

    @staticmethod
    def _as_scalar(value: sp.Basic) -> sp.Basic:
        """A 1 x 1 matrix (such as v^T v) used as a number."""
        shape = _shape(value)
        if shape is None:
            return value
        if shape == (1, 1):
            return sp.Trace(value)
        return None

    def add(self, terms: list[sp.Basic], token: Token) -> sp.Basic:
        shapes = [_shape(t) for t in terms]
        if all(s is None for s in shapes):
            return sp.Add(*terms, evaluate=False)
        if all(s in (None, (1, 1)) for s in shapes):
            scalars = [self._as_scalar(t) for t in terms]  # x^T A x + 1: a number
            return sp.Add(*scalars, evaluate=False)
        known = [s for s in shapes if s is not None and IDENTITY_SIZE not in s]
        if known:
            terms = [_fit_identity(t, known[0][0]) for t in terms]
            shapes = [_shape(t) for t in terms]
        first = next(s for s in shapes if s is not None)
        for term, shape in zip(terms, shapes):
            if shape is None:
                if term != 0:
                    raise ShapeMismatch(
                        f"a sum adds the number {to_latex(term)} to a {_shape_text(first)} matrix", token.column)
            elif not (_same_size(shape[0], first[0]) and _same_size(shape[1], first[1])):
                raise ShapeMismatch(
                    f"a sum adds a {_shape_text(first)} matrix to a {_shape_text(shape)} one "
                    f"({_show(term)})", token.column)
        return sp.MatAdd(*(t for t in terms if _shape(t) is not None))

    def neg(self, value: sp.Basic) -> sp.Basic:
        return sp.MatMul(-1, value) if _shape(value) else sp.Mul(-1, value, evaluate=False)

    def mul(self, left: sp.Basic, right: sp.Basic, token: Token) -> sp.Basic:
        a, b = _shape(left), _shape(right)
        if a is None and b is None:
            return sp.Mul(left, right, evaluate=False)
        if a is None or b is None:
            return sp.MatMul(left, right)
        if IDENTITY_SIZE in a and IDENTITY_SIZE not in b:
            left, a = _fit_identity(left, b[0]), _shape(_fit_identity(left, b[0]))
        elif IDENTITY_SIZE in b and IDENTITY_SIZE not in a:
            right, b = _fit_identity(right, a[1]), _shape(_fit_identity(right, a[1]))
        if not _same_size(a[1], b[0]):
            if a == (1, 1) or b == (1, 1):
                return sp.MatMul(self._as_scalar(left), right) if a == (1, 1) else sp.MatMul(self._as_scalar(right), left)
            raise ShapeMismatch(
                f"the product {_show(left)} {_show(right)} multiplies a {_shape_text(a)} matrix by a "
                f"{_shape_text(b)} matrix: the inner sizes {a[1]} and {b[0]} differ", token.column)
        return sp.MatMul(left, right)

    def dot(self, left: sp.Basic, right: sp.Basic, token: Token) -> sp.Basic:
        """`\\cdot` between two column vectors of one size is their dot product."""
        a, b = _shape(left), _shape(right)
        if a and b and a == b and a[1] == 1 and not _same_size(a[0], 1):
            return sp.MatMul(sp.Transpose(left), right)
        return self.mul(left, right, token)

    def div(self, left: sp.Basic, right: sp.Basic, token: Token) -> sp.Basic:
        denominator = self._as_scalar(right)
        if denominator is None:
            raise ShapeMismatch(f"a division by the {_shape_text(_shape(right))} matrix {_show(right)}",
                                token.column)
        inverse = sp.Pow(denominator, -1, evaluate=False)
        return sp.MatMul(inverse, left) if _shape(left) else sp.Mul(left, inverse, evaluate=False)

    def pow(self, base: sp.Basic, exponent: sp.Basic, token: Token) -> sp.Basic:
        shape = _shape(base)
        limits.check_tree(exponent)  # the exponent decides the shape: checked, then evaluated
        exponent = evaluate(exponent)
        if shape is None:
            return sp.Pow(base, exponent, evaluate=False)
        if shape == (1, 1) and not (exponent.is_Integer and exponent > 0):
            return sp.Pow(sp.Trace(base), exponent, evaluate=False)
        if not _same_size(shape[0], shape[1]):
            raise ShapeMismatch(f"only a square matrix has powers; {_show(base)} is {_shape_text(shape)}",
                                token.column)
        if exponent == -1:
            return sp.Inverse(base)
        if exponent.is_Integer and exponent > 0:
            return sp.MatPow(base, exponent)
        raise AnswerSyntaxError(f"a matrix power must be a whole number or -1, not {exponent}", token.column)

    def transpose(self, value: sp.Basic, token: Token) -> sp.Basic:
        return sp.Transpose(value) if _shape(value) else value

    def abs(self, value: sp.Basic) -> sp.Basic:
        """|x| of a number, |v| the length of a vector, |X| the determinant of a square matrix."""
        shape = _shape(value)
        if shape is None:
            return sp.Abs(value, evaluate=False)
        if 1 not in shape and _same_size(shape[0], shape[1]):
            return sp.Determinant(value)
        return self._norm(value)

    @staticmethod
    def _norm(value: sp.Basic) -> sp.Basic:
        return sp.sqrt(sp.Trace(sp.MatMul(sp.Transpose(value), value)))

    def call(self, name: str, args: list[sp.Basic], token: Token) -> sp.Basic:
        if len(args) != 1:
            raise AnswerSyntaxError(f"{name} takes one argument here", token.column)
        [arg] = args
        shape = _shape(arg)
        if name == "Identity":
            if not (isinstance(arg, sp.Integer) and arg > 0):
                raise AnswerSyntaxError("Identity(n) needs a positive whole size", token.column)
            return sp.Identity(arg)
        if name == "norm":
            if shape is None:
                return sp.Abs(arg, evaluate=False)
            return self._norm(arg)
        if name in ("tr", "trace", "Tr", "Trace", "det", "Determinant", "inv", "Inverse", "adj", "adjugate"):
            if shape is None or not _same_size(shape[0], shape[1]):
                what = "a number" if shape is None else f"the {_shape_text(shape)} matrix {_show(arg)}"
                raise ShapeMismatch(f"{name} needs a square matrix, not {what}", token.column)
            if name in ("inv", "Inverse"):
                return sp.Inverse(arg)
            if name.startswith("adj"):
                return sp.MatMul(sp.Determinant(arg), sp.Inverse(arg))  # adj(X) = det(X) X^{-1}
            return sp.Determinant(arg) if name.startswith("det") or name == "Determinant" else sp.Trace(arg)
        scalar = self._as_scalar(arg)
        if scalar is None:
            raise ShapeMismatch(f"{name} of the {_shape_text(shape)} matrix {_show(arg)} is not defined", token.column)
        return super().call(name, [scalar], token)


def _check_brackets(text: str) -> None:
    """An unclosed bracket is a reading error, whatever the shapes inside."""
    stack: list[tuple[str, int]] = []
    pairs = {")": "(", "]": "[", "}": "{"}
    for column, ch in enumerate(text, 1):
        if ch in "([{":
            stack.append((ch, column))
        elif ch in pairs:
            if not stack or stack[-1][0] != pairs[ch]:
                raise AnswerSyntaxError(f"the bracket {ch!r} closes nothing", column, code="parse:unbalanced-bracket")
            stack.pop()
    if stack:
        raise AnswerSyntaxError(f"the bracket {stack[-1][0]!r} is never closed", stack[-1][1],
                                code="parse:unbalanced-bracket")


def read_matrix_answer(text: str, notation: Notation) -> tuple[sp.Basic, list[str]]:
    """Parse a normalised answer into a SymPy matrix expression (or scalar)."""
    _check_brackets(text.replace(r"\{", "").replace(r"\}", ""))
    keyboard = latex_to_keyboard(text, frozenset(notation.symbols)) if ("\\" in text or "{" in text) else _plain_norms(TRANSPOSE.sub("'", INVERSE_TRANSPOSE.sub("^(-T)", text)))
    parser = PlainParser(keyboard, MatrixBuilder(notation))
    try:
        value = parser.parse()
    except ILL_FORMED as err:  # a condition multiplied by a matrix, ...: SymPy refuses to build it
        raise AnswerSyntaxError(f"this formula combines things that cannot be combined ({err})",
                                code="parse:ill-formed") from None
    check_values(value)
    return value, parser.warnings

