"""The LaTeX backend: a thin adapter over latex2sympy2.

Everything backend-specific (its error format, its evaluation, its quirks)
stays in this module, so another backend can replace it by providing
`parse_latex(text) -> sympy object` raising AnswerSyntaxError.
"""
from __future__ import annotations

import contextlib
import io
import re

import sympy as sp

from grader.errors import AnswerSyntaxError

_CARET = re.compile(r"^(\s*~*)\^\s*$", re.MULTILINE)


def parse_latex(text: str) -> sp.Basic:
    """Parse normalised LaTeX into an unevaluated SymPy object."""
    from latex2sympy2 import latex2sympy  # imported lazily: ANTLR start-up is slow

    try:
        with sp.evaluate(False), contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            return latex2sympy(text)
    except RecursionError:
        raise AnswerSyntaxError("the answer is nested too deeply to read", None) from None
    except Exception as err:  # latex2sympy2 raises bare Exceptions and AttributeErrors
        raise AnswerSyntaxError(*_describe(str(err), text)) from None


def _describe(message: str, text: str) -> tuple[str, int | None]:
    """latex2sympy2 marks the failing position with `~~~^` under the input."""
    caret = _CARET.search(message)
    column = len(caret.group(1)) + 1 if caret else None
    first = message.strip().splitlines()[0] if message.strip() else "cannot read this formula"
    if "object has no attribute" in first or "'NoneType'" in first:
        first = "this formula uses an operation that cannot be read here"
    if column is not None and column > len(text):
        return f"{first.rstrip('.')}: the formula ends too early", len(text) + 1
    if column is not None:
        return f"{first.rstrip('.')} at {text[column - 1]!r}", column
    return first, None
