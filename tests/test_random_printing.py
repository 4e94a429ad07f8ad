"""Derived gradients print as text in the input language: the text and ASCII forms of a
random gradient read back to an expression of the same value."""
import numpy as np
import pytest
import sympy
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import matcalc
from matcalc.core import ir
from matcalc.checking import numeric, sampling
from strategies import DECLARATIONS, scalar_function

COMMON = dict(deadline=None, database=None, suppress_health_check=list(HealthCheck))

#: Nodes only derivations make whose notation is outside the language: block slices A[0:n, n:2n].
DERIVED_ONLY = (ir.BlockPart,)


def assert_gradient_reads_back(text, data):
    expression = matcalc.parse(text, where=DECLARATIONS)
    names = [v.name for v in sampling.variables(expression)]
    assume(names)
    result = matcalc.grad(expression, wrt=data.draw(st.sampled_from(names), label="wrt"))
    gradient = result.expr
    assume(not ir.contains(gradient, lambda node: isinstance(node, DERIVED_ONLY)))
    inputs, sizes = sampling.sample_inputs(expression, np.random.default_rng(0))
    expected = numeric.evaluate(gradient, inputs, sizes)
    for printed in (str(result), str(gradient), gradient.ascii()):  # str(result) names parts: where A = …
        again = matcalc.parse(printed, where=DECLARATIONS)
        value = numeric.evaluate(again, inputs, {**sizes, **context_sizes(again, expected)})
        assert np.allclose(value, expected, rtol=1e-9, atol=1e-9), \
            f"{text}: the gradient {printed!r} reads back as {again!r}"


def context_sizes(expression, expected):
    """Sizes for the dimensions a printed constant (0, I, 𝟙) leaves to its context: a
    lone `I` cannot say that it is 2n×2n, so dimensions no variable fixes are read off
    the gradient."""
    fixed = {sympy.sympify(d) for v in sampling.variables(expression) for d in v.shape}
    free = {}
    for dim, size in zip(expression.shape, expected.shape):
        dim = sympy.sympify(dim)
        if dim.is_Symbol and dim not in fixed:
            free[dim] = size
    return free


@settings(max_examples=200, derandomize=True, **COMMON)
@given(scalar_function(depth=2), st.data())
def test_printed_gradients_read_back_to_the_same_value(text, data):
    assert_gradient_reads_back(text, data)


@pytest.mark.slow
@settings(max_examples=5000, **COMMON)
@given(scalar_function(depth=3), st.data())
def test_printed_gradients_read_back_to_the_same_value_at_length(text, data):
    assert_gradient_reads_back(text, data)
