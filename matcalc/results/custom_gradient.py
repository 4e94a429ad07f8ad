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

import sympy

from ..checking.sampling import variables
from ..codegen import generate
from ..codegen.layers import LAYERS, layer_source
from ..derivation.lowering_identities import lowering_identity
from ..derivation.size_forms import factored_size, other_form
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
def custom_gradient(expression, wrt, where=None, target="jax", choose_form=True):
    """F with its derived backpropagation rule for each variable of `wrt`, in `target`;
    `choose_form=False` keeps F as written at every size (see `custom_gradient_source`)."""
    source, names, wrt = custom_gradient_source(expression, wrt, where, target, choose_form)
    try:
        importlib.import_module(target)
    except ImportError:
        raise MatcalcError(f"a custom gradient for {target} needs {target}: "
                           f"pip install 'matcalc[{target}]'") from None
    namespace = {"__name__": "matcalc_generated"}
    exec(compile(source, "<matcalc generated>", "exec"), namespace)
    return CustomGradient(namespace["custom_gradient"], source, names, wrt)


@guarded
def custom_gradient_source(expression, wrt, where=None, target="jax", choose_form=True):
    """(source, input names, wrt): the module defining `custom_gradient(*arrays)` in `target`,
    whose forward saves what its backward, the derived vjp, needs. Where rules/sizes.toml
    gives F another form that factors a matrix of another size, the module has the passes
    of both and takes, at each call, the one factoring the smaller matrix."""
    expression = parse(expression, where) if isinstance(expression, str) else expression
    wrt = [wrt] if isinstance(wrt, str) else list(wrt)
    if not wrt:
        raise DerivationError("name at least one variable to differentiate by")
    if target not in LAYERS:
        raise DerivationError(f"unknown custom-gradient target {target!r}; the known ones are: "
                              + ", ".join(sorted(LAYERS)))
    inputs = variables(expression)
    names = tuple(v.name for v in inputs)
    results = [vjp(expression, name, upstream=UPSTREAM) for name in wrt]
    other = other_form(expression) if choose_form else None
    cheaper = None if other is None else _cheaper(expression, other, inputs)
    alternative = None if cheaper is None else ([vjp(other, name, upstream=UPSTREAM) for name in wrt], other)
    code = generate(results, lowering_identity, target, value=expression, alternative=alternative)
    wrt = tuple(r.variable.name for r in results)
    return code.source + layer_source(target, names, wrt, UPSTREAM, cheaper), names, wrt


def _cheaper(expression, other, inputs):
    """The condition on the inputs' sizes (`arrays`) under which `other` factors the smaller
    matrix, or None where the sizes cannot be read off the inputs."""
    sizes = [_size_text(factored_size(form), inputs) for form in (other, expression)]
    if None in sizes or sizes[0] == sizes[1]:
        return None
    return " < ".join(sizes)


def _size_text(size, inputs):
    """An input's axis of length `size`, read off the positional `arrays`, or None."""
    for position, variable in enumerate(inputs):
        for axis, length in enumerate(variable.shape_[:1] if variable.shape_[1] == 1 else variable.shape_):
            if size is not None and sympy.sympify(length) == size:
                return f"tuple(arrays[{position}].shape)[{axis}]"
    return None
