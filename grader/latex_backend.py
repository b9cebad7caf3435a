"""The LaTeX backend: a thin adapter over latex2sympy2_extended.

Everything backend-specific (its error format, its configuration, its
quirks) stays in this module, so another backend can replace it by
providing `parse_latex(text) -> sympy object` raising AnswerSyntaxError.

The backend keeps no state between calls: each call builds a new converter.
It is imported on first use (see `_reader`).
It would compute while it parses (`\\det`, `\\operatorname{rref}`,
`\\operatorname{zeros}(10^6, 10^6)`, ...); the converter below builds those
operations unevaluated or refuses them, so that the size limits are checked
before anything is evaluated.
"""
from __future__ import annotations

import contextlib
import functools
import io
import re
from collections.abc import Callable
from typing import Any

import sympy as sp

from grader.errors import AnswerSyntaxError, AnswerTooLarge

_CARET = re.compile(r"^(\s*~*)\^\s*$", re.MULTILINE)
# Operators the backend evaluates on the spot; none of them is an answer here.
COMPUTING_OPERATORS = frozenset(
    "eye rank rref nullspace norm cols rows eig eigen diagonalize eigenvals eigenvalues eigenvects "
    "eigenvectors svd SVD zeros ones diag hstack vstack orth ortho orthogonal orthogonalize".split()
)
MAX_GCD_DIGITS = 100
MAX_EXPONENT = 400  # of a number in E notation, read exactly


TWO_STAGE = True  # SLL prediction first; False: LL prediction only (a test compares the two)


@functools.lru_cache(maxsize=1)
def _reader() -> Callable[[], Any]:
    """A maker of the backend's converter (configured), subclassed on first use:
    latex2sympy2_extended and its ANTLR runtime take a tenth of a second to
    import, and plain-text answers and the LaTeX that the fast path reads
    never need them."""
    from antlr4.atn.PredictionMode import PredictionMode
    from antlr4.error.Errors import ParseCancellationException
    from antlr4.error.ErrorStrategy import BailErrorStrategy
    from latex2sympy2_extended.latex2sympy2 import ConversionConfig, _Latex2Sympy  # pinned version: see pyproject

    class Reader(_Latex2Sympy):
        """latex2sympy2_extended's converter, minus its evaluation at parse time.

        It parses in two stages, as ANTLR advises for speed: first with SLL
        prediction, stopping at the first syntax error (a real one, or one that
        SLL's weaker prediction made); only then with full-context LL prediction,
        which decides and words the error. On the 1,029 LaTeX answers of the
        labelled corpus, both ways give the same readings."""

        _stage_sll = True

        def create_parser(self, latex_str):
            parser = super().create_parser(latex_str)
            if self._stage_sll:
                parser._interp.predictionMode = PredictionMode.SLL
                parser._errHandler = BailErrorStrategy()
            return parser

        def parse(self, latex_str: str):
            self._stage_sll = TWO_STAGE
            try:
                return super().parse(latex_str)
            except ParseCancellationException:
                self._stage_sll = False
                return super().parse(latex_str)

        def convert_comp(self, comp):
            if comp.det():  # a |...| vmatrix: its determinant, unevaluated
                return sp.Determinant(self.convert_matrix(comp.det()))
            return super().convert_comp(comp)

        def convert_func(self, func):
            single = func.func_normal_single_arg()
            multi = func.func_normal_multi_arg()
            head = single or multi
            if head is not None:
                name = head.start.text[1:]
                if name == "operatorname":
                    operator = head.func_operator_name.getText()
                    if operator in COMPUTING_OPERATORS:
                        raise AnswerSyntaxError(f"\\operatorname{{{operator}}} is not an operation an answer can use",
                                                code="parse:operator")
                    if operator in ("trace", "tr"):
                        return sp.Function("tr")(self._single_argument(func))
                elif name == "det" and single is not None:
                    argument = self._single_argument(func)
                    if isinstance(argument, sp.MatrixBase):
                        return sp.Determinant(argument)
                    return sp.Function("det")(argument)
            return super().convert_func(func)

        def _single_argument(self, func):
            if func.func_single_arg():
                return self.convert_func_arg(func.func_single_arg())
            return self.convert_func_arg(func.func_single_arg_noparens())

        def handle_limit(self, func):
            """`\\lim_{x \\to a}` is the two-sided limit; only `a^+` and `a^-` are one-sided (the backend
            takes every limit without a sign for the one from the right)."""
            limit = super().handle_limit(func)
            sub = func.limit_sub()
            if not sub.SUB() and not (hasattr(sub, "ADD") and sub.ADD()):
                return sp.Limit(*limit.args[:3], "+-")
            return limit

        def parse_number(self, text):
            """A decimal is the exact number typed (`0.333` is 333/1000), as the plain-text reader has it: a float
            would lose the digits that tell a rounded value from a wrong one."""
            exponent = re.search(r"[eE]([-+]?\d+)", text)
            if exponent and abs(int(exponent.group(1))) > MAX_EXPONENT:
                raise AnswerTooLarge(f"the number {text} has an exponent beyond {MAX_EXPONENT}")
            number = super().parse_number(text)
            return sp.Rational(text.replace(",", "")) if isinstance(number, sp.Float) else number

        def handle_gcd_lcm(self, f, args):
            """The gcd or lcm of integers, computed only when they are small."""
            if not all(isinstance(a, sp.Integer) and len(str(abs(int(a)))) <= MAX_GCD_DIGITS for a in args):
                raise AnswerTooLarge(f"\\{f} is only read for integers of up to {MAX_GCD_DIGITS} digits")
            return sp.Integer(getattr(sp, f"i{f}")(*(int(a) for a in args))) if len(args) > 1 else args[0]

    config = ConversionConfig(
        interpret_as_mixed_fractions=False,  # 2\\frac{1}{2} is a product, as in the course's notation
        interpret_simple_eq_as_assignment=False,
        interpret_contains_as_eq=False,
        lowercase_symbols=False,  # X and x are different symbols
    )
    return functools.partial(Reader, config=config)


def parse_latex(text: str) -> sp.Basic:
    """Parse normalised LaTeX into an unevaluated SymPy object."""
    try:
        with sp.evaluate(False), contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            make_reader = _reader()
            return make_reader().parse(text)
    except RecursionError:
        raise AnswerTooLarge("the answer is nested or chained too deeply to read", None, code="limit:depth") from None
    except (AnswerSyntaxError, AnswerTooLarge, MemoryError):
        raise
    except Exception as err:  # the backend raises bare Exceptions, AttributeErrors and TypeErrors
        raise AnswerSyntaxError(*_describe(str(err), text)) from None


def _describe(message: str, text: str) -> tuple[str, int | None]:
    """latex2sympy2 marks the failing position with `~~~^` under the input."""
    caret = _CARET.search(message)
    column = len(caret.group(1)) + 1 if caret else None
    first = message.strip().splitlines()[0] if message.strip() else "cannot read this formula"
    if "object has no attribute" in first or "'NoneType'" in first or "not iterable" in first:
        first = "this formula uses an operation that cannot be read here"
    if column is not None and column > len(text):
        return f"{first.rstrip('.')}: the formula ends too early", len(text) + 1
    if column is not None:
        return f"{first.rstrip('.')} at {text[column - 1]!r}", column
    return first, None
