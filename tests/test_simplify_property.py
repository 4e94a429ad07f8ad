"""Simplification never changes the value of an expression."""
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import matcalc
from matcalc import numeric
from matcalc.simplify import simplify
from strategies import DECLARATIONS, M, N, matrix

SHAPES = st.sampled_from([(N, N), (N, M), (M, N), (N, "1")])


def assert_same_value(text):
    expression = matcalc.parse(text, where=DECLARATIONS)
    simpler = simplify(expression)
    rng = np.random.default_rng(0)
    inputs, sizes = numeric.sample_inputs(expression, rng)
    before = numeric.evaluate(expression, inputs, sizes)
    after = numeric.evaluate(simpler, inputs, sizes)
    assert np.allclose(before, after, rtol=1e-9, atol=1e-9), f"{text} became {simpler!r}"


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(SHAPES.flatmap(lambda shape: matrix(shape, 3)))
def test_simplification_keeps_the_value(text):
    assert_same_value(text)


@pytest.mark.slow
@settings(max_examples=5000, deadline=None, suppress_health_check=list(HealthCheck))
@given(SHAPES.flatmap(lambda shape: matrix(shape, 4)))
def test_simplification_keeps_the_value_at_length(text):
    assert_same_value(text)
