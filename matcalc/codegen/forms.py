"""Forms generated code looks for in IR: the factors of a product under transposes, thin
products and sums of them, scaled identities, blocks. Pure functions of typed nodes.
"""
import sympy

from ..core import algebra, ir
from .chain import size
from .operations import Stack
from ..core.properties import is_nonnegative, is_real, is_symmetric
from ..core.shapes import SCALAR

#: The largest power of a matrix written out as a product.
MAX_UNROLLED = 4

#: (outer ∘ inner) for the transpose-like operations: T, H, conjugation C, or None.
COMPOSE = {(None, t): t for t in (None, "T", "H", "C")}
COMPOSE.update({(t, None): t for t in (None, "T", "H", "C")})
COMPOSE.update({("T", "T"): None, ("H", "H"): None, ("C", "C"): None, ("T", "H"): "C",
                 ("H", "T"): "C", ("T", "C"): "H", ("C", "T"): "H", ("H", "C"): "T", ("C", "H"): "T"})


def apply(node, op):
    """node under op, as IR: Xᵀ, Xᴴ, conj(X) or X."""
    if op is None:
        return node
    return {"T": algebra.transpose, "H": algebra.adjoint, "C": algebra.conj}[op](node)


def transposed(node):
    """Xᵀ, with a transpose of a transpose cancelled."""
    return node.arg if isinstance(node, ir.Transpose) else ir.Transpose(node)


def adjointed(node):
    """Xᴴ, with an adjoint of an adjoint cancelled."""
    return node.arg if isinstance(node, ir.Adjoint) else ir.Adjoint(node)


def fuse_low_rank(terms):
    """Σ cᵢ Uᵢ Vᵢ over thin Uᵢ (outer products among them) as one product [c₁U₁, …][V₁; …]:
    one matrix product instead of a pass over the result per term."""
    thin = [(term, thin_products(term, sympy.Integer(1))) for term in terms]
    fused = [parts for term, parts in thin if parts is not None]
    rest = [term for term, parts in thin if parts is None]
    if len(fused) < 2:
        return sum_of(terms)
    parts = [part for group in fused for part in group]
    left = Stack(tuple(u if c == 1 else ir.Mul((ir.Number(c), u)) for c, u, _ in parts), 1)
    product = ir.Mul((left, Stack(tuple(v for _, _, v in parts), 0)))
    return sum_of(rest + [product])


def thin_products(node, sign):
    """[(c, U, V)] with node = Σ c U V and each U of a fixed number of columns, or None."""
    if isinstance(node, ir.Add):
        parts = [thin_products(t, sign) for t in node.terms]
        return None if any(p is None for p in parts) else [x for p in parts for x in p]
    if isinstance(node, ir.Mul) and len(node.factors) == 2 and node.shape != SCALAR:
        first, second = node.factors
        if isinstance(first, ir.Number) and first.value.is_number:
            return thin_products(second, sign * first.value)
        if first.shape != SCALAR and second.shape != SCALAR and sympy.sympify(first.shape[1]).is_number:
            return [(sign, first, second)]
    return None


def sum_of(terms):
    """The sum of terms (one term is itself)."""
    return ir.Add(tuple(terms)) if len(terms) > 1 else terms[0]


def is_product(node):
    """A product of two matrices (not a scaling)."""
    return isinstance(node, ir.Mul) and len(node.factors) == 2 and all(
        f.shape != SCALAR for f in node.factors)


def entries(node):
    """How many numbers the node holds, sizes priced as in the chain order."""
    rows, cols = node.shape
    return size(rows) * size(cols)


def gram_halves(matrices):
    """(M's factors, w) when the factors read Mᵀ diag(w) M with w ≥ 0, or (M's factors, None)
    when they read Mᵀ M: a real Gram matrix, not a vector, its factors not inverses
    (solved with, not formed) nor Kronecker products (applied by reshapes). Else None."""
    half, odd = divmod(len(matrices), 2)
    left, right = matrices[:half], matrices[half + odd:]
    weights = matrices[half].arg if odd and isinstance(matrices[half], ir.DiagMatrix) else None
    if not right or (odd and weights is None) or sympy.sympify(right[-1].shape[1]) == 1:
        return None
    if weights is not None and not is_nonnegative(weights):
        return None
    mirrored = all(a == algebra.transpose(b) or (a == b and is_symmetric(a))
                   for a, b in zip(left, reversed(right)))
    plain = all(is_real(f) and not isinstance(peel(f)[1], (ir.Inverse, ir.Kron)) for f in right)
    return (right, weights) if mirrored and plain else None


def peel(node):
    """(op, base): node = op(base) with the transposes and conjugations taken off."""
    op = None
    while isinstance(node, (ir.Transpose, ir.Adjoint, ir.Conj)):
        inner = {ir.Transpose: "T", ir.Adjoint: "H", ir.Conj: "C"}[type(node)]
        op, node = COMPOSE[op, inner], node.arg
    if isinstance(node, ir.Inverse) and isinstance(node.arg, (ir.Transpose, ir.Adjoint)):
        inner = "T" if isinstance(node.arg, ir.Transpose) else "H"
        return COMPOSE[op, inner], ir.Inverse(node.arg.arg)
    return op, node


def flatten(node, op):
    """The factors of a product under op, transposes pushed onto the factors, and small
    powers written out (M² = M M, (M²)⁻¹ = M⁻¹ M⁻¹), so one factorization of M serves."""
    repeated = small_power(node)
    if repeated is not None:
        base, count = repeated
        return flatten(base, op) * count
    if isinstance(node, ir.Mul):
        factors = list(reversed(node.factors)) if op in ("T", "H") else list(node.factors)
        return [f for factor in factors for f in (
            [apply(factor, op)] if _scalar_chain(factor) else flatten(factor, op))]
    if isinstance(node, (ir.Transpose, ir.Adjoint, ir.Conj)) and node.shape != SCALAR:
        inner = {ir.Transpose: "T", ir.Adjoint: "H", ir.Conj: "C"}[type(node)]
        if isinstance(node.arg, (ir.Mul, ir.Transpose, ir.Adjoint, ir.Conj)):
            return flatten(node.arg, COMPOSE[op, inner])
    if op == "T" and node.shape != SCALAR and is_real(node) and is_symmetric(node) and \
            not isinstance(node, ir.Inverse):
        return [node]
    return [apply(node, op)]


def _scalar_chain(node):
    """A product with a scalar value, (aᵀx) in (aᵀx)B: one factor of the outer product."""
    return isinstance(node, ir.Mul) and node.shape == SCALAR


def small_power(node):
    """(M, k) for a matrix M^k with 1 < k ≤ MAX_UNROLLED, or ((M)⁻¹, k) for M^-k and (M^k)⁻¹."""
    inverted = isinstance(node, ir.Inverse)
    power = node.arg if inverted else node
    if not isinstance(power, ir.Power) or power.shape == SCALAR:
        return None
    exponent = power.exponent.value if isinstance(power.exponent, ir.Number) else None
    if exponent is None or not exponent.is_integer or not 1 < abs(exponent) <= MAX_UNROLLED:
        return None
    if inverted != (exponent < 0):
        return ir.Inverse(power.arg), int(abs(exponent))
    return power.arg, int(abs(exponent))


def low_rank_terms(factor):
    """The terms of a sum of rank-one products (Sym(u vᵀ) among them), or None."""
    if isinstance(factor, ir.Sym) and is_real(factor.arg) and rank_one(factor.arg):
        half = ir.Number(sympy.Rational(1, 2))
        return [ir.Mul((half, factor.arg)), ir.Mul((half, ir.Transpose(factor.arg)))]
    if isinstance(factor, ir.Add) and all(rank_one(t) for t in factor.terms):
        return list(factor.terms)
    return None


def rank_one(node):
    """A product with a vector inside it: u vᵀ, X u vᵀ Y …"""
    if not isinstance(node, ir.Mul):
        return False
    matrices = [f for f in node.factors if f.shape != SCALAR]
    return any(f.shape[1] == 1 for f in matrices[:-1])


def identity_coefficient(term):
    """(c, I) when term is c·I, else (term, None)."""
    if isinstance(term, ir.Identity):
        return ir.Number(sympy.Integer(1)), term
    if isinstance(term, ir.Mul):
        rest = [f for f in term.factors if f.shape != SCALAR]
        if len(rest) == 1 and isinstance(rest[0], ir.Identity):
            scalars = [f for f in term.factors if f.shape == SCALAR]
            return (scalars[0] if len(scalars) == 1 else ir.Mul(tuple(scalars))), rest[0]
    return term, None


def block(node, rows, cols):
    """The block rows × cols of node, as IR (the whole node when they cover it)."""
    if tuple(rows) == (0, node.shape[0]) and tuple(cols) == (0, node.shape[1]):
        return node
    return ir.BlockPart(node, tuple(sympy.sympify(r) for r in rows), tuple(sympy.sympify(c) for c in cols))


def block_entry(matrix, rows, cols):
    """The entry of a block matrix exactly at rows × cols, or None."""
    top = sympy.Integer(0)
    for row in matrix.rows:
        left = sympy.Integer(0)
        height = row[0].shape[0]
        for entry in row:
            width = entry.shape[1]
            if sympy.expand(rows[0] - top) == 0 and sympy.expand(rows[1] - top - height) == 0 and \
                    sympy.expand(cols[0] - left) == 0 and sympy.expand(cols[1] - left - width) == 0:
                return entry
            left += width
        top += height
    return None
