"""The core: the typed expression IR, its shapes and proven properties, and the
constructors that keep expressions in one canonical form. Every other layer builds on it."""
from . import shapes  # noqa: F401 - gives every node its shape (ir.provide)
