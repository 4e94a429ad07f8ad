"""Symbolic sizes: a dimension is a positive integer symbol, a shape a (rows, columns) pair."""
import sympy

ONE = sympy.Integer(1)
SCALAR = (ONE, ONE)


def dimension(name):
    """The dimension symbol spelled `name` (a positive integer)."""
    return sympy.Symbol(name, integer=True, positive=True)


def show_dim(dim):
    text = str(dim).replace("*", "")
    return f"({text})" if any(op in text for op in "+-") else text


def show_shape(shape):
    return "×".join(show_dim(d) for d in shape)
