"""Registry functions that print as a sum Σⱼ of one term, the term built as a node.

power_sum(A, k, E) = Σⱼ₌₀ᵏ⁻¹ Aʲ E Aᵏ⁻¹⁻ʲ prints its upper limit k − 1 and its term
Aʲ E A^(k − 1 − j) through the printers' own rules, so that the limit is simplified
(k − 2, not k − 1 − 1), a transposed A is parenthesized before its power and the LaTeX
has no double superscript.
"""
from . import algebra, ir
from .dimensions import SCALAR

#: The summation index.
INDEX = ir.Symbol("j", SCALAR, False, frozenset({"integer"}))


def _as_written(total, *after):
    """A sum with its number after the other terms, as a limit is written (k − 2, not −2 + k),
    then the terms `after`."""
    terms = total.terms if isinstance(total, ir.Add) else (total,)
    ordered = tuple(t for t in terms if not isinstance(t, ir.Number)) + tuple(
        t for t in terms if isinstance(t, ir.Number)) + after
    return ordered[0] if len(ordered) == 1 else ir.Add(ordered)


def power_sum_parts(node):
    """(term, upper limit) of power_sum(A, k, E): Aʲ E A^(k − 1 − j) and k − 1."""
    base, exponent, direction = node.args
    upper = algebra.add(exponent, ir.Number(-1))
    middle = direction.factors if isinstance(direction, ir.Mul) else (direction,)
    term = ir.Mul((ir.Power(base, INDEX), *middle, ir.Power(base, _as_written(upper, algebra.neg(INDEX)))))
    return term, _as_written(upper)


#: The function of each such entry giving what its template prints in place of {0}, {1} ….
PARTS = {"power_sum": power_sum_parts}


def printed_operands(node):
    """What a registry function's template prints: its operands, or its sum's term and limit."""
    parts = PARTS.get(node.name) if isinstance(node, ir.Apply) else None
    return parts(node) if parts else node.children()
