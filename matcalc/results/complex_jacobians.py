"""Jacobians in a complex variable: a pair of matrices, in the convention the result names.

With X = Re X + j Im X, the differential splits as dF = L(dX) + M(conj(dX)). The
real-imaginary pair is ∂F/∂Re X = L + M and ∂F/∂Im X = j(L − M) (seed 000's
∂A/∂Re Dᵢⱼ, ∂A/∂Im Dᵢⱼ); the Wirtinger pair is ∂F/∂X = L and ∂F/∂X̄ = M. Numerically
the pair comes from the backpropagation rule at the upstream gradients Eᵢ and jEᵢ,
whose gradients ∂/∂Re X + j ∂/∂Im X are those of Re F[i] and Im F[i].
"""
from dataclasses import dataclass, field

import numpy as np
import sympy

from ..checking import numeric
from ..checking.jacobian_check import check_jacobian
from ..core import algebra, ir
from ..core.properties import is_complex
from ..derivation.differential import differential
from ..derivation.rewrite import Context
from ..derivation.simplify import simplify
from ..errors import DerivationError
from ..presentation.abbreviations import Abbreviated, abbreviate as choose_names
from ..presentation.jacobian_forms import MatrixForm, combined, matrix_form
from ..presentation.steps import jacobian_steps
from ..printing.latex import to_latex
from ..printing.text import to_text
from .derived import UPSTREAM, Derived
from .gradient import vjp

CONVENTIONS = {"real-imaginary": ("Re {0}", "Im {0}"), "wirtinger": ("{0}", "conj({0})")}
LATEX = {"real-imaginary": ("\\operatorname{{Re}} {0}", "\\operatorname{{Im}} {0}"),
         "wirtinger": ("{0}", "\\bar{{{0}}}")}


def complex_jacobian(expression, variable, convention="real-imaginary"):
    """The ComplexJacobian of `expression` in the complex Symbol `variable`."""
    if convention not in CONVENTIONS:
        raise DerivationError(f"unknown convention {convention!r}: use 'real-imaginary' or 'wirtinger'")
    log = []
    raw = differential(expression, variable, Context(variable=variable.name, log=log))
    taken = {n.name for n in ir.walk(expression) if isinstance(n, ir.Symbol)}
    plain = matrix_form(raw, variable, taken, conjugated=False)
    bar = matrix_form(raw, variable, taken, conjugated=True)
    pair = None
    if plain is not None and bar is not None:
        if convention == "wirtinger":
            pair = tuple(MatrixForm(simplify(form.expr), form.commutation) for form in (plain, bar))
        else:
            total, difference = (combined(plain, bar, 1, sign) for sign in (1, -1))
            imaginary = algebra.mul(ir.Number(sympy.I), simplify(difference.expr))
            pair = (MatrixForm(simplify(total.expr), total.commutation),
                    MatrixForm(imaginary, difference.commutation))
    backward = vjp(expression, variable.name, upstream=UPSTREAM)
    return ComplexJacobian(expression, variable, simplify(raw), pair, convention, backward, tuple(log))


@dataclass(frozen=True)
class ComplexJacobian(Derived):
    function: ir.Node
    variable: ir.Symbol
    differential: ir.Node
    pair: tuple  # two MatrixForms, or None where the differential has no matrix form
    convention: str
    backward: object = field(repr=False)
    log: tuple = field(default=(), repr=False)
    form = None  # the steps show the pair after the differential

    @property
    def expr(self):
        """The pair side by side, [J₁, J₂]: dvec(F) = J₁ vec(d·₁) + J₂ vec(d·₂)."""
        return None if self.pair is None else ir.Block(((self.pair[0].expr, self.pair[1].expr),))

    def names(self):
        """What the pair differentiates by, in the text notation: Re X and Im X, or X and X̄."""
        return tuple(pattern.format(self.variable.name) for pattern in CONVENTIONS[self.convention])

    def text(self, abbreviate=True):
        if self.pair is None:
            return f"d({to_text(self.function)}) = {to_text(self.differential)}"
        names = choose_names(self.expr, [self.function]) if abbreviate else Abbreviated(self.expr, ())
        shown = names.expression.rows[0] if isinstance(names.expression, ir.Block) else (
            form.expr for form in self.pair)
        lines = [f"∂vec(F)/∂vec({name})ᵀ = {to_text(matrix)}" for name, matrix in zip(self.names(), shown)]
        notes = [f"{to_text(symbol)} = {to_text(definition)}" for symbol, definition in names.names]
        notes += [form.where(self.variable) for form in self.pair if form.commutation is not None][:1]
        return ";  ".join(lines) + ("  where  " + ",  ".join(notes) if notes else "") + f"  ({self.convention})"

    def latex(self):
        if self.pair is None:
            return f"d\\left({to_latex(self.function)}\\right) = {to_latex(self.differential)}"
        names = [p.format(self.variable.latex()) for p in LATEX[self.convention]]
        return ", \\quad ".join(f"\\frac{{\\partial \\operatorname{{vec}} F}}{{\\partial \\operatorname{{vec}}"
                                f"({name})^T}} = {form.latex(self.variable)}"
                                for name, form in zip(names, self.pair))

    @property
    def steps(self):
        finals = () if self.pair is None else tuple(
            (f"∂vec(F)/∂vec({name})ᵀ", form.expr) for name, form in zip(self.names(), self.pair))
        return jacobian_steps(self, "F" if self.function.shape[1] != 1 else "f", finals)

    @property
    def source(self):
        """Generated code of the backpropagation rule, whose results at the upstream gradients
        Eᵢ and jEᵢ give the pair (what `numpy()` evaluates)."""
        return self.backward.source

    def numpy(self):
        """A callable returning the pair (J₁[out…, wrt…], J₂[out…, wrt…]) in the convention."""
        backward, convention = self.backward.numpy(), self.convention
        function, variable = self.function, self.variable

        def pair_at(**inputs):
            by_parts = _real_imaginary_pair(function, variable, backward, inputs)
            if convention == "wirtinger":
                return (by_parts[0] - 1j * by_parts[1]) / 2, (by_parts[0] + 1j * by_parts[1]) / 2
            return by_parts
        return pair_at

    def check(self, points=3, seed=None, tolerance=1e-6):
        """Both matrices against central differences along Re X and Im X."""
        pair_at = self.numpy()

        def by_parts(**inputs):
            first, second = pair_at(**inputs)
            if self.convention == "wirtinger":
                return np.array([first + second, 1j * (first - second)])
            return np.array([first, second])
        return check_jacobian(self.function, self.variable, by_parts, points, seed, tolerance)


def _real_imaginary_pair(function, variable, backward, inputs):
    """(∂F/∂Re X, ∂F/∂Im X) from the backpropagation rule at Eᵢ and, for complex F, jEᵢ."""
    sizes = numeric.sizes_from_inputs(function, inputs)
    shape = tuple(numeric.concrete(d, sizes) for d in function.shape)
    out_shape = () if shape == (1, 1) else ((shape[0],) if shape[1] == 1 else shape)
    wrt_shape = np.shape(inputs[variable.name])
    upstreams = (1.0, 1j) if is_complex(function) else (1.0,)
    first, second = [], []
    for index in np.ndindex(*out_shape):
        found = []
        for weight in upstreams:
            unit = np.zeros(out_shape, dtype=complex if weight == 1j else float)
            unit[index] = weight
            found.append(np.reshape(backward(**inputs, **{UPSTREAM: unit if out_shape else unit.item()}),
                                    wrt_shape))
        of_real, of_imaginary = (found + [np.zeros(wrt_shape)])[:2]
        first.append(np.real(of_real) + 1j * np.real(of_imaginary))
        second.append(np.imag(of_real) + 1j * np.imag(of_imaginary))
    return tuple(np.reshape(np.array(rows), out_shape + wrt_shape) for rows in (first, second))
