"""The core: the typed expression IR, its shapes and proven properties, and the
constructors that keep expressions in one canonical form. Every other layer builds on it."""
from . import shape_rules, shapes  # noqa: F401 - shape_rules gives every node its shape (ir.provide)
