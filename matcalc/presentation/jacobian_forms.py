"""Jacobians in the matrix forms textbooks print, read off the differential.

Each term of dF holding dX once, linearly, is a chain of maps of vec(dX):
vec(P dX Q) = (Qᵀ ⊗ P) vec(dX), vec(dXᵀ) = K vec(dX) with K = K_{m,n} the
commutation matrix, vec(A ⊙ dX) = diag(vec(A)) vec(dX), tr(dX) = vec(I)ᵀ vec(dX),
vec(vec⁻¹(dv)) = dv, and conj(dX) kept apart for the Wirtinger pair.
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
    #: Π = (I + K)/2, the projection onto symmetric matrices, where the form is within them.
    projection: ir.Symbol = None

    def where(self, variable):
        """What K (and Π) stand for, in the text notation (empty without K)."""
        if self.commutation is None:
            return ""
        rows, cols = (show_dim(d) for d in variable.shape)
        k = self.commutation.name
        projected = (f"{self.projection.name} = (I + {k})/2, the projection onto symmetric matrices,  "
                     if self.projection is not None else "")
        return (f"{projected}{k} = K_{rows},{cols}, the commutation matrix: "
                f"vec({variable.name}ᵀ) = {k} vec({variable.name})")

    def latex(self, variable):
        text = to_latex(self.expr)
        if self.commutation is None:
            return text
        rows, cols = (show_dim(d) for d in variable.shape)
        k = self.commutation.name
        projected = (f", \\quad {self.projection.latex()} = \\tfrac{{1}}{{2}}(I + {k})"
                     if self.projection is not None else "")
        return f"{text}{projected}, \\quad {k} = K_{{{rows},{cols}}}"

    def text(self):
        return to_text(self.expr)


def matrix_form(dF, variable, taken=(), conjugated=None):
    """The MatrixForm of the differential dF = L(dX) + M(conj(dX)), or None where it has none:
    of L + M, or with `conjugated` False of L alone (∂F/∂X, Wirtinger), True of M (∂F/∂X̄)."""
    commutation = _commutation_symbol(variable, taken)
    try:
        terms = _terms(dF, ir.Diff(variable), False, False, commutation)
    except _NoMatrixForm:
        return None
    identity = ir.Identity(variable.shape[0] * variable.shape[1])
    chosen = [algebra.mul(*coefficient, *(factors or (identity,)))
              for coefficient, factors, conj in terms if conjugated is None or conj == conjugated]
    if not terms or (conjugated is None and not chosen):
        return None
    expr = algebra.add(*chosen) if chosen else algebra.zero(identity.shape)
    uses = ir.contains(expr, lambda n: n == commutation)
    return MatrixForm(expr, commutation if uses else None)


def symmetric_form(dF, variable, taken=()):
    """Π M Π, the matrix of a map within symmetric matrices, from dF = L(dX) before its
    projection Sym: M is L's matrix, Π = (I + K)/2 the projection onto symmetric matrices;
    a symmetric dX has vec(dXᵀ) = vec(dX), so a K applied to it first is dropped."""
    commutation = _commutation_symbol(variable, taken)
    try:
        terms = _terms(dF, ir.Diff(variable), False, False, commutation)
    except _NoMatrixForm:
        return None
    if not terms or any(conj for _, _, conj in terms):
        return None
    identity = ir.Identity(variable.shape[0] * variable.shape[1])
    kept = [(c, f[:-1] if f and f[-1] == commutation else f) for c, f, _ in terms]
    chosen = [algebra.mul(*coefficient, *(factors or (identity,))) for coefficient, factors in kept]
    projection = ir.Symbol("Π", identity.shape, False, frozenset({"symmetric"}))
    coefficient, matrix = algebra.split_coefficient(simplify(algebra.add(*chosen)))
    projected = ir.Mul((projection, matrix, projection))
    return MatrixForm(algebra.scale(coefficient, projected), commutation, projection)


def combined(first, second, a, b):
    """The MatrixForm of a·first + b·second (a, b numbers), K kept where either has it."""
    expr = algebra.add(algebra.mul(ir.Number(a), first.expr), algebra.mul(ir.Number(b), second.expr))
    return MatrixForm(expr, first.commutation or second.commutation)


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


def _terms(node, target, transposed, conjugated, commutation):
    """[(scalar coefficients, vec maps, whether dX enters conjugated)] of node (of nodeᵀ where
    `transposed`, of conj(node) where `conjugated`)."""
    if node == target:
        square = target.shape[0] != 1 and target.shape[1] != 1
        return [((), (commutation,) if transposed and square else (), conjugated and target.arg.complex)]
    if not ir.contains(node, lambda n: n == target):
        return []
    flip = (lambda a: _terms(a, target, not transposed, conjugated, commutation),
            lambda a: _terms(a, target, transposed, not conjugated, commutation))
    same = lambda a, t=transposed: _terms(a, target, t, conjugated, commutation)  # noqa: E731
    if isinstance(node, ir.Add):
        return [t for term in node.terms for t in same(term)]
    if isinstance(node, ir.Vec):  # vec(vec(A)) = vec(vec(A)ᵀ) = vec(A)
        return same(node.arg, False)
    if isinstance(node, ir.Unvec) and not transposed:  # vec(vec⁻¹(v)) = v
        return same(node.arg)
    if isinstance(node, ir.Transpose):
        return flip[0](node.arg)
    if isinstance(node, ir.Conj):
        return flip[1](node.arg)
    if isinstance(node, ir.Adjoint):
        return _terms(node.arg, target, not transposed, not conjugated, commutation)
    if isinstance(node, ir.Sym):
        half = ir.Number(sympy.Rational(1, 2))
        return [((half, *c), f, b) for t in (transposed, not transposed) for c, f, b in same(node.arg, t)]
    if isinstance(node, ir.Trace):
        trace = algebra.transpose(ir.Vec(ir.Identity(node.arg.shape[0])))
        return [(c, (trace, *f), b) for c, f, b in same(node.arg, False)]
    if isinstance(node, ir.Hadamard):
        inner, weight = _split_once((node.left, node.right), target)
        weight = simplify(_seen(weight, transposed, conjugated))
        weighting = ir.DiagMatrix(weight if weight.shape[1] == 1 else ir.Vec(weight))
        return [(c, (weighting, *f), b) for c, f, b in same(inner)]
    if isinstance(node, ir.Mul):
        return _product_terms(node, target, transposed, conjugated, commutation)
    raise _NoMatrixForm


def _seen(node, transposed, conjugated):
    """node as it enters (node)ᵀ or conj(node)."""
    node = algebra.transpose(node) if transposed else node
    return algebra.conj(node) if conjugated else node


def _split_once(operands, target):
    """(the operand holding dX, the other); dX in both is not linear."""
    holding = [o for o in operands if ir.contains(o, lambda n: n == target)]
    if len(holding) != 1:
        raise _NoMatrixForm
    return holding[0], next(o for o in operands if o is not holding[0])


def _product_terms(node, target, transposed, conjugated, commutation):
    """vec(P · inner · Q) = (Qᵀ ⊗ P) vec(inner), scalar factors pulled out as coefficients."""
    holds = lambda f: ir.contains(f, lambda n: n == target)  # noqa: E731
    factors = [f if holds(f) else _seen(f, transposed, conjugated)
               for f in (reversed(node.factors) if transposed else node.factors)]
    position = [i for i, f in enumerate(factors) if holds(f)]
    if len(position) != 1:
        raise _NoMatrixForm
    inner = factors[position[0]]
    others = factors[:position[0]] + factors[position[0] + 1:]
    scalars = tuple(f for f in others if f.shape == (1, 1))
    before = [f for f in factors[:position[0]] if f.shape != (1, 1)]
    after = [f for f in factors[position[0] + 1:] if f.shape != (1, 1)]
    inner_terms = _terms(inner, target, transposed, conjugated, commutation)
    if inner.shape == (1, 1):  # a scalar linear in dX scales the rest: vec(M) ∂s/∂vec(X)ᵀ
        maps = (ir.Vec(simplify(algebra.mul(*before, *after))),) if before or after else ()
    else:
        maps = _sandwich(before, after, inner.shape[::-1] if transposed else inner.shape)
    return [((*scalars, *c), (*maps, *f), b) for c, f, b in inner_terms]


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
