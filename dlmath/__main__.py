"""`python -m dlmath`: the same as the `dlmath` command."""
from dlmath.cli import run

run()
