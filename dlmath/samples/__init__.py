"""A sample class, as an LMS would export it, for `dlmath demo`: 30 students'
answers (simulated from the labelled corpus by tests/simulated_class.py) and
two rows with the defects real exports have."""
from __future__ import annotations

from pathlib import Path

SAMPLE_CLASS = Path(__file__).with_name("class.csv")
