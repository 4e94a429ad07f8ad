"""Custom gradients: the derived backpropagation rule installed in JAX or PyTorch.

`custom_gradient(expression, wrt, where, target)` is a function of keyword arrays computing
y = F(inputs) in the generated code, whose gradient inside the framework is the rule
matcalc derives (the vjp, the gradient of Re(G : F)) rather than the framework's own
autodiff of F: a `jax.custom_vjp`, or a `torch.autograd.Function`.

matcalc's upstream gradient G of a complex y is ∂L/∂Re y + j ∂L/∂Im y. PyTorch's
cotangents and gradients follow the same convention; JAX's are their conjugates, so the
JAX backward conjugates the cotangent on the way in and the gradients on the way out.
"""
import importlib
from dataclasses import dataclass
from typing import Callable

from ..checking.sampling import variables
from ..codegen import generate
from ..derivation.lowering_identities import lowering_identity
from ..errors import DerivationError, MatcalcError, guarded
from ..language.parse import parse
from .gradient import vjp

#: The name of the upstream gradient in the generated code; no variable can take it.
UPSTREAM = "Ḡ"


@dataclass(frozen=True)
class CustomGradient:
    """y = F(inputs) with the derived backward: call it with keyword arrays named as spelled."""
    function: Callable
    source: str
    names: tuple  # the inputs, in the order the framework receives them
    wrt: tuple

    def __call__(self, /, **inputs):
        missing = [name for name in self.names if name not in inputs]
        if missing:
            raise MatcalcError(f"no value given for {missing[0]}")
        return self.function(*(inputs[name] for name in self.names))


@guarded
def custom_gradient(expression, wrt, where=None, target="jax"):
    """F with its derived backpropagation rule for each variable of `wrt`, in `target`."""
    expression = parse(expression, where)
    wrt = [wrt] if isinstance(wrt, str) else list(wrt)
    if not wrt:
        raise DerivationError("name at least one variable to differentiate by")
    install = INSTALLERS.get(target)
    if install is None:
        raise DerivationError(f"unknown custom-gradient target {target!r}; the known ones are: "
                              + ", ".join(sorted(INSTALLERS)))
    try:
        importlib.import_module(target)
    except ImportError:
        raise MatcalcError(f"a custom gradient for {target} needs {target}: "
                           f"pip install 'matcalc[{target}]'") from None
    results = [vjp(expression, name, upstream=UPSTREAM) for name in wrt]
    code = generate(results, lowering_identity, target, value=expression)
    namespace = code.namespace()
    backward = {r.variable.name: namespace[code.gradients[r.variable.name]] for r in results}
    names = tuple(v.name for v in variables(expression))
    return CustomGradient(install(namespace[code.value], backward, names), code.source, names,
                          tuple(backward))


def _jax(value, backward, names):
    """A jax.custom_vjp of the positional inputs `names`."""
    import jax
    import jax.numpy as jnp

    @jax.custom_vjp
    def function(*arrays):
        return value(**dict(zip(names, arrays)))

    def forward(*arrays):
        return function(*arrays), arrays

    def backpropagate(arrays, cotangent):
        inputs = dict(zip(names, arrays)) | {UPSTREAM: jnp.conj(cotangent)}
        return tuple(_like(jnp, jnp.conj(backward[name](**inputs)), array) if name in backward
                     else jnp.zeros_like(array) for name, array in zip(names, arrays))

    function.defvjp(forward, backpropagate)
    return function


def _like(jnp, gradient, array):
    """A gradient in its input's shape (a vector given as a column) and dtype."""
    return jnp.reshape(gradient, jnp.shape(array)).astype(jnp.result_type(array))


def _torch(value, backward, names):
    """A torch.autograd.Function of the positional inputs `names`, applied."""
    import torch

    class Backpropagation(torch.autograd.Function):
        @staticmethod
        def forward(context, *arrays):
            context.arrays = arrays
            return value(**dict(zip(names, arrays)))

        @staticmethod
        def backward(context, cotangent):
            inputs = dict(zip(names, context.arrays)) | {UPSTREAM: cotangent}
            return tuple(backward[name](**inputs).reshape(array.shape)
                         if name in backward and needed else None
                         for name, array, needed in zip(names, context.arrays, context.needs_input_grad))

    return Backpropagation.apply


#: Target name → the function installing a backward in that framework.
INSTALLERS = {"jax": _jax, "torch": _torch}
