"""The `dlmath` command: the front door to the bank, the grader and the deriver.

Each subcommand is a thin shell over a library call; nothing here computes.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from exercises import BankError, UnknownExercise, default_bank
from exercises.describe import details, summary
from exercises.render import render
from grader import DEFAULT_BUDGET_S


def _bank():
    try:
        return default_bank()
    except BankError as err:
        raise click.ClickException(str(err)) from None


def _exercise(exercise_id: str):
    try:
        return _bank().get(exercise_id)
    except UnknownExercise as err:
        raise click.ClickException(str(err)) from None


def _print_json(value: Any) -> None:
    click.echo(json.dumps(value, indent=2, ensure_ascii=False))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="dlmath")
def main() -> None:
    """dlmath: exercises, auto-grading and worked solutions for the
    mathematics of deep learning."""


@main.group(invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list instead of a table.")
@click.option("--section", help="Only this section, e.g. 17.4 or notes.")
@click.pass_context
def exercises(ctx: click.Context, as_json: bool, section: str | None) -> None:
    """List the exercise bank (id, title, answer type, gradable or manual)."""
    if ctx.invoked_subcommand is not None:
        return
    rows = [summary(ex) for ex in _bank() if section in (None, ex.section)]
    if section and not rows:
        raise click.ClickException(f"no exercises in section {section!r}")
    if as_json:
        _print_json(rows)
        return
    width = max(len(r["id"]) for r in rows)
    type_width = max(len(r["type"]) for r in rows)
    for r in rows:
        mode = "gradable" if r["gradable"] else "manual"
        flag = "  [erratum]" if r.get("erratum") else ""
        click.echo(f"{r['id']:<{width}}  {r['type']:<{type_width}}  {mode:<8}  {r['title']}{flag}")
    gradable = sum(r["gradable"] for r in rows)
    click.echo(f"{len(rows)} exercises, {gradable} auto-graded, {len(rows) - gradable} graded by a person", err=True)


@exercises.command("show")
@click.argument("exercise_id")
@click.option("--json", "as_json", is_flag=True, help="Print the exercise as JSON.")
def exercises_show(exercise_id: str, as_json: bool) -> None:
    """Show one exercise: statement, answer type, symbols and reference."""
    data = details(_exercise(exercise_id))
    if as_json:
        _print_json(data)
    else:
        click.echo(render("exercise.txt.j2", ex=data), nl=False)


@main.command()
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--exercise", "exercise_id", help="Grade one answer to this exercise (e.g. 17.3.1, or 17.6.3/why).")
@click.option("--answer", help="The answer to grade, in LaTeX or plain text.")
@click.option("--json", "as_json", is_flag=True, help="Print the verdict as one JSON object.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write batch results here (.csv for CSV, else JSON Lines). Default: JSON Lines on stdout.")
@click.option("--budget", default=DEFAULT_BUDGET_S, show_default=True, help="Seconds allowed per answer.")
def grade(file: Path | None, exercise_id: str | None, answer: str | None, as_json: bool, out: Path | None,
          budget: float) -> None:
    """Grade one answer (--exercise ID --answer TEXT) or a FILE of answers.

    FILE is JSON Lines or CSV with columns `exercise` and `answer`; other
    columns (such as `student`) are copied through. Each output record adds
    status, score, feedback, interpreted and method.
    """
    from grader import grade as grade_one
    from grader.batch import grade_file

    if file is not None:
        if exercise_id or answer:
            raise click.UsageError("give either FILE or --exercise/--answer, not both")
        handle = open(out, "w", encoding="utf-8", newline="") if out else sys.stdout
        try:
            summary = grade_file(file, handle, lambda e, a: grade_one(e, a, budget_s=budget),
                                 as_csv=bool(out and out.suffix == ".csv"))
        finally:
            if out:
                handle.close()
        click.echo(summary.line(), err=True)
        return
    if exercise_id is None or answer is None:
        raise click.UsageError("give --exercise and --answer, or a FILE of answers")
    verdict = grade_one(exercise_id, answer, budget_s=budget)
    if as_json:
        data = {"exercise": exercise_id, **{k: getattr(verdict, k) for k in
                ("status", "score", "feedback", "interpreted", "method")}}
        if verdict.warnings:
            data["warnings"] = list(verdict.warnings)
        _print_json(data)
    else:
        click.echo(render("verdict.txt.j2", v=verdict.as_dict(), exercise=exercise_id), nl=False)
    if verdict.method == "unknown-exercise":
        sys.exit(2)


@main.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.argument("name", required=False)
@click.option("--list", "list_all", is_flag=True, help="List the catalog of derivations and generators.")
@click.option("--json", "as_json", is_flag=True, help="With --list: print the catalog as JSON.")
@click.option("--format", "fmt", type=click.Choice(["text", "latex", "markdown", "json"]), default="text",
              show_default=True, help="How to print the derivation.")
@click.pass_context
def derive(ctx: click.Context, name: str | None, list_all: bool, as_json: bool, fmt: str) -> None:
    """Print the worked derivation NAME, every step checked.

    Generators take their inputs as options, for example
    `dlmath derive derivative --expr "log(1 + (x-1)^10)" --var x`
    or `dlmath derive coin-mle --n_H 3 --n_T 5`; `--list` shows each one's inputs.
    """
    from deriver import DerivationFailed, catalog
    from deriver import derive as build
    from deriver.inputs import CONVERTERS
    from deriver.render import as_json_data, render_derivation

    entries = catalog()
    if list_all or name is None:
        if as_json:
            _print_json([entry.as_dict() for entry in entries.values()])
            return
        for entry in entries.values():
            inputs = " ".join(f"--{p} <{kind}>" for p, kind in entry.params.items())
            click.echo(f"{entry.name:<32} {entry.title}{'   ' + inputs if inputs else ''}")
        return
    if name not in entries:
        import difflib

        close = difflib.get_close_matches(name, entries, n=3)
        raise click.ClickException(f"no derivation {name!r}" + (f"; did you mean {', '.join(close)}?" if close else ""))
    entry = entries[name]
    inputs = _options(ctx.args)
    unknown = set(inputs) - set(entry.params)
    if unknown:
        allowed = ", ".join(f"--{p}" for p in entry.params) or "none"
        raise click.UsageError(f"{name} has no input {', '.join('--' + u for u in sorted(unknown))} (inputs: {allowed})")
    try:
        values = {key: CONVERTERS[entry.params[key]](text) for key, text in inputs.items()}
        derivation = build(name, **values)
    except DerivationFailed as err:
        raise click.ClickException(str(err)) from None
    except (ValueError, TypeError, ArithmeticError) as err:
        raise click.ClickException(f"cannot derive {name} for these inputs: {err}") from None
    except Exception as err:  # an input the parser rejects (AnswerError) or SymPy cannot handle
        raise click.ClickException(f"cannot derive {name} for these inputs: {err}") from None
    if fmt == "json":
        _print_json(as_json_data(derivation))
    else:
        click.echo(render_derivation(derivation, fmt), nl=False)


def _options(args: list[str]) -> dict[str, str]:
    """`--expr TEXT --var x` (or `--expr=TEXT`) -> {"expr": TEXT, "var": "x"}."""
    values: dict[str, str] = {}
    index = 0
    while index < len(args):
        word = args[index]
        if not word.startswith("--"):
            raise click.UsageError(f"unexpected argument {word!r}")
        key, sep, value = word[2:].partition("=")
        if not sep:
            if index + 1 >= len(args):
                raise click.UsageError(f"--{key} needs a value")
            index += 1
            value = args[index]
        values[key.replace("-", "_")] = value
        index += 1
    return values


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the findings as a JSON list.")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "latex"]), default="text", show_default=True)
def errata(as_json: bool, fmt: str) -> None:
    """The seeds' mistakes found by the audit, each with its equation number."""
    from deriver.errata import audit

    findings = [f.as_dict() for f in audit()]
    if as_json:
        _print_json(findings)
        return
    extension = {"text": "txt", "markdown": "md", "latex": "tex"}[fmt]
    click.echo(render(f"errata.{extension}.j2", findings=findings), nl=False)


@main.command()
@click.option("--exercise", "exercise_id", default="17.7.coin", show_default=True,
              help="The exercise to show after the listing.")
def demo(exercise_id: str) -> None:
    """The main job for a new user: list the bank, then show one exercise."""
    ctx = click.get_current_context()
    ctx.invoke(exercises, as_json=False, section=None)
    click.echo()
    ctx.invoke(exercises_show, exercise_id=exercise_id, as_json=False)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
