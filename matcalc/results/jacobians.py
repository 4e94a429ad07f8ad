"""Jacobians of vector- and matrix-valued functions, and Hessians of scalar ones.

The differential dF = L(dX) is derived by the same rules as a gradient. Where
every term of dF reads c·P dX Q, the Jacobian has the closed vec form
∂vec(F)/∂vec(X)ᵀ = Σ c (Qᵀ ⊗ P) (for a vector x simply Σ c P); otherwise the
differential itself is the answer. Numerically the Jacobian is exact either
way: its rows are the backpropagation rule (the vector–Jacobian product, a
gradient) evaluated at the unit upstream gradients, J[i, :] = ∇ₓ(Eᵢ : F).
The Hessian of f is the Jacobian of its gradient.
"""
from dataclasses import dataclass

import numpy as np

from ..core import algebra, ir
from ..checking import numeric
from .gradient import find_variable, grad, vjp
from ..derivation.differential import differential
from ..errors import DerivationError, guarded
from ..language.parse import parse
from ..core.properties import is_complex
from ..derivation.rewrite import Context
from ..derivation.simplify import simplify
from ..printing.latex import to_latex
from ..printing.text import to_text

UPSTREAM = "Ḡ"


@guarded
def jacobian(expression, wrt, where=None):
    """J[out…, wrt…] = ∂F[out…]/∂X[wrt…] for a real vector- or matrix-valued F."""
    expression = parse(expression, where)
    variable = find_variable(expression, wrt)
    if is_complex(expression) or variable.complex:
        raise DerivationError("a Jacobian of complex values is not defined here; "
                              "ask for vjp(…) (backpropagation) instead")
    dF = simplify(differential(expression, variable, Context(variable=variable.name)))
    backward = vjp(expression, wrt, upstream=UPSTREAM)
    return Jacobian(expression, variable, dF, vec_form(dF, variable), backward)


@guarded
def hessian(expression, wrt, where=None):
    """The Hessian of a real scalar f: the Jacobian of its gradient, in column-major vec form."""
    gradient = grad(expression, wrt, where)
    return Hessian(jacobian(gradient.expr, wrt) if _varies(gradient) else None, gradient)


def _varies(gradient):
    return ir.contains(gradient.expr, lambda n: n == gradient.variable)


@dataclass(frozen=True)
class Jacobian:
    function: ir.Node
    variable: ir.Symbol
    differential: ir.Node
    expr: ir.Node  # the vec-form Jacobian, or None where no closed form was found
    backward: object

    def __str__(self):
        if self.expr is not None:
            return to_text(self.expr)
        return f"d({to_text(self.function)}) = {to_text(self.differential)}"

    def latex(self):
        return to_latex(self.expr if self.expr is not None else self.differential)

    @property
    def source(self):
        """Generated code of the backpropagation rule: at the unit upstream gradients its
        results are the rows of the Jacobian (what `numpy()` evaluates)."""
        return self.backward.source

    def numpy(self):
        """A callable returning J[out…, wrt…] at keyword NumPy inputs."""
        return _JacobianEvaluator(self.function, self.variable, self.backward.numpy())


@dataclass(frozen=True)
class Hessian:
    """∂²f/∂vec(X)∂vec(X)ᵀ: the Jacobian of the gradient (None when the gradient is constant)."""
    jacobian: Jacobian
    gradient: object

    @property
    def expr(self):
        if self.jacobian is None:
            size = self.gradient.variable.shape[0] * self.gradient.variable.shape[1]
            return algebra.zero((size, size))
        return self.jacobian.expr

    def __str__(self):
        return str(self.jacobian) if self.jacobian is not None else "0"

    @property
    def source(self):
        """Generated code of the gradient's backpropagation rule (of the gradient itself
        when it is constant and the Hessian zero)."""
        return self.jacobian.source if self.jacobian is not None else self.gradient.source

    def numpy(self):
        jacobian_of = self.jacobian.numpy() if self.jacobian is not None else None
        variable = self.gradient.variable

        def hessian_at(**inputs):
            size = int(np.size(inputs[variable.name]))
            if jacobian_of is None:
                return np.zeros((size, size))
            return np.reshape(jacobian_of(**inputs), (size, size), order="F")
        return hessian_at


class _JacobianEvaluator:
    """Rows of the Jacobian from the backpropagation rule at unit upstream gradients."""

    def __init__(self, function, variable, backward):
        self.function, self.variable, self.backward = function, variable, backward

    def __call__(self, **inputs):
        sizes = numeric.sizes_from_inputs(self.function, inputs)
        out_shape = _squeezed(tuple(numeric.concrete(d, sizes) for d in self.function.shape))
        wrt_shape = np.shape(inputs[self.variable.name])
        rows = []
        for index in np.ndindex(*out_shape):
            unit = np.zeros(out_shape)
            unit[index] = 1.0
            rows.append(np.reshape(self.backward(**inputs, **{UPSTREAM: unit}), wrt_shape))
        return np.reshape(np.array(rows), out_shape + wrt_shape)


def _squeezed(shape):
    if shape == (1, 1):
        return ()
    return (shape[0],) if shape[1] == 1 else shape


# ---------------------------------------------------------------- vec form

def vec_form(dF, variable):
    """Σ c (Qᵀ ⊗ P) when every term of dF reads c·P dX Q; None otherwise."""
    target = ir.Diff(variable)
    pieces = []
    for term in _expanded_terms(dF, target):
        split = _around(term, target)
        if split is None:
            return None
        before, after = split
        if variable.shape[1] == 1 or variable.shape == (1, 1):
            if after:
                return None
            pieces.append(_left_factor(before, variable.shape[0]))
            continue
        left = _left_factor(before, dF.shape[0])
        right = algebra.mul(*after) if after else ir.Identity(variable.shape[1])
        pieces.append(algebra.kron(algebra.transpose(right), left))
    if not pieces:
        return None
    return simplify(algebra.add(*pieces))


def _left_factor(before, size):
    """The product of the factors before dX, an identity where they are only scalars (2·dx)."""
    if all(f.shape == (1, 1) for f in before):
        return algebra.mul(*before, ir.Identity(size))
    return algebra.mul(*before)


def _expanded_terms(node, target):
    """The terms of node with every product distributed over the sums holding dX."""
    if isinstance(node, ir.Add):
        return [t for term in node.terms for t in _expanded_terms(term, target)]
    if isinstance(node, ir.Mul):
        for position, factor in enumerate(node.factors):
            if isinstance(factor, ir.Add) and ir.contains(factor, lambda n: n == target):
                head, tail = node.factors[:position], node.factors[position + 1:]
                return [t for inner in factor.terms
                        for t in _expanded_terms(algebra.mul(*head, inner, *tail), target)]
    return [node]


def _around(term, target):
    """(factors before dX, factors after dX) for a product holding dX once, else None."""
    factors = term.factors if isinstance(term, ir.Mul) else (term,)
    positions = [i for i, f in enumerate(factors) if f == target]
    if len(positions) != 1 or any(ir.contains(f, lambda n: n == target)
                                  for i, f in enumerate(factors) if i != positions[0]):
        return None
    i = positions[0]
    scalars = [f for f in factors[:i] if f.shape == (1, 1)]
    before = scalars + [f for f in factors[:i] if f.shape != (1, 1)]
    return before, list(factors[i + 1:])
