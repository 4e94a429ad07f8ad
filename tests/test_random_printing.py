"""Derived gradients print as text in the input language: the text, ASCII and LaTeX forms of
a random gradient, block slices included, read back to an expression of the same value."""
import numpy as np
import pytest
import sympy
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import matcalc
from matcalc.checking import numeric, sampling
from matcalc.printing.latex import to_latex
from strategies import DECLARATIONS, scalar_function

COMMON = dict(deadline=None, database=None, suppress_health_check=list(HealthCheck))

def assert_gradient_reads_back(text, data):
    expression = matcalc.parse(text, where=DECLARATIONS)
    names = [v.name for v in sampling.variables(expression)]
    assume(names)
    result = matcalc.grad(expression, wrt=data.draw(st.sampled_from(names), label="wrt"))
    gradient = result.expr
    inputs, sizes = sampling.sample_inputs(expression, np.random.default_rng(0))
    expected = numeric.evaluate(gradient, inputs, sizes)
    forms = [(str(result), False), (str(gradient), False), (gradient.ascii(), False), (to_latex(gradient), True)]
    for printed, latex in forms:  # str(result) names parts: where A = …
        again = matcalc.parse(printed, where=DECLARATIONS, latex=latex or None)
        value = numeric.evaluate(again, inputs, {**sizes, **context_sizes(again, expected)})
        assert np.shape(value) == np.shape(expected), f"{text}: the gradient {printed!r} reads back as {again!r}"
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
