"""What the commands share: the bank, looked up with errors a user can read,
and JSON printing."""
from __future__ import annotations

import json
from typing import Any

import click

from exercises import Bank, BankError, Exercise, UnknownExercise, default_bank


def bank() -> Bank:
    try:
        return default_bank()
    except BankError as err:
        raise click.ClickException(str(err)) from None


def exercise(exercise_id: str) -> Exercise:
    try:
        return bank().get(exercise_id)
    except UnknownExercise as err:
        raise click.ClickException(str(err)) from None


def print_json(value: Any) -> None:
    click.echo(json.dumps(value, indent=2, ensure_ascii=False))
