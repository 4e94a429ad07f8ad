"""The shape of each node type, from its children's shapes.

A shape is a pair (rows, columns) of symbolic dimensions; a scalar is 1×1. The
rules read a typed tree; inferring the shapes of a parsed one is `shapes.infer`.
"""
import sympy

from . import ir, registry
from .dimensions import ONE, SCALAR


def shape_of(node):
    """The shape of a typed node, from its children's shapes."""
    return RULES[type(node)](node, [child.shape for child in node.children()])


ir.provide(shape=shape_of)


def product_shape(shapes):
    """The shape of a product of operands of these shapes: scalars scale, matrices chain."""
    result = None
    for shape in shapes:
        if result is None or result == SCALAR:
            result = shape
        elif shape != SCALAR:
            result = (result[0], shape[1])
    return result


def _kron(shapes):
    (a, b), (c, d) = shapes
    return (sympy.expand(a * c), sympy.expand(b * d))


def _block(node, shapes):
    heights = [row[0].shape[0] for row in node.rows]
    widths = [entry.shape[1] for entry in node.rows[0]]
    return (sympy.expand(sum(heights)), sympy.expand(sum(widths)))


def _diag_matrix(shape):
    n = shape[0] if shape[1] == 1 else shape[1]
    return (n, n)


_SAME = lambda node, shapes: shapes[0]  # noqa: E731
_FIRST_OPERAND = _SAME
_TO_SCALAR = lambda node, shapes: SCALAR  # noqa: E731

#: The shape of each node type from the node and its children's shapes.
RULES = {
    ir.Symbol: lambda node, shapes: node.shape_,
    ir.Number: _TO_SCALAR,
    ir.Identity: lambda node, shapes: (node.size, node.size),
    ir.Zero: lambda node, shapes: node.shape_,
    ir.Ones: lambda node, shapes: node.shape_,
    ir.Add: _SAME,
    ir.Mul: lambda node, shapes: product_shape(shapes),
    ir.Block: _block,
    ir.Hadamard: lambda node, shapes: shapes[1] if shapes[0] == SCALAR else shapes[0],
    ir.Divide: _FIRST_OPERAND,
    ir.Kron: lambda node, shapes: _kron(shapes),
    ir.Frobenius: _TO_SCALAR,
    ir.Transpose: lambda node, shapes: shapes[0][::-1],
    ir.Adjoint: lambda node, shapes: shapes[0][::-1],
    ir.Conj: _SAME,
    ir.Real: _SAME,
    ir.Imag: _SAME,
    ir.Inverse: _SAME,
    ir.Trace: _TO_SCALAR,
    ir.Det: _TO_SCALAR,
    ir.LogDet: _TO_SCALAR,
    ir.Sym: _SAME,
    ir.DiagMatrix: lambda node, shapes: _diag_matrix(shapes[0]),
    ir.DiagVector: lambda node, shapes: (shapes[0][0], ONE),
    ir.Vec: lambda node, shapes: (sympy.expand(shapes[0][0] * shapes[0][1]), ONE),
    ir.Sum: _TO_SCALAR,
    ir.Diff: _SAME,
    ir.Power: _SAME,
    ir.ElementPower: _SAME,
    ir.Func: _SAME,
    ir.Apply: registry.shape_of_apply,
    ir.Norm: _TO_SCALAR,
    ir.BlockPart: lambda node, shapes: (sympy.expand(node.rows[1] - node.rows[0]),
                                        sympy.expand(node.cols[1] - node.cols[0])),
    ir.Unvec: lambda node, shapes: node.shape_,
    ir.KronBlockSum: lambda node, shapes: (sympy.expand(shapes[1][0] / shapes[0][0]),
                                           sympy.expand(shapes[1][1] / shapes[0][1])),
    ir.KronBlockInner: lambda node, shapes: (sympy.expand(shapes[1][0] / shapes[0][0]),
                                             sympy.expand(shapes[1][1] / shapes[0][1])),
}
