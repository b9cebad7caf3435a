"""Bind the names in a parsed answer to the exercise's declared symbols.

Parsers produce plain `Symbol('theta')`, `Symbol('x_i')`, `Symbol('\\bar{x}')`;
the exercise declares `theta` in (0, 1), `x` indexed, `xbar` = the sample
mean. Binding swaps each name for the declared object, so the comparison
uses the declared assumptions, and rejects names the question never uses.
"""
from __future__ import annotations

import re
from typing import Callable, Mapping

import sympy as sp
from sympy.core.function import AppliedUndef

from exercises.symbols import DeclaredSymbol, canonical_name
from grader.errors import UnknownSymbol
from grader.function_calls import derivative_of


def bind(value: sp.Basic, symbols: Mapping[str, DeclaredSymbol]) -> sp.Basic:
    """Replace every parsed name by the declared object it denotes."""
    if isinstance(value, sp.MatrixBase):
        return value.applyfunc(lambda entry: bind(entry, symbols))
    if not isinstance(value, sp.Basic):
        return value
    functions = {n for n, s in symbols.items() if s.kind == "function"}
    value = _leibniz_functions(value, symbols, functions)
    renamed = {f.func: symbols[canonical_name(f.func.__name__)].sympy for f in value.atoms(AppliedUndef)
               if canonical_name(f.func.__name__) in functions and canonical_name(f.func.__name__) != f.func.__name__}
    if renamed:  # h_{\theta}(x) is the declared h_theta(x)
        value = value.replace(lambda e: isinstance(e, AppliedUndef) and e.func in renamed,
                              lambda e: renamed[e.func](*e.args))
    bound_names = {str(v) for v in _bound_variables(value)}
    index_names = {n for n, s in symbols.items() if s.kind == "index"}
    replacements: dict[sp.Basic, sp.Basic] = {}
    unknown: list[str] = []
    for atom in value.atoms(sp.Symbol):
        name = canonical_name(atom.name)
        target = _resolve(name, symbols, bound_names | index_names)
        if target is None:
            indexed = name in symbols and symbols[name].kind == "indexed"
            unknown.append(f"{name} (write it with an index, such as {name}_i)" if indexed else name)
        elif target is not atom:
            replacements[atom] = target
    unknown += [f.func.__name__ for f in value.atoms(AppliedUndef) if not _declared(f.func.__name__, functions)]
    if unknown:
        declared = ", ".join(s.name for s in symbols.values() if s.kind != "index") or "no symbols"
        raise UnknownSymbol(f"unknown symbol {', '.join(sorted(set(unknown)))}: this question uses {declared}")
    return value.xreplace(replacements) if replacements else value


def _declared(name: str, functions: set[str]) -> bool:
    """A declared function, or the reader's name for its derivative (`f'`)."""
    derivative = derivative_of(name)
    return name in functions or (derivative is not None and derivative[0] in functions)


def _leibniz_functions(value: sp.Basic, symbols: Mapping[str, DeclaredSymbol], functions: set[str]) -> sp.Basic:
    """`\\frac{df}{dx}` for a declared function f is f'(x); f anywhere else without its argument is refused."""
    bare = {atom for atom in value.atoms(sp.Symbol) if canonical_name(atom.name) in functions}
    if not bare:
        return value
    def of_the_function(derivative: sp.Derivative) -> sp.Derivative:
        counts = [(v, sp.Integer(int(sp.sympify(c).doit()))) for v, c in derivative.variable_count]  # d^2 f: 1 + 1
        return sp.Derivative(symbols[canonical_name(derivative.expr.name)].sympy(*dict(counts)), *counts)
    value = value.replace(lambda e: isinstance(e, sp.Derivative) and e.expr in bare, of_the_function)
    left = sorted({canonical_name(atom.name) for atom in value.atoms(sp.Symbol) if atom in bare})
    if left:
        raise UnknownSymbol(f"{left[0]} is a function here: write it with its argument, as {left[0]}(x)")
    return value


def _resolve(name: str, symbols: Mapping[str, DeclaredSymbol], indices: set[str]) -> sp.Basic | None:
    if name in symbols:
        declared = symbols[name]
        if declared.definition is not None:
            return declared.definition
        return declared.sympy if declared.kind != "indexed" else None
    if name in indices:
        return sp.Symbol(name, integer=True)
    base, sep, subscript = name.partition("_")
    if sep and base in symbols and symbols[base].kind == "indexed" and subscript:
        def letter(name: str) -> sp.Basic:  # F_n with n declared is F at that n, as in n - 1 elsewhere
            return _resolve(name, symbols, indices) or sp.Symbol(name, integer=True)
        shifted = index_sum(subscript, letter)
        if shifted is not None:  # a_{n+k}, x_{i-1}: one index, not the multi-index (n, +, k)
            return sp.Indexed(symbols[base].sympy, shifted)
        parts = [p.strip() for p in subscript.split(",")] if "," in subscript else list(subscript)
        if all(p.isdigit() for p in parts) and "," not in subscript:
            parts = [subscript]  # x_12 is entry 12, not (1, 2)
        idx = [sp.Integer(p) if p.isdigit() else letter(p) for p in parts]
        return sp.Indexed(symbols[base].sympy, *idx)
    return None


INDEX_TERM = re.compile(r"\s*([+-])\s*(\d*)\s*([A-Za-z]?)(?:\s*\^\s*(\d+))?")
ONE_INDEX = re.compile(r"\w\s*[+-]|^\s*\d+\s*[A-Za-z]\s*$|\^")  # n+k, 2n, n^2: one index, not (2, n)


def index_sum(subscript: str, letter: Callable[[str], sp.Basic]) -> sp.Expr | None:
    """`n+k`, `i-1`, `2k+1`, `2n`, `n^2` as one index (each letter as `letter` reads it); None for a
    plain multi-index such as `ij`. Read term by term (digits, a letter, a power), never evaluated."""
    text = subscript.strip()
    if not ONE_INDEX.search(text):
        return None
    text = text if text[0] in "+-" else "+" + text
    total, at = sp.Integer(0), 0
    for match in INDEX_TERM.finditer(text):
        if match.start() != at or not (match.group(2) or match.group(3)):
            return None
        sign, digits, name, power = match.groups()
        if power and not name:
            return None
        term = (sp.Integer(digits) if digits else sp.Integer(1)) * \
            ((letter(name) ** (int(power) if power else 1)) if name else 1)
        total += term if sign == "+" else -term
        at = match.end()
    return total if at == len(text) else None


def _bound_variables(value: sp.Basic) -> set[sp.Symbol]:
    """Summation, product, integration and limit variables (and a limit's
    direction, which SymPy keeps as the symbol `+` or `-`): dummies, always allowed."""
    bound: set[sp.Symbol] = set()
    for node in sp.preorder_traversal(value):
        if isinstance(node, (sp.Sum, sp.Product, sp.Integral)):
            bound |= {limit[0] for limit in node.limits}
        elif isinstance(node, sp.Limit):
            bound |= {node.args[1], node.args[3]}
    return bound
