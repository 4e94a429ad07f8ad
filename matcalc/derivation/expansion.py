"""Sums multiplied out, so that two expressions written differently compare term by term.

Every operator linear in each operand (products of all kinds, transposes, traces,
slices, …) is distributed over the sums in its operands, Sym(X) is written out as
(X + Xᵀ)/2, and like terms are collected. A difference that expands and simplifies
to 0 is 0 whatever the values; one that does not may still be 0 (the rules know
no more than they say).
"""
import itertools
import math

import sympy

from ..core import algebra, ir

#: Beyond this many terms a sum is not multiplied out.
MAX_TERMS = 5_000

MULTILINEAR = (ir.Mul, ir.Hadamard, ir.Kron, ir.Frobenius, ir.Transpose, ir.Adjoint, ir.Conj, ir.Real,
               ir.Imag, ir.Trace, ir.DiagMatrix, ir.DiagVector, ir.Vec, ir.Sum, ir.BlockPart)
#: Those that take a number out unchanged; the others conjugate it (Frobenius its left
#: operand's) or, Re and Im, keep it inside.
TAKE_OUT = (ir.Mul, ir.Hadamard, ir.Kron, ir.Transpose, ir.Trace, ir.DiagMatrix, ir.DiagVector, ir.Vec,
            ir.Sum, ir.BlockPart)
HALF = ir.Number(sympy.Rational(1, 2))


class TooManyTerms(Exception):
    """The expansion would hold more than MAX_TERMS terms."""


def expand(root):
    """`root` as one collected sum of terms free of inner sums, or raise TooManyTerms."""
    def combine(node, parts):
        if isinstance(node, ir.Add):
            return [term for part in parts for term in part]
        if isinstance(node, ir.Sym):
            return [algebra.mul(HALF, term) for term in parts[0]] + \
                   [algebra.mul(HALF, algebra.transpose(term)) for term in parts[0]]
        if isinstance(node, MULTILINEAR):
            if math.prod(map(len, parts)) > MAX_TERMS:
                raise TooManyTerms
            return [_product(node, choice) for choice in itertools.product(*parts)]
        if not parts:
            return [node]
        return [algebra.rebuild(node, [algebra.add(*part) for part in parts])]
    terms = ir.fold(root, combine)
    if len(terms) > MAX_TERMS:
        raise TooManyTerms
    return algebra.add(*terms)


def _product(node, operands):
    """node over one term of each operand, numbers taken out and a Hadamard product's operands
    in a fixed order, so that like terms look alike."""
    if not isinstance(node, TAKE_OUT):
        return algebra.rebuild(node, operands)
    coefficient, rests = sympy.Integer(1), []
    for operand in operands:
        value, rest = algebra.split_coefficient(operand)
        coefficient, rests = coefficient * value, rests + [rest]
    if isinstance(node, ir.Hadamard):
        rests.sort(key=algebra.sort_key)
    return algebra.scale(coefficient, algebra.rebuild(node, rests))
