"""Units after a numeric answer: read, checked against the unit the question
asks for, and taken off before the value is read.

Information comes in bits or nats (the question's unit, or bits where the
section's logarithm is base 2): the other one is a wrong unit, not a
decoration. A percentage is a probability or a rate written out of 100.
Units of length, area and angle are compared with the one the question
declares (`m^2`, `rad`); degrees are read, and converted by the caller.
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
PERCENT = re.compile(r"\\%|%|per\s?cent(?:age)?|pct", re.I)
_WRAP = r"(?:\\(?:text|mathrm|textrm|mbox|operatorname)\s*\{\s*)?"
PHYSICAL = re.compile(
    r"^(?P<value>.*?[\d}).]\s*)(?:\\[,;:! ]\s*|~)*" + _WRAP +
    r"(?P<unit>(?:[kcm]?m|rad(?:ians?)?|deg(?:rees?)?)\s*\}?\s*(?:\^\s*\{?\s*[23]\s*\}?|[²³])?)\s*\}?\s*\.?\s*$",
    re.S,
)
TRAILING = re.compile(
    r"^(?P<value>.*?\S)\s*(?:\\[,;:! ]\s*|~)*" + _WRAP +
    r"(?P<unit>(?:bits?|nats?)" + _PER + r"|bpc|\\%|%|per\s?cent(?:age)?|pct)\s*\}?\s*\.?\s*$",
    re.I | re.S,
)


@dataclass(frozen=True)
class UnitReading:
    text: str  # the answer with its unit taken off
    unit: str | None = None  # bits, nats, percent, deg, or a unit of length or area such as m^2
    problem: str | None = None  # why the unit is wrong for this question


def expected_information_unit(declared: str | None, log_base: str) -> str | None:
    """bits or nats when the question measures information, else None."""
    for name, pattern in INFORMATION.items():
        if declared and pattern.fullmatch(declared.strip()):
            return name
    return "bits" if log_base == "2" and not declared else None


def canonical_unit(unit: str) -> str:
    """`\\mathrm{m}^2`, `m²` -> m^2; radians -> rad; degrees, deg -> deg."""
    unit = re.sub(r"\\(?:text|mathrm|textrm|mbox|operatorname)\s*\{([^{}]*)\}", r"\1", unit)
    unit = unit.replace("²", "^2").replace("³", "^3").replace("{", "").replace("}", "")
    unit = re.sub(r"\s+", "", unit)
    return re.sub(r"^rad(?:ians?)?", "rad", re.sub(r"^deg(?:rees?)?", "deg", unit))


def read_unit(text: str, declared: str | None, log_base: str, probability: bool,
              names: frozenset[str] = frozenset()) -> UnitReading:
    """Take a trailing unit off `text` and say whether it fits: bits or nats,
    a percentage, or a unit of length, area or angle (degrees are read, for
    the caller to convert). `names` are the question's symbols, never units."""
    physical = PHYSICAL.match(strip_delimiters(text))
    if physical and re.sub(r"[^A-Za-z]", "", physical.group("unit")) not in names:  # `3 m` is a product if m is a name
        unit = canonical_unit(physical.group("unit"))
        wanted = canonical_unit(declared) if declared else None
        if unit == "deg":
            return UnitReading(physical.group("value").strip(), "deg")
        if unit != wanted:
            asked = f"the question asks for {wanted}" if wanted else "the answer here is a number without a unit"
            return UnitReading(physical.group("value").strip(), unit, f"{asked}; this answer is in {unit}")
        return UnitReading(physical.group("value").strip(), unit)
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
