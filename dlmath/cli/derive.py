"""`dlmath derive`: print a worked derivation, every step checked."""
from __future__ import annotations

import difflib

import click

from deriver import Derivation, DerivationFailed, Entry, catalog, solution_of
from deriver import derive as build
from deriver.inputs import CONVERTERS
from deriver.render import as_json_data
from dlmath.cli.common import bank, print_json
from dlmath.export import render_derivation
from grader.errors import AnswerError


@click.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True}, add_help_option=False)
@click.argument("name", required=False)
@click.option("-h", "--help", "show_help", is_flag=True,
              help="Show this message; after NAME, that derivation's inputs and their defaults.")
@click.option("--list", "list_all", is_flag=True, help="List the catalog of derivations and generators.")
@click.option("--json", "as_json", is_flag=True, help="With --list: print the catalog as JSON.")
@click.option("--format", "fmt", type=click.Choice(["text", "latex", "markdown", "json"]), default="text",
              show_default=True, help="How to print the derivation (latex: a fragment to \\input; see --standalone).")
@click.option("--standalone", is_flag=True, help="With --format latex: a whole document that compiles on its own.")
@click.pass_context
def derive(ctx: click.Context, name: str | None, show_help: bool, list_all: bool, as_json: bool, fmt: str,
           standalone: bool) -> None:
    """Print the worked derivation NAME, every step checked. NAME may also be
    an exercise id (`dlmath derive 17.3.4`): the derivation that solves it.

    Generators take their inputs as options, for example
    `dlmath derive derivative --expr "log(1 + (x-1)^10)" --var x`
    or `dlmath derive coin-mle --n_H 3 --n_T 5`; `--list` shows each one's inputs.
    `--format latex` prints a fragment (no preamble) for a document of yours;
    `--format latex --standalone` prints a complete document.
    """
    entries = catalog()
    if show_help and name in entries:
        click.echo(_inputs_help(entries[name]), nl=False)
        return
    if show_help:
        click.echo(ctx.get_help())
        return
    if list_all or name is None:
        if as_json:
            print_json([entry.as_dict() for entry in entries.values()])
            return
        for entry in entries.values():
            inputs = " ".join(f"--{p} <{kind}>" for p, kind in entry.params.items())
            click.echo(f"{entry.name:<32} {entry.title}{'   ' + inputs if inputs else ''}")
        return
    if name not in entries and name.split("/")[0] in bank():
        _print(_solution(name.split("/")[0]), fmt, standalone)
        return
    if name not in entries:
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
    except (AnswerError, ValueError, TypeError, ArithmeticError, NotImplementedError) as err:
        raise click.ClickException(f"cannot derive {name} for these inputs: {err}") from None
    except RecursionError:  # SymPy, on an input outside the generator's family
        raise click.ClickException(f"cannot derive {name} for these inputs: SymPy recursed too deeply on them "
                                   "(an input of another kind than this derivation's)") from None
    _print(derivation, fmt, standalone)


def _inputs_help(entry: Entry) -> str:
    """`dlmath derive NAME --help`: what NAME derives, its inputs and their defaults."""
    lines = [f"Usage: dlmath derive {entry.name}" + "".join(f" [--{p} {kind.upper()}]" for p, kind in entry.params.items()),
             "", f"  {entry.title} ({entry.source.section})", ""]
    if not entry.params:
        lines.append("  It takes no inputs.")
    for param, kind in entry.params.items():
        default = entry.defaults.get(param)
        option = f"--{param} {kind.upper()}"
        lines.append(f"  {option:<26}" + (f"default: {default}" if default is not None else "(required)"))
    return "\n".join(lines) + "\n"


def _print(derivation: Derivation, fmt: str, standalone: bool) -> None:
    if fmt == "json":
        print_json(as_json_data(derivation))
    else:
        click.echo(render_derivation(derivation, fmt, standalone=standalone), nl=False)


def _solution(exercise_id: str) -> Derivation:
    """The worked solution an exercise links to (`dlmath derive 17.3.4`)."""
    derivation = solution_of(bank().get(exercise_id))
    if derivation is None:
        raise click.ClickException(f"exercise {exercise_id} links no worked derivation (its solution is in words: "
                                   f"dlmath exercises show {exercise_id})")
    return derivation


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
