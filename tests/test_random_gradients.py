"""Random well-typed scalar functions over the whole language: every derived gradient
matches central differences, by the engine's own check and by a separately written one."""
import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import finite_differences
import matcalc
from matcalc.checking import numeric, sampling
from strategies import DECLARATIONS, known_failure, scalar_function

COMMON = dict(deadline=None, database=None, suppress_health_check=list(HealthCheck))
FAST = settings(max_examples=200, derandomize=True, **COMMON)
SLOW = settings(max_examples=5000, **COMMON)


def derived_gradient(text, data):
    """(function, gradient result) for a variable of `text` drawn by hypothesis."""
    expression = matcalc.parse(text, where=DECLARATIONS)
    names = [symbol.name for symbol in sampling.variables(expression)]
    assume(names and not known_failure(expression))
    wrt = data.draw(st.sampled_from(names), label="wrt")
    return expression, matcalc.grad(expression, wrt=wrt)


def assert_gradient_matches(text, data):
    expression, result = derived_gradient(text, data)
    shown = f"{text}  wrt {result.variable.name}:  {result.text(abbreviate=False)}"
    report = result.check(points=1, seed=0, tolerance=1e-5)
    assert report.passed, f"{shown}: {report}"

    inputs, sizes = sampling.sample_inputs(expression, np.random.default_rng(1))
    value = numeric.evaluate(expression, inputs, sizes)
    assert np.all(np.isfinite(value)) and abs(np.imag(value[0, 0])) < 1e-9, f"{text} is not real there"
    reference = finite_differences.gradient(expression, result.variable, inputs, sizes)
    derived = numeric.evaluate(result.expr, inputs, sizes)
    assert derived.shape == np.shape(numeric.as_matrix(reference)), shown
    error = finite_differences.relative_error(derived, reference, value[0, 0])
    assert error < 1e-5, f"{shown}: relative error {error:.1e} against central differences"
    generated = result.numpy()(**inputs)
    error = finite_differences.relative_error(generated, reference, value[0, 0])
    assert error < 1e-5, f"{shown}: generated code off by {error:.1e} against central differences"


@FAST
@given(scalar_function(depth=2), st.data())
def test_gradient_matches_finite_differences(text, data):
    assert_gradient_matches(text, data)


@pytest.mark.slow
@SLOW
@given(scalar_function(depth=3), st.data())
def test_gradient_matches_finite_differences_at_length(text, data):
    assert_gradient_matches(text, data)
