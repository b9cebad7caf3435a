"""The `dlmath` command: the front door to the bank, the grader and the
deriver. One module per command; each is a thin shell over library calls."""
from __future__ import annotations

import click

from dlmath.cli.demo import demo
from dlmath.cli.derive import derive
from dlmath.cli.errata import errata
from dlmath.cli.exercises import exercises
from dlmath.cli.export import export_group
from dlmath.cli.grade import grade
from dlmath.cli.gradebook import gradebook
from dlmath.cli.gradescope import gradescope
from dlmath.cli.report import report


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="dlmath")
def main() -> None:
    """dlmath: exercises, auto-grading and worked solutions for the
    mathematics of deep learning."""


for command in (exercises, grade, gradebook, gradescope, report, derive, errata, export_group, demo):
    main.add_command(command)
