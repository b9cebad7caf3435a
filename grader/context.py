"""What an answer type needs to grade one answer: the notation to read it in,
the policy, and where the numeric probe draws its points."""
from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from exercises.model import Notation
from grader.equivalence import Probe
from grader.policy import GradingPolicy


@dataclass(frozen=True)
class GradingContext:
    notation: Notation
    policy: GradingPolicy
    seed: str  # `exercise/part`: with the answer, it seeds the probe
    deadline: float  # time.process_time() value (CPU seconds) after which the probe stops looking

    @classmethod
    def start(cls, notation: Notation, policy: GradingPolicy, seed: str) -> "GradingContext":
        """A context whose probe stops at 80% of the budget, leaving time to answer."""
        return cls(notation, policy, seed, time.process_time() + policy.budget_s * 0.8)

    def probe(self, normalised: str) -> Probe:
        """Points drawn from the declared domains, seeded by the part and the answer."""
        symbols = self.notation.symbols.values()
        return Probe(
            domains={s.sympy: s.domain for s in symbols if s.kind == "scalar"},
            structures={s.name: s.structure for s in symbols if s.kind == "matrix"},
            seed=hashlib.sha256(f"{self.seed}:{normalised}".encode()).hexdigest(),
            points=self.policy.probe_points,
            tolerance=self.policy.relative_tolerance,
            deadline=self.deadline,
        )
