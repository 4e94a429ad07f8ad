"""What of an expression linear in V does not depend on V: the parts computed once per point.

A Hessian-vector product H[V] is evaluated at one point for many V (a Krylov solver asks
for dozens). Its parts free of V are the same for all of them: the weights σ(Xw) ⊙ σ(−Xw)
of the logistic loss, AᵀA and BBᵀ in 2AᵀAVBBᵀ. Computed once they leave per V only
what V touches: 2PVQ, two products where the unprepared code does four.

A part is a largest subexpression free of V that is more than a name, or a run of
factors of a product with V whose product, computed once, makes the product cheaper
to apply, priced as the chain order prices it. Structure the code relies on is kept:
a diagonal stays a scaling and an inverse a solve (its argument may be a part), and a
Kronecker product is applied by reshapes.
"""
from ..core import algebra, ir
from ..core.properties import is_real, is_symmetric
from .chain import Operand, combine_cost, leaves, order, size

#: Names the parts take, in order, before P₁, P₂, ….
PART_NAMES = "PQRSTNMLKJ"
#: Free of V, kept as they are: names and constants.
LEAVES = (ir.Symbol, ir.Number, ir.Identity, ir.Zero, ir.Ones)
#: Free of V, kept for their structure, their arguments prepared.
STRUCTURES = (ir.Transpose, ir.Adjoint, ir.Conj, ir.Inverse, ir.DiagMatrix, ir.Kron)


def hoisted(expression, direction, taken=()):
    """(expression with its parts as symbols, ((symbol, definition), …) in order)."""
    parts = _Parts(set(taken) | {n.name for n in ir.walk(expression) if isinstance(n, ir.Symbol)})

    def prepared(node):
        if not ir.contains(node, lambda n: n == direction):
            return _free(node, parts)
        if isinstance(node, ir.Mul):
            return _product(node, direction, prepared, parts)
        children = node.children()
        return algebra.rebuild(node, [prepared(c) for c in children]) if children else node
    return prepared(expression), tuple(parts.found.items())


def _free(node, parts):
    """A subexpression free of V as it is used per V: a name, or its structure around parts."""
    if isinstance(node, LEAVES):
        return node
    if isinstance(node, STRUCTURES):
        return algebra.rebuild(node, [_free(c, parts) for c in node.children()])
    return parts.name(node)


def _product(node, direction, prepared, parts):
    """A product with V: each run of V-free matrices becomes one part where that is cheaper."""
    factors = list(node.factors)
    free = [f.shape != (1, 1) and not ir.contains(f, lambda n: n == direction) for f in factors]
    runs, start = [], None
    for i, is_free in enumerate(free + [False]):
        if is_free and start is None:
            start = i
        elif not is_free and start is not None:
            runs.append((start, i))
            start = None
    chosen = []
    for run in runs:
        if run[1] - run[0] >= 2 and _cheaper(factors, chosen, run):
            chosen.append(run)
    result, i = [], 0
    while i < len(factors):
        run = next((r for r in chosen if r[0] == i), None)
        if run is not None:
            result.append(parts.name(algebra.mul(*factors[run[0]:run[1]])))
            i = run[1]
        else:
            result.append(prepared(factors[i]))
            i += 1
    return algebra.mul(*result)


def _cheaper(factors, done, run):
    """Whether computing the run once makes applying the product cheaper than without it."""
    def operands(runs):
        matrices, i = [], 0
        while i < len(factors):
            span = next((r for r in runs if r[0] == i), None)
            stop = span[1] if span else i + 1
            product = algebra.mul(*factors[i:stop]) if span else factors[i]
            if product.shape != (1, 1):
                kind = "diag" if isinstance(product, ir.DiagMatrix) and not span else "dense"
                rows, cols = (size(d) for d in product.shape)
                matrices.append(Operand(kind, rows, cols, None, product))
            i = stop
        return matrices
    return _cost(operands(done + [run])) < _cost(operands(done))


def _cost(operands):
    """The flops of the cheapest bracketing of the operands."""
    def cost(tree):
        if isinstance(tree, int):
            return 0
        left, right = leaves(tree[0]), leaves(tree[1])
        return cost(tree[0]) + cost(tree[1]) + combine_cost(operands, left[0], left[-1], right[-1])
    return cost(order(operands)) if operands else 0


class _Parts:
    """The parts found so far, one symbol each, named by letters the expression leaves free."""

    def __init__(self, taken):
        self.taken, self.found, self.by_definition = taken, {}, {}

    def name(self, definition):
        """A symbol standing for `definition`; a row is left as it is, since the code of a
        row-valued part returns a flat array that the code applying H would refuse."""
        if definition.shape[0] == 1 != definition.shape[1]:
            return definition
        if definition in self.by_definition:
            return self.by_definition[definition]
        letter = next((c for c in PART_NAMES if c not in self.taken), None)
        index = 1
        while letter is None or letter in self.taken:
            letter, index = f"P_{index}", index + 1
        self.taken.add(letter)
        symmetric = definition.shape[0] == definition.shape[1] != 1 and is_real(definition) \
            and is_symmetric(definition)
        symbol = ir.Symbol(letter, definition.shape, not is_real(definition),
                           frozenset({"symmetric"}) if symmetric else frozenset())
        self.found[symbol], self.by_definition[definition] = definition, symbol
        return symbol
