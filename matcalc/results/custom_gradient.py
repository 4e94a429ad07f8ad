"""Custom gradients: the derived backpropagation rule installed in JAX, PyTorch or TensorFlow.

`custom_gradient(expression, wrt, where, target)` is a function of keyword arrays computing
y = F(inputs) in the generated code, whose gradient inside the framework is the rule
matcalc derives (the vjp, the gradient of Re(G : F)) rather than the framework's own
autodiff of F: a `jax.custom_vjp`, a `torch.autograd.Function` or a `tf.custom_gradient`
(codegen/layers.py), whose forward saves what the backward needs.

matcalc's upstream gradient G of a complex y is ∂L/∂Re y + j ∂L/∂Im y. PyTorch's and
TensorFlow's cotangents and gradients follow the same convention; JAX's are their
conjugates, so the JAX backward conjugates the cotangent on the way in and the
gradients on the way out.
"""
import importlib
from dataclasses import dataclass
from typing import Callable

from ..checking.sampling import variables
from ..codegen import generate
from ..codegen.layers import LAYERS, layer_source
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
    source, names, wrt = custom_gradient_source(expression, wrt, where, target)
    try:
        importlib.import_module(target)
    except ImportError:
        raise MatcalcError(f"a custom gradient for {target} needs {target}: "
                           f"pip install 'matcalc[{target}]'") from None
    namespace = {"__name__": "matcalc_generated"}
    exec(compile(source, "<matcalc generated>", "exec"), namespace)
    return CustomGradient(namespace["custom_gradient"], source, names, wrt)


@guarded
def custom_gradient_source(expression, wrt, where=None, target="jax"):
    """(source, input names, wrt): the module defining `custom_gradient(*arrays)` in `target`,
    whose forward saves what its backward, the derived vjp, needs."""
    expression = parse(expression, where) if isinstance(expression, str) else expression
    wrt = [wrt] if isinstance(wrt, str) else list(wrt)
    if not wrt:
        raise DerivationError("name at least one variable to differentiate by")
    if target not in LAYERS:
        raise DerivationError(f"unknown custom-gradient target {target!r}; the known ones are: "
                              + ", ".join(sorted(LAYERS)))
    results = [vjp(expression, name, upstream=UPSTREAM) for name in wrt]
    code = generate(results, lowering_identity, target, value=expression)
    names = tuple(v.name for v in variables(expression))
    wrt = tuple(r.variable.name for r in results)
    return code.source + layer_source(target, names, wrt, UPSTREAM), names, wrt
