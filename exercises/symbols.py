"""Declared symbols: their SymPy objects, assumptions and sampling domains.

A domain is stated once in the bank and used twice: as SymPy assumptions
(so `sqrt(sigma**2)` simplifies to `sigma`) and as the range a numeric probe
draws from (so `log(theta)` is never probed at theta = -2).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

import sympy as sp

from exercises.schema import SymbolDecl

_NAMED_DOMAINS: dict[str, tuple[str, bool]] = {
    # name: (interval, integer)
    "real": ("(-oo, oo)", False),
    "positive": ("(0, oo)", False),
    "nonnegative": ("[0, oo)", False),
    "negative": ("(-oo, 0)", False),
    "integer": ("(-oo, oo)", True),
    "positive_integer": ("[1, oo)", True),
    "nonnegative_integer": ("[0, oo)", True),
}
MATRIX_STRUCTURES = ("real", "symmetric", "positive_definite")
_INTERVAL = re.compile(r"^\s*([\[(])\s*([^,]+?)\s*,\s*([^,]+?)\s*([\])])\s*$")


@dataclass(frozen=True)
class Domain:
    """A real interval, possibly restricted to the integers."""

    lower: sp.Expr
    upper: sp.Expr
    lower_open: bool
    upper_open: bool
    integer: bool = False

    @classmethod
    def parse(cls, text: str) -> "Domain":
        """Read `positive`, `positive_integer`, `(0, 1)`, `[1, oo)` and the like."""
        integer = False
        if text in _NAMED_DOMAINS:
            text, integer = _NAMED_DOMAINS[text]
        match = _INTERVAL.match(text)
        if not match:
            known = ", ".join(_NAMED_DOMAINS)
            raise ValueError(f"unknown domain {text!r}: use one of {known} or an interval like (0, 1)")
        left, low, high, right = match.groups()
        lower, upper = sp.sympify(low), sp.sympify(high)
        if not (lower.is_extended_real and upper.is_extended_real) or not lower < upper:
            raise ValueError(f"domain {text!r} is not a non-empty real interval")
        return cls(lower, upper, left == "(", right == ")", integer)

    def assumptions(self) -> dict[str, bool]:
        """SymPy assumptions implied by the interval."""
        facts: dict[str, bool] = {"real": True}
        if self.integer:
            facts["integer"] = True
        if self.lower > 0 or (self.lower == 0 and self.lower_open):
            facts["positive"] = True
        elif self.lower >= 0:
            facts["nonnegative"] = True
        if self.upper < 0 or (self.upper == 0 and self.upper_open):
            facts["negative"] = True
        elif self.upper <= 0:
            facts["nonpositive"] = True
        return facts

    def latex(self) -> str:
        if self.integer:
            if self.lower == 1 and self.upper == sp.oo:
                return r"\mathbb{Z}_{>0}"
            if self.lower == 0 and self.upper == sp.oo:
                return r"\mathbb{Z}_{\ge 0}"
            if self.lower == -sp.oo and self.upper == sp.oo:
                return r"\mathbb{Z}"
        if self.lower == -sp.oo and self.upper == sp.oo and not self.integer:
            return r"\mathbb{R}"
        left = "(" if self.lower_open else "["
        right = ")" if self.upper_open else "]"
        interval = f"{left}{sp.latex(self.lower)}, {sp.latex(self.upper)}{right}"
        return rf"{interval} \cap \mathbb{{Z}}" if self.integer else interval


ACCENT = re.compile(r"\\?(bar|hat|tilde|overline|widehat|widetilde)\s*\{?\s*\\?([A-Za-z]+)\s*\}?")
ACCENT_SUFFIX = {"bar": "bar", "overline": "bar", "hat": "hat", "widehat": "hat", "tilde": "tilde",
                 "widetilde": "tilde"}
ENGINE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


def canonical_name(raw: str) -> str:
    """The engine's spelling of a name as written in LaTeX: `\\mu_{1}` -> `mu_1`, `\\bar{x}` -> `xbar`,
    `n_{in}` -> `n_in`, `h_\\theta` -> `h_theta`."""
    name = ACCENT.sub(lambda m: m.group(2) + ACCENT_SUFFIX[m.group(1)], raw)
    return name.replace("\\", "").replace("{", "").replace("}", "").replace(" ", "")


def _written_in_latex(name: str) -> bool:
    return any(ch in name for ch in "\\{}")


@dataclass(frozen=True)
class DeclaredSymbol:
    """A symbol of an exercise: its name, SymPy object and what it ranges over."""

    name: str
    kind: str  # scalar | matrix | indexed | index | function
    sympy: sp.Basic
    domain: Domain
    shape: tuple[sp.Expr, sp.Expr] | None
    latex: str
    description: str | None
    definition: sp.Basic | None = None  # e.g. xbar = Sum(x[i], (i, 1, N))/N
    structure: str = "real"  # for matrices: real, symmetric or positive_definite
    range: tuple[sp.Expr, sp.Expr] | None = None  # an index's bounds: `\\sum_i` runs over them

    def describe_latex(self) -> str:
        """`\\theta \\in (0, 1)` or `A \\in \\mathbb{R}^{n \\times n}`."""
        if self.shape is not None:
            rows, cols = (sp.latex(d) for d in self.shape)
            kind = {"symmetric": r"\text{ symmetric}", "positive_definite": r"\text{ positive definite}"}
            return rf"{self.latex} \in \mathbb{{R}}^{{{rows} \times {cols}}}{kind.get(self.structure, '')}"
        if self.kind == "indexed":
            return rf"{self.latex}_{{i}} \in {self.domain.latex()}"
        if self.kind == "function":
            return rf"{self.latex} \text{{ a function}}"
        return rf"{self.latex} \in {self.domain.latex()}"


def declare_symbols(decls: dict[str, SymbolDecl]) -> dict[str, DeclaredSymbol]:
    """Build the SymPy objects for a symbol table, scalars before the matrices
    whose shapes name them. Undeclared shape dimensions become positive integers."""
    declared: dict[str, DeclaredSymbol] = {}
    written: dict[str, str] = {}
    for key, decl in sorted(decls.items(), key=lambda item: item[1].kind == "matrix"):
        name = canonical_name(key)  # declared as students write it: x_{0}, h_\theta, \sigma
        if not ENGINE_NAME.match(name):
            raise ValueError(f"the symbol {key!r} cannot be a name: write a letter or a LaTeX name with an "
                             "optional subscript of letters and digits, such as x_{0}, h_\\theta or \\sigma")
        if name in written:
            raise ValueError(f"{written[name]!r} and {key!r} are the same symbol {name}")
        written[name] = key
        if _written_in_latex(key) and decl.latex is None:
            decl = decl.model_copy(update={"latex": key})
        if decl.kind == "matrix" and decl.domain not in MATRIX_STRUCTURES:
            raise ValueError(f"the domain of matrix {name} is one of {', '.join(MATRIX_STRUCTURES)}")
        domain = Domain.parse("real" if decl.kind == "matrix" else decl.domain)
        shape = None
        if decl.kind == "scalar":
            obj: sp.Basic = sp.Symbol(name, **domain.assumptions())
        elif decl.kind == "index":
            obj = sp.Symbol(name, integer=True)
        elif decl.kind == "indexed":
            obj = sp.IndexedBase(name, real=True)
        elif decl.kind == "function":
            # an unspecified function, such as the density p(x | Theta); `domain: positive` gives its values' sign
            obj = sp.Function(name, positive=True) if domain.assumptions().get("positive") else sp.Function(name)
        else:
            shape = tuple(_dimension(d, declared) for d in decl.shape)  # type: ignore[union-attr]
            obj = sp.MatrixSymbol(name, *shape)
        latex = decl.latex or sp.latex(sp.Symbol(name))
        structure = decl.domain if decl.kind == "matrix" else "real"
        declared[name] = DeclaredSymbol(name, decl.kind, obj, domain, shape, latex, decl.description,
                                        structure=structure)
    for key, decl in decls.items():  # ranges may name any other symbol (i from 1 to N)
        name = canonical_name(key)
        if decl.range is not None:
            bounds = tuple(_dimension(bound, declared) for bound in decl.range)
            declared[name] = replace(declared[name], range=bounds)  # type: ignore[arg-type]
    return declared


def _dimension(dim: str | int, declared: dict[str, DeclaredSymbol]) -> sp.Expr:
    if isinstance(dim, int):
        if dim < 1:
            raise ValueError(f"a matrix dimension must be positive, not {dim}")
        return sp.Integer(dim)
    if dim.isdigit():
        return _dimension(int(dim), declared)
    if dim in declared:
        return declared[dim].sympy  # type: ignore[return-value]
    if not dim.isidentifier():
        raise ValueError(f"a matrix dimension is a number or a name, not {dim!r}")
    return sp.Symbol(dim, integer=True, positive=True)
