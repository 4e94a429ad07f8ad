"""The rule functions of block matrices and Kronecker products: their adjoints, and the blocks
that slices of them cut out, named by rules in rules/*.toml as those of rule_functions.py are."""
import sympy

from ..core import algebra, ir
from ..core.shapes import SCALAR


def kron_left_adjoint(node, bindings, context):
    """M : (A ⊗ Y) = (Σᵢⱼ conj(Aᵢⱼ) Mᵢⱼ) : Y, the blocks Mᵢⱼ of M shaped like Y."""
    return ir.Frobenius(algebra.kron_block_sum(bindings["A"], bindings["M"]), bindings["Y"])


def kron_left_literal_adjoint(node, bindings, context):
    """M : (A ⊗ Y) = (Σᵢⱼ conj(Aᵢⱼ) Mᵢⱼ) : Y written out block by block, as a textbook does for
    an A given entry by entry: [0, −1; 1, 0] ⊗ Y gives M₂₁ − M₁₂."""
    weights, blocks, y = bindings["A"], bindings["M"], bindings["Y"]
    (rows, cols), terms = y.shape, []
    for i, row in enumerate(weights.rows):
        for j, entry in enumerate(row):
            if not algebra.is_zero(entry):
                part = ir.BlockPart(blocks, (i * rows, (i + 1) * rows), (j * cols, (j + 1) * cols))
                terms.append(algebra.mul(algebra.conj(entry), algebra.block_part(part)))
    return ir.Frobenius(algebra.add(*terms) if terms else algebra.zero(y.shape), y)


def kron_right_adjoint(node, bindings, context):
    """M : (Y ⊗ B) = [B : Mᵢⱼ]ᵢⱼ : Y, the blocks Mᵢⱼ of M shaped like B."""
    return ir.Frobenius(ir.KronBlockInner(bindings["B"], bindings["M"]), bindings["Y"])


def block_adjoint(node, bindings, context):
    """M : [Y₁₁, Y₁₂; …] = Σ Mᵢⱼ : Yᵢⱼ, skipping zero blocks."""
    m, blocks = bindings["M"], bindings["Y"]
    terms, top = [], sympy.Integer(0)
    for row in blocks.rows:
        height, left = row[0].shape[0], sympy.Integer(0)
        for entry in row:
            width = entry.shape[1]
            if not algebra.is_zero(entry):
                part = algebra.block_part(ir.BlockPart(m, (top, sympy.expand(top + height)),
                                                       (left, sympy.expand(left + width))))
                terms.append(ir.Frobenius(part, entry))
            left = sympy.expand(left + width)
        top = sympy.expand(top + height)
    if not terms:
        return algebra.zero(SCALAR)
    return terms[0] if len(terms) == 1 else ir.Add(tuple(terms))


def block_part_adjoint(node, bindings, context):
    """M : Y[r₀:r₁, c₀:c₁] = E : Y, E the size of Y, M at the slice and zeros around it."""
    m, part = node.left, node.right
    y = part.arg
    rows = _spans(part.rows, y.shape[0])
    cols = _spans(part.cols, y.shape[1])
    blocks = [[m if (r, c) == (1, 1) else algebra.zero((height, width))
               for c, width in cols if width != 0] for r, height in rows if height != 0]
    return ir.Frobenius(algebra.block(blocks), y)


def _spans(bounds, size):
    """The sizes before, inside and after the bounds [start, stop) of a dimension of `size`, numbered 0, 1, 2."""
    start, stop = bounds
    return list(enumerate((start, sympy.expand(stop - start), sympy.expand(size - stop))))


def kron_literal_block(node, bindings, context):
    """(A ⊗ Y)ᵢⱼ = Aᵢⱼ Y, for a slice that is one block of a Kronecker product whose A is
    given entry by entry; None for a slice across blocks."""
    weights, y = bindings["A"], bindings["Y"]
    where = [_block_index(bounds, size) for bounds, size in zip((node.rows, node.cols), y.shape)]
    if None in where:
        return None
    return algebra.mul(weights.rows[where[0]][where[1]], y)


def block_part_of_block(node, bindings, context):
    """[A, B; C, D]ᵢⱼ is the entry the slice cuts out exactly, else None."""
    rows = node.arg.rows
    i = _entry_index(node.rows, [row[0].shape[0] for row in rows])
    j = _entry_index(node.cols, [entry.shape[1] for entry in rows[0]])
    return None if None in (i, j) else rows[i][j]


def _entry_index(bounds, sizes):
    """k when bounds are those of the k-th of consecutive sizes, else None."""
    start = sympy.Integer(0)
    for index, size in enumerate(sizes):
        if sympy.expand(start - bounds[0]) == 0 and sympy.expand(start + size - bounds[1]) == 0:
            return index
        start += size
    return None


def _block_index(bounds, size):
    """k when bounds are [k·size, (k + 1)·size), else None."""
    start, stop = bounds
    index = sympy.cancel(sympy.sympify(start) / size)
    if not index.is_Integer or sympy.expand(stop - start - size) != 0:
        return None
    return int(index)


def identity_block(node, bindings, context):
    """A block of I off its diagonal, rows and columns that do not meet, is 0."""
    (top, bottom), (left, right) = node.rows, node.cols
    if sympy.expand(left - bottom).is_nonnegative or sympy.expand(top - right).is_nonnegative:
        return algebra.zero(node.shape)
    return None
