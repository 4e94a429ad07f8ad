"""Sums Σⱼ read back as the registry functions that print as them.

(Σⱼ₌₀^(U) Aʲ E A^(U − j)) is power_sum(A, U + 1, E): the term must be A to the index j,
the direction, and A to the upper limit less j. The parts are read untyped, so the
limit U + 1 is folded here as algebra writes a sum: its number first (k − 2 + 1 is −1 + k).
"""
from ..core import ir
from ..errors import ParseError

#: The summation index of a printed sum.
INDEX = "j"


def is_index(node):
    return isinstance(node, ir.Symbol) and node.name == INDEX


def power_sum(upper, term):
    """power_sum(A, U + 1, E) of a sum Σⱼ₌₀^(U) with the term Aʲ E A^(U − j), untyped."""
    factors = term.factors if isinstance(term, ir.Mul) else ()
    first, last = (factors[0], factors[-1]) if len(factors) >= 3 else (None, None)
    if not (isinstance(first, ir.Power) and is_index(first.exponent) and isinstance(last, ir.Power)
            and last.arg == first.arg and _less_index(last.exponent)):
        raise ParseError("a sum Σⱼ₌₀^(U) reads as Xʲ E X^(U − j), the terms of d(Xᵏ); "
                         "write it power_sum(X, k, E)")
    middle = factors[1:-1]
    direction = middle[0] if len(middle) == 1 else ir.Mul(middle)
    return ir.Apply("power_sum", (first.arg, _plus_one(upper), direction))


def _less_index(exponent):
    """Whether an exponent ends with − j."""
    last = exponent.terms[-1] if isinstance(exponent, ir.Add) else None
    return (isinstance(last, ir.Mul) and len(last.factors) == 2 and last.factors[0] == ir.Number(-1)
            and is_index(last.factors[1]))


def _plus_one(upper):
    """U + 1, its numbers added up and written first."""
    terms = upper.terms if isinstance(upper, ir.Add) else (upper,)
    number = 1 + sum(t.value for t in terms if isinstance(t, ir.Number))
    others = tuple(t for t in terms if not isinstance(t, ir.Number))
    parts = ((ir.Number(number),) if number != 0 else ()) + others
    return parts[0] if len(parts) == 1 else ir.Add(parts)
