"""Random formulas for the property tests: atoms combined by templates with
one slot (`\\sqrt{%s}`) and with two (`%s + %s`)."""
from __future__ import annotations

from hypothesis import strategies as st


def formulas(atoms: list[str], unary: list[str], binary: list[str], max_leaves: int) -> st.SearchStrategy[str]:
    return st.recursive(
        st.sampled_from(atoms),
        lambda inner: st.one_of(
            st.tuples(st.sampled_from(unary), inner).map(lambda t: t[0] % t[1]),
            st.tuples(st.sampled_from(binary), inner, inner).map(lambda t: t[0] % (t[1], t[2])),
        ),
        max_leaves=max_leaves,
    )
