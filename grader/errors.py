"""Errors that become `invalid` verdicts: they say what is wrong and where.

Each carries a machine-readable `code` (`parse:unbalanced-brace`,
`limit:length`, ...), which becomes the verdict's note, and the wording shown
to the student. Subclasses give the code of their family.
"""
from __future__ import annotations


class AnswerError(Exception):
    """An answer that cannot be graded; `message` is shown to the student."""

    code = "parse:syntax"

    def __init__(self, message: str, column: int | None = None, *, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.column = column
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return self.message if self.column is None else f"{self.message} (column {self.column})"


class AnswerSyntaxError(AnswerError):
    """The text is not a well-formed formula."""


class AnswerTooLarge(AnswerError):
    """The answer is longer, deeper or bigger than any answer needs to be."""

    code = "limit:size"


class UnknownSymbol(AnswerError):
    """The answer uses a name that the question does not define."""

    code = "parse:unknown-symbol"


class ShapeMismatch(AnswerError):
    """A sum or product of matrices whose shapes do not fit. Graded as
    incorrect (the answer is readable, and wrong), with the shapes named."""

    code = "layout:shape"
