"""Units after a numeric answer: read, checked against the unit the question
asks for, and taken off before the value is read.

Information comes in bits or nats (the question's unit, or bits where the
section's logarithm is base 2): the other one is a wrong unit, not a
decoration. A percentage is a probability or a rate written out of 100.
Any other unit the question declares (`m^2`, `rad`) is simply taken off.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from grader.normalize import strip_delimiters

_PER = r"(?:\s*(?:per|/)\s*(?:character|char|symbol|letter|token))?"
INFORMATION = {
    "bits": re.compile(r"bits?" + _PER + r"|bpc", re.I),
    "nats": re.compile(r"nats?" + _PER, re.I),
}
PERCENT = re.compile(r"\\%|%|percent|pct", re.I)
TRAILING = re.compile(
    r"^(?P<value>.*?\S)\s*(?:\\[,;:! ]\s*|~)*(?:\\(?:text|mathrm|textrm|mbox|operatorname)\s*\{\s*)?"
    r"(?P<unit>(?:bits?|nats?)" + _PER + r"|bpc|\\%|%|percent|pct)\s*\}?\s*\.?\s*$",
    re.I | re.S,
)


@dataclass(frozen=True)
class UnitReading:
    text: str  # the answer with its unit taken off
    unit: str | None = None  # bits, nats or percent
    problem: str | None = None  # why the unit is wrong for this question


def expected_information_unit(declared: str | None, log_base: str) -> str | None:
    """bits or nats when the question measures information, else None."""
    for name, pattern in INFORMATION.items():
        if declared and pattern.fullmatch(declared.strip()):
            return name
    return "bits" if log_base == "2" and not declared else None


def read_unit(text: str, declared: str | None, log_base: str, probability: bool) -> UnitReading:
    """Take a trailing bits/nats/percent off `text` and say whether it fits."""
    match = TRAILING.match(strip_delimiters(text))
    if not match:
        return UnitReading(text)
    value, unit_text = match.group("value"), match.group("unit")
    if PERCENT.fullmatch(unit_text):
        if not probability:
            return UnitReading(text, "percent", "a percentage, where the answer is not a probability or a rate: "
                                                 "give the number itself")
        return UnitReading(value, "percent")
    unit = next(name for name, pattern in INFORMATION.items() if pattern.fullmatch(unit_text))
    wanted = expected_information_unit(declared, log_base)
    if wanted is None:
        return UnitReading(value, unit, f"{unit} measure information; the answer here is a number without that "
                                        "unit")
    if unit != wanted:
        return UnitReading(value, unit, f"the question asks for {wanted}; this answer is in {unit}")
    return UnitReading(value, unit)
