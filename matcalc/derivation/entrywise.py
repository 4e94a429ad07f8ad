"""Entrywise products and quotients held as one fraction: c · Π scalars · ⊙ᵢ Bᵢ.^kᵢ.

Written out, A ⊙ (𝟙 − A) ⊙ (−𝟙 ⊘ A) hides that A cancels; as a map from each base to
its entrywise power, equal factors cancel by adding exponents, numbers and signs
collect in front, and every product comes back in one order, so that like terms of
a sum meet. The rule functions `entrywise_cancel` and `entrywise_expand` build on it.
"""
from dataclasses import dataclass, field

import sympy

from ..core import algebra, ir
from ..core.shapes import SCALAR

#: Multiplying out stops beyond this many terms.
MAX_EXPANDED_TERMS = 64


@dataclass
class Fraction:
    coefficient: sympy.Expr = sympy.Integer(1)
    scalars: list = field(default_factory=list)
    powers: dict = field(default_factory=dict)  #: base → integer entrywise power


def as_fraction(node):
    """The fraction a non-scalar node is, looking through ⊙, ⊘, 𝟙, integer .^ and scalars."""
    if isinstance(node, ir.Mul) and node.factors[0].shape == SCALAR:
        matrices = [f for f in node.factors if f.shape != SCALAR]
        inner = as_fraction(matrices[0] if len(matrices) == 1 else algebra.mul(*matrices))
        for factor in node.factors:
            if isinstance(factor, ir.Number):
                inner.coefficient *= factor.value
            elif factor.shape == SCALAR:
                inner.scalars.append(factor)
        return inner
    if isinstance(node, ir.Hadamard):
        return product(as_fraction(node.left), as_fraction(node.right))
    if isinstance(node, ir.Divide):
        return product(as_fraction(node.left), reciprocal(as_fraction(node.right)))
    if isinstance(node, ir.Ones):
        return Fraction()
    if (isinstance(node, ir.ElementPower) and isinstance(node.exponent, ir.Number)
            and node.exponent.value.is_integer):
        return Fraction(powers={node.arg: int(node.exponent.value)})
    return Fraction(powers={node: 1})


def product(a, b):
    powers = dict(a.powers)
    for base, exponent in b.powers.items():
        powers[base] = powers.get(base, 0) + exponent
    return Fraction(a.coefficient * b.coefficient, a.scalars + b.scalars,
                    {base: k for base, k in powers.items() if k != 0})


def reciprocal(fraction):
    return Fraction(1 / fraction.coefficient, [algebra.inverse(s) for s in fraction.scalars],
                    {base: -k for base, k in fraction.powers.items()})


def to_node(fraction, shape):
    """The fraction written out: numerator ⊘ denominator, each in one fixed order."""
    def chain(bases):
        factors = [base if k == 1 else ir.ElementPower(base, ir.Number(sympy.Integer(k)))
                   for base, k in sorted(bases, key=lambda item: algebra.sort_key(item[0]))]
        result = factors[0] if factors else ir.Ones(shape)
        for factor in factors[1:]:
            result = algebra.hadamard(result, factor)
        return result
    above = chain([(b, k) for b, k in fraction.powers.items() if k > 0])
    below = [(b, -k) for b, k in fraction.powers.items() if k < 0]
    body = algebra.divide(above, chain(below)) if below else above
    return algebra.mul(algebra.number(fraction.coefficient), *fraction.scalars, body)


def expanded(term, shape, reflect):
    """The fractions whose sum is `term`, sums among its factors multiplied out;
    `reflect(base)` gives a sum that equals the base (σ(−t) = 𝟙 − σ(t)) or None."""
    fraction = as_fraction(term)
    partial = [Fraction(fraction.coefficient, list(fraction.scalars))]
    for base, exponent in fraction.powers.items():
        summed = base if isinstance(base, ir.Add) else reflect(base)
        if exponent != 1 or summed is None or not isinstance(summed, ir.Add):
            partial = [product(p, Fraction(powers={base: exponent})) for p in partial]
            continue
        pieces = [as_fraction(t) for t in summed.terms]
        partial = [product(p, piece) for p in partial for piece in pieces]
        if len(partial) > MAX_EXPANDED_TERMS:
            return None
    return partial
