"""`dlmath errata`: where the course text is wrong, with equation numbers."""
from __future__ import annotations

import click

from deriver.errata import audit
from dlmath.cli.common import print_json
from exercises.render import render


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the findings as a JSON list.")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "latex"]), default="text", show_default=True)
def errata(as_json: bool, fmt: str) -> None:
    """The seeds' mistakes found by the audit, each with its equation number."""
    findings = [f.as_dict() for f in audit()]
    if as_json:
        print_json(findings)
        return
    extension = {"text": "txt", "markdown": "md", "latex": "tex"}[fmt]
    click.echo(render(f"errata.{extension}.j2", findings=findings), nl=False)
