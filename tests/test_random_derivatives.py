"""Random functions over the whole language: Jacobians, Hessians and backpropagation
(vector–Jacobian products) match central differences written apart from matcalc."""
import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import finite_differences
import matcalc
from matcalc.core import ir
from matcalc.checking import numeric, sampling
from strategies import DECLARATIONS, any_expression, known_failure, scalar_function, valued_function

COMMON = dict(deadline=None, database=None, suppress_health_check=list(HealthCheck))
FAST = settings(max_examples=200, derandomize=True, **COMMON)
#: A Hessian is checked twice (its action, and the operator prepared at a point): fewer examples.
FAST_HESSIAN = settings(max_examples=80, derandomize=True, **COMMON)
SLOW = settings(max_examples=5000, **COMMON)
TOLERANCE = 1e-6
#: Nodes only derivations make; no differential rule takes them yet (see test_regressions).
DERIVED_ONLY = (ir.BlockPart, ir.Unvec, ir.KronBlockSum, ir.KronBlockInner)


def parsed_with_variable(text, data, real_only=False):
    expression = matcalc.parse(text, where=DECLARATIONS)
    symbols = [s for s in sampling.variables(expression) if not (real_only and s.complex)]
    assume(symbols and not known_failure(expression))
    return expression, data.draw(st.sampled_from(symbols), label="wrt")


def unstructured(symbol):
    return not ({"symmetric", "spd", "diagonal"} & symbol.properties)


def assert_jacobian_matches(text, data):
    expression, symbol = parsed_with_variable(text, data, real_only=True)
    result = matcalc.jacobian(expression, wrt=symbol.name)
    inputs, sizes = sampling.sample_inputs(expression, np.random.default_rng(0))
    reference = finite_differences.jacobian(expression, symbol, inputs, sizes)
    derived = result.numpy()(**inputs)
    error = finite_differences.relative_error(derived, reference)
    assert error < TOLERANCE, f"{text} wrt {symbol.name}: {result}: error {error:.1e}"
    if result.expr is not None and unstructured(symbol):
        out_shape = numeric.evaluate(expression, inputs, sizes).shape
        closed = result.matrix()(**inputs)  # the commutation matrix supplied where it appears
        expected = finite_differences.vec_form(reference, out_shape, np.shape(inputs[symbol.name]))
        error = finite_differences.relative_error(closed, expected)
        assert error < TOLERANCE, f"{text} wrt {symbol.name}: vec form {result}: error {error:.1e}"


def assert_hessian_matches(text, data):
    """The Hessian against differences of the derived gradient (itself checked against
    differences of f by test_random_gradients), in column-major vec form."""
    expression, symbol = parsed_with_variable(text, data, real_only=True)
    gradient = matcalc.grad(expression, wrt=symbol.name).expr
    assume(not ir.contains(gradient, lambda node: isinstance(node, DERIVED_ONLY)))  # see test_regressions
    result = matcalc.hessian(expression, wrt=symbol.name)
    inputs, sizes = sampling.sample_inputs(expression, np.random.default_rng(0))
    shape = np.shape(inputs[symbol.name])
    reference = finite_differences.jacobian(gradient, symbol, inputs, sizes)
    expected = finite_differences.vec_form(reference, shape, shape) if shape else np.reshape(reference, (1, 1))
    derived = np.reshape(result.numpy()(**inputs), expected.shape)
    scale = float(np.max(np.abs(numeric.evaluate(gradient, inputs, sizes))))
    error = finite_differences.relative_error(derived, expected, scale)
    assert error < TOLERANCE, f"{text} wrt {symbol.name}: {result}: error {error:.1e}"


def assert_vjp_matches(text, data):
    expression, symbol = parsed_with_variable(text, data)
    result = matcalc.vjp(expression, wrt=symbol.name, upstream="G")
    rng = np.random.default_rng(0)
    inputs, sizes = sampling.sample_inputs(expression, rng)
    out = numeric.evaluate(expression, inputs, sizes)
    upstream = rng.standard_normal(out.shape)
    if np.iscomplexobj(out):
        upstream = upstream + 1j * rng.standard_normal(out.shape)
    pairing = ir.Frobenius(ir.Symbol("G", expression.shape, np.iscomplexobj(out)), expression)
    with_upstream = {**inputs, "G": upstream}
    reference = finite_differences.gradient(ir.Real(pairing), symbol, with_upstream, sizes)
    derived = result.numpy()(**with_upstream)
    value = numeric.evaluate(ir.Real(pairing), with_upstream, sizes)[0, 0]
    error = finite_differences.relative_error(derived, reference, value)
    assert error < TOLERANCE * 10, f"{text} wrt {symbol.name}: {result.text(abbreviate=False)}: error {error:.1e}"


@FAST
@given(valued_function(depth=2), st.data())
def test_jacobians_match_finite_differences(text, data):
    assert_jacobian_matches(text, data)


@FAST_HESSIAN
@given(scalar_function(depth=1), st.data())
def test_hessians_match_finite_differences(text, data):
    assert_hessian_matches(text, data)


@FAST
@given(any_expression(depth=2), st.data())
def test_backpropagation_matches_finite_differences(text, data):
    assert_vjp_matches(text, data)


@pytest.mark.slow
@SLOW
@given(valued_function(depth=3), st.data())
def test_jacobians_match_finite_differences_at_length(text, data):
    assert_jacobian_matches(text, data)


@pytest.mark.slow
@SLOW
@given(scalar_function(depth=2), st.data())
def test_hessians_match_finite_differences_at_length(text, data):
    assert_hessian_matches(text, data)


@pytest.mark.slow
@SLOW
@given(any_expression(depth=3), st.data())
def test_backpropagation_matches_finite_differences_at_length(text, data):
    assert_vjp_matches(text, data)
