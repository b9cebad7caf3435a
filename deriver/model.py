"""Derivations: ordered, justified, machine-checked steps.

A Step holds a SymPy expression or statement and its relation to the step
before it. `Derivation.verify()` checks every step with the grader's
equivalence engine (or the step's own checker, for implications); a step
that fails makes the derivation fail loudly: `derive()` raises, and the
renderers refuse to print an unverified derivation as if it were true.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Literal

import sympy as sp

Relation = Literal["=", "=>", "<=>", "approx", "<="]
CheckKind = Literal["symbolic", "numeric", "assumed"]
# The only steps taken without a check: what the problem gives (the function,
# the data, the graph) and what a definition says. A theorem applied, a value
# computed, an estimate: each is checked.
Basis = Literal["given", "definition"]
BASES = ("given", "definition")

# A custom checker gets (previous statement, this statement, derivation) and
# returns (passed, method, detail); method is "symbolic" or "numeric".
Checker = Callable[[Any, Any, "Derivation"], tuple[bool, str, str]]


@dataclass
class Step:
    """One line of a derivation."""

    statement: Any  # a SymPy expression, relation or container
    relation: Relation = "="
    rule: str = ""  # the rule's name: "chain rule", "linearity of expectation", ...
    why: str = ""  # one sentence of justification
    assumed: str = ""  # non-empty: taken without check, and the reason
    basis: Basis | None = None  # what an assumed step is: a given of the problem or a definition
    checker: Checker | None = None  # for implications the engine cannot settle alone
    fresh: bool = False  # a new claim with its own checker, not related to the step before: no relation shown
    substeps: list["Step"] = field(default_factory=list)
    display: str | None = None  # LaTeX to show instead of printing `statement`
    # filled in by verification:
    check: CheckKind | None = None
    passed: bool | None = None
    detail: str = ""

    @property
    def justification(self) -> str:
        return ": ".join(part for part in (self.rule, self.why) if part)


@dataclass(frozen=True)
class Source:
    seed: str
    section: str
    equations: tuple[str, ...] = ()
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"seed": self.seed, "section": self.section, "equations": list(self.equations), "note": self.note}


@dataclass
class Derivation:
    """A titled chain of steps from givens to a result."""

    name: str
    title: str
    source: Source
    steps: list[Step]
    result: Any
    givens: list[tuple[str, Any]] = field(default_factory=list)  # (label, SymPy value) shown first
    assumptions: dict[Any, Any] = field(default_factory=dict)  # SymPy symbol -> exercises.symbols.Domain
    structures: dict[str, str] = field(default_factory=dict)  # matrix name -> symmetric | positive_definite
    inputs: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # remarks, such as where the seed differs

    @property
    def verified(self) -> bool:
        return all(step.passed for step in self.walk())

    def walk(self):
        """Every step, sub-steps included, in reading order."""
        def visit(steps: list[Step]):
            for step in steps:
                yield step
                yield from visit(step.substeps)
        yield from visit(self.steps)

    def failures(self) -> list[Step]:
        return [step for step in self.walk() if step.passed is False]


class DerivationFailed(AssertionError):
    """A step of a derivation did not pass its check."""

    def __init__(self, derivation: Derivation):
        self.derivation = derivation
        lines = [f"derivation {derivation.name!r} does not verify:"]
        for step in derivation.failures():
            lines.append(f"  step {sp.sstr(step.statement)} ({step.relation}, {step.justification}): {step.detail}")
        super().__init__("\n".join(lines))


def given(statement: Any, reason: str, rule: str = "given", display: str | None = None) -> Step:
    """What the problem gives (the function, the data, a hypothesis), taken without check."""
    return Step(statement, relation="=", rule=rule, assumed=reason, basis="given", display=display)


def definition(statement: Any, reason: str, rule: str = "definition", display: str | None = None) -> Step:
    """A quantity written out by its definition (cite it in `reason`), taken without check.
    Its statement is the defining expression itself, unevaluated: the value is the next step's."""
    return Step(statement, relation="=", rule=rule, assumed=reason, basis="definition", display=display)
