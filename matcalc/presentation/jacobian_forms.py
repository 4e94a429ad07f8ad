"""Jacobians in the matrix forms textbooks print, read off the differential.

Each term of dF holding dX once, linearly, is a chain of maps of vec(dX):
vec(P dX Q) = (Qᵀ ⊗ P) vec(dX), vec(dXᵀ) = K vec(dX) with K = K_{m,n} the
commutation matrix, vec(A ⊙ dX) = diag(vec(A)) vec(dX), tr(dX) = vec(I)ᵀ vec(dX).
Their product is ∂vec(F)/∂vec(X)ᵀ; for a vector function of a vector it is the
numerator-layout Jacobian, Σ c P. A differential of any other build has no such form.
"""
from dataclasses import dataclass

import numpy as np
import sympy

from ..core import algebra, ir
from ..core.shapes import show_dim
from ..derivation.simplify import simplify
from ..printing.latex import to_latex
from ..printing.text import to_text
from .abbreviations import MATRIX_LETTERS


class _NoMatrixForm(Exception):
    """The differential is built of a map with no matrix form here (a block, conj, Re …)."""


@dataclass(frozen=True)
class MatrixForm:
    """∂vec(F)/∂vec(X)ᵀ as an expression; `commutation` names K_{m,n} where it appears."""
    expr: ir.Node
    commutation: ir.Symbol = None

    def where(self, variable):
        """What K stands for, in the text notation (empty without K)."""
        if self.commutation is None:
            return ""
        rows, cols = (show_dim(d) for d in variable.shape)
        return (f"{self.commutation.name} = K_{rows},{cols}, the commutation matrix: "
                f"vec({variable.name}ᵀ) = {self.commutation.name} vec({variable.name})")

    def latex(self, variable):
        text = to_latex(self.expr)
        if self.commutation is None:
            return text
        rows, cols = (show_dim(d) for d in variable.shape)
        return f"{text}, \\quad {self.commutation.name} = K_{{{rows},{cols}}}"

    def text(self):
        return to_text(self.expr)


def matrix_form(dF, variable, taken=()):
    """The MatrixForm of the differential dF = L(dX), or None where it has none."""
    commutation = _commutation_symbol(variable, taken)
    try:
        terms = _terms(dF, ir.Diff(variable), False, commutation)
    except _NoMatrixForm:
        return None
    if not terms:
        return None
    identity = ir.Identity(variable.shape[0] * variable.shape[1])
    expr = algebra.add(*(algebra.mul(*coefficient, *(factors or (identity,))) for coefficient, factors in terms))
    uses = ir.contains(expr, lambda n: n == commutation)
    return MatrixForm(expr, commutation if uses else None)


def commutation_matrix(rows, cols):
    """K with K vec(A) = vec(Aᵀ) for A rows × cols (column-major vec)."""
    size = rows * cols
    matrix = np.zeros((size, size))
    for i in range(rows):
        for j in range(cols):
            matrix[i * cols + j, j * rows + i] = 1.0
    return matrix


def _commutation_symbol(variable, taken):
    rows, cols = variable.shape
    letter = next(c for c in "K" + MATRIX_LETTERS if c not in taken and c != variable.name)
    return ir.Symbol(letter, (rows * cols, rows * cols), False, frozenset())


def _terms(node, target, transposed, commutation):
    """[(scalar coefficients, vec maps)] of node (of nodeᵀ where `transposed`)."""
    if node == target:
        square = target.shape[0] != 1 and target.shape[1] != 1
        return [((), (commutation,) if transposed and square else ())]
    if not ir.contains(node, lambda n: n == target):
        return []
    if isinstance(node, ir.Add):
        return [t for term in node.terms for t in _terms(term, target, transposed, commutation)]
    if isinstance(node, ir.Vec):  # vec(vec(A)) = vec(vec(A)ᵀ) = vec(A)
        return _terms(node.arg, target, False, commutation)
    if isinstance(node, ir.Transpose):
        return _terms(node.arg, target, not transposed, commutation)
    if isinstance(node, ir.Sym):
        half = ir.Number(sympy.Rational(1, 2))
        return [((half, *c), f) for flip in (transposed, not transposed)
                for c, f in _terms(node.arg, target, flip, commutation)]
    if isinstance(node, ir.Trace):
        trace = algebra.transpose(ir.Vec(ir.Identity(node.arg.shape[0])))
        return [(c, (trace, *f)) for c, f in _terms(node.arg, target, False, commutation)]
    if isinstance(node, ir.Hadamard):
        inner, weight = _split_once((node.left, node.right), target)
        weight = algebra.transpose(weight) if transposed else weight
        weight = simplify(weight)
        weighting = ir.DiagMatrix(weight if weight.shape[1] == 1 else ir.Vec(weight))
        return [(c, (weighting, *f)) for c, f in _terms(inner, target, transposed, commutation)]
    if isinstance(node, ir.Mul):
        return _product_terms(node, target, transposed, commutation)
    raise _NoMatrixForm


def _split_once(operands, target):
    """(the operand holding dX, the other); dX in both is not linear."""
    holding = [o for o in operands if ir.contains(o, lambda n: n == target)]
    if len(holding) != 1:
        raise _NoMatrixForm
    return holding[0], next(o for o in operands if o is not holding[0])


def _product_terms(node, target, transposed, commutation):
    """vec(P · inner · Q) = (Qᵀ ⊗ P) vec(inner), scalar factors pulled out as coefficients."""
    factors = list(node.factors)
    if transposed:
        factors = [algebra.transpose(f) if not ir.contains(f, lambda n: n == target) else f
                   for f in reversed(factors)]
    position = [i for i, f in enumerate(factors) if ir.contains(f, lambda n: n == target)]
    if len(position) != 1:
        raise _NoMatrixForm
    inner = factors[position[0]]
    others = factors[:position[0]] + factors[position[0] + 1:]
    scalars = tuple(f for f in others if f.shape == (1, 1))
    before = [f for f in factors[:position[0]] if f.shape != (1, 1)]
    after = [f for f in factors[position[0] + 1:] if f.shape != (1, 1)]
    inner_terms = _terms(inner, target, transposed, commutation)
    if inner.shape == (1, 1):  # a scalar linear in dX scales the rest: vec(M) ∂s/∂vec(X)ᵀ
        maps = (ir.Vec(simplify(algebra.mul(*before, *after))),) if before or after else ()
    else:
        maps = _sandwich(before, after, inner.shape[::-1] if transposed else inner.shape)
    return [((*scalars, *c), (*maps, *f)) for c, f in inner_terms]


def _sandwich(before, after, shape):
    """(Qᵀ ⊗ P,) for the products P before and Q after a rows × cols inner factor."""
    if not before and not after:
        return ()
    left = simplify(algebra.mul(*before)) if before else ir.Identity(shape[0])
    if not after and shape[1] == 1:
        return (left,)
    right = simplify(algebra.transpose(algebra.mul(*after))) if after else ir.Identity(shape[1])
    if not before and shape[0] == 1:
        return (right,)
    return (algebra.kron(right, left),)
