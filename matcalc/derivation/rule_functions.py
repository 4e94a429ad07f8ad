"""Right-hand sides that the surface syntax cannot state, named by rules in rules/*.toml.

Each function takes the matched node, the pattern bindings and the pass context,
and returns the rewritten node, or None when its side condition fails.
"""
import itertools

import sympy

from ..core import algebra, ir
from ..errors import LimitError
from ..core.shapes import SCALAR
from . import entrywise
from .conditions import is_constant
from .costs import cost

#: Sums longer than this are not searched pair by pair for factors (quadratic cost).
PAIRWISE_LIMIT = 64

#: The product rule writes (varying factors) × (factors) factors: beyond this, the
#: derivation would hold more than it can show or simplify in reasonable time.
MAX_PRODUCT_RULE_FACTORS = 20_000
#: d(Xᵏ) has k terms: larger integer powers of a matrix are not differentiated.
MAX_MATRIX_POWER = 100


# ------------------------------------------------------------ differentials

def check_product_rule_size(factors, varying):
    """Refuse a product rule that would write more than MAX_PRODUCT_RULE_FACTORS factors."""
    if varying * factors > MAX_PRODUCT_RULE_FACTORS:
        raise LimitError(f"the product rule on {factors} factors, {varying} of them "
                         f"varying, would write {varying * factors} factors; write "
                         f"repeated factors as a power (X^k) or split the product into parts")


def sum_differential(node, bindings, context):
    """d(A + B + …) = dA + dB + …, every term in one step (no recursion through the sum)."""
    return algebra.add(*(ir.Diff(term) for term in node.arg.terms))


def product_differential(node, bindings, context):
    """d(A₁⋯Aₖ) = Σᵢ A₁⋯dAᵢ⋯Aₖ over the factors that vary, in one step."""
    factors = node.arg.factors
    varying = [i for i, factor in enumerate(factors) if not is_constant(factor, context)]
    check_product_rule_size(len(factors), len(varying))
    terms = [algebra.mul(*factors[:i], ir.Diff(factors[i]), *factors[i + 1:]) for i in varying]
    return algebra.add(*terms) if terms else algebra.zero(node.shape)


def matrix_power_differential(node, bindings, context):
    """d(Aᵏ) = Σᵢ Aⁱ dA Aᵏ⁻¹⁻ⁱ written out for a number k; a negative k goes through A⁻¹.
    A symbolic k is left to the rule after, which keeps the sum as one Σ."""
    if not isinstance(bindings["κ"], ir.Number):
        return None
    base, k = bindings["A"], int(bindings["κ"].value)
    if k < 0:
        base, k = algebra.inverse(base), -k
    if k > MAX_MATRIX_POWER:
        raise LimitError(f"d(Aᵏ) has k terms: matrix powers above {MAX_MATRIX_POWER} are not "
                         f"differentiated; write the power as a product of named parts")
    if k == 0:
        return algebra.zero(base.shape)
    differential = ir.Diff(base)
    terms = [algebra.mul(_power(base, i), differential, _power(base, k - 1 - i)) for i in range(k)]
    return algebra.add(*terms)


def _power(base, exponent):
    if exponent == 0:
        return ir.Identity(base.shape[0])
    return base if exponent == 1 else ir.Power(base, ir.Number(sympy.Integer(exponent)))


def unvec_differential(node, bindings, context):
    """d unvec(a) = unvec(da), shaped as the unvec it differentiates."""
    return ir.Unvec(ir.Diff(bindings["a"]), node.arg.shape_)


def block_differential(node, bindings, context):
    """d[A, B; C, D] = [dA, dB; dC, dD]."""
    blocks = bindings["A"]
    return algebra.block([[ir.Diff(entry) for entry in row] for row in blocks.rows])


def block_part_differential(node, bindings, context):
    """d(A[r₀:r₁, c₀:c₁]) = dA[r₀:r₁, c₀:c₁], with the slice's own bounds."""
    part = node.arg
    return ir.BlockPart(ir.Diff(part.arg), part.rows, part.cols)


# ----------------------------------------------------------------- adjoints

def sum_adjoint(node, bindings, context):
    """M : (Y + Z + …) = M : Y + M : Z + …, every term in one step."""
    return ir.Add(tuple(ir.Frobenius(node.left, term) for term in node.right.terms))


def vec_adjoint(node, bindings, context):
    m, y = bindings["m"], bindings["Y"]
    return ir.Frobenius(algebra.unvec(m, y.shape), y)


# ----------------------------------------------------------- simplification

def sum_with_transpose(node, bindings, context):
    """X + Xᵀ = 2 Sym(X), for any two terms of a sum that are transposes of each other."""
    terms = list(node.terms)
    if len(terms) > PAIRWISE_LIMIT:
        return None
    leaves = [_leaf_names(t) for t in terms]
    for i, j in itertools.combinations(range(len(terms)), 2):
        first, second = terms[i], terms[j]
        if (leaves[i] != leaves[j] or first.shape[0] != first.shape[1] or first.shape == SCALAR
                or _is_plain(first)):
            continue
        if context.simplify(algebra.transpose(first)) == second:
            kept = min(first, second, key=_reading_order)
            coefficient, body = algebra.split_coefficient(kept)
            together = algebra.scale(2 * coefficient, ir.Sym(body))
            rest = [t for k, t in enumerate(terms) if k not in (i, j)]
            return algebra.add(together, *rest)
    return None


def _leaf_names(term):
    return sorted(n.name for n in ir.walk(term) if isinstance(n, ir.Symbol))


def _is_plain(term):
    """B + Bᵀ reads better than 2Sym(B) when B is a lone variable."""
    return isinstance(algebra.split_coefficient(term)[1], ir.Symbol)


def _reading_order(node):
    return str(node)


def common_factor(node, bindings, context):
    """Pull a common left or right factor, a common scalar or a common number out of terms
    of a sum.

    Applies only where the result costs less (see `cost`), so it cannot loop.
    """
    best, best_cost = None, cost(node)
    for candidate in _factorings(node, context):
        candidate_cost = cost(candidate)
        if candidate_cost < best_cost:
            best, best_cost = candidate, candidate_cost
    return best


def _factorings(node, context):
    terms = list(node.terms)
    if len(terms) > PAIRWISE_LIMIT:
        return
    parts = [_parts(t) for t in terms]
    tried, factored = set(), set()
    for i, j in itertools.combinations(range(len(terms)), 2):
        prefix = _common_length(parts[i][1], parts[j][1])
        suffix = _common_length(parts[i][1][prefix:][::-1], parts[j][1][prefix:][::-1])
        chain = parts[i][1]
        for p, s in {(prefix, 0), (0, suffix), (prefix, suffix)}:
            outer = (chain[:p], chain[len(chain) - s:] if s else ())
            if p + s == 0 or outer in factored:  # another pair found the same factors
                continue
            factored.add(outer)
            yield from _factor_out(terms, parts, chain, p, s, context)
        for scalar in (set(parts[i][0]) & set(parts[j][0])) - tried:
            tried.add(scalar)
            if not isinstance(scalar, ir.Number):
                yield from _factor_scalar(terms, parts, scalar, context)
    yield from _factor_number(terms)


def _factor_scalar(terms, parts, scalar, context):
    """αX + αY = α(X + Y) for a common scalar factor α (not a number)."""
    inside, outside = [], []
    for term, (scalars, factors) in zip(terms, parts):
        if scalar in scalars:
            rest = list(scalars)
            rest.remove(scalar)
            inside.append(algebra.mul(*rest, *factors))
        else:
            outside.append(term)
    yield algebra.add(algebra.mul(scalar, context.simplify(algebra.add(*inside))), *outside)


def _parts(term):
    """(scalar factors, matrix chain) of a term."""
    factors = term.factors if isinstance(term, ir.Mul) else (term,)
    scalars = tuple(f for f in factors if f.shape == SCALAR)
    return scalars, tuple(f for f in factors if f.shape != SCALAR)


def _common_length(a, b):
    count = 0
    for x, y in zip(a, b):
        if x != y:
            break
        count += 1
    return count


def _factor_out(terms, parts, chain, p, s, context):
    prefix, suffix = chain[:p], chain[len(chain) - s:] if s else ()
    inside, outside = [], []
    for term, (scalars, factors) in zip(terms, parts):
        fits = (len(factors) > p + s and factors[:p] == prefix
                and (not s or factors[len(factors) - s:] == suffix))
        if fits:
            middle = factors[p: len(factors) - s]
            inside.append(algebra.mul(*scalars, *middle))
        else:
            outside.append(term)
    if len(inside) < 2:
        return
    inner = context.simplify(algebra.add(*inside))
    yield algebra.add(algebra.mul(*prefix, inner, *suffix), *outside)


def _factor_number(terms):
    coefficients = [algebra.split_coefficient(t)[0] for t in terms]
    if not all(c.is_Rational for c in coefficients):
        return
    common = sympy.gcd_list(coefficients)
    if all(c < 0 for c in coefficients):
        common = -common
    if common not in (0, 1):
        yield algebra.scale(common, algebra.add(*(algebra.scale(c / common, algebra.split_coefficient(t)[1])
                                                  for c, t in zip(coefficients, terms))))


def product_transposed(node, bindings, context):
    """(A₁⋯Aₖ)ᵀ = Aₖᵀ⋯A₁ᵀ (and so for ᴴ) in one step: reversing a long product factor by
    factor would rebuild it once per factor."""
    flip = algebra.transpose if type(node) is ir.Transpose else algebra.adjoint
    return algebra.mul(*(flip(factor) for factor in reversed(node.arg.factors)))


def collect_powers(node, bindings, context):
    """AᵃAᵇ = Aᵃ⁺ᵇ for adjacent factors of one base (A, A⁻¹, Aᵏ, transposed or not);
    A⁰ = I. Transposes stand outside powers: (Xᵀ)ᵏ = (Xᵏ)ᵀ."""
    powers = [_as_matrix_power(f) for f in node.factors if f.shape != SCALAR]
    if not any(_power_of_transpose(f) for f in node.factors) and not any(
            a[1] is not None and b[1] is not None and (a[0], a[2]) == (b[0], b[2])
            for a, b in zip(powers, powers[1:])):
        return None
    scalars = [f for f in node.factors if f.shape == SCALAR]
    merged = []
    for base, exponent, transposed in powers:
        last = merged[-1] if merged else None
        if (exponent is not None and last is not None and last[1] is not None
                and (last[0], last[2]) == (base, transposed)):
            last[1] += exponent
            if last[1] == 0:
                merged.pop()
        else:
            merged.append([base, exponent, transposed])
    chain = [base if exponent is None else _matrix_power(base, exponent, transposed)
             for base, exponent, transposed in merged] or [ir.Identity(node.shape[0])]
    result = algebra.mul(*scalars, *chain)
    return None if result == node else result


def _integer_power(node):
    return (isinstance(node, ir.Power) and isinstance(node.exponent, ir.Number)
            and bool(node.exponent.value.is_integer))


def _power_of_transpose(factor):
    return isinstance(factor, ir.Power) and isinstance(factor.arg, ir.Transpose)


def _as_matrix_power(factor):
    """(base, integer exponent, transposed) of a matrix factor; exponent None if not a power."""
    transposed = isinstance(factor, ir.Transpose)
    inner = factor.arg if transposed else factor
    if isinstance(inner, ir.Power) and isinstance(inner.arg, ir.Transpose):
        inner, transposed = ir.Power(inner.arg.arg, inner.exponent), not transposed
    if isinstance(inner, ir.Inverse) and _integer_power(inner.arg):
        base, exponent = inner.arg.arg, -int(inner.arg.exponent.value)
    elif isinstance(inner, ir.Inverse):
        base, exponent = inner.arg, -1
    elif _integer_power(inner):
        base, exponent = inner.arg, int(inner.exponent.value)
    else:
        base, exponent = inner, 1
    if base.shape[0] != base.shape[1] or isinstance(base, ir.Identity):
        return factor, None, None
    return base, exponent, transposed


def _matrix_power(base, exponent, transposed):
    power = algebra.power(base, ir.Number(sympy.Integer(exponent)))
    return algebra.transpose(power) if transposed else power


def block_part_of_sum(node, bindings, context):
    """(A + B)ᵢⱼ = Aᵢⱼ + Bᵢⱼ, where the blocks of the terms simplify to something shorter:
    ([0, −1; 1, 0] ⊗ X − Y)₂₁ = X − Y₂₁."""
    total = node.arg
    candidate = algebra.add(*(algebra.block_part(ir.BlockPart(term, node.rows, node.cols)) for term in total.terms))
    candidate = context.simplify(candidate) if context.simplify else candidate
    return candidate if cost(candidate) < cost(node) else None


# ------------------------------------------------------- signs and entrywise forms

def vec_absorbs(node, bindings, context):
    """vec(A) + b = vec(A + vec⁻¹(b)) for terms b that are not vec(·) themselves."""
    inside, rest = bindings["A"], bindings["B"]
    terms = rest.terms if isinstance(rest, ir.Add) else (rest,)
    if any(isinstance(algebra.split_coefficient(t)[1], ir.Vec) for t in terms):
        return None  # vec(A) + vec(B) is vec_sum's
    return ir.Vec(algebra.add(inside, algebra.unvec(rest, inside.shape)))


def sign_into_difference(node, bindings, context):
    """−c(A − B) = c(B − A): a negative number in front of a product goes into a sum
    factor, where it costs less (see `cost`)."""
    coefficient, _ = algebra.split_coefficient(node)
    sums = [i for i, f in enumerate(node.factors) if isinstance(f, ir.Add)]
    if not (coefficient.is_real and coefficient < 0 and len(sums) == 1):
        return None
    factors = list(node.factors[1:])
    index = sums[0] - 1
    factors[index] = algebra.add(*(algebra.neg(t) for t in factors[index].terms))
    flipped = algebra.mul(algebra.number(-coefficient), *factors)
    return flipped if cost(flipped) < cost(node) else None


def entrywise_cancel(node, bindings, context):
    """An entrywise product or quotient as one fraction, where that costs less or brings
    a number out in front at no cost: 2Aᵀ(a ⊘ (2b)) becomes Aᵀ(a ⊘ b)."""
    fraction = entrywise.as_fraction(node)
    candidate = entrywise.to_node(fraction, node.shape)
    change = cost(candidate) - cost(node)
    return candidate if change < 0 or (change == 0 and fraction.coefficient != 1) else None


def entrywise_expand(node, bindings, context):
    """A sum with entrywise products of sums multiplied out and collected, where that costs
    less. A factor f(−t) that the rules equate with 𝟙 − f(t) is multiplied out as that."""
    if node.shape == SCALAR:
        return None

    def reflect(base):
        if not isinstance(base, ir.Func):
            return None
        number, rest = algebra.split_coefficient(base.arg)
        if number != -1:
            return None
        difference = algebra.add(ir.Ones(base.shape), algebra.neg(base.rebuild([rest])))
        return difference if context.simplify(difference) == base else None

    fractions = []
    for term in node.terms:
        parts = entrywise.expanded(term, node.shape, reflect)
        if parts is None:
            return None
        fractions.extend(parts)
    if len(fractions) == len(node.terms):
        return None  # nothing multiplied out
    candidate = algebra.add(*(entrywise.to_node(f, node.shape) for f in fractions))
    return candidate if cost(candidate) < cost(node) else None
