"""Bugs found by the random-expression properties, one test per bug, with the exact expression.

Each is checked the way the property found it: against central differences (the
engine's check and the separately written one in finite_differences.py), or by value.
"""
import numpy as np
import pytest

import finite_differences
import matcalc
from matcalc import numeric
from strategies import DECLARATIONS


def assert_gradient_right(text, wrt):
    result = matcalc.grad(text, wrt=wrt, where=DECLARATIONS)
    assert result.check(points=2, seed=0, tolerance=1e-6)
    inputs, sizes = numeric.sample_inputs(result.function, np.random.default_rng(1))
    reference = finite_differences.gradient(result.function, result.variable, inputs, sizes)
    assert finite_differences.relative_error(result.numpy()(**inputs), reference) < 1e-6
    return result


def test_generated_code_of_a_constant_gradient_needs_no_input():
    assert assert_gradient_right("λ", "λ").numpy()() == 1.0


@pytest.mark.xfail(strict=True, reason="the rule d det(A) = det(A) tr(A⁻¹ dA) needs an invertible A; "
                                       "at a singular one the gradient is NaN (an adjugate form is missing)")
def test_gradient_of_det_at_a_singular_matrix():
    assert_gradient_right("det((b bᵀ)ᵀ)", "b")


def test_softplus_of_a_large_argument_is_evaluated_without_overflow():
    expression = matcalc.parse("sum(softplus(1000 a))")
    value = numeric.evaluate(expression, {"a": np.array([1.0, 2.0])})
    assert value[0, 0] == pytest.approx(3000.0)


def test_a_zero_gradient_made_of_cancelling_terms_passes_the_check():
    result = assert_gradient_right("λ ⊘ λ", "λ")
    assert abs(result.numpy()(λ=1.5)) < 1e-12


@pytest.mark.xfail(strict=True, reason="generated code makes the constant 𝟙 complex when a complex "
                                       "variable is present, and scipy.special.expit refuses complex input")
def test_generated_sigmoid_of_a_real_part_beside_a_complex_variable():
    assert_gradient_right("‖C‖_F² ⊘ sigmoid(Y : log(Y ⊙ Y + ones(n, m)))", "C")


@pytest.mark.xfail(strict=True, reason="generated code for sigmoid of a real part of complex values "
                                       "hands scipy.special.expit a complex array")
def test_generated_sigmoid_of_the_real_part_of_a_complex_frobenius_product():
    assert_gradient_right("(sigmoid(tanh(0.3 ((Re(z : z)).^3)))).^0.5", "z")


@pytest.mark.xfail(strict=True, reason="generated code for the adjoint of y ↦ y ⊗ a scaled by a 1×1 "
                                       "product reshapes a 1-element array to m×n")
def test_generated_gradient_of_a_kronecker_of_vectors_times_a_scalar_product():
    assert_gradient_right("(aᵀb) ‖c ⊗ a‖²", "c")


@pytest.mark.xfail(strict=True, reason="no adjoint rule moves dc off (c ⊗ a : dc ⊗ a) times a 1×1 "
                                       "matrix product over a sum")
def test_adjoint_of_a_kronecker_of_vectors_over_a_scalar_product():
    assert_gradient_right("(vec(Wᵀ)ᵀ kron(V, X) vec(Y)) ./ (1 + ‖c ⊗ a‖²)", "c")
