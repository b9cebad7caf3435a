"""The catalog: every named derivation and generator, with its source, its
inputs (and their defaults: the seed's own example) and the kind of each
input for the command line."""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any, Callable

from deriver.checking import verify
from deriver.model import Derivation, DerivationFailed, Source
from exercises.citation import APPENDIX as SEED
from exercises.citation import NOTES

__all__ = ["NOTES", "REGISTRY", "SEED", "Entry", "catalog", "derive", "register", "source"]


@dataclass(frozen=True)
class Entry:
    name: str
    title: str
    build: Callable[..., Derivation]
    source: Source
    params: dict[str, str] = field(default_factory=dict)  # input -> converter name (deriver.inputs)
    defaults: dict[str, Any] = field(default_factory=dict)
    generator: bool = False  # works for any input of its family

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "title": self.title, "source": self.source.as_dict(),
                "generator": self.generator, "inputs": dict(self.params)}


REGISTRY: dict[str, Entry] = {}


def register(name: str, title: str, source: Source, *, params: dict[str, str] | None = None,
             defaults: dict[str, Any] | None = None, generator: bool = False):
    """Decorator: add a derivation builder to the catalog under `name`."""
    def decorate(build: Callable[..., Derivation]) -> Callable[..., Derivation]:
        if name in REGISTRY:
            raise ValueError(f"derivation {name!r} is registered twice")
        REGISTRY[name] = Entry(name, title, build, source, dict(params or {}), dict(defaults or {}), generator)
        return build
    return decorate


def source(section: str, *equations: str, seed: str = SEED, note: str = "") -> Source:
    return Source(seed, section, tuple(equations), note)


def catalog() -> dict[str, Entry]:
    """Every registered derivation (the generator modules register on import of `deriver`)."""
    return dict(REGISTRY)


def derive(name: str, *, strict: bool = True, **inputs: Any) -> Derivation:
    """Build and verify the derivation `name`; with `strict`, raise on any failed step."""
    if name not in REGISTRY:
        close = difflib.get_close_matches(name, REGISTRY, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise KeyError(f"no derivation {name!r}{hint}")
    entry = REGISTRY[name]
    unknown = set(inputs) - set(entry.params) - set(entry.defaults)
    if unknown:
        raise TypeError(f"{name} takes no input {', '.join(sorted(unknown))}; inputs: {', '.join(entry.params) or 'none'}")
    derivation = entry.build(**{**entry.defaults, **inputs})
    derivation.inputs = {**entry.defaults, **inputs, **derivation.inputs}
    verify(derivation)
    if strict and not derivation.verified:
        raise DerivationFailed(derivation)
    return derivation
