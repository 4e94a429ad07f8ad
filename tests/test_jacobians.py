"""Jacobians, Hessians and backpropagation rules, checked by finite differences."""
import numpy as np
import pytest

import matcalc
from matcalc.checking import numeric, sampling


def central_jacobian(function, inputs, name, step=1e-6):
    x = np.asarray(inputs[name], dtype=float)
    value = np.asarray(function({**inputs, name: x}))
    result = np.zeros(value.shape + x.shape)
    for index in np.ndindex(x.shape):
        direction = np.zeros(x.shape)
        direction[index] = step
        forward = np.asarray(function({**inputs, name: x + direction}))
        backward = np.asarray(function({**inputs, name: x - direction}))
        result[(Ellipsis,) + index] = (forward - backward) / (2 * step)
    return result


def value_of(expression, sizes):
    def evaluate(inputs):
        value = numeric.evaluate(expression, inputs, sizes)
        return value.reshape(-1) if value.shape[1] == 1 else value
    return evaluate


@pytest.mark.parametrize("text, wrt, closed_form", [
    ("A x", "x", "A"),                      # seed 004: df/dx = A
    ("A*x", "A", "xᵀ ⊗ I"),                 # seed 004: df/dA, a 3-index object
    ("Rᵀ R", "R", None),                    # seed 004: dK/dR, a 4-index object
    ("A X B", "X", "Bᵀ ⊗ A"),               # vec(AXB) = (Bᵀ ⊗ A) vec(X)
    ("X⁻¹", "X", None),
    ("exp(X) ⊙ A", "X", None),
    ("(ρI + Xᵀ X)⁻¹ y", "X", None),
])
def test_jacobian_matches_finite_differences(text, wrt, closed_form):
    result = matcalc.jacobian(text, wrt=wrt)
    if closed_form:
        assert str(result) == closed_form
    rng = np.random.default_rng(4)
    inputs, sizes = sampling.sample_inputs(result.function, rng)
    inputs = {k: (np.asarray(v).reshape(-1) if np.ndim(v) == 2 and np.shape(v)[1] == 1 else v)
              for k, v in inputs.items()}
    derived = result.numpy()(**inputs)
    reference = central_jacobian(value_of(result.function, sizes), inputs, wrt)
    assert np.allclose(derived, reference, rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("text, wrt", [("x' A x", "x"), ("logdet(X)", "X"), ("tr(X X' A)", "X"),
                                       ("sum(exp(A x))", "x"), ("aᵀ x", "x")])
def test_hessian_is_the_jacobian_of_the_gradient(text, wrt):
    result = matcalc.hessian(text, wrt=wrt)
    gradient = result.gradient
    rng = np.random.default_rng(5)
    inputs, sizes = sampling.sample_inputs(gradient.function, rng)
    size = int(np.size(inputs[wrt]))
    derived = result.numpy()(**inputs)
    reference = central_jacobian(lambda values: gradient.numpy()(**values), inputs, wrt)
    assert np.allclose(derived, np.reshape(reference, (size, size), order="F"), rtol=1e-6, atol=1e-7)


def test_hessian_of_a_quadratic_form_is_pinned():
    assert str(matcalc.hessian("x' A x", wrt="x")) == "A + Aᵀ"


def test_vjp_of_the_inverse_is_the_cookbook_rule():
    result = matcalc.vjp("X^-1", wrt="X")
    assert result.check(points=2, seed=3)
    assert str(result) == "−X⁻ᵀGX⁻ᵀ"


def test_upstream_name_clash_is_reported():
    with pytest.raises(matcalc.MatcalcError, match="upstream"):
        matcalc.vjp("G x", wrt="x")
