"""Random well-typed expressions: every derived gradient matches central differences."""
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import matcalc
from matcalc import numeric
from strategies import DECLARATIONS, scalar_function

FAST = settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
SLOW = settings(max_examples=5000, deadline=None, suppress_health_check=list(HealthCheck))


def assert_gradient_matches(text, data):
    expression = matcalc.parse(text, where=DECLARATIONS)
    names = [v.name for v in numeric.variables(expression)]
    wrt = data.draw(st.sampled_from(names), label="wrt")
    result = matcalc.grad(expression, wrt=wrt)
    report = result.check(points=1, seed=0, tolerance=1e-5)
    assert report.passed, f"{text} wrt {wrt}: {result.text(abbreviate=False)}: {report}"


@FAST
@given(scalar_function(), st.data())
def test_gradient_matches_finite_differences(text, data):
    assert_gradient_matches(text, data)


@pytest.mark.slow
@SLOW
@given(scalar_function(depth=4), st.data())
def test_gradient_matches_finite_differences_at_length(text, data):
    assert_gradient_matches(text, data)
