"""`dlmath serve`: the HTTP grading API and the practice page."""
from __future__ import annotations

from pathlib import Path

import click
import uvicorn  # the [serve] extra: without it, `dlmath serve` says what to install (dlmath.cli.EXTRAS)

from dlmath.service.app import create_app
from dlmath.service.settings import TOKEN_VARIABLE, Settings


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), default=Path("dlmath-output/grades.db"),
              show_default=True, help="The results store the attempts are kept in.")
@click.option("--workers", type=click.IntRange(1, 256), default=None,
              help="Sandboxes grading at once [default: one per core].")
@click.option("--queue", type=click.IntRange(0, 10_000), default=32, show_default=True,
              help="Requests that may wait for a sandbox; past them the answer is 503.")
@click.option("--rate", type=click.FloatRange(min=0, min_open=True), default=10.0, show_default=True,
              help="Requests a second per client; past them (and a burst) the answer is 429.")
@click.option("--burst", type=click.IntRange(1, 100_000), default=40, show_default=True)
@click.option("--solution-after", type=click.IntRange(1, 1000), default=None,
              help="Show a student the worked solution after this many attempts [default: never].")
@click.option("--variants", is_flag=True,
              help="Give each student (or anonymous session) their own variant of a randomised exercise.")
@click.option("--assignment", default=None, help="The assignment the variants are drawn for (implies --variants).")
def serve(host: str, port: int, db: Path, workers: int | None, queue: int, rate: float, burst: int,
          solution_after: int | None, variants: bool, assignment: str | None) -> None:
    """Serve the grading API (docs at /docs) and the practice page (at /).

    Students see statements, previews, verdicts, feedback and hints. The
    references, worked solutions, attempts and the class report are at
    /api/instructor/..., for the bearer token in DLMATH_INSTRUCTOR_TOKEN.
    With --variants, each student reads, answers and sees solved their own
    numbers: the same variant as `dlmath variant ID --student NAME` and as
    `dlmath grade FILE --variants` give them, for the same --assignment."""
    settings = Settings(db=db, queue=queue, rate=rate, burst=burst, solution_after=solution_after,
                        variants=variants or assignment is not None, assignment=assignment or "",
                        **({"workers": workers} if workers else {}))
    problem = settings.problem()
    if problem:
        raise click.ClickException(problem)
    app = create_app(settings)  # the sandboxes start here, before the server's threads
    click.echo(f"practice page: http://{host}:{port}/   API docs: http://{host}:{port}/docs   store: {db.resolve()}",
               err=True)
    if settings.instructor_token is None:
        click.echo(f"instructor endpoints are closed: set {TOKEN_VARIABLE} to open them", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=5)
