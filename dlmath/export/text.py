"""Prose with mathematics in it (a statement, a justification, an erratum),
split into segments, so that each output language writes the prose its own
way (escaped) and the mathematics as LaTeX.

The bank writes mathematics between `$...$`, `$$...$$`, `\\(...\\)` or
`\\[...\\]`, and code between backticks; everything else is prose.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Kind = Literal["text", "math", "display", "code"]
MATH = re.compile(r"\$\$(.+?)\$\$|\\\[(.+?)\\\]|\$(.+?)\$|\\\((.+?)\\\)|`([^`]+)`", re.S)


@dataclass(frozen=True)
class Segment:
    kind: Kind
    content: str


def segments(text: str | None) -> tuple[Segment, ...]:
    """`text` as prose, inline math, display math and code, in order."""
    if not text:
        return ()
    found: list[Segment] = []
    position = 0
    for match in MATH.finditer(text):
        if match.start() > position:
            found.append(Segment("text", text[position:match.start()]))
        display, bracket, inline, paren, code = match.groups()
        if code is not None:
            found.append(Segment("code", code))
        elif display is not None or bracket is not None:
            found.append(Segment("display", (display or bracket).strip()))
        else:
            found.append(Segment("math", (inline or paren).strip()))
        position = match.end()
    if position < len(text):
        found.append(Segment("text", text[position:]))
    return tuple(found)


def math(latex: str) -> tuple[Segment, ...]:
    """LaTeX the engine computed, as one inline segment."""
    return (Segment("math", latex),)
