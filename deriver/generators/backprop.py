"""Backpropagation (17.4.4-17.4.5) on a computational graph: the forward
pass, the single-step partials (17.4.22), and reverse accumulation of
df/d(node) from the output back to the inputs (17.4.23)-(17.4.24), confirmed
by differentiating the composed function (17.4.15) directly. Any graph of
named nodes over named inputs works; the default is the graph (17.4.14)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

import sympy as sp

from deriver.catalog import derive, register, source
from deriver.checking import recomputed
from deriver.claims import claim
from deriver.generators.multivariable import At
from deriver.inputs import expression, points, symbol
from deriver.model import Derivation, Step, definition, given
from deriver.render import statement_latex
from exercises.render import to_latex

GRAPH_17_4_14 = "a = (w + x + y + z)**2; b = (w + x - y - z)**2; u = (a + b)**2; v = (a - b)**2; f = (u + v)**2"
SEED_POINT = "-1, 0, -2, 1"


@dataclass(frozen=True)
class Graph:
    """Nodes in topological order, each a formula in the inputs and earlier nodes; the last is the output."""

    inputs: tuple[sp.Symbol, ...]
    nodes: tuple[tuple[sp.Symbol, sp.Expr], ...]

    @property
    def output(self) -> sp.Symbol:
        return self.nodes[-1][0]

    def formula(self, node: sp.Symbol) -> sp.Expr:
        return dict(self.nodes)[node]

    def parents(self, node: sp.Symbol) -> list[sp.Symbol]:
        known = list(self.inputs) + [n for n, _ in self.nodes]
        return [s for s in known if s in self.formula(node).free_symbols]

    def children(self, node: sp.Symbol) -> list[sp.Symbol]:
        return [n for n, _ in self.nodes if node in self.parents(n)]

    def composed(self) -> sp.Expr:
        """The output as one formula in the inputs (17.4.15)."""
        value = self.formula(self.output)
        for node, formula in reversed(self.nodes[:-1]):
            value = value.xreplace({node: formula})
        return value

    def depends_on(self, source_node: sp.Symbol) -> set[sp.Symbol]:
        """The nodes on some path from `source_node` (included) to the output."""
        reached = {source_node}
        for node, _ in self.nodes:
            if set(self.parents(node)) & reached:
                reached.add(node)
        return reached


def parse_graph(text: str, inputs: str | Sequence[sp.Symbol]) -> Graph:
    """`a = (w + x)**2; f = a**2` over the inputs `w, x`."""
    variables = [symbol(s.strip()) for s in inputs.split(",")] if isinstance(inputs, str) else list(inputs)
    known = {v.name: v for v in variables}
    nodes = []
    for part in filter(None, (p.strip() for p in text.split(";"))):
        name, sep, rhs = part.partition("=")
        name = name.strip()
        if not sep or not name.isidentifier():
            raise ValueError(f"a node is written `name = formula`, not {part!r}")
        if name in known:
            raise ValueError(f"{name} is defined twice")
        formula = expression(rhs)
        unknown = sorted(s.name for s in formula.free_symbols if s.name not in known)
        if unknown:
            raise ValueError(f"{name} uses {', '.join(unknown)} before it is defined")
        formula = formula.xreplace({s: known[s.name] for s in formula.free_symbols})
        node = sp.Symbol(name, real=True)
        known[name] = node
        nodes.append((node, formula))
    if not nodes:
        raise ValueError("the graph has no node")
    return Graph(tuple(variables), tuple(nodes))


def forward(graph: Graph, point: Sequence[sp.Expr]) -> dict[sp.Symbol, sp.Expr]:
    values = dict(zip(graph.inputs, point))
    for node, formula in graph.nodes:
        values[node] = formula.xreplace(values)
    return values


def single_step_partials(graph: Graph) -> dict[tuple[sp.Symbol, sp.Symbol], sp.Expr]:
    """d node / d parent for every edge of the graph (17.4.22)."""
    return {(node, parent): sp.factor(sp.diff(formula, parent))
            for node, formula in graph.nodes for parent in graph.parents(node)}


def backward(graph: Graph, values: dict, partials: dict) -> dict[sp.Symbol, sp.Expr]:
    """df/d(node) for every node and input: reverse accumulation (17.4.23)-(17.4.24)."""
    adjoint: dict[sp.Symbol, sp.Expr] = {graph.output: sp.Integer(1)}
    order = [n for n, _ in reversed(graph.nodes[:-1])] + list(graph.inputs)
    for node in order:
        adjoint[node] = sp.Add(*(adjoint[child] * partials[(child, node)].xreplace(values)
                                 for child in graph.children(node)))
    return adjoint


def downstream_derivative(graph: Graph, node: sp.Symbol, values: dict) -> sp.Expr:
    """df/d(node) without the backward pass: write the output in terms of `node`
    by substituting the formulas of the nodes downstream of it, then
    differentiate that one formula and evaluate it at the forward values."""
    downstream = graph.depends_on(node) - {node}
    formulas = dict(graph.nodes)
    value = graph.formula(graph.output) if graph.output != node else node
    while downstream & value.free_symbols:
        value = value.xreplace({n: formulas[n] for n in downstream & value.free_symbols})
    return sp.diff(value, node).xreplace(values)


def _frac(top: sp.Symbol, bottom: sp.Symbol) -> str:
    return rf"\frac{{\partial {sp.latex(top)}}}{{\partial {sp.latex(bottom)}}}"


def _at(expr: sp.Expr, symbols: list[sp.Symbol], values: dict) -> sp.Expr:
    symbols = [s for s in symbols if s in expr.free_symbols] or symbols[:1]
    return At(expr, tuple(symbols), tuple(values[s] for s in symbols))


def backprop_derivation(graph: Graph, point: tuple, wrt: sp.Symbol) -> Derivation:
    values = forward(graph, point)
    partials = single_step_partials(graph)
    adjoint = backward(graph, values, partials)
    relevant = graph.depends_on(wrt)
    steps: list[Step] = []
    for node, formula in graph.nodes:  # forward pass
        parents = graph.parents(node)
        steps += [given(_at(formula, parents, values), f"forward pass: {node} from its inputs",
                        rule=f"forward: {node}", display=f"{sp.latex(node)} = " + to_latex(_at(formula, parents, values))),
                  Step(values[node], "=", rule="evaluate")]
    for (node, parent), partial in partials.items():  # single-step partials on the paths from wrt
        if parent not in relevant:
            continue
        parents = graph.parents(node)
        symbolic = At(sp.Derivative(graph.formula(node), parent), tuple(parents), tuple(values[p] for p in parents))
        steps += [definition(symbolic, f"(17.4.22): {node}'s formula differentiated in {parent} alone, at the "
                             "forward values", rule=f"single-step partial d{node}/d{parent}",
                             display=f"{_frac(node, parent)} = " + to_latex(symbolic)),
                  Step(_at(partial, parents, values), "=", rule="differentiate"),
                  Step(partial.xreplace(values), "=", rule="evaluate")]
    order = [n for n, _ in reversed(graph.nodes[:-1])] + list(graph.inputs)
    for node in order:  # backward pass
        if node not in relevant or node in graph.inputs and node != wrt:
            continue
        children = graph.children(node)
        terms = [sp.Mul(adjoint[c], partials[(c, node)].xreplace(values), evaluate=False) for c in children]
        chain = " + ".join(f"{_frac(graph.output, c)} {_frac(c, node)}" for c in children)
        statement = sp.Add(*terms, evaluate=False) if len(terms) > 1 else terms[0]
        steps += [Step(statement, rule=f"backward: d{graph.output}/d{node}",
                       why="the multivariate chain rule (17.4.18), from the output back (17.4.23)",
                       display=f"{_frac(graph.output, node)} = {chain} = " + statement_latex(statement),
                       checker=recomputed(lambda node=node: downstream_derivative(graph, node, values),
                                          f"{graph.output} written in {node} alone and differentiated"),
                       fresh=True),
                  Step(adjoint[node], "=", rule="evaluate")]
    composed = graph.composed()
    direct = At(sp.Derivative(composed, wrt), graph.inputs, tuple(point))
    steps += [Step(direct, "=", rule="check: differentiate the composition",
                   why="the composed function (17.4.15), differentiated directly as in (17.4.16), has the value "
                       "of the backward pass"),
              Step(adjoint[wrt], "=", rule="evaluate")]
    notes = [f"The same backward pass gives {', '.join(f'd{graph.output}/d{v} = {adjoint[v]}' for v in graph.inputs)}.",
             *_equal_partials_note(graph, composed, point)]
    point_text = ", ".join(sp.sstr(p) for p in point)
    return Derivation("backprop", f"Backpropagation: d{graph.output}/d{wrt} at ({point_text})",
                      source("17.4", "17.4.14", "17.4.22", "17.4.23"), steps, adjoint[wrt],
                      givens=[(sp.sstr(node), formula) for node, formula in graph.nodes] + [
                          ("point", sp.Tuple(*point))], notes=notes)


def _equal_partials_note(graph: Graph, composed: sp.Expr, point: tuple) -> list[str]:
    """Are the partials in all inputs equal here, and is that special to the point?"""
    partials = [sp.diff(composed, v) for v in graph.inputs]
    at = dict(zip(graph.inputs, point))
    here = [p.xreplace(at) for p in partials]
    if len(set(here)) != 1 or len(graph.inputs) < 2:
        return []
    first, other = graph.inputs[0], graph.inputs[-1]
    gap = sp.factor(partials[0] - partials[-1])
    if gap == 0:
        return [f"The partials in all inputs are equal everywhere, here {here[0]}."]
    zero = [sp.sstr(f) for f, _ in sp.factor_list(gap)[1] if f.xreplace(at) == 0]
    moved = dict(at)
    moved[first] = at[first] + 1
    elsewhere = ", ".join(sp.sstr(p.xreplace(moved)) for p in partials)
    return [f"All the partials equal {here[0]} at this point, but not for every input point: d/d{first} - d/d{other} "
            f"has the factor {' and '.join(zero) or 'that vanishes here'}, zero at this point; at "
            f"({', '.join(sp.sstr(moved[v]) for v in graph.inputs)}) the partials are {elsewhere}."]


def _inputs(graph: str, inputs: str, point: Any, wrt: str) -> tuple[Graph, tuple, sp.Symbol]:
    g = parse_graph(graph, inputs)
    p = points(point) if isinstance(point, str) else tuple(sp.sympify(v) for v in point)
    if len(p) != len(g.inputs):
        raise ValueError(f"the point has {len(p)} coordinates for the inputs {g.inputs}")
    by_name = {v.name: v for v in g.inputs}
    if wrt not in by_name:
        raise ValueError(f"{wrt} is not an input of the graph")
    return g, p, by_name[wrt]


@register("backprop", "Backpropagation through a computational graph (17.4.14), (17.4.22)-(17.4.24)",
          source("17.4", "17.4.14", "17.4.22", "17.4.23"),
          params={"graph": "text", "inputs": "text", "point": "point", "wrt": "text"}, generator=True,
          defaults={"graph": GRAPH_17_4_14, "inputs": "w, x, y, z", "point": SEED_POINT, "wrt": "w"})
def backprop(graph: str = GRAPH_17_4_14, inputs: str = "w, x, y, z", point: Any = SEED_POINT,
             wrt: str = "w") -> Derivation:
    g, p, var = _inputs(graph, inputs, point, wrt)
    return backprop_derivation(g, p, var)


# --- the seed's printed values --------------------------------------------------------

def _seed_graph() -> tuple[Graph, tuple, dict]:
    g, p, _ = _inputs(GRAPH_17_4_14, "w, x, y, z", SEED_POINT, "w")
    return g, p, {s.name: s for s in list(g.inputs) + [n for n, _ in g.nodes]}


def _first_listing(partial_v: sp.Expr, partial_ub: sp.Expr) -> sp.Expr:
    """What the first listing of 17.4.5 computes, forward in w, with the given dv and du/db formulas."""
    g, p, s = _seed_graph()
    values = forward(g, p)
    exact = single_step_partials(g)
    e = {k: v.xreplace(values) for k, v in exact.items()}
    df_du, df_dv = e[(s["f"], s["u"])], partial_v.xreplace(values)
    du_da, du_db = e[(s["u"], s["a"])], partial_ub.xreplace(values)
    dv_da, dv_db = e[(s["v"], s["a"])], e[(s["v"], s["b"])]
    da_dw, db_dw = e[(s["a"], s["w"])], e[(s["b"], s["w"])]
    du_dw, dv_dw = du_da * da_dw + du_db * db_dw, dv_da * da_dw + dv_db * db_dw
    return df_du * du_dw + df_dv * dv_dw


_g, _p, _s = _seed_graph()
_w, _x, _y, _z, _a, _b, _u, _v = (_s[n] for n in "wxyzabuv")
_S, _T = _w + _x + _y + _z, _w + _x - _y - _z


def _derive_all() -> sp.Matrix:
    return sp.Matrix([derive("backprop", wrt=v).result for v in "wxyz"])


claim("(17.4.15)", "f(w, x, y, z) composed from (17.4.14)",
      (((_S**2 + _T**2) ** 2) + ((_S**2 - _T**2) ** 2)) ** 2, lambda: _g.composed())
claim("(17.4.16)", "df/dw of the composed function",
      2 * (2 * (2 * _S - 2 * _T) * (_S**2 - _T**2) + 2 * (2 * _T + 2 * _S) * (_T**2 + _S**2))
      * ((_S**2 - _T**2) ** 2 + (_T**2 + _S**2) ** 2),
      lambda: sp.diff(_g.composed(), _w))
claim("(17.4.22)", "the single-step partials df/du, df/dv, du/da, du/db, dv/da, dv/db, da/dw, db/dw",
      sp.Matrix([2 * (_u + _v), 2 * (_u + _v), 2 * (_a + _b), 2 * (_a + _b), 2 * (_a - _b), -2 * (_a - _b), 2 * _S, 2 * _T]),
      lambda: sp.Matrix([single_step_partials(_g)[edge] for edge in [
          (_s["f"], _u), (_s["f"], _v), (_u, _a), (_u, _b), (_v, _a), (_v, _b), (_a, _w), (_b, _w)]]))
claim("17.4.5, first code listing", "its partials df_dv and du_db", sp.Matrix([2 * (_u - _v), 2 * (_a - _b)]),
      lambda: sp.Matrix([single_step_partials(_g)[(_s["f"], _v)], single_step_partials(_g)[(_u, _b)]]),
      mistake="17.4.backprop")
claim("17.4.5, first code listing", "its printed df/dw at (-1, 0, -2, 1) against what its code computes",
      sp.Integer(-4096), lambda: _first_listing(2 * (_u - _v), 2 * (_a - _b)), mistake="17.4.backprop")
claim("17.4.5, code listings", "f at (-1, 0, -2, 1)", sp.Integer(1024), lambda: forward(_g, _p)[_s["f"]])
claim("17.4.5, second and third code listings", "df/dw, df/dx, df/dy, df/dz at (-1, 0, -2, 1): -4096 for every input",
      sp.Matrix([-4096] * 4), _derive_all)
