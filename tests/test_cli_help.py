"""`dlmath --help` is instant: it lists every command without importing
them, so it loads neither SymPy nor the bank."""
from __future__ import annotations

import subprocess
import sys

import click

from dlmath.cli import COMMANDS, main

PROBE = """
import sys
from dlmath.cli import main
try:
    main(["--help"])
except SystemExit:
    pass
heavy = sorted(m for m in ("sympy", "exercises", "grader", "deriver", "yaml", "matplotlib") if m in sys.modules)
print("loaded:", heavy)
"""


def test_help_imports_nothing_heavy() -> None:
    run = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
    assert "loaded: []" in run.stdout, run.stdout
    for name in COMMANDS:
        assert name in run.stdout


def test_every_listed_command_loads_under_its_name() -> None:
    ctx = click.Context(main)
    for name in COMMANDS:
        command = main.get_command(ctx, name)
        assert isinstance(command, click.Command) and command.name == name, name
    assert main.get_command(ctx, "nope") is None


ONE_ANSWER = """
import sys
from dlmath.cli import run
sys.argv = ["dlmath", "grade", "--exercise", "17.3.1", "--answer", sys.argv[1]]
import os
real_exit = os._exit
def report(code):
    loaded = sorted(m for m in ("numpy", "latex2sympy2_extended", "antlr4", "yaml", "tqdm", "matplotlib")
                    if m in sys.modules)
    print("loaded:", loaded, "code:", code, flush=True)
    real_exit(code)
os._exit = report
run()
"""


def test_one_plain_answer_loads_only_what_grading_it_needs() -> None:
    """No NumPy, LaTeX backend, YAML, progress bar or plots for one answer,
    and the process ends at once after the verdict, with its exit code."""
    for answer in ("3x^2 - 4", r"3x^{2} - 4"):  # plain text, and LaTeX the fast path reads
        run = subprocess.run([sys.executable, "-c", ONE_ANSWER, answer], capture_output=True, text=True, check=True)
        assert "CORRECT" in run.stdout and "loaded: [] code: 0" in run.stdout, run.stdout + run.stderr
