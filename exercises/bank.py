"""Load the exercise bank: YAML files -> validated entries -> compiled Exercises.

Every problem is reported with the file, the exercise id and the field, and
all problems of a load are reported at once, so an author fixes them in one go.
"""
from __future__ import annotations

import difflib
import re
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import sympy as sp
from pydantic import BaseModel, ValidationError

from exercises.authoring import parse_authored
from exercises.model import AnswerKey, Exercise, ExercisePart, KnownMistake
from exercises.operations import default_forbidden
from exercises.schema import Answer, AnswerType, ExerciseEntry, Mistake, Part, SectionFile
from exercises.symbols import declare_symbols

BANK_DIR = Path(__file__).with_name("bank")


@dataclass(frozen=True)
class BankProblem:
    file: str
    exercise: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.exercise:
            where += f": exercise {self.exercise}"
        if self.field:
            where += f": field {self.field}"
        return f"{where}: {self.message}"


class BankError(Exception):
    """The bank does not load; `problems` says where and why."""

    def __init__(self, problems: list[BankProblem]):
        self.problems = problems
        super().__init__("the exercise bank is malformed:\n" + "\n".join(f"  {p}" for p in problems))


class UnknownExercise(KeyError):
    """An id that is not in the bank, with the ids it may have meant."""

    def __init__(self, exercise_id: str, suggestions: list[str]):
        self.exercise_id = exercise_id
        self.suggestions = suggestions
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"no exercise {exercise_id!r} in the bank{hint}")

    def __str__(self) -> str:
        return self.args[0]


class Bank:
    """The exercises in course order, looked up by id."""

    def __init__(self, exercises: list[Exercise]):
        self._by_id: Mapping[str, Exercise] = {ex.id: ex for ex in exercises}

    @classmethod
    def of(cls, by_id: Mapping[str, Exercise]) -> Bank:
        """A bank over a mapping of id -> exercise in course order (the compiled
        bank's, which loads each exercise when it is first asked for)."""
        bank = cls([])
        bank._by_id = by_id
        return bank

    def __iter__(self) -> Iterator[Exercise]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, exercise_id: object) -> bool:
        return exercise_id in self._by_id

    def ids(self) -> list[str]:
        return list(self._by_id)

    def get(self, exercise_id: str) -> Exercise:
        try:
            return self._by_id[exercise_id]
        except KeyError:
            close = difflib.get_close_matches(exercise_id, self._by_id, n=4, cutoff=0.6)
            prefixed = [i for i in self._by_id if i.startswith(exercise_id)][:4]
            raise UnknownExercise(exercise_id, list(dict.fromkeys(prefixed + close))[:4]) from None


def load_bank(directory: Path | str) -> Bank:
    """Load every `*.yaml` in `directory`; raise BankError listing all problems."""
    directory = Path(directory)
    files = bank_files(directory)
    problems: list[BankProblem] = []
    if not files:
        problems.append(BankProblem(str(directory), None, None, "no *.yaml bank files found"))
    exercises: list[Exercise] = []
    seen: dict[str, str] = {}
    loaded = [(path, *_load_file(path, problems)) for path in files]
    if any(extends for _, _, extends in loaded) and directory.resolve() != BANK_DIR.resolve():
        shipped = load_bank(BANK_DIR)  # `extends: dlmath`: the course's exercises, then this bank's
        exercises = list(shipped)
        seen = {exercise.id: f"the shipped bank ({exercise.file})" for exercise in shipped}
    for path, compiled, _ in loaded:
        for exercise in compiled:
            if exercise.id in seen:
                problems.append(BankProblem(path.name, exercise.id, "id", f"already defined in {seen[exercise.id]}"))
                continue
            seen[exercise.id] = path.name
            exercises.append(exercise)
    if problems:
        raise BankError(problems)
    return Bank(exercises)


def bank_files(directory: Path) -> list[Path]:
    """The bank's YAML files, in course order."""
    return sorted(Path(directory).glob("*.yaml"), key=_section_order)


def _section_order(path: Path) -> tuple[Any, ...]:
    numbers = [int(n) for n in re.findall(r"\d+", path.stem)]
    return (0 if numbers else 1, numbers, path.stem)


def _load_file(path: Path, problems: list[BankProblem]) -> tuple[list[Exercise], bool]:
    """The file's compiled exercises, and whether it extends the shipped bank."""
    import yaml  # only when the bank is compiled: a process that finds it compiled never reads YAML

    name = path.name
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's, 10x faster where PyYAML has it
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    except yaml.YAMLError as err:
        problems.append(BankProblem(name, None, None, f"not valid YAML: {err}"))
        return [], False
    try:
        section = SectionFile.model_validate(raw)
    except ValidationError as err:
        problems.extend(BankProblem(name, None, _field(e["loc"]), _message(e, SectionFile)) for e in err.errors())
        return [], False
    compiled = []
    for index, raw_entry in enumerate(section.exercises):
        label = str(raw_entry.get("id", f"#{index + 1}")) if isinstance(raw_entry, dict) else f"#{index + 1}"
        try:
            entry = ExerciseEntry.model_validate(raw_entry)
        except ValidationError as err:
            problems.extend(BankProblem(name, label, _field(e["loc"]), _message(e, ExerciseEntry))
                            for e in err.errors())
            continue
        escaped = [(field, text) for field, text in _strings(raw_entry) if YAML_ESCAPE.search(text)]
        if escaped:  # "\frac" in double quotes is a form feed and "rac"; "\theta" a tab
            problems.extend(BankProblem(name, entry.id, field, f"{YAML_ESCAPE.search(text).group()!r} is a control "
                                        "character: in double-quoted YAML a backslash starts an escape; write \\\\frac, "
                                        "or quote the text with single quotes") for field, text in escaped)
            continue
        try:
            compiled.append(replace(compile_entry(entry, section, name), entry=raw_entry))
        except FieldError as err:
            problems.append(BankProblem(name, entry.id, err.field, err.message))
    return compiled, section.extends == "dlmath"


YAML_ESCAPE = re.compile(r"[\x00-\x09\x0b\x0c\x0e-\x1f]")  # what YAML made of "\f", "\t", "\b" in double quotes


def _strings(value: Any, field: str = "") -> Iterator[tuple[str, str]]:
    """Every text of an entry, with its dotted field name."""
    if isinstance(value, str):
        yield field, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{field}.{key}" if field else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{field}.{index}")


def _message(error: Any, model: type[BaseModel]) -> str:
    """pydantic's message, and for a misspelt key or a value where a mapping belongs, the keys that fit there
    (`abs` is not a field of tolerance: the fields are relative, absolute)."""
    loc = tuple(error["loc"])
    if error["type"] == "extra_forbidden":
        parent = _model_at(model, loc[:-1])
        if parent is not None:
            return f"{loc[-1]!r} is not a field here; the fields are: {', '.join(parent.model_fields)}"
    if error["type"] in ("model_type", "dict_type"):
        expected = _model_at(model, loc)
        if expected is not None:
            return f"a mapping is expected here, with the fields: {', '.join(expected.model_fields)}"
    return str(error["msg"]).removeprefix("Value error, ")


def _model_at(model: type[BaseModel] | None, path: tuple[Any, ...]) -> type[BaseModel] | None:
    """The pydantic model that validates the value at `path` inside `model` (list indices and the keys of a
    mapping such as `symbols` are passed over)."""
    keyed = False
    for part in path:
        if isinstance(part, int) or keyed:
            keyed = False
            continue
        field = model.model_fields.get(part) if model is not None else None
        if field is None:
            return None
        keyed = typing.get_origin(field.annotation) is dict
        model = _model_in(field.annotation)
    return model


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return next((m for m in map(_model_in, typing.get_args(annotation)) if m is not None), None)


def _field(loc: tuple[Any, ...]) -> str | None:
    return ".".join(str(part) for part in loc) or None


class FieldError(Exception):
    """A field of an entry that cannot be compiled: its dotted name and why."""

    def __init__(self, field: str, message: str):
        self.field, self.message = field, message


def compile_entry(entry: ExerciseEntry, section: SectionFile, file: str) -> Exercise:
    """One validated entry as an Exercise: its text read as SymPy. Raises FieldError."""
    try:
        symbols = declare_symbols(entry.symbols)
    except ValueError as err:
        raise FieldError("symbols", str(err)) from None
    namespace = {name: sym.sympy for name, sym in symbols.items()}

    def parse(text: str, field: str) -> Any:
        try:
            return parse_authored(text, namespace)
        except Exception as err:  # SymPy raises many kinds; all are authoring errors here
            raise FieldError(field, f"cannot read {text!r} as SymPy: {err}") from None

    for name, decl in entry.symbols.items():
        if decl.definition is not None:
            value = parse(decl.definition, f"symbols.{name}.definition")
            symbols[name] = replace(symbols[name], definition=value)
    given = {key: parse(text, f"given.{key}") for key, text in entry.given.items()}
    if entry.answer is not None:
        raw_parts = [Part(id="main", prompt=entry.statement, answer=entry.answer)]
        prefix = "answer"
    else:
        raw_parts = list(entry.parts or [])
        prefix = "parts"
    parts = []
    for index, part in enumerate(raw_parts):
        field = prefix if entry.answer is not None else f"parts.{index}.answer"
        key = _answer_key(part.answer, parse, field)
        if key.gradable and key.type not in (AnswerType.choice, AnswerType.boolean):  # prose may mention them
            forbidden = part.answer.forbid
            if forbidden is None:
                forbidden = default_forbidden((entry.statement, part.prompt), given.values(), key.reference)
            key = replace(key, forbidden=tuple(forbidden))
        parts.append(ExercisePart(part.id, part.prompt, key, part.points))
    conventions = entry.conventions or section.conventions
    return Exercise(
        id=entry.id, title=entry.title, section=section.section, section_title=section.title, file=file,
        source=entry.source,
        statement=entry.statement, conventions=conventions, symbols=symbols, given=given,
        parts=tuple(parts), seed_statement=entry.seed_statement, erratum=entry.erratum,
        hints=tuple(entry.hints), solution=entry.solution, tags=tuple(entry.tags), variants=entry.variants,
        no_variants=entry.no_variants,
    )


def _answer_key(answer: Answer, parse: Any, field: str) -> AnswerKey:
    if answer.type is AnswerType.manual:
        reference = None
    elif answer.type is AnswerType.choice:
        reference = answer.reference
    else:
        reference = parse(answer.reference, f"{field}.reference")
        wrong = _check_shape(answer.type, reference)
        if wrong:
            raise FieldError(f"{field}.reference", wrong)
    if answer.type is AnswerType.choice:
        unknown = [m.answer for m in answer.mistakes if m.answer not in (answer.choices or {})]
        if unknown:
            raise FieldError(f"{field}.mistakes", f"{unknown} are not choice keys")
        mistakes = tuple(KnownMistake(m.answer, m.feedback, _mistake_note(m, i))
                         for i, m in enumerate(answer.mistakes))
    else:
        mistakes = tuple(
            KnownMistake(parse(m.answer, f"{field}.mistakes.{i}.answer"), m.feedback, _mistake_note(m, i))
            for i, m in enumerate(answer.mistakes)
        )
    accepted = tuple(KnownMistake(parse(a.answer, f"{field}.accept.{i}.answer"), a.feedback, "correct:another-reading")
                     for i, a in enumerate(answer.accept))
    return AnswerKey(
        type=answer.type, reference=reference, source_text=answer.reference, choices=answer.choices, accepted=accepted,
        synonyms={k: tuple(v) for k, v in answer.synonyms.items()} if answer.synonyms else None,
        rubric=tuple(answer.rubric or ()), tolerance=answer.tolerance, unit=answer.unit,
        mistakes=mistakes, explanation=answer.explanation, tests=tuple(answer.tests),
    )


def _mistake_note(mistake: Mistake, index: int) -> str:
    return f"mistake:{mistake.note or f'known-{index + 1}'}"


def _check_shape(answer_type: AnswerType, value: Any) -> str | None:
    """Why `value` cannot be a reference of `answer_type`, or None if it can."""

    expected = {
        AnswerType.boolean: (sp.logic.boolalg.BooleanAtom, "true or false"),
        AnswerType.equation: (sp.Equality, "an Eq(lhs, rhs)"),
        AnswerType.set: (sp.FiniteSet, "a set such as {1, 3}"),
        AnswerType.multiset: (sp.Tuple, "a list such as [1, 1, 3]"),
        AnswerType.tuple: (sp.Tuple, "a tuple such as (0, 0)"),
        AnswerType.vector: (sp.MatrixBase, "a column Matrix"),
        AnswerType.matrix: (sp.MatrixBase, "a Matrix"),
        AnswerType.interval: (sp.Interval, "an Interval"),
        AnswerType.interval_union: (sp.Set, "a set such as Union(Interval.open(-oo, 0), Interval.open(1, oo))"),
        AnswerType.inequality: (sp.core.relational.Relational, "a relation such as x < 2 or Ne(x, 2)"),
        AnswerType.relation: (sp.core.relational.Relational, "a relation such as x < 2 or Ne(x, 2)"),
        AnswerType.condition: (sp.logic.boolalg.Boolean, "a condition such as Or(Eq(x, 1), Eq(x, 2))"),
        AnswerType.matrix_expression: (sp.MatrixExpr, "a matrix expression of declared matrix symbols"),
    }
    if answer_type is AnswerType.number:
        if not isinstance(value, sp.Expr) or value.free_symbols or not value.is_number:
            return "a number answer needs a constant such as 3/4 or log(2)"
        return None
    if answer_type is AnswerType.vector and isinstance(value, sp.MatrixBase) and value.shape[1] != 1:
        return "a vector answer needs a column Matrix"
    if answer_type in expected:
        kind, what = expected[answer_type]
        if not isinstance(value, kind):
            return f"a {answer_type.value} answer needs {what}, not {type(value).__name__}"
    return None
