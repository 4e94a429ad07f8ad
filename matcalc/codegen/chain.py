"""The order of a matrix product: dynamic programming over flop counts.

A product X₁ ⋯ Xₖ costs very different amounts in different orders: u₂ᵀWB read
left to right is three matrix–vector products, read right to left a cube. The
classic matrix-chain recurrence picks the cheapest bracketing, with operands
that are not plain matrices priced by what is really done with them: M⁻¹ is a
solve with M's factorization, diag(v) a scaling, A ⊗ B a pair of reshaped
products.

Sizes are symbolic, so each dimension symbol counts as DEFAULT_SIZE, and where the
best bracketing depends on the sizes (A X Bᵀ: (AX)Bᵀ for a short A, A(XBᵀ) for a short
B), `alternatives` gives the best one at each corner of the sizes, SMALL_SIZE or
DEFAULT_SIZE per symbol, for the generated code to choose from by `tree_cost` at the
sizes it is called with.
"""
import itertools
from dataclasses import dataclass, replace

import sympy

#: The size a dimension symbol is priced at: large, so that vectors count as cheap.
DEFAULT_SIZE = 1000
#: The other size a symbol takes in the search for bracketings that sizes favour.
SMALL_SIZE = 10
#: The longest chain whose bracketing is searched (the search is cubic in the length).
MAX_SEARCHED = 40
#: Bounds on that search, which runs once per corner: chains of at most MAX_VARIED_CHAIN
#: operands with at most MAX_VARIED_SIZES dimension symbols, keeping at most MAX_ALTERNATIVES.
MAX_VARIED_CHAIN, MAX_VARIED_SIZES, MAX_ALTERNATIVES = 8, 4, 4


def size(dim, at=None):
    """A dimension as a number, every symbol at its size in `at`, by default DEFAULT_SIZE."""
    dim = sympy.sympify(dim)
    at = at or {}
    return int(dim.xreplace({s: at.get(s, DEFAULT_SIZE) for s in dim.free_symbols}))


@dataclass(frozen=True)
class Operand:
    """One factor of a chain: kind "dense", "inverse", "diag" or "kron", its shape (numbers,
    or symbolic sizes that `priced` makes numbers), and what the kind needs (the lowered
    node; for "kron" the shapes of A and B too)."""
    kind: str
    rows: object
    cols: object
    payload: object
    math: object  # the IR factor, for comments
    kron_shapes: tuple = ()


def combine_cost(operands, i, split, j):
    """Flops of multiplying the product of operands[i..split] by that of operands[split+1..j]."""
    p, q, r = operands[i].rows, operands[split].cols, operands[j].cols
    left = operands[i] if i == split else None
    right = operands[j] if split + 1 == j else None
    if left is not None and left.kind == "diag" or right is not None and right.kind == "diag":
        return p * r
    if left is not None and left.kind == "kron":
        return _kron_cost(left.kron_shapes, r)
    if right is not None and right.kind == "kron":
        return _kron_cost(right.kron_shapes, p)
    penalty = q ** 3 if (left and right and left.kind == right.kind == "inverse") else 0
    return p * q * r + penalty


def _kron_cost(shapes, other):
    """(A ⊗ B) M for A a×b, B c×d, M (bd)×other: B applied to every slice, then A."""
    (a, b), (c, d) = shapes
    return other * (b * c * d + a * b * c)


def priced(operands, at=None):
    """The operands with their sizes as numbers, every symbol at its size in `at`."""
    return [replace(o, rows=size(o.rows, at), cols=size(o.cols, at),
                    kron_shapes=tuple(tuple(size(d, at) for d in shape) for shape in o.kron_shapes))
            for o in operands]


def order(operands, at=None):
    """The cheapest bracketing at the sizes `at` (see `size`): an index for one operand, or a
    (left, right) pair of trees.

    Ties go to the left-to-right reading, so equal-cost chains print as written. The
    search is cubic in the length, so a chain longer than MAX_SEARCHED is read left to
    right: such chains come from long products of one matrix, where order barely matters.
    """
    operands = priced(operands, at)
    count = len(operands)
    if count > MAX_SEARCHED:
        tree = 0
        for index in range(1, count):
            tree = (tree, index)
        return tree
    cost = {(i, i): 0 for i in range(count)}
    best = {}
    for length in range(2, count + 1):
        for i in range(count - length + 1):
            j = i + length - 1
            choice = None
            for split in reversed(range(i, j)):
                total = cost[i, split] + cost[split + 1, j] + combine_cost(operands, i, split, j)
                if choice is None or total < choice[0]:
                    choice = (total, split)
            cost[i, j], best[i, j] = choice

    def tree(i, j):
        if i == j:
            return i
        split = best[i, j]
        return (tree(i, split), tree(split + 1, j))
    return tree(0, count - 1)


def leaves(tree):
    """The operand indices of a tree, in order."""
    if isinstance(tree, int):
        return [tree]
    return leaves(tree[0]) + leaves(tree[1])


def tree_cost(tree, operands):
    """Flops of a bracketing: a number, or a polynomial in the size symbols where the
    operands' sizes are symbolic."""
    if isinstance(tree, int):
        return 0
    left, right = tree
    first, split, last = leaves(left)[0], leaves(left)[-1], leaves(right)[-1]
    return (tree_cost(left, operands) + tree_cost(right, operands)
            + combine_cost(operands, first, split, last))


def alternatives(operands):
    """The bracketings worth choosing between by the sizes at the call: the best one at
    DEFAULT_SIZE first, then the best one at each corner of the sizes where it differs."""
    trees = [order(operands)]
    symbols = sorted(set().union(*(sympy.sympify(d).free_symbols for o in operands
                                   for d in (o.rows, o.cols))), key=str)
    if not 3 <= len(operands) <= MAX_VARIED_CHAIN or not symbols or len(symbols) > MAX_VARIED_SIZES:
        return trees
    for corner in itertools.product((SMALL_SIZE, DEFAULT_SIZE), repeat=len(symbols)):
        tree = order(operands, dict(zip(symbols, corner)))
        if tree not in trees and len(trees) < MAX_ALTERNATIVES:
            trees.append(tree)
    return trees
