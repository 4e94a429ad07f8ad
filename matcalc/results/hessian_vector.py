"""The Hessian-vector product H[V] as a prepared linear operator.

H[V] = ∇ₓ(df[V]) is a gradient, and its generated code computes it from scratch for each
V. A solver asks for H[V] at one point for many V, so the parts free of V (AᵀA and BBᵀ
in 2AᵀAVBBᵀ, the logistic weights σ(Xw) ⊙ σ(−Xw)) are computed once per point by
`at(**point)`, and the function it returns applies what is left to each V (2PVQ).
"""
from dataclasses import dataclass, field

import numpy as np

from ..checking import domain
from ..checking.gradient_check import CheckReport
from ..codegen import generate
from ..codegen.hoist import hoisted
from ..core import ir
from ..derivation.lowering_identities import lowering_identity
from ..presentation.abbreviations import written
from ..printing.latex import to_latex
from ..printing.text import to_text
from .gradient import grad

def hessian_vector_product(hessian):
    """The prepared H[V] of a Hessian whose action is not zero."""
    action = hessian.action_gradient
    variable, direction = hessian.variable, hessian.direction
    if variable.complex:  # its action pairs Re and Im: written as derived, nothing prepared
        return HessianVectorProduct(action, direction, action.expr, (), action)
    expr, parts = hoisted(action.expr, direction)
    if not parts:
        return HessianVectorProduct(action, direction, expr, (), action)
    taken = {n.name for n in ir.walk(expr) if isinstance(n, ir.Symbol)} | {p.name for p, _ in parts}
    carrier = ir.Symbol(next(c for c in "UWYZ" + "ABCDEFGH" if c not in taken), expr.shape, False, frozenset())
    apply = grad(ir.Frobenius(carrier, expr), carrier.name)  # its gradient is expr itself
    return HessianVectorProduct(action, direction, expr, parts, apply)


@dataclass(frozen=True)
class HessianVectorProduct:
    """H[V] = `expr`, where each part (symbol, definition) is computed once per point."""
    action: object  # the Gradient ∇ₓ(df[V]): H[V] computed from scratch
    direction: ir.Symbol
    expr: ir.Node
    parts: tuple
    apply: object = field(repr=False)  # the Gradient whose code computes expr from the parts

    @property
    def function(self):
        return self.action.function

    @property
    def variable(self):
        return self.action.variable

    def __str__(self):
        return self.text()

    def text(self):
        product = f"H[{self.direction.name}] = {to_text(self.expr)}"
        if not self.parts:
            return f"H[{self.direction.name}] = {written(self.expr, [self.function])}"
        return product + "  where  " + ",  ".join(f"{s.name} = {to_text(d)}" for s, d in self.parts)

    def _repr_latex_(self):
        return f"${self.latex()}$"

    @property
    def steps(self):
        """The derivation of H[V] (the parts are where its code computes it, not steps of it)."""
        return self.action.steps

    def latex(self):
        definitions = "".join(f", \\quad {s.latex()} = {to_latex(d)}" for s, d in self.parts)
        return f"H[{self.direction.latex()}] = {to_latex(self.expr)}{definitions}"

    def code(self, backend="numpy"):
        """The generated module computing H[V] from scratch, whole in itself (the prepared
        operator is `numpy()` and the like, its modules `source`)."""
        return self.action.code(backend)

    def part_code(self, backend="numpy"):
        """One generated module per part, its `value` computing the part at a point."""
        cache = self.__dict__.setdefault("_parts", {})
        if backend not in cache:
            gradient = self.action
            cache[backend] = tuple(generate([gradient], lowering_identity, backend, value=definition)
                                   for _, definition in self.parts)
        return cache[backend]

    @property
    def source(self):
        """The modules computing the parts, then the one applying H to V."""
        modules = [code.source for code in self.part_code()] + [self.apply.code().source]
        names = [f"# {s.name} = {to_text(d)}" for s, d in self.parts] + [f"# H[{self.direction.name}]"]
        return "\n\n".join(f"{name}\n{module}" for name, module in zip(names, modules))

    def numpy(self):
        """A PreparedProduct of NumPy code: `at(**point)(V)`, or H[V] at once with V among the inputs."""
        return self._prepared("numpy")

    def jax(self):
        return self._prepared("jax")

    def torch(self):
        return self._prepared("torch")

    def tensorflow(self):
        return self._prepared("tensorflow")

    def _prepared(self, backend):
        parts = [(symbol.name, code.namespace()[code.value])
                 for (symbol, _), code in zip(self.parts, self.part_code(backend))]
        return PreparedProduct(parts, getattr(self.apply, backend)(), self.direction.name)

    def check(self, points=3, seed=None, tolerance=1e-6):
        """H[V] against differences of df[V], and the prepared operator against H[V]."""
        first = self.action.check(points, seed, tolerance)
        if not self.parts:
            return first
        rng, unprepared, prepared = np.random.default_rng(seed), self.action.numpy(), self.numpy()
        errors = []
        for _ in range(points):
            inputs, _ = domain.defined_point(self.function, rng)
            along = rng.standard_normal(np.shape(inputs[self.variable.name]))
            inputs[self.direction.name] = along
            expected = np.asarray(unprepared(**inputs))
            error = np.linalg.norm(np.asarray(prepared(**inputs)) - expected)
            errors.append(error / max(np.linalg.norm(expected), np.finfo(float).tiny))
        return worse(first, CheckReport(float(np.max(errors)), points, tolerance))


class PreparedProduct:
    """H[V] at one point for many V: `at(**point)` computes the parts once and returns V ↦ H[V];
    called with V among the inputs it prepares and applies at once."""

    def __init__(self, parts, apply, direction):
        self.parts, self.apply, self.direction = parts, apply, direction

    def at(self, **point):
        point = dict(point) | {name: part(**point) for name, part in self.parts}
        return lambda direction: self.apply(**point, **{self.direction: direction})

    def __call__(self, **inputs):
        point = {name: value for name, value in inputs.items() if name != self.direction}
        return self.at(**point)(inputs[self.direction])


def worse(first, second):
    """One report of two checks: the larger error (NaN if either is), the first reason."""
    errors = (first.max_relative_error, second.max_relative_error)
    worst = float("nan") if np.isnan(errors).any() else max(errors)
    return CheckReport(worst, first.points, first.tolerance, first.reason or second.reason)
