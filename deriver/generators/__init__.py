"""Generators, one module per family; importing them fills the catalog."""
from deriver.generators import calculus, likelihood  # noqa: F401
