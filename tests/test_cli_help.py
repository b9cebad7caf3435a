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
