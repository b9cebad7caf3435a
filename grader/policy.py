"""The grading policy: every knob that can change a verdict, in one frozen
object passed down from `grade()` to the numeric probe, and part of every
cache key (as Math-Verify passes its frozen configs)."""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, replace
from typing import Any

MAX_BUDGET_S = 600.0


@dataclass(frozen=True)
class GradingPolicy:
    """How hard and how strictly one answer is graded.

    `budget_s` is the CPU time one answer may take (so a busy machine gives
    the verdicts an idle one does); `memory_bytes` is
    the address space its grading may add to the warm worker (RLIMIT_AS).
    `probe_points` and `relative_tolerance` drive the numeric probe of the
    equivalence engine; a decimal answer needs `min_significant_figures`.
    `max_length` (characters) is checked before anything else is done.
    `explain_wrong`: a wrong true/false or choice answer is told the part's
    explanation, which gives the answer away; a practice page, where the
    student tries again, turns it off.
    """

    budget_s: float = 2.0
    memory_bytes: int = 1 << 30
    probe_points: int = 6
    relative_tolerance: float = 1e-10
    min_significant_figures: int = 3
    max_length: int = 2000
    explain_wrong: bool = True

    def problem(self) -> str | None:
        """Why this policy cannot be used, or None when it can."""
        def finite_positive(value: Any) -> bool:
            return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) \
                and value > 0
        if not finite_positive(self.budget_s) or self.budget_s > MAX_BUDGET_S:
            return f"the time budget must be a number of seconds above 0 and at most {MAX_BUDGET_S:g}, " \
                   f"not {self.budget_s!r}"
        if not finite_positive(self.memory_bytes) or self.memory_bytes < 64 << 20:
            return f"the memory limit must be at least 64 MiB, not {self.memory_bytes!r}"
        for name in ("probe_points", "min_significant_figures", "max_length"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                return f"{name} must be a positive whole number, not {value!r}"
        if not isinstance(self.explain_wrong, bool):
            return f"explain_wrong must be true or false, not {self.explain_wrong!r}"
        if not finite_positive(self.relative_tolerance) or self.relative_tolerance >= 1:
            return f"the relative tolerance must be between 0 and 1, not {self.relative_tolerance!r}"
        return None

    def key(self) -> str:
        """A stable text of every field, for cache keys."""
        return ";".join(f"{name}={value!r}" for name, value in sorted(asdict(self).items()))

    def with_budget(self, budget_s: float | None) -> "GradingPolicy":
        return self if budget_s is None else replace(self, budget_s=budget_s)


DEFAULT_POLICY = GradingPolicy()
