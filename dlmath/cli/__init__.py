"""The `dlmath` command: the front door to the bank, the grader and the
deriver. One module per command; each is a thin shell over library calls.

A command's module is imported only when that command runs (Click's "lazy
loading of subcommands"), so `dlmath --help` does not import SymPy; the
listing's one-line help is therefore kept here, in `COMMANDS`.
"""
from __future__ import annotations

import contextlib
import importlib
import os
import sys
from pathlib import Path

import click

# name -> (module:attribute, the one line `dlmath --help` shows)
COMMANDS: dict[str, tuple[str, str]] = {
    "exercises": ("dlmath.cli.exercises:exercises", "List the exercise bank, or show one exercise."),
    "grade": ("dlmath.cli.grade:grade", "Grade one answer, or a class's file of answers into the store."),
    "gradebook": ("dlmath.cli.gradebook:gradebook", "Write the store's gradebook for Canvas, Moodle or as CSV."),
    "gradescope": ("dlmath.cli.gradescope:gradescope", "Grade a Gradescope submission into results.json."),
    "report": ("dlmath.cli.report:report", "Write the class report (HTML or PDF) from the store."),
    "derive": ("dlmath.cli.derive:derive", "Print a worked derivation, every step checked."),
    "errata": ("dlmath.cli.errata:errata", "List the course text's mistakes, with equation numbers."),
    "export": ("dlmath.cli.export:export_group", "Write problem sets and worked solutions (PDF, LaTeX, HTML, MD)."),
    "variant": ("dlmath.cli.variant:variant", "Print a student's variant of an exercise, with its own solution."),
    "serve": ("dlmath.cli.serve:serve", "Serve the grading API and the practice page over HTTP."),
    "bank": ("dlmath.cli.bank:bank_group", "Write and check an instructor's own exercise bank."),
    "demo": ("dlmath.cli.demo:demo", "The main job: the bank, a class graded, the worked solutions."),
}


# commands that need an optional extra: the extra's name
EXTRAS = {"serve": "serve"}


def _needs_extra(name: str, extra: str, missing: str) -> click.Command:
    """A stand-in for a command whose extra is not installed: it says what to install."""
    def refuse() -> None:
        raise click.ClickException(f"dlmath {name} needs {missing}, which is not installed: "
                                   f"pip install 'dlmath[{extra}]' (in a checkout: pip install '.[{extra}]')")
    return click.Command(name, callback=refuse, help=f"(needs: pip install 'dlmath[{extra}]')",
                         context_settings={"ignore_unknown_options": True, "allow_extra_args": True})


class LazyGroup(click.Group):
    """A group whose subcommands are imported when they are used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        where, short_help = COMMANDS[name]
        module, attribute = where.split(":")
        try:
            command = getattr(importlib.import_module(module), attribute)
        except ModuleNotFoundError as missing:
            if name not in EXTRAS or (missing.name or "").split(".")[0] in ("dlmath", "grader", "deriver", "exercises"):
                raise
            command = _needs_extra(name, EXTRAS[name], missing.name or "a package")
        command.short_help = short_help
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, short_help) for name, (_, short_help) in COMMANDS.items()])


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="dlmath")
def main() -> None:
    """dlmath: exercises, auto-grading and worked solutions for the
    mathematics of deep learning."""
    chosen = os.environ.get("DLMATH_BANK")
    if chosen and not any(Path(chosen).glob("*.yaml")):  # never the shipped bank in place of a mistyped one
        raise click.ClickException(f"DLMATH_BANK={chosen}: no exercise bank there (no *.yaml files); "
                                   "write one with dlmath bank new DIR")


class _Ending:
    """Whether the command asked to end without the interpreter's teardown."""

    quick = False


def end_quickly() -> None:
    """Ask `run` to end the process at once after this command: for a command
    that has written all it will and holds no store or open file (one
    answer's verdict). Tearing down an interpreter that holds SymPy takes a
    fifth of a second, longer than grading the answer."""
    _Ending.quick = True


def run() -> None:
    """The `dlmath` program: `main`, ended at once where the command asked."""
    try:
        main()
    except SystemExit as done:
        if not _Ending.quick:
            raise
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError):  # a reader that went away (`| head`)
                stream.flush()
        os._exit(done.code if isinstance(done.code, int) else 0 if done.code is None else 1)
