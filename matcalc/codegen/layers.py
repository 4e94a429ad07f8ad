"""The custom-gradient layer a generated module ends with, per framework.

Each defines `custom_gradient(*arrays)`, the inputs positional in the order of NAMES:
its forward is the module's `forward`, which returns the value and what the backward
needs (a factorization, a solve); its backward is the module's `backward`, the derived
vjp for each variable of WRT from what the forward saved. Where another form of the
expression costs less at some sizes (rules/sizes.toml), `_passes` picks, at each call,
`forward_alternative` and `backward_alternative` when the inputs' sizes favour them. UPSTREAM names the cotangent
among the backward's inputs: ∂L/∂Re y + j ∂L/∂Im y, as PyTorch and TensorFlow pass it;
JAX passes its conjugate, so the JAX layer conjugates it and the gradients.
"""

#: Names a module with a layer binds at its top level.
LAYER_NAMES = ("_passes", "custom_gradient", "CustomGradient", "NAMES", "WRT", "UPSTREAM", "forward", "backward",
               "forward_alternative", "backward_alternative")

JAX = '''
@jax.custom_vjp
def custom_gradient(*arrays):
    """y = F(inputs) whose vjp is matcalc's derived rule (jax.custom_vjp)."""
    return _passes(arrays)[0](**dict(zip(NAMES, arrays)))[0]


def _forward_saving(*arrays):
    value, saved = _passes(arrays)[0](**dict(zip(NAMES, arrays)))
    return value, (saved, arrays)


def _backward_from_saved(residuals, cotangent):
    saved, arrays = residuals
    inputs = dict(zip(NAMES, arrays)) | {UPSTREAM: jnp.conj(cotangent)}
    gradients = dict(zip(WRT, _passes(arrays)[1](saved, **inputs)))
    return tuple(jnp.conj(gradients[name]).reshape(jnp.shape(array)).astype(jnp.result_type(array))
                 if name in gradients else jnp.zeros_like(array) for name, array in zip(NAMES, arrays))


custom_gradient.defvjp(_forward_saving, _backward_from_saved)
'''

TORCH = '''
class CustomGradient(torch.autograd.Function):
    """y = F(inputs) whose backward is matcalc's derived rule (torch.autograd.Function)."""

    @staticmethod
    def forward(context, *arrays):
        value, context.saved = _passes(arrays)[0](**dict(zip(NAMES, arrays)))
        context.arrays = arrays
        return value

    @staticmethod
    def backward(context, cotangent):
        inputs = dict(zip(NAMES, context.arrays)) | {UPSTREAM: cotangent}
        gradients = dict(zip(WRT, _passes(context.arrays)[1](context.saved, **inputs)))
        return tuple(gradients[name].reshape(array.shape) if name in gradients and needed else None
                     for name, array, needed in zip(NAMES, context.arrays, context.needs_input_grad))


custom_gradient = CustomGradient.apply
'''

TENSORFLOW = '''
def custom_gradient(*arrays):
    """y = F(inputs) whose gradient is matcalc's derived rule (tf.custom_gradient); the
    inputs not in WRT are closed over as given (a Python number stays one)."""
    given = dict(zip(NAMES, arrays))
    forward_pass, backward_pass = _passes(arrays)

    @tf.custom_gradient
    def layer(*tensors):
        inputs = given | dict(zip(WRT, tensors))
        value, saved = forward_pass(**inputs)

        def backpropagate(cotangent):
            gradients = backward_pass(saved, **(inputs | {UPSTREAM: cotangent}))
            return [tf.reshape(gradient, tf.shape(inputs[name])) for name, gradient in zip(WRT, gradients)]
        return value, backpropagate

    return layer(*(tf.convert_to_tensor(given[name]) for name in WRT))
'''

#: Framework name → the layer's source.
LAYERS = {"jax": JAX, "torch": TORCH, "tensorflow": TENSORFLOW}


def layer_source(target, names, wrt, upstream, cheaper=None):
    """The layer for `target`, after the constants it reads and `_passes`, which picks the
    forward and backward: the alternative ones where `cheaper`, a condition on the
    inputs' sizes (`arrays`, positional in the order of NAMES), holds at the call."""
    choice = f"""
def _passes(arrays):
    \"\"\"The forward and backward of the form that costs less at the inputs' sizes.\"\"\"
    if {cheaper}:
        return forward_alternative, backward_alternative
    return forward, backward
""" if cheaper else """
def _passes(arrays):
    return forward, backward
"""
    return (f"\n\nNAMES = {tuple(names)!r}  # custom_gradient's inputs, in order\n"
            f"WRT = {tuple(wrt)!r}  # the inputs it differentiates by\n"
            f"UPSTREAM = {upstream!r}  # the cotangent's name among backward's inputs\n" + choice
            + LAYERS[target])
