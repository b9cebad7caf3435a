"""Information theory (17.10): self-information, entropy, perplexity, cross-entropy as entropy
plus KL divergence, the KL divergence of two Gaussians by integrating p log(p/q), and mutual
information with the identity I(X, Y) = H(X) - H(X|Y) on a joint table.

Logarithms are base 2 (bits) in 17.10 unless an input says otherwise (`base: e` for nats). Every
logarithm of a step is written unevaluated, so that the reader sees log_2(13/52) before 2, and
the checker evaluates it.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Sequence

import sympy as sp
from sympy.printing.pretty.stringpict import prettyForm

from deriver.catalog import derive, register, source
from deriver.checking import evaluated, probe_for, recomputed
from deriver.claims import claim
from deriver.inputs import expression, matrix, points
from deriver.model import Derivation, Step, definition
from exercises.symbols import Domain
from grader.equivalence import equivalent

SEED_JOINT = "[[0.1, 0.5], [0.1, 0.3]]"  # the mutual_information example of 17.10.3
UNIT = Domain(sp.Integer(0), sp.Integer(1), True, False)  # a probability in (0, 1]
POSITIVE = Domain(sp.Integer(0), sp.oo, True, True)


# --- inputs and logarithms --------------------------------------------------------------------------

def log_base(text: Any) -> sp.Expr:
    """`2` (bits), `e` (nats) or `10`."""
    value = str(text).strip().lower()
    if value in ("e", "nat", "nats", "ln"):
        return sp.E
    if value in ("2", "bit", "bits"):
        return sp.Integer(2)
    if value == "10":
        return sp.Integer(10)
    raise ValueError(f"the logarithm base is 2 (bits), e (nats) or 10, not {text!r}")


def unit(base: sp.Expr) -> str:
    return {sp.Integer(2): "bits", sp.E: "nats"}.get(base, f"base-{base} units")


def log_in(value: sp.Expr, base: sp.Expr) -> sp.Expr:
    """log_base(value), left unevaluated (printed \\log_2 for base 2)."""
    if base == sp.E:
        return sp.log(value, evaluate=False)
    return sp.Mul(sp.log(value, evaluate=False), sp.Pow(sp.log(base, evaluate=False), -1, evaluate=False),
                  evaluate=False)


def log_value(value: sp.Expr, base: sp.Expr) -> sp.Expr:
    """log_base(value) evaluated: an exact rational when value is a power of the base
    (log_2(1/4) = -2), otherwise log(value)/log(base)."""
    if base == sp.E:
        return sp.log(value)
    exact = sp.log(value, base)
    return exact if exact.is_Rational else sp.log(value) / sp.log(base)


def scaled_log(coefficient: sp.Expr, value: sp.Expr, base: sp.Expr) -> sp.Expr:
    """coefficient * log_base(value), one flat product (printed `c \\log_2 v`)."""
    if coefficient == 1:
        return log_in(value, base)
    if base == sp.E:
        return sp.Mul(coefficient, sp.log(value, evaluate=False), evaluate=False)
    return sp.Mul(coefficient, sp.log(value, evaluate=False), sp.Pow(sp.log(base, evaluate=False), -1, evaluate=False),
                  evaluate=False)


def fraction(numerator: sp.Expr, denominator: sp.Expr) -> sp.Expr:
    """numerator / denominator, left standing when either is itself a sum or a product to show."""
    if numerator.is_Atom and denominator.is_Atom:
        return numerator / denominator
    return sp.Mul(numerator, sp.Pow(denominator, -1, evaluate=False), evaluate=False)


class Over(sp.Expr):
    """numerator / denominator held as written, one fraction bar: (1/10) / ((3/5)(1/5)) is printed
    \\frac{1/10}{3/5 \\cdot 1/5}, not 1/(10 \\cdot 3/5 \\cdot 1/5) nor 1/10 \\cdot 1/(1/5). `doit()` divides."""

    def __new__(cls, numerator: Any, denominator: Any) -> "Over":
        return sp.Expr.__new__(cls, sp.sympify(numerator), sp.sympify(denominator))

    def doit(self, **hints: Any) -> sp.Expr:
        numerator, denominator = self.args
        if hints.get("deep", True):
            numerator, denominator = numerator.doit(**hints), denominator.doit(**hints)
        return numerator / denominator

    def _eval_evalf(self, prec: int) -> sp.Expr:
        return (self.args[0] / self.args[1])._eval_evalf(prec)

    def _latex(self, printer: Any) -> str:
        return r"\frac{%s}{%s}" % (printer._print(self.args[0]), printer._print(self.args[1]))

    def _pretty(self, printer: Any) -> Any:
        return printer._print(self.args[0]) / printer._print(self.args[1])

    def _sympystr(self, printer: Any) -> str:
        return f"({printer._print(self.args[0])})/({printer._print(self.args[1])})"


class Paren(sp.Expr):
    """A sum held in brackets inside a sum, (1/2 - 3/4 log_2 3/4) + (-1/4 + ...), so that it is not
    printed run into its neighbours as "... + - 1/4 ...". `doit()` drops the brackets."""

    def __new__(cls, inner: Any) -> "Paren":
        return sp.Expr.__new__(cls, sp.sympify(inner))

    def doit(self, **hints: Any) -> sp.Expr:
        return self.args[0].doit(**hints) if hints.get("deep", True) else self.args[0]

    def _eval_evalf(self, prec: int) -> sp.Expr:
        return self.args[0]._eval_evalf(prec)

    def _latex(self, printer: Any) -> str:
        return r"\left(%s\right)" % printer._print(self.args[0])

    def _pretty(self, printer: Any) -> Any:
        return prettyForm(*printer._print(self.args[0]).parens())

    def _sympystr(self, printer: Any) -> str:
        return f"({printer._print(self.args[0])})"


def grouped(value: sp.Expr) -> sp.Expr:
    """A sum in brackets (see `Paren`); anything else as it is."""
    return Paren(value) if isinstance(value, sp.Add) else value


def over(numerator: sp.Expr, denominator: sp.Expr) -> sp.Expr:
    """numerator / denominator shown as one fraction of what is written (see `Over`); two plain
    numbers or symbols with an integer numerator are simply divided."""
    if numerator.is_Atom and denominator.is_Atom and not (numerator.is_Rational and not numerator.is_Integer):
        return numerator / denominator
    return Over(numerator, denominator)


def defined(statement: Any, rule: str, why: str) -> Step:
    """A definition step whose justification shows the definition it writes out (`why` cites it)."""
    step = definition(statement, why, rule=rule)
    step.why = why
    return step


def plus(terms: Sequence[sp.Expr]) -> sp.Expr:
    terms = list(terms)
    if not terms:
        return sp.Integer(0)
    return sp.Add(*terms, evaluate=False) if len(terms) > 1 else terms[0]


def times(*factors: sp.Expr) -> sp.Expr:
    return sp.Mul(*factors, evaluate=False)


def as_expression(value: Any) -> sp.Expr:
    return expression(value) if isinstance(value, str) else sp.sympify(value)


def as_positive(expr: sp.Expr) -> sp.Expr:
    """Every symbol of an input made positive (probabilities, counts, standard deviations)."""
    return expr.xreplace({s: sp.Symbol(s.name, positive=True) for s in expr.free_symbols if isinstance(s, sp.Symbol)})


def distribution(value: Any, name: str = "p") -> list[sp.Expr]:
    """`0.1, 0.5, 0.1, 0.3` (or a sequence): nonnegative numbers with sum 1; symbols are taken positive."""
    if isinstance(value, str):
        items = points(value.strip("()[] "))
    elif isinstance(value, sp.MatrixBase):
        items = tuple(value)
    else:
        items = tuple(as_expression(v) for v in value)
    items = [as_positive(sp.nsimplify(v) if isinstance(v, sp.Float) else v) for v in items]
    if not items:
        raise ValueError(f"{name} has no outcomes")
    numeric = all(v.is_number for v in items)
    if numeric and (any(v < 0 for v in items) or sp.Add(*items) != 1):
        raise ValueError(f"{name} = {items} is not a distribution: nonnegative numbers with sum 1")
    return items


def rounded(value: sp.Expr, digits: int = 4) -> sp.Float:
    """The value to `digits` significant digits, as a decimal is printed."""
    text = f"{float(sp.N(value, 30)):.{digits}g}"
    return sp.Float(text, max(digits, 1))


def approx_checker(digits: int = 4):
    """`approx`: the statement is the previous step's value rounded to `digits` significant digits."""
    def check(previous, current, derivation):
        truth = rounded(evaluated(previous), digits)
        ok = isinstance(current, sp.Float) and truth == current
        return ok, "numeric", "" if ok else f"the value rounds to {truth}"
    return check


def unless_same(previous: Any, step: Step) -> list[Step]:
    """The step, unless it would print exactly as the one before it."""
    return [] if sp.latex(previous) == sp.latex(step.statement) else [step]


def decimal_latex(value: sp.Expr, digits: int = 4) -> str:
    """The value to `digits` significant digits in LaTeX, trailing zeros kept (5.700, not 5.7):
    the printed number has the digits the step says it has."""
    text = f"{float(sp.N(value, 30)):#.{digits}g}"
    mantissa, _, exponent = text.partition("e")
    mantissa = mantissa.rstrip(".")
    return f"{mantissa} \\cdot 10^{{{int(exponent)}}}" if exponent else mantissa


def approx_step(value: sp.Expr, digits: int = 4) -> list[Step]:
    """A closing `approx` step for a value that is not already a rational number."""
    if value.is_Rational or not value.is_number:
        return []
    return [Step(rounded(value, digits), "approx", rule=f"to {digits} significant digits",
                 checker=approx_checker(digits), display=decimal_latex(value, digits))]


def as_printed(value: sp.Expr, printed: str) -> sp.Expr:
    """A computed value as the seed prints it: exact when the seed prints an integer, otherwise
    rounded to the printed number of decimals (so that "5.7 bits" is compared with log2 52 to 1 decimal)."""
    if "." not in printed:
        return sp.nsimplify(value) if value.is_Rational else value
    decimals = len(printed.split(".")[1])
    return sp.Float(f"{float(sp.N(value, 40)):.{decimals}f}", max(len(printed) - 1, 1))


def printed(text: str) -> sp.Float | sp.Integer:
    return sp.Integer(text) if "." not in text else sp.Float(text, max(len(text.lstrip("-")) - 1, 1))


def _derive(name: str, **inputs: Any) -> Derivation:
    return derive(name, **inputs)


# --- self-information (17.10.1) -------------------------------------------------------------------

def _factorial_of(n: sp.Expr) -> int | None:
    """k when n = k! for some k >= 3 (52! orders of a deck), else None."""
    if not (n.is_Integer and n > 2):
        return None
    k, value = 1, sp.Integer(1)
    while value < n:
        k += 1
        value *= k
    return k if value == n and k >= 3 else None


def _probability(value: Any) -> tuple[sp.Expr, dict]:
    p = as_positive(as_expression(value))
    if p.is_number:
        if not (p.is_real and 0 < p <= 1):
            raise ValueError(f"a probability is in (0, 1], not {p}")
        return p, {}
    return p, {s: UNIT for s in p.free_symbols}


@register("self-information", "Self-information of an event of probability p", source("17.10", "17.10.1", "17.10.2"),
          params={"probability": "expression", "base": "text"}, defaults={"probability": "1/52", "base": "2"},
          generator=True)
def self_information(probability: Any = "1/52", base: Any = "2") -> Derivation:
    """I = -log_2 p = log_2(1/p): the bits an event of probability p carries (0 for a certain event)."""
    p, domains = _probability(probability)
    b = log_base(base)
    inverse = sp.simplify(1 / p)
    k = _factorial_of(inverse)
    shown_inverse = sp.factorial(k, evaluate=False) if k else (inverse if inverse.is_Atom else sp.Pow(p, -1, evaluate=False))
    shown_p = sp.Pow(shown_inverse, -1, evaluate=False) if k else p
    result = -log_value(p, b) if p.is_number else sp.expand_log(-sp.log(p) / sp.log(b), force=True)
    if k:  # log_2(52!) rather than the log of its 68 digits
        result = log_in(shown_inverse, b)
    steps = [
        defined(scaled_log(-1, shown_p, b), "self-information (17.10.1)", f"I(X) = -log p, in {unit(b)}"),
        Step(log_in(shown_inverse, b), rule="-log p = log(1/p)", why="the notes' form log_2(1/p) (3.1)"),
    ]
    if k:
        j = sp.Symbol("k", integer=True, positive=True)
        steps.append(Step(sp.Sum(log_in(j, b), (j, 1, k)), rule="the log of a product is the sum of the logs",
                          why=f"{k}! = 1 * 2 * ... * {k}"))
    if not k:
        steps += unless_same(steps[-1].statement, Step(result, rule="evaluate"))
    steps += approx_step(result)
    derivation = Derivation("self-information", f"The self-information of an event of probability ${sp.latex(shown_p)}$",
                            source("17.10", "17.10.1", "17.10.2"), steps, result,
                            givens=[("probability p", p), ("unit", sp.Symbol(unit(b)))], assumptions=domains)
    if p == 1:
        derivation.notes.append("A certain event carries no information: -log 1 = 0.")
    return derivation


# --- entropy of a uniform source, per character (17.10.4), (17.10.8) --------------------------------

@register("uniform-entropy", "Entropy of n equally likely outcomes, per character",
          source("17.10", "17.10.4", "17.10.8", note="exercise 2"),
          params={"outcomes": "expression", "length": "expression", "base": "text"},
          defaults={"outcomes": "44", "length": "1", "base": "2"}, generator=True)
def uniform_entropy(outcomes: Any = "44", length: Any = "1", base: Any = "2") -> Derivation:
    """H = -sum_k (1/n) log(1/n) = log n; a symbol that takes `length` characters spreads it over them."""
    n, ell, b = as_positive(as_expression(outcomes)), as_positive(as_expression(length)), log_base(base)
    if n.is_number and not (n.is_Integer and n >= 1):
        raise ValueError(f"the number of outcomes is a positive integer, not {n}")
    if ell.is_number and not ell > 0:
        raise ValueError(f"the length of a symbol is positive, not {ell}")
    if n.is_Symbol:
        n = sp.Symbol(n.name, integer=True, positive=True)
    k = sp.Symbol("k", integer=True, positive=True)
    p = sp.Pow(n, -1, evaluate=False)
    per_symbol = log_value(n, b)
    steps = [
        defined(sp.Mul(-1, sp.Sum(scaled_log(p, p, b), (k, 1, n)), evaluate=False), "entropy (17.10.4)",
                f"H = -sum_k p_k log p_k with p_k = 1/{n} for each of the {n} equally likely outcomes"),
        Step(scaled_log(times(-n, p), p, b), rule=f"{n} equal terms"),
        Step(per_symbol, rule="-log(1/n) = log n", why="(17.10.8): the largest entropy n outcomes can have"),
    ]
    result = per_symbol
    if ell != 1:
        result = sp.simplify(per_symbol / ell) if not per_symbol.is_number else per_symbol / ell
        steps += [
            defined(over(log_in(n, b), ell), "information per character",
                    f"the information of a symbol divided by the {ell} characters it occupies (exercise 2)"),
            Step(result, rule="simplify"),
        ]
    steps += approx_step(result)
    domains = {s: Domain(sp.Integer(1), sp.oo, False, True, True) for s in n.free_symbols}
    domains.update({s: POSITIVE for s in ell.free_symbols})
    return Derivation("uniform-entropy", f"Entropy of {n} equally likely outcomes"
                      + (f", {ell} characters each" if ell != 1 else ""),
                      source("17.10", "17.10.4", "17.10.8"), steps, result,
                      givens=[("outcomes n", n), ("characters per outcome", ell)], assumptions=domains)


# --- perplexity (17.10.33, corrected) ---------------------------------------------------------------

def solves_for(var: sp.Symbol):
    """`<=>` to `var = value`: SymPy solves the previous equation for var and finds exactly that value."""
    def check(previous, current, derivation):
        solutions = sp.solve(previous.lhs - previous.rhs, var)
        if not isinstance(current, sp.Equality) or current.lhs != var or len(solutions) != 1:
            return False, "symbolic", f"solving for {var} gives {solutions}"
        result = equivalent(current.rhs, solutions[0], probe_for(derivation, f"solve {var}"))
        return bool(result), result.method, result.detail or ("" if result else f"the solution is {solutions[0]}")
    return check


def substituting(var: sp.Symbol, value: sp.Expr):
    """`=` after putting var = value (found in an earlier step) into the previous step."""
    def check(previous, current, derivation):
        result = equivalent(evaluated(previous).subs(var, value), evaluated(current),
                            probe_for(derivation, f"substitute {var}"))
        return bool(result), result.method, result.detail
    return check


PPL_TEXT = sp.Symbol("p(x)", positive=True)  # the probability of a text x
LENGTH = sp.Symbol("L", integer=True, positive=True)  # its length in characters


def perplexity_of(probability: sp.Expr, length: sp.Expr, base: sp.Expr = sp.Integer(2)) -> sp.Expr:
    """The perplexity as the base raised to the information per character, written as a power of p:
    2^(-log_2 p / L) = p^(-1/L)."""
    bits = -sp.log(probability, base) / length
    return sp.powsimp(sp.exp(sp.expand_log(bits * sp.log(base), force=True)).rewrite(sp.Pow), force=True)


@register("perplexity-bits", "Bits per character of a language model from its perplexity",
          source("17.10", "17.10.1", "17.10.33", note="exercise 2, with (17.10.33) corrected to p^(-1/length)"),
          params={"perplexity": "expression", "base": "text"}, defaults={"perplexity": "15", "base": "2"},
          generator=True)
def perplexity_bits(perplexity: Any = "15", base: Any = "2") -> Derivation:
    """PPL = p(x)^(-1/L) gives p(x) = PPL^(-L), whose information per character is log PPL."""
    ppl, b = as_positive(as_expression(perplexity)), log_base(base)
    if ppl.is_number and not ppl >= 1:
        raise ValueError(f"a perplexity is at least 1, not {ppl}")
    P, L = PPL_TEXT, LENGTH
    probability = ppl ** (-L)
    result = log_value(ppl, b) if ppl.is_number else sp.log(ppl) / sp.log(b)
    steps = [
        defined(sp.Eq(ppl, P ** (-1 / L)), "perplexity (17.10.33), corrected",
                "PPL = p(x)^(-1/L), the length-normalized INVERSE probability of the text "
                "(the seed drops the minus sign)"),
        Step(sp.Eq(P, probability), "<=>", rule="solve for p(x)", checker=solves_for(P)),
        defined(scaled_log(-1 / L, P, b), "information per character",
                "the self-information -log p(x) (17.10.1) of the text, spread over its L characters"),
        Step(scaled_log(-1 / L, probability, b), rule="put in p(x) = PPL^(-L)",
             checker=substituting(P, probability)),
        Step(result, rule="log(a^(-L)) = -L log a"),
    ]
    steps += approx_step(result)
    domains = {L: Domain(sp.Integer(1), sp.oo, False, True, True), P: UNIT}
    domains.update({s: Domain(sp.Integer(1), sp.oo, True, True) for s in ppl.free_symbols})
    derivation = Derivation("perplexity-bits", f"Bits per character at perplexity ${sp.latex(ppl)}$",
                            source("17.10", "17.10.1", "17.10.33"), steps, result,
                            givens=[("perplexity PPL", ppl), ("length of the text", L)], assumptions=domains)
    derivation.notes.append("With the seed's printed definition PPL = p(x)^(1/L), a perplexity above 1 is impossible "
                            "(p(x) <= 1), and the same algebra would give -log PPL bits: negative information.")
    return derivation


# --- entropy and cross-entropy (17.10.4), (17.10.25), (17.10.26) -------------------------------------

def entropy_terms(p: Sequence[sp.Expr], base: sp.Expr) -> list[sp.Expr]:
    """-p_i log p_i for every outcome with p_i > 0 (0 log 0 = 0)."""
    return [scaled_log(-pi, pi, base) for pi in p if pi != 0]


def entropy_value(p: Sequence[sp.Expr], base: sp.Expr) -> sp.Expr:
    return sp.Add(*(-pi * log_value(pi, base) for pi in p if pi != 0))


def _distribution_domains(*dists: Sequence[sp.Expr]) -> dict:
    return {s: UNIT for d in dists for v in d for s in v.free_symbols}


@register("entropy", "Entropy of a discrete distribution", source("17.10", "17.10.3", "17.10.4"),
          params={"probabilities": "text", "base": "text"},
          defaults={"probabilities": "0.1, 0.5, 0.1, 0.3", "base": "2"}, generator=True)
def entropy(probabilities: Any = "0.1, 0.5, 0.1, 0.3", base: Any = "2") -> Derivation:
    """H(X) = -sum_i p_i log p_i, outcomes of probability 0 left out (p log p -> 0)."""
    p, b = distribution(probabilities), log_base(base)
    value = entropy_value(p, b)
    steps = [defined(plus(entropy_terms(p, b)), "entropy (17.10.4)",
                     "H(X) = -sum_i p_i log p_i; an outcome of probability 0 contributes 0 (p log p -> 0)"),
             Step(value, rule="evaluate each term")]
    steps += approx_step(value, 8)
    return Derivation("entropy", f"The entropy of ({', '.join(map(str, p))}) in {unit(b)}",
                      source("17.10", "17.10.3", "17.10.4"), steps, value,
                      givens=[("p", sp.Tuple(*p))], assumptions=_distribution_domains(p))


def cross_entropy_value(p: Sequence[sp.Expr], q: Sequence[sp.Expr], base: sp.Expr) -> sp.Expr:
    return sp.Add(*(-pi * log_value(qi, base) for pi, qi in zip(p, q) if pi != 0))


def kl_value(p: Sequence[sp.Expr], q: Sequence[sp.Expr], base: sp.Expr) -> sp.Expr:
    return sp.Add(*(pi * log_value(sp.simplify(pi / qi), base) for pi, qi in zip(p, q) if pi != 0))


@register("cross-entropy", "Cross-entropy as entropy plus KL divergence",
          source("17.10", "17.10.21", "17.10.25", "17.10.26"),
          params={"p": "text", "q": "text", "base": "text"}, defaults={"p": "1, 0", "q": "1/2, 1/2", "base": "2"},
          generator=True)
def cross_entropy(p: Any = "1, 0", q: Any = "1/2, 1/2", base: Any = "2") -> Derivation:
    """CE(P, Q) = -sum p log q = H(P) + D_KL(P || Q): the coding cost of using q for data from p is
    the entropy of p plus the excess the wrong model costs."""
    p_, q_, b = distribution(p, "p"), distribution(q, "q"), log_base(base)
    if len(p_) != len(q_):
        raise ValueError(f"p has {len(p_)} outcomes and q has {len(q_)}")
    if any(pi != 0 and qi == 0 for pi, qi in zip(p_, q_)):
        raise ValueError("q gives probability 0 to an outcome p can produce: the cross-entropy is infinite")
    support = [(pi, qi) for pi, qi in zip(p_, q_) if pi != 0]
    ce_terms = [scaled_log(-pi, qi, b) for pi, qi in support]
    kl_terms = [scaled_log(pi, fraction(pi, qi), b) for pi, qi in support]
    h, kl = entropy_value(p_, b), kl_value(p_, q_, b)
    value = cross_entropy_value(p_, q_, b)
    steps = [
        defined(plus(ce_terms), "cross-entropy (17.10.25)",
                "CE(P, Q) = -sum_x p(x) log q(x); outcomes with p(x) = 0 contribute 0"),
        Step(plus([plus(entropy_terms(p_, b)), plus(kl_terms)]), rule="-log q = -log p + log(p/q)",
             why="(17.10.26): CE(P, Q) = H(P) + D_KL(P || Q), (17.10.21)"),
        Step(sp.Add(grouped(h), grouped(kl), evaluate=False), rule="evaluate H(P) and D_KL(P || Q)"),
        Step(value, rule="add"),
    ]
    steps += approx_step(value)
    derivation = Derivation("cross-entropy", f"Cross-entropy of q = ({', '.join(map(str, q_))}) for "
                            f"p = ({', '.join(map(str, p_))}) in {unit(b)}",
                            source("17.10", "17.10.21", "17.10.25", "17.10.26"), steps, value,
                            givens=[("p (true)", sp.Tuple(*p_)), ("q (model)", sp.Tuple(*q_))],
                            assumptions=_distribution_domains(p_, q_))
    derivation.notes.append(f"H(P) = {sp.sstr(h)} and D_KL(P || Q) = {sp.sstr(kl)} {unit(b)}: the cross-entropy "
                            "exceeds the entropy by the KL divergence, which is 0 only when q = p.")
    return derivation


# --- the KL divergence of two Gaussians (17.10.21), exercise 4 ---------------------------------------

def gaussian(x: sp.Expr, mu: sp.Expr, sigma: sp.Expr) -> sp.Expr:
    return sp.exp(-(x - mu) ** 2 / (2 * sigma ** 2)) / sp.sqrt(2 * sp.pi * sigma ** 2)


def same_integrand(previous, current, derivation):
    """`=` between two integrals over the same range: equal integrands give equal integrals."""
    if not (isinstance(previous, sp.Integral) and isinstance(current, sp.Integral)) or previous.limits != current.limits:
        return False, "symbolic", "not two integrals over the same range"
    result = equivalent(previous.function, current.function, probe_for(derivation, "integrand"))
    return bool(result), result.method, result.detail


def substitution_checker(x: sp.Symbol, x_of_t: sp.Expr, t: sp.Symbol):
    """`=` by the change of variables x = x(t): the limits map onto each other and the previous
    integrand at x(t), times dx/dt, is the current integrand."""
    def check(previous, current, derivation):
        [(x0, a, b)], [(t0, c, d)] = previous.limits, current.limits
        if x0 != x or t0 != t:
            return False, "symbolic", "the integration variables are not the substituted ones"
        if sp.limit(x_of_t, t, c) != a or sp.limit(x_of_t, t, d) != b:
            return False, "symbolic", "the limits do not correspond"
        moved = previous.function.subs(x, x_of_t) * sp.diff(x_of_t, t)
        result = equivalent(moved, current.function, probe_for(derivation, "substitution"))
        return bool(result), result.method, result.detail
    return check


def linearity(previous, current, derivation):
    """`=` from one integral to a linear combination of integrals over the same range (coefficients
    free of the variable): the combination of the integrands is the previous integrand."""
    integrals = sorted(current.atoms(sp.Integral), key=sp.default_sort_key)
    if not isinstance(previous, sp.Integral) or any(i.limits != previous.limits for i in integrals):
        return False, "symbolic", "not integrals over the range of the previous step"
    stand_ins = [sp.Dummy(f"I{k}") for k in range(len(integrals))]
    combination = current.xreplace(dict(zip(integrals, stand_ins)))
    var = previous.limits[0][0]
    linear = sp.expand(combination - sum(d * sp.diff(combination, d) for d in stand_ins)) == 0 and all(
        sp.diff(combination, d, e) == 0 for d in stand_ins for e in stand_ins)
    if var in combination.free_symbols or not linear:
        return False, "symbolic", "not a linear combination of the integrals"
    integrand = combination.xreplace({d: i.function for d, i in zip(stand_ins, integrals)})
    result = equivalent(previous.function, integrand, probe_for(derivation, "linearity"))
    return bool(result), result.method, result.detail


def _gaussian_parameter(value: Any, name: str, positive: bool) -> sp.Expr:
    expr = as_expression(value)
    rename = {s: sp.Symbol(s.name, **({"positive": True} if positive else {"real": True})) for s in expr.free_symbols}
    expr = expr.xreplace(rename)
    if positive and expr.is_number and not expr > 0:
        raise ValueError(f"{name} is a standard deviation: positive, not {expr}")
    return expr


@register("kl-gaussians", "KL divergence of two Gaussians, by integrating p log(p/q)",
          source("17.10", "17.10.21", note="exercise 4"),
          params={"mu_1": "expression", "sigma_1": "expression", "mu_2": "expression", "sigma_2": "expression"},
          defaults={"mu_1": "mu_1", "sigma_1": "sigma_1", "mu_2": "mu_2", "sigma_2": "sigma_2"}, generator=True)
def kl_gaussians(mu_1: Any = "mu_1", sigma_1: Any = "sigma_1", mu_2: Any = "mu_2", sigma_2: Any = "sigma_2") -> Derivation:
    """D_KL(N(mu_1, sigma_1^2) || N(mu_2, sigma_2^2)) in nats: log(p/q) is a quadratic in x; under P,
    with x = mu_1 + sigma_1 t, it needs only the standard normal moments E[1], E[t], E[t^2]."""
    m1, m2 = _gaussian_parameter(mu_1, "mu_1", False), _gaussian_parameter(mu_2, "mu_2", False)
    s1, s2 = _gaussian_parameter(sigma_1, "sigma_1", True), _gaussian_parameter(sigma_2, "sigma_2", True)
    x, t = sp.Symbol("x", real=True), sp.Symbol("t", real=True)
    p, q = gaussian(x, m1, s1), gaussian(x, m2, s2)
    line = (x, -sp.oo, sp.oo)
    log_ratio = sp.log(s2 / s1) - (x - m1) ** 2 / (2 * s1 ** 2) + (x - m2) ** 2 / (2 * s2 ** 2)
    phi = sp.exp(-t ** 2 / 2) / sp.sqrt(2 * sp.pi)
    shift = m1 - m2
    standardized = sp.log(s2 / s1) - t ** 2 / 2 + (s1 * t + shift) ** 2 / (2 * s2 ** 2)
    moment = [sp.Integral(t ** k * phi, (t, -sp.oo, sp.oo)) if k else sp.Integral(phi, (t, -sp.oo, sp.oo))
              for k in range(3)]
    expanded = (sp.log(s2 / s1) * moment[0] - moment[2] / 2
                + sp.Mul(1 / (2 * s2 ** 2), s1 ** 2 * moment[2] + 2 * s1 * shift * moment[1] + shift ** 2 * moment[0],
                         evaluate=False))
    values = [m.doit() for m in moment]
    result = expanded.xreplace(dict(zip(moment, values)))
    names = ["E[1]", "E[t]", "E[t^2]"]
    moments = Step(result, rule="the standard normal moments: E[1] = 1, E[t] = 0, E[t^2] = 1",
                   substeps=[s for k, (m, v) in enumerate(zip(moment, values))
                             for s in (defined(m, f"the moment {names[k]}",
                                               f"{names[k]} = integral of {'t^%d ' % k if k > 1 else 't ' if k else ''}"
                                               "phi(t) dt, phi the standard normal density"),
                                       Step(v, rule="integrate"))])
    ratio = sp.Mul(p, sp.Pow(q, -1, evaluate=False), evaluate=False)  # p(x)/q(x) as the definition writes it
    kl = defined(sp.Integral(p * sp.log(ratio, evaluate=False), line), "KL divergence (17.10.21)",
                 "D_KL(P || Q) = E_{x ~ P}[log(p(x)/q(x))], natural log (nats)")
    same = sp.simplify(m1 - m2) == 0 and sp.simplify(s1 - s2) == 0
    if same:
        result = sp.Integer(0)
        steps = [kl, Step(result, rule="P = Q: the log-ratio is 0",
                          why="p(x)/q(x) = 1 at every x, so log(p(x)/q(x)) = 0 and so is its expectation")]
    else:
        steps = [
            kl,
            Step(sp.Integral(p * log_ratio, line), rule="log of the ratio of the two densities",
                 why="log(p/q) = log(sigma_2/sigma_1) - (x - mu_1)^2/(2 sigma_1^2) + (x - mu_2)^2/(2 sigma_2^2)",
                 checker=same_integrand),
            Step(sp.Integral(phi * standardized, (t, -sp.oo, sp.oo)), rule="substitute x = mu_1 + sigma_1 t",
                 why="dx = sigma_1 dt; p becomes the standard normal density",
                 checker=substitution_checker(x, m1 + s1 * t, t)),
            Step(expanded, rule="expand the square, linearity of the integral", checker=linearity),
            moments,
        ]
    domains = {s: POSITIVE for s in (s1.free_symbols | s2.free_symbols)}
    derivation = Derivation("kl-gaussians", "D_KL(N(mu_1, sigma_1^2) || N(mu_2, sigma_2^2))",
                            source("17.10", "17.10.21"), steps, result,
                            givens=[("p(x)", p), ("q(x)", q)], assumptions=domains)
    derivation.notes.append("The divergence of a distribution from itself is 0, and only then (17.10.21)." if same else
                            "The divergence is not symmetric in P and Q (17.10.22) unless sigma_1 = sigma_2; in bits, "
                            "divide by log 2.")
    return derivation


# --- mutual information (17.10.13)-(17.10.18) --------------------------------------------------------

def joint_table(value: Any) -> sp.ImmutableMatrix:
    """A joint p.m.f. (rows: values of X, columns: values of Y); numeric tables sum to 1,
    symbolic entries are positive weights."""
    table = matrix(value) if isinstance(value, str) else sp.Matrix(value)
    table = table.applyfunc(lambda v: as_positive(sp.nsimplify(v) if isinstance(v, sp.Float) else sp.sympify(v)))
    numeric = all(v.is_number for v in table)
    if numeric and (any(v < 0 for v in table) or sp.Add(*table) != 1):
        raise ValueError(f"{table.tolist()} is not a joint p.m.f.: nonnegative entries with sum 1")
    return sp.ImmutableMatrix(table)


def marginals(table: sp.MatrixBase) -> tuple[list[sp.Expr], list[sp.Expr]]:
    """The row sums p_X and the column sums p_Y, left as sums (1/10 + 1/2)."""
    rows = [plus(list(table.row(i))) for i in range(table.rows)]
    cols = [plus(list(table.col(j))) for j in range(table.cols)]
    return rows, cols


def _cells(table: sp.MatrixBase) -> list[tuple[int, int, sp.Expr]]:
    return [(i, j, table[i, j]) for i in range(table.rows) for j in range(table.cols) if table[i, j] != 0]


def mutual_information_value(table: sp.MatrixBase, base: sp.Expr) -> sp.Expr:
    """sum_{x,y} p(x, y) log(p(x, y) / (p_X(x) p_Y(y))), computed from scratch."""
    px = [sum(table.row(i)) for i in range(table.rows)]
    py = [sum(table.col(j)) for j in range(table.cols)]
    return sp.Add(*(v * log_value(sp.simplify(v / (px[i] * py[j])), base) for i, j, v in _cells(table)))


def _table_domains(table: sp.MatrixBase) -> dict:
    return {s: POSITIVE for s in table.free_symbols}


def _probabilities_title(table: sp.MatrixBase) -> str:
    return sp.sstr(table.tolist())


@register("mutual-information", "Mutual information of a joint table", source("17.10", "17.10.18", "17.10.20"),
          params={"joint": "matrix", "base": "text"}, defaults={"joint": SEED_JOINT, "base": "2"}, generator=True)
def mutual_information(joint: Any = SEED_JOINT, base: Any = "2") -> Derivation:
    """The marginals are the row and column sums; I(X, Y) = E_{(x,y) ~ p}[log p(x,y)/(p_X(x) p_Y(y))]."""
    table, b = joint_table(joint), log_base(base)
    rows, cols = marginals(table)
    px = [sum(table.row(i)) for i in range(table.rows)]
    py = [sum(table.col(j)) for j in range(table.cols)]
    terms = [scaled_log(v, over(v, times(px[i], py[j])), b) for i, j, v in _cells(table)]
    reduced = [scaled_log(v, sp.simplify(v / (px[i] * py[j])), b) for i, j, v in _cells(table)]
    value = mutual_information_value(table, b)
    steps = [
        Step(sp.ImmutableMatrix(rows), rule="marginal of X: add each row", why="p_X(x) = sum_y p_{X,Y}(x, y)",
             fresh=True,
             checker=recomputed(lambda: table * sp.ones(table.cols, 1), "the table times a column of ones")),
        *unless_same(sp.ImmutableMatrix(rows), Step(sp.ImmutableMatrix(px), rule="add")),
        Step(sp.ImmutableMatrix([cols]), rule="marginal of Y: add each column", why="p_Y(y) = sum_x p_{X,Y}(x, y)",
             fresh=True, checker=recomputed(lambda: sp.ones(1, table.rows) * table, "a row of ones times the table")),
        *unless_same(sp.ImmutableMatrix([cols]), Step(sp.ImmutableMatrix([py]), rule="add")),
        defined(plus(terms), "mutual information (17.10.18), corrected",
                "I(X, Y) = sum_{x,y} p(x,y) log(p(x,y)/(p_X(x) p_Y(y))), without the seed's minus sign; cells of "
                "probability 0 contribute 0"),
        *unless_same(plus(terms), Step(plus(reduced), rule="reduce each ratio")),
    ]
    steps += unless_same(steps[-1].statement, Step(value, rule="evaluate"))
    steps += approx_step(value)
    derivation = Derivation("mutual-information", f"Mutual information of the joint table {_probabilities_title(table)}",
                            source("17.10", "17.10.18", "17.10.20"), steps, value,
                            givens=[("joint p_{X,Y}", table)], assumptions=_table_domains(table))
    derivation.notes.append("I(X, Y) >= 0, with equality exactly when X and Y are independent (every ratio is 1).")
    return derivation


@register("mutual-information-identity", "I(X, Y) = H(X) - H(X|Y) on a joint table",
          source("17.10", "17.10.3", "17.10.13", "17.10.14", "17.10.18", note="exercise 3"),
          params={"joint": "matrix", "base": "text"}, defaults={"joint": SEED_JOINT, "base": "2"}, generator=True)
def mutual_information_identity(joint: Any = SEED_JOINT, base: Any = "2") -> Derivation:
    """Both sides as one expectation over the joint: H(X) = -E_{(x,y)}[log p_X(x)],
    H(X|Y) = -E_{(x,y)}[log p(x|y)], and log p(x|y) - log p_X(x) = log p(x,y)/(p_X(x) p_Y(y))."""
    table, b = joint_table(joint), log_base(base)
    cells = _cells(table)
    px = [sum(table.row(i)) for i in range(table.rows)]
    py = [sum(table.col(j)) for j in range(table.cols)]
    h_x = plus([scaled_log(-r, r, b) for r in px])
    h_x_given_y = plus([scaled_log(-v, over(v, py[j]), b) for i, j, v in cells])
    over_joint = plus([scaled_log(-v, px[i], b) for i, j, v in cells])
    conditional = plus([scaled_log(v, over(v, py[j]), b) for i, j, v in cells])
    combined = plus([scaled_log(v, over(over(v, py[j]), px[i]), b) for i, j, v in cells])
    pointwise = plus([scaled_log(v, over(v, times(px[i], py[j])), b) for i, j, v in cells])
    value = mutual_information_value(table, b)
    steps = [
        defined(sp.Add(h_x, sp.Mul(-1, h_x_given_y, evaluate=False), evaluate=False),
                "H(X) - H(X|Y), (17.10.4) and (17.10.13)",
                "H(X) = -sum_x p_X(x) log p_X(x) and H(X|Y) = -sum_{x,y} p(x,y) log p(x|y), p(x|y) = p(x,y)/p_Y(y), "
                f"with the marginals p_X = {sp.sstr(sp.Tuple(*px))}, p_Y = {sp.sstr(sp.Tuple(*py))} (the sums of the "
                "rows and of the columns)"),
        Step(sp.Add(over_joint, conditional, evaluate=False), rule="p_X(x) = sum_y p(x, y)",
             why="H(X) as an expectation over the joint: -E_{(x,y)}[log p_X(x)]"),
        Step(combined, rule="log a - log b = log(a/b), term by term",
             why="one expectation: E_{(x,y)}[log p(x|y)/p_X(x)]"),
        Step(pointwise, rule="p(x|y)/p_X(x) = p(x,y)/(p_X(x) p_Y(y))",
             why="the pointwise mutual information (17.10.20) averaged over the joint: I(X, Y) (17.10.18)"),
    ]
    steps += unless_same(pointwise, Step(value, rule="evaluate"))
    steps += approx_step(value)
    derivation = Derivation("mutual-information-identity",
                            f"H(X) - H(X|Y) = I(X, Y) for the joint table {_probabilities_title(table)}",
                            source("17.10", "17.10.3", "17.10.13", "17.10.14", "17.10.18"), steps, value,
                            givens=[("joint p_{X,Y}", table)], assumptions=_table_domains(table))
    derivation.notes.append("Every step holds for any table of positive weights, so the identity is the algebra of "
                            "logarithms; H(Y) - H(Y|X) and H(X) + H(Y) - H(X, Y) give the same value.")
    return derivation


# --- what the seed prints in 17.10 -------------------------------------------------------------------

def _joint_quantities(table: sp.MatrixBase, base: sp.Expr = sp.Integer(2)) -> dict[str, sp.Expr]:
    """H(X), H(Y), H(X, Y), H(X|Y), H(Y|X) of a joint table, each from its definition."""
    px = [sum(table.row(i)) for i in range(table.rows)]
    py = [sum(table.col(j)) for j in range(table.cols)]
    cells = _cells(table)
    return {
        "H(X)": entropy_value(px, base), "H(Y)": entropy_value(py, base),
        "H(X,Y)": entropy_value([v for _, _, v in cells], base),
        "H(X|Y)": sp.Add(*(-v * log_value(v / py[j], base) for i, j, v in cells)),
        "H(Y|X)": sp.Add(*(-v * log_value(v / px[i], base) for i, j, v in cells)),
    }


def _seed_mutual_information_formula(table: sp.MatrixBase) -> sp.Expr:
    """(17.10.18) as printed, -E_x E_y{p(x,y) log(p(x,y)/(p_X(x) p_Y(y)))} with x ~ p_X and y ~ p_Y."""
    px = [sum(table.row(i)) for i in range(table.rows)]
    py = [sum(table.col(j)) for j in range(table.cols)]
    return -sp.Add(*(px[i] * py[j] * v * sp.log(v / (px[i] * py[j]), 2) for i, j, v in _cells(table)))


def _seed_code_mutual_information() -> sp.Expr:
    """What the seed's mutual_information code computes on its example: -sum p log2(p / (p_x * p_y))
    with p_x = (0.2, 0.8), p_y = (0.75, 0.25) multiplied elementwise and broadcast over the rows."""
    table = joint_table(SEED_JOINT)
    product = [sp.Rational(2, 10) * sp.Rational(3, 4), sp.Rational(8, 10) * sp.Rational(1, 4)]
    return -sp.Add(*(v * sp.log(v / product[j], 2) for i, j, v in _cells(table)))


def _card_claims() -> None:
    cards = [('"I see a card"', "1", "0"), ('"I see a heart" (13 of the 52 cards)', "13/52", "2"),
             ('"This is the 3 of spades"', "1/52", "5.7"),
             ("the order of the whole shuffled deck (52! orders)", "1/factorial(52)", "225.6")]
    for event, probability, seed_value in cards:
        claim("17.10.1", f"the information in bits of {event}, to the printed digits", printed(seed_value),
              lambda p=probability, s=seed_value: as_printed(_derive("self-information", probability=p).result, s))
    claim("(17.10.2)", 'the self-information of the code "0010" (probability 1/2^4)', sp.Integer(4),
          lambda: _derive("self-information", probability="1/16").result)
    claim("17.10.1 (code)", "self_information(1/64)", printed("6.0"),
          lambda: as_printed(_derive("self-information", probability="1/64").result, "6.0"))


def _entropy_claims() -> None:
    claim("17.10.2 (code)", "entropy([0.1, 0.5, 0.1, 0.3]) in bits", printed("1.6854753"),
          lambda: as_printed(_derive("entropy", probabilities="0.1, 0.5, 0.1, 0.3").result, "1.6854753"))
    claim("17.10.3 (code)", "joint_entropy([[0.1, 0.5], [0.1, 0.3]]) in bits", printed("1.6854753"),
          lambda: as_printed(_joint_quantities(joint_table(SEED_JOINT))["H(X,Y)"], "1.6854753"))
    claim("17.10.3 (code)", "the total probability of the conditional_entropy example's joint table "
          "[[0.1, 0.5], [0.2, 0.3]] (a joint p.m.f. sums to 1)", sp.Integer(1),
          lambda: sp.Add(*(sp.Rational(v) for v in ("1/10", "1/2", "1/5", "3/10"))))
    p, q = [sp.Symbol(f"p_{k}", positive=True) for k in (1, 2)], [sp.Symbol(f"q_{k}", positive=True) for k in (1, 2)]
    claim("(17.10.26)", "CE(P, Q) = H(P) + D_KL(P || Q) for two outcomes, p = (p_1, p_2), q = (q_1, q_2)",
          entropy_value(p, sp.Integer(2)) + kl_value(p, q, sp.Integer(2)),
          lambda: cross_entropy_value(p, q, sp.Integer(2)))


def _mutual_information_claims() -> None:
    table = joint_table(SEED_JOINT)

    def truth() -> sp.Expr:
        return _derive("mutual-information").result

    claim("(17.10.18)", "the mutual information in bits of the example joint [[0.1, 0.5], [0.1, 0.3]] "
          "(the code prints -0.71946025; its marginals are not those of the joint, and the sign is wrong)",
          printed("-0.71946025"), lambda: as_printed(truth(), "-0.71946025"))
    claim("17.10.3 (code)", "what the mutual_information code computes with the marginals it is given "
          "(it reproduces its printed output), to the 6 significant digits of its float32 arithmetic",
          rounded(printed("-0.71946025"), 6), lambda: rounded(_seed_code_mutual_information(), 6))
    claim("(17.10.18)", "(17.10.18) as printed, -E_x E_y{p(x,y) log(p(x,y)/(p_X(x) p_Y(y)))}, on the example joint, "
          "to 8 decimals", as_printed(_seed_mutual_information_formula(table), "0.00000000"),
          lambda: as_printed(truth(), "0.00000000"))
    claim("(17.10.17)", "H(X, Y) - H(Y|X) - H(X|Y) on the example joint equals I(X, Y)",
          (lambda q: q["H(X,Y)"] - q["H(Y|X)"] - q["H(X|Y)"])(_joint_quantities(table)), truth)
    claim("(17.10.16)", "H(Y|X) = H(X, Y) - H(X) on the example joint",
          (lambda q: q["H(X,Y)"] - q["H(X)"])(_joint_quantities(table)),
          lambda: _joint_quantities(table)["H(Y|X)"])
    claim("17.10.3", "H(X) - H(X|Y) on the example joint equals I(X, Y) (exercise 3)",
          (lambda q: q["H(X)"] - q["H(X|Y)"])(_joint_quantities(table)),
          lambda: _derive("mutual-information-identity").result)


@lru_cache(maxsize=None)
def kl_bits(m1: str, s1: str, m2: str, s2: str) -> sp.Expr:
    """D_KL(N(m1, s1^2) || N(m2, s2^2)) in bits, by the kl-gaussians derivation."""
    return _derive("kl-gaussians", mu_1=m1, sigma_1=s1, mu_2=m2, sigma_2=s2).result / sp.log(2)


def _kl_claims() -> None:
    def relative_difference(a: sp.Expr, b: sp.Expr) -> sp.Expr:
        return sp.Abs(a - b) / ((a + b) / 2) * 100

    claim("17.10.4 example (code)", "D_KL(p || q_1) in bits for p = N(0, 1), q_1 = N(-1, 1) (the code's kl_divergence "
          "of sorted samples is not an estimate of it)", printed("8470.638"),
          lambda: as_printed(kl_bits("0", "1", "-1", "1"), "8470.638"))
    claim("17.10.4 example (code)", "the relative difference (%) of D_KL(p || q_1) and D_KL(p || q_2), q_2 = N(1, 1) "
          '(the text: "only a 1% off")', printed("2.268504302642314"),
          lambda: relative_difference(kl_bits("0", "1", "-1", "1"), kl_bits("0", "1", "1", "1")))
    claim("17.10.4 example (code)", "the relative difference (%) of D_KL(q_2 || p) and D_KL(p || q_2) "
          '(the text: "off a lot"); equal-variance Gaussians have a symmetric divergence', printed("43.88678828000115"),
          lambda: relative_difference(kl_bits("1", "1", "0", "1"), kl_bits("0", "1", "1", "1")))


def _perplexity_claim() -> None:
    P, L = PPL_TEXT, LENGTH
    claim("(17.10.33)", "the perplexity PPL(x) of a text x of probability p(x) and length L: the base raised to the "
          "information per character", P ** (1 / L), lambda: perplexity_of(P, L))


_card_claims()
_entropy_claims()
_mutual_information_claims()
_kl_claims()
_perplexity_claim()
