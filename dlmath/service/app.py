"""The FastAPI application: `create_app(settings)`. Routes read the request,
call `GradingService` on a worker thread and answer; every error is JSON
with a status that fits (404 with close ids, 413, 422, 429 and 503 with
Retry-After, 401 without the instructor's token)."""
from __future__ import annotations

import secrets
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import asdict
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, AsyncIterator, Callable

from fastapi import Depends, FastAPI, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from dlmath.classroom.report import class_report
from dlmath.classroom.store import Store
from dlmath.export.html import KatexMissing, katex
from dlmath.export.reports import render_report
from dlmath.export.views import exercise_view
from dlmath.service.grading import ANONYMOUS, GradingService, NotFound, who
from dlmath.service.guard import Admission, BodyLimit, RateLimit, Refused
from dlmath.service.schemas import (
    MAX_ID_CHARS,
    AnswerIn,
    AttemptOut,
    BatchIn,
    BatchOut,
    ErrorOut,
    ExerciseOut,
    ExerciseSummary,
    GradeIn,
    InstructorExercise,
    PreviewOut,
    VariantOut,
    VerdictOut,
    instructor_exercise,
    preview_out,
    student_exercise,
    summary,
    verdict_out,
)
from dlmath.service.settings import TOKEN_VARIABLE, Settings
from exercises import Assignment, Exercise, VariantError

STATIC = Path(__file__).resolve().parent / "static"
ERRORS: dict[int | str, dict[str, Any]] = {status: {"model": ErrorOut} for status in (404, 413, 429, 503)}
AUTH_ERRORS: dict[int | str, dict[str, Any]] = {401: {"model": ErrorOut}, 404: {"model": ErrorOut}}


def create_app(settings: Settings | None = None, service: GradingService | None = None) -> FastAPI:
    """The app over a running `service` (one is started from `settings` when not given;
    the app closes what it started when it shuts down)."""
    settings = settings or Settings()
    problem = settings.problem()
    if problem:
        raise ValueError(problem)
    owned = service is None
    service = service or GradingService(settings.db, settings.workers,
                                        assignment=Assignment(settings.assignment) if settings.variants else None)
    rate = RateLimit(settings.rate, settings.burst)
    admission = Admission(settings.workers + settings.queue, retry_after=1.0)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        if owned:
            service.close()

    app = FastAPI(title="dlmath", version=_version(), lifespan=lifespan,
                  description="Grading, previews and worked solutions for the exercises of "
                              "*Mathematics for Deep Learning*. The practice page is at `/`.")
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    app.state.service, app.state.settings, app.state.admission = service, settings, admission

    @app.exception_handler(Refused)
    async def refused(_: Request, err: Refused) -> JSONResponse:
        return JSONResponse({"detail": err.message}, status_code=err.status, headers=err.headers())

    @app.exception_handler(NotFound)
    async def not_found(_: Request, err: NotFound) -> JSONResponse:
        return JSONResponse({"detail": err.message, "suggestions": err.suggestions}, status_code=404)

    @app.exception_handler(VariantError)
    async def no_variant(_: Request, err: VariantError) -> JSONResponse:  # a defect of the bank, said as it is
        return JSONResponse({"detail": f"This exercise's variant could not be made: {err}"}, status_code=500)

    @app.exception_handler(Exception)
    async def internal(_: Request, err: Exception) -> JSONResponse:  # never a traceback to the client
        return JSONResponse({"detail": "Internal error; the request was not completed."}, status_code=500)

    async def limited(request: Request) -> None:  # on the event loop, as RateLimit needs
        rate.take(request.client.host if request.client else "unknown")

    async def graded(weight: int, call: Callable[..., Any], *args: Any) -> Any:
        """`call` on a worker thread, inside the admission bound."""
        admission.enter(weight)
        try:
            return await run_in_threadpool(call, *args)
        finally:
            admission.leave(weight)

    bearer = HTTPBearer(auto_error=False, description=f"the token in {TOKEN_VARIABLE}")

    def instructor(credentials: HTTPAuthorizationCredentials | None = Depends(bearer)) -> None:
        token = settings.instructor_token
        if token is None or credentials is None or not secrets.compare_digest(credentials.credentials.encode(),
                                                                              token.encode()):
            raise Refused(401, "This needs the instructor's token (Authorization: Bearer ...).")

    # --- the practice page and its assets ---------------------------------------------------------

    @app.get("/", include_in_schema=False)
    async def practice_page() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html")

    @app.get("/katex/katex.js", include_in_schema=False)
    async def katex_script() -> Response:
        return Response(_katex().script, media_type="text/javascript")

    @app.get("/katex/katex.css", include_in_schema=False)
    async def katex_style() -> Response:
        return Response(_katex().style, media_type="text/css")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    # --- students ----------------------------------------------------------------------------------

    @app.get("/api/health")
    async def health() -> dict[str, Any]:
        return {"status": "ok", "workers": settings.workers, "grading": admission.inside,
                "capacity": admission.capacity}

    @app.get("/api/exercises", response_model=list[ExerciseSummary])
    async def exercises(section: str | None = Query(None, description="only this section: 17.7, notes")) -> Any:
        return [summary(ex) for ex in service.bank if section is None or ex.section == section]

    @app.get("/api/exercises/{exercise_id}", response_model=ExerciseOut, responses=ERRORS)
    async def exercise(request: Request, exercise_id: str,
                       student: str | None = Query(None, max_length=MAX_ID_CHARS),
                       session: str | None = Query(None, max_length=MAX_ID_CHARS)) -> Any:
        """The exercise; with variants, the student's (or the session's) own. Reading the bank is not
        limited; drawing a variant is computed, so it counts against the rate and the admission bound."""
        whose = who(student, session)
        if service.assignment is None or whose == ANONYMOUS:
            found = service.exercise(exercise_id)
        else:
            await limited(request)
            found = await graded(1, service.exercise, exercise_id, whose)
        return student_exercise(found, exercise_view(found, "problems"), settings.solution_after)

    @app.get("/api/exercises/{exercise_id}/solution", responses={403: {"model": ErrorOut}, **ERRORS})
    async def student_solution(exercise_id: str, student: str | None = None, session: str | None = None) -> Any:
        """The worked solution, once the student has made `solution_after` attempts (never, by default)."""
        whose = who(student, session)
        found = await run_in_threadpool(service.exercise, exercise_id, whose)
        needed = settings.solution_after
        if needed is None:
            raise Refused(403, "Worked solutions are not shown on this service.")
        made = await run_in_threadpool(service.attempts, whose, found.id)
        if made < needed:
            raise Refused(403, f"The worked solution is shown after {needed} attempts; {made} so far.")
        return await _solution(found)

    @app.post("/api/preview", response_model=PreviewOut, responses=ERRORS, dependencies=[Depends(limited)])
    async def preview(body: AnswerIn) -> Any:
        """How the answer is read (its LaTeX) or why it cannot be, without a verdict."""
        return preview_out(await graded(1, service.preview, body.exercise, body.answer,
                                        who(body.student, body.session)))

    @app.post("/api/grade", response_model=VerdictOut, responses=ERRORS, dependencies=[Depends(limited)])
    async def grade(body: GradeIn) -> Any:
        """The verdict; the attempt is kept in the store."""
        verdict = await graded(1, service.grade, body.exercise, body.answer, who(body.student, body.session),
                               body.channel)
        return verdict_out(verdict)

    @app.post("/api/grade/batch", response_model=BatchOut, responses=ERRORS, dependencies=[Depends(limited)])
    async def grade_batch(body: BatchIn) -> Any:
        """Up to `max_batch` answers (50 by default), graded on the pool, verdicts in order."""
        if len(body.answers) > settings.max_batch:
            raise Refused(413, f"A batch holds at most {settings.max_batch} answers, not {len(body.answers)}.")
        for item in body.answers:
            service.part(item.exercise)  # an unknown id is a 404 before anything is graded

        def each(item: GradeIn) -> VerdictOut:
            return verdict_out(service.grade(item.exercise, item.answer, who(item.student, item.session),
                                             item.channel))
        weight = max(1, min(len(body.answers), settings.workers))
        verdicts = await graded(weight, _in_parallel, each, body.answers, weight)
        return BatchOut(verdicts=verdicts)

    # --- instructors: the token ----------------------------------------------------------------

    @app.get("/api/instructor/exercises/{exercise_id}", response_model=InstructorExercise,
             responses=AUTH_ERRORS, dependencies=[Depends(instructor)])
    async def instructor_view(exercise_id: str, student: str | None = Query(None, max_length=MAX_ID_CHARS)) -> Any:
        """The exercise with its answers; with `student`, that student's variant."""
        found = await run_in_threadpool(service.exercise, exercise_id, who(student, None))
        solutions = await run_in_threadpool(exercise_view, found, "solutions")
        return instructor_exercise(found, exercise_view(found, "problems"), solutions)

    @app.get("/api/instructor/exercises/{exercise_id}/solution", responses=AUTH_ERRORS,
             dependencies=[Depends(instructor)])
    async def instructor_solution(exercise_id: str, student: str | None = Query(None, max_length=MAX_ID_CHARS)
                                  ) -> Any:
        return await _solution(await run_in_threadpool(service.exercise, exercise_id, who(student, None)))

    @app.get("/api/instructor/attempts", response_model=list[AttemptOut], responses=AUTH_ERRORS,
             dependencies=[Depends(instructor)])
    async def attempts(exercise: str | None = None, student: str | None = None) -> Any:
        found = await run_in_threadpool(service.store.attempts, exercise=exercise, student=student)
        return [AttemptOut(student=a.student, exercise=a.exercise, part=a.part, answer=a.answer, channel=a.channel,
                           attempted_at=a.attempted_at, verdict=verdict_out(a.verdict),
                           variant=VariantOut(seed=a.variant_seed, note=a.variant_note)
                           if a.variant_seed is not None else None) for a in found]

    @app.get("/api/instructor/report", response_class=HTMLResponse, responses=AUTH_ERRORS,
             dependencies=[Depends(instructor)])
    async def report(title: str = "Class report") -> HTMLResponse:
        """The class report of the store (class grading and practice), as one offline HTML page."""
        def made() -> str:
            with Store(settings.db, write=False) as store:  # its own connection: the writer's serves the requests
                computed = class_report(store.results(), service.bank, title=title, practice=store.attempts())
            return render_report(computed, "html")
        return HTMLResponse(await run_in_threadpool(made))

    async def _solution(exercise: Exercise) -> Any:
        view = await run_in_threadpool(exercise_view, exercise, "solutions")
        if view.derivation is None:
            raise Refused(404, view.derivation_problem or "This exercise has no worked solution.")
        return asdict(view.derivation)

    return app


def _in_parallel(each: Callable[[Any], Any], items: list[Any], threads: int) -> list[Any]:
    with ThreadPoolExecutor(threads) as running:
        return list(running.map(each, items))


def _katex() -> Any:
    try:
        return katex()
    except KatexMissing as err:
        raise Refused(503, str(err)) from None


def _version() -> str:
    try:
        return version("dlmath")
    except PackageNotFoundError:
        return "unknown"
