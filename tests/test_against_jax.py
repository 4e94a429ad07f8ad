"""Differential testing against JAX, where it is installed: the same random functions,
differentiated by jax.grad through the reference evaluator, must give matcalc's gradients.

JAX's gradient of a real function of a complex array is the conjugate of the
∂f/∂Re + j ∂f/∂Im convention used here, so complex variables compare conjugated;
for symmetric variables the gradient within symmetric matrices is Sym of JAX's, for
diagonal ones its diagonal.
"""
import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import finite_differences
import matcalc
from matcalc.checking import numeric, sampling
from strategies import DECLARATIONS, scalar_function

jax = pytest.importorskip("jax")
jax.config.update("jax_enable_x64", True)
jnp = jax.numpy

COMMON = dict(deadline=None, database=None, suppress_health_check=list(HealthCheck))


def jax_gradient(expression, symbol, inputs, sizes):
    def function(value):
        return jnp.real(numeric.evaluate(expression, {**inputs, symbol.name: value}, sizes, xp=jnp)[0, 0])

    reference = np.asarray(jax.grad(function)(jnp.asarray(inputs[symbol.name])))
    symmetric, diagonal, complex_ = finite_differences.settings_for(symbol)
    if complex_:
        reference = np.conj(reference)
    if symmetric:
        reference = (reference + reference.T) / 2
    if diagonal:
        reference = np.diag(np.diag(reference))
    return reference


def assert_agrees_with_jax(text, data):
    expression = matcalc.parse(text, where=DECLARATIONS)
    names = [v.name for v in sampling.variables(expression)]
    assume(names)
    result = matcalc.grad(expression, wrt=data.draw(st.sampled_from(names), label="wrt"))
    inputs, sizes = sampling.sample_inputs(expression, np.random.default_rng(0))
    reference = jax_gradient(expression, result.variable, inputs, sizes)
    derived = numeric.evaluate(result.expr, inputs, sizes)
    value = numeric.evaluate(expression, inputs, sizes)[0, 0]
    error = finite_differences.relative_error(derived, reference, value)
    assert error < 1e-8, f"{text} wrt {result.variable.name}: {result.text(abbreviate=False)}: {error:.1e}"


@settings(max_examples=50, derandomize=True, **COMMON)  # JAX traces each example anew: slow
@given(scalar_function(depth=2), st.data())
def test_gradient_agrees_with_jax(text, data):
    assert_agrees_with_jax(text, data)


@pytest.mark.slow
@settings(max_examples=5000, **COMMON)
@given(scalar_function(depth=3), st.data())
def test_gradient_agrees_with_jax_at_length(text, data):
    assert_agrees_with_jax(text, data)


def test_a_function_without_dimensions_is_traced():
    expression = matcalc.parse("λ^3", where="λ > 0")
    symbol = sampling.variables(expression)[0]
    assert np.isclose(jax_gradient(expression, symbol, {"λ": 2.0}, {}), 12.0)
