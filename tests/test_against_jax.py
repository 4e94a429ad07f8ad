"""Differential testing against JAX, where it is installed: the same random functions,
differentiated by jax.grad, must give matcalc's gradients.

JAX's gradient of a real function of a complex array is the conjugate of the
∂f/∂Re + j ∂f/∂Im convention used here, so complex variables compare conjugated.
"""
import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import matcalc
from matcalc import numeric
from strategies import DECLARATIONS, scalar_function

jax = pytest.importorskip("jax")
jax.config.update("jax_enable_x64", True)
jnp = jax.numpy


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(scalar_function(), st.data())
def test_gradient_agrees_with_jax(text, data):
    expression = matcalc.parse(text, where=DECLARATIONS)
    wrt = data.draw(st.sampled_from([v.name for v in numeric.variables(expression)]))
    result = matcalc.grad(expression, wrt=wrt)
    inputs, sizes = numeric.sample_inputs(expression, np.random.default_rng(0))

    def function(value):
        return jnp.real(numeric.evaluate(expression, {**inputs, wrt: value}, sizes, xp=jnp)[0, 0])

    reference = jax.grad(function)(jnp.asarray(inputs[wrt]))
    if result.variable.complex:
        reference = jnp.conj(reference)
    if "symmetric" in result.variable.properties or "spd" in result.variable.properties:
        reference = (reference + reference.T) / 2
    assume(np.all(np.isfinite(reference)))  # an overflow has no gradient to compare
    derived = result.numpy()(**inputs)
    assert np.allclose(np.reshape(derived, np.shape(reference)), reference, rtol=1e-7, atol=1e-9)
