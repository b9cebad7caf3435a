"""`dlmath errata`: where the course text is wrong, with equation numbers."""
from __future__ import annotations

import click

from deriver.errata import mistakes
from dlmath.cli.common import bank, print_json
from dlmath.export import errata_views, render_errata


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the mistakes, each with its findings, as a JSON list.")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "latex"]), default="text", show_default=True,
              help="latex: a fragment to \\input (the solutions manual has it as an appendix).")
def errata(as_json: bool, fmt: str) -> None:
    """The course text's mistakes found by the audit, one entry per mistake,
    each with its equation numbers and the findings that show it."""
    if as_json:
        print_json([{"where": m.where, "findings": [f.as_dict() for f in m.findings]} for m in mistakes()])
        return
    click.echo(render_errata(errata_views(list(bank())), fmt), nl=False)
