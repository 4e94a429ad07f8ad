"""Constructors that keep typed expressions in one canonical form.

Canonical form, not simplification: sums and products are flat, numbers are
folded, zeros and identity factors vanish, like terms and powers of one scalar
are collected, and the scalar factors of a product stand first, in a fixed
order. Every pass builds through these functions, so two spellings of one
expression meet as one node. Each identity a constructor applies is an entry of
rules/simplify.toml marked `canonical = true` that names the constructor; the
other identities of matrix algebra are the rules that the passes apply.
"""
import sympy

from . import ir
from .properties import is_real
from .dimensions import SCALAR
from .shape_rules import product_shape

ONE, ZERO = sympy.Integer(1), sympy.Integer(0)


def number(value):
    value = sympy.nsimplify(value) if isinstance(value, float) else sympy.sympify(value)
    return ir.Zero(SCALAR) if value == 0 else ir.Number(value)


def zero(shape):
    return ir.Zero(tuple(shape))


def is_zero(node):
    return isinstance(node, ir.Zero) or (isinstance(node, ir.Number) and node.value == 0)


def sort_key(node):
    """A total order on nodes that does not depend on hashing (stable across runs)."""
    cached = node.__dict__.get("_sort_key")
    if cached is None:
        label = getattr(node, "name", None) or str(getattr(node, "value", "")) or ""
        cached = (type(node).__name__, label, tuple(sort_key(c) for c in node.children()))
        object.__setattr__(node, "_sort_key", cached)
    return cached


# ------------------------------------------------------------------- sums

def add(*terms):
    flat = []
    for term in terms:
        flat.extend(term.terms if isinstance(term, ir.Add) else (term,))
    shape = flat[0].shape
    coefficients, order, constant = {}, [], ZERO
    for term in flat:
        if is_zero(term):
            continue
        if isinstance(term, ir.Number):
            constant += term.value
            continue
        coefficient, rest = split_coefficient(term)
        if rest not in coefficients:
            order.append(rest)
            coefficients[rest] = ZERO
        coefficients[rest] += coefficient
    kept = [rest for rest in order if coefficients[rest] != 0]
    kept.sort(key=lambda rest: _is_negative(coefficients[rest]))  # stable: A − B, not −B + A
    out = [scale(coefficients[rest], rest) for rest in kept]
    if constant != 0:
        out.insert(0, ir.Number(constant))
    if not out:
        return zero(shape)
    return out[0] if len(out) == 1 else ir.Add(tuple(out))


def _is_negative(value):
    return bool(value.is_real and value.is_negative)


def split_coefficient(node):
    """(c, rest) with node = c·rest and c a number."""
    if isinstance(node, ir.Mul) and isinstance(node.factors[0], ir.Number):
        rest = node.factors[1:]
        return node.factors[0].value, rest[0] if len(rest) == 1 else ir.Mul(rest)
    if isinstance(node, ir.Number):
        return node.value, ir.Number(ONE)
    return ONE, node


def scale(coefficient, node):
    return mul(ir.Number(sympy.sympify(coefficient)), node) if coefficient != 1 else node


def neg(node):
    return scale(-1, node)


# --------------------------------------------------------------- products

def mul(*factors):
    shape = product_shape([f.shape for f in factors])
    coefficient, powers, chain = ONE, {}, []
    for factor in _flatten(factors):
        if is_zero(factor):
            return zero(shape)
        if isinstance(factor, ir.Number):
            coefficient *= factor.value
        elif factor.shape == SCALAR:
            base, exponent = _as_power(factor)
            powers[base] = powers.get(base, ZERO) + exponent
        else:
            chain.append(factor)
    if coefficient == 0:
        return zero(shape)
    if len(chain) > 1:
        chain = [f for f in chain if not isinstance(f, ir.Identity)] or chain[:1]
    scalars = [_from_power(base, powers[base]) for base in sorted(powers, key=_scalar_order)
               if powers[base] != 0]
    if not chain and scalars and _is_chain(scalars[-1]) and not any(map(_is_chain, scalars[:-1])):
        scalars = scalars[:-1] + list(scalars[-1].factors)  # −(xᵀb) is −xᵀb, as the parser reads it
    parts = ([ir.Number(coefficient)] if coefficient != 1 else []) + scalars + chain
    if not parts:
        return ir.Number(ONE)
    return parts[0] if len(parts) == 1 else ir.Mul(tuple(parts))


def _scalar_order(node):
    """Scalar factors in a fixed order, differentials last: 2λ dλ."""
    return (isinstance(node, ir.Diff), sort_key(node))


def _is_chain(node):
    """A scalar-valued product of matrices, such as aᵀx."""
    return isinstance(node, ir.Mul) and node.factors[0].shape != SCALAR


def _flatten(factors):
    """Factors of nested products; a scalar-valued matrix chain (aᵀx) stays one factor."""
    for factor in factors:
        if not isinstance(factor, ir.Mul):
            yield factor
            continue
        matrices = [f for f in factor.factors if f.shape != SCALAR]
        if factor.shape == SCALAR and matrices:
            yield from (f for f in factor.factors if f.shape == SCALAR)
            yield matrices[0] if len(matrices) == 1 else ir.Mul(tuple(matrices))
        else:
            yield from _scalar_runs_kept(factor.factors)


def _scalar_runs_kept(factors):
    """The factors of a product, each run of matrices that multiplies out to 1×1 before the
    product goes on kept as one factor: (aᵀa) c inside cᵀ(…) must not become cᵀaᵀa c."""
    run = []
    for factor in factors:
        if factor.shape == SCALAR:
            yield factor
            continue
        run.append(factor)
        if run[0].shape[0] == 1 and factor.shape[1] == 1 and len(run) > 1:
            yield ir.Mul(tuple(run))
            run = []
    yield from run


def _as_power(factor):
    if isinstance(factor, ir.Inverse):
        return factor.arg, -ONE
    if isinstance(factor, ir.Power) and isinstance(factor.exponent, ir.Number):
        return factor.arg, factor.exponent.value
    return factor, ONE


def _from_power(base, exponent):
    if exponent == 1:
        return base
    if exponent == -1:
        return ir.Inverse(base)
    return ir.Power(base, ir.Number(exponent))


# ----------------------------------------------------- unary constructors

def transpose(node):
    if node.shape == SCALAR:
        return node
    if isinstance(node, ir.Transpose):
        return node.arg
    if isinstance(node, ir.Adjoint):
        return conj(node.arg)
    if isinstance(node, ir.Identity):
        return node
    if isinstance(node, ir.Zero):
        return zero(node.shape[::-1])
    if isinstance(node, ir.Ones):
        return ir.Ones(node.shape[::-1])
    return ir.Transpose(node)


def adjoint(node):
    if is_real(node):
        return transpose(node)
    if node.shape == SCALAR:
        return conj(node)
    if isinstance(node, ir.Adjoint):
        return node.arg
    if isinstance(node, ir.Transpose):
        return conj(node.arg)
    return ir.Adjoint(node)


def conj(node):
    if is_real(node):
        return node
    if isinstance(node, ir.Conj):
        return node.arg
    if isinstance(node, ir.Number):
        return ir.Number(sympy.conjugate(node.value))
    return ir.Conj(node)


def real_part(node):
    return node if is_real(node) else ir.Real(node)


def imaginary_part(node):
    return zero(node.shape) if is_real(node) else ir.Imag(node)


def inverse(node):
    if isinstance(node, ir.Number):
        return ir.Number(1 / node.value)
    if isinstance(node, ir.Identity):
        return node
    if isinstance(node, ir.Inverse):
        return node.arg
    if node.shape == SCALAR:
        return mul(ir.Inverse(node)) if not isinstance(node, ir.Mul) else _scalar_inverse(node)
    return ir.Inverse(node)


def _scalar_inverse(product):
    return mul(*(inverse(f) for f in product.factors)) if all(
        f.shape == SCALAR for f in product.factors) else ir.Inverse(product)


def trace(node):
    if node.shape == SCALAR:
        return node
    if isinstance(node, ir.Zero):
        return zero(SCALAR)
    if isinstance(node, ir.Identity):
        return ir.Number(node.size)
    return ir.Trace(node)


def power(base, exponent):
    if isinstance(exponent, ir.Number):
        if exponent.value == 1:
            return base
        if exponent.value == -1:
            return inverse(base)
        if base.shape == SCALAR:
            return mul(ir.Power(base, exponent))
    return ir.Power(base, exponent)


# ---------------------------------------------------- binary constructors

def hadamard(a, b):
    if a.shape == SCALAR or b.shape == SCALAR:
        return mul(a, b)
    if is_zero(a) or is_zero(b):
        return zero(a.shape)
    if isinstance(a, ir.Ones):
        return b
    if isinstance(b, ir.Ones):
        return a
    return ir.Hadamard(a, b)


def divide(a, b):
    if b.shape == SCALAR:
        return mul(a, inverse(b))
    if is_zero(a):
        return zero(a.shape)
    return ir.Divide(a, b)


def kron(a, b):
    if a.shape == SCALAR or b.shape == SCALAR:
        return mul(a, b)
    if is_zero(a) or is_zero(b):
        return zero(ir.Kron(a, b).shape)
    return ir.Kron(a, b)


def frobenius(a, b):
    if is_zero(a) or is_zero(b):
        return zero(SCALAR)
    return ir.Frobenius(a, b)


def block(rows):
    if all(is_zero(entry) for row in rows for entry in row):
        return zero(ir.Block(rows).shape)
    return ir.Block(tuple(tuple(row) for row in rows))


def block_part(node):
    """A block of c·M is c times the block of M: numbers stand first. A diagonal block of I
    is I, a block of ones is ones."""
    coefficient, rest = split_coefficient(node.arg)
    if isinstance(rest, ir.Identity) and node.rows == node.cols:
        return scale(coefficient, ir.Identity(sympy.expand(node.rows[1] - node.rows[0])))
    if isinstance(rest, ir.Ones):
        return scale(coefficient, ir.Ones(node.shape))
    if coefficient == 1:
        return node
    return scale(coefficient, ir.BlockPart(rest, node.rows, node.cols))


def diag_of(arg, kind=ir.DiagVector):
    """diag(·) of ones: the diagonal of a matrix of ones is 𝟙, the diagonal matrix of 𝟙 is I."""
    if isinstance(arg, ir.Ones):
        return ir.Identity(arg.shape[0]) if kind is ir.DiagMatrix else ir.Ones((arg.shape[0], 1))
    return _same_or_zero(kind)(arg)


def element_power(base, exponent):
    if isinstance(exponent, ir.Number) and exponent.value == 1:
        return base
    return ir.ElementPower(base, exponent)


def unvec(arg, shape):
    """vec⁻¹(c·vec(X)) = cX: the reshape undoes the stacking; numbers stand in front."""
    coefficient, rest = split_coefficient(arg)
    if isinstance(rest, ir.Vec) and tuple(rest.arg.shape) == tuple(shape):
        return scale(coefficient, rest.arg)
    return scale(coefficient, ir.Unvec(rest, tuple(shape)))


def kron_block_sum(weights, arg):
    """Σᵢⱼ conj(Aᵢⱼ) 𝟙 = conj(sum(A)) 𝟙: every block of a matrix of ones is the same."""
    if not isinstance(arg, ir.Ones):
        return ir.KronBlockSum(weights, arg)
    shape = ir.KronBlockSum(weights, arg).shape
    if isinstance(weights, ir.Identity):
        total = ir.Number(weights.size)
    elif isinstance(weights, ir.Block) and all(isinstance(e, ir.Number) or is_zero(e)
                                               for row in weights.rows for e in row):
        total = number(sum((e.value for row in weights.rows for e in row if isinstance(e, ir.Number)), ZERO))
    else:
        total = ir.Sum(weights)
    return mul(conj(total), ir.Ones(shape))


def _same_or_zero(kind):
    def build(arg):
        return zero(kind(arg).shape) if is_zero(arg) else kind(arg)
    return build


def _scalar_or(kind, scalar):
    def build(arg):
        if arg.shape == SCALAR:
            return scalar(arg)
        return zero(kind(arg).shape) if is_zero(arg) else kind(arg)
    return build


# ---------------------------------------------------- canonical rebuilding

_CONSTRUCTORS = {
    ir.Add: lambda node, c: add(*c),
    ir.Mul: lambda node, c: mul(*c),
    ir.Transpose: lambda node, c: transpose(c[0]),
    ir.Adjoint: lambda node, c: adjoint(c[0]),
    ir.Conj: lambda node, c: conj(c[0]),
    ir.Real: lambda node, c: real_part(c[0]),
    ir.Imag: lambda node, c: imaginary_part(c[0]),
    ir.Inverse: lambda node, c: inverse(c[0]),
    ir.Trace: lambda node, c: trace(c[0]),
    ir.Power: lambda node, c: power(*c),
    ir.Hadamard: lambda node, c: hadamard(*c),
    ir.Divide: lambda node, c: divide(*c),
    ir.Kron: lambda node, c: kron(*c),
    ir.Frobenius: lambda node, c: frobenius(*c),
    ir.Block: lambda node, c: block(node.rebuild(c).rows),
    ir.Sym: lambda node, c: _scalar_or(ir.Sym, lambda a: a)(c[0]),
    ir.Diff: lambda node, c: _same_or_zero(ir.Diff)(c[0]),
    ir.Vec: lambda node, c: _same_or_zero(ir.Vec)(c[0]),
    ir.DiagMatrix: lambda node, c: diag_of(c[0], ir.DiagMatrix),
    ir.DiagVector: lambda node, c: diag_of(c[0], ir.DiagVector),
    ir.Sum: lambda node, c: _scalar_or(ir.Sum, lambda a: a)(c[0]),
    ir.BlockPart: lambda node, c: block_part(node.rebuild(c)),
    ir.ElementPower: lambda node, c: element_power(*c),
    ir.Unvec: lambda node, c: unvec(c[0], node.shape_),
    ir.KronBlockSum: lambda node, c: kron_block_sum(*c),
}


def rebuild(node, children):
    """`node` over new children, in canonical form."""
    constructor = _CONSTRUCTORS.get(type(node))
    if constructor is None:
        return node.rebuild(children) if children else node
    return constructor(node, list(children))
