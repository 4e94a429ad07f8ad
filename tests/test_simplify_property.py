"""Simplification never changes the value of an expression: random real and complex
expressions of every shape, over the whole language, at points honoring the declarations."""
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

import matcalc
from matcalc.checking import numeric, sampling
from matcalc.derivation.simplify import simplify
from strategies import DECLARATIONS, any_expression

COMMON = dict(deadline=None, database=None, suppress_health_check=list(HealthCheck))


def assert_same_value(text):
    expression = matcalc.parse(text, where=DECLARATIONS)
    simpler = simplify(expression)
    assert simpler.shape == expression.shape, f"{text} became {simpler} of another shape"
    inputs, sizes = sampling.sample_inputs(expression, np.random.default_rng(0))
    before = numeric.evaluate(expression, inputs, sizes)
    after = numeric.evaluate(simpler, {**inputs}, sizes)
    scale = max(1.0, float(np.max(np.abs(before))))
    assert np.allclose(before, after, rtol=1e-9, atol=1e-9 * scale), f"{text} became {simpler}"


@settings(max_examples=300, derandomize=True, **COMMON)
@given(any_expression(depth=3))
def test_simplification_keeps_the_value(text):
    assert_same_value(text)


@pytest.mark.slow
@settings(max_examples=5000, **COMMON)
@given(any_expression(depth=4))
def test_simplification_keeps_the_value_at_length(text):
    assert_same_value(text)
