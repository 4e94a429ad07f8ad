"""Probability vectors, declared `simplex`: 𝟙ᵀy = 1, so cross-entropy through softmax has the
textbook gradient softmax(z) − y, checked at points sampled on the simplex.
"""
import numpy as np
import pytest
import scipy.special

from matcalc import MatcalcError, grad, parse
from matcalc.checking.sampling import sample

CROSS_ENTROPY = ["−yᵀ log(softmax(z))", "−sum(y ⊙ log(softmax(z)))", "logsumexp(z) sum(y) − yᵀz"]


@pytest.mark.parametrize("text", CROSS_ENTROPY)
def test_cross_entropy_of_a_probability_vector_is_softmax_minus_y(text):
    result = grad(text, "z", where="y: n simplex")
    assert str(result) == "softmax(z) − y"
    assert result.check(seed=0)


@pytest.mark.parametrize("text", CROSS_ENTROPY)
def test_for_a_general_y_the_gradient_keeps_its_total(text):
    result = grad(text, "z", where="y: n")
    assert str(result) in ("(𝟙 : y) softmax(z) − y", "sum(y) softmax(z) − y")
    rng = np.random.default_rng(3)
    z, y = rng.standard_normal(4), rng.uniform(0, 3, 4)
    np.testing.assert_allclose(result.numpy()(z=z, y=y), y.sum() * scipy.special.softmax(z) - y, rtol=1e-12)


def test_through_a_linear_layer_the_gradient_is_the_outer_product_with_the_input():
    result = grad("−yᵀ log(softmax(W x))", "W", where="y: m probability")
    assert str(result) == "(softmax(W x) − y)xᵀ"
    assert result.check(seed=1)


def test_a_probability_vector_is_sampled_on_the_simplex():
    y = parse("y", "y: n simplex")
    value = sample(y, {y.shape[0]: 6}, np.random.default_rng(0))
    assert value.shape == (6,) and np.all(value > 0)
    np.testing.assert_allclose(value.sum(), 1, rtol=1e-15)


@pytest.mark.parametrize("where", ["Y: n×m simplex", "y: complex n simplex", "α: scalar simplex", "y: 1×n simplex"])
def test_only_a_real_column_vector_is_a_probability_vector(where):
    with pytest.raises(MatcalcError, match="only a real vector"):
        parse(where.split(":")[0], where)
