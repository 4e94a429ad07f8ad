"""`check()` accepts a gradient by the error its differences make, not by the size of f.

A large constant added to f changes no gradient; it must not hide a wrong one either.
The error estimates themselves are tested against gradients known in closed form.
"""
import dataclasses

import numpy as np
import pytest

import matcalc
from matcalc.checking import differences, gradient_check
from matcalc.core import algebra, ir

LARGE = "100000000 + 1e-3 tr(A X)"


def wrong_versions(result):
    """The gradient replaced by zero and by twice itself, code generated as for any gradient."""
    zero = algebra.zero(result.variable.shape)
    doubled = algebra.mul(ir.Number(2), result.expr)
    return {"zero": dataclasses.replace(result, expr=zero),
            "doubled": dataclasses.replace(result, expr=doubled)}


@pytest.mark.parametrize("text, wrt, where", [
    (LARGE, "X", None),                                              # complex step
    ("100000000 + 1e-3 Re(tr(A X))", "X", "X: complex n×n"),          # central differences
    ("100000000 + 1e-3 ‖X‖_F²", "X", None),                           # central differences (a norm)
])
def test_a_large_constant_hides_no_wrong_gradient(text, wrt, where):
    result = matcalc.grad(text, wrt=wrt, where=where)
    assert result.check(points=2, seed=0)
    for name, wrong in wrong_versions(result).items():
        report = wrong.check(points=2, seed=0)
        assert not report.passed, name


def test_the_large_function_is_checked_by_a_complex_step_to_rounding():
    report = matcalc.grad(LARGE, wrt="X").check(points=2, seed=0)
    assert report.max_relative_error < 1e-13


def test_a_zero_gradient_of_cancelling_terms_is_within_the_complex_steps_rounding():
    result = matcalc.grad("tr(X X⁻¹) + 100000000", wrt="X")
    assert result.check(points=2, seed=1)


# ------------------------------------------------------ the error estimates

def exp_sum(values):
    """f(x) = exp(Σ c x) with c = 1…4; its gradient is c·f."""
    return np.exp(np.sum(np.arange(1, 5) * values["x"]))


@pytest.mark.parametrize("step", [1e-8, 1e-5, 1e-2, 5e-2])
def test_the_central_estimate_bounds_the_error_from_rounding_to_truncation(step):
    x = np.array([0.3, -0.2, 0.1, 0.4])
    exact = np.arange(1, 5) * exp_sum({"x": x})
    errors, bounds = [], []
    for index, direction in differences.unit_directions(x.shape):
        value, bound = differences.derivative_and_error(lambda h: exp_sum({"x": x + h * direction}), step)
        errors.append(abs(value - exact[index]))
        bounds.append(bound)
    assert np.all(np.array(errors) <= np.array(bounds))
    assert np.max(bounds) < 100 * max(np.max(errors), differences.EPSILON * np.max(np.abs(exact)))


def test_the_size_of_f_enters_the_central_estimate_but_not_the_complex_steps():
    x = np.array([0.3, -0.2, 0.1, 0.4])
    shifted = differences.central_gradient(lambda v: 1e8 + exp_sum(v), {"x": x}, "x")
    plain = differences.central_gradient(exp_sum, {"x": x}, "x")
    assert shifted.error > 1e4 * plain.error

    def with_imaginary_parts(values):
        value = exp_sum(values)
        return 1e8 + value, float(np.max(np.abs(np.imag([value, *values["x"]]))))
    stepped = differences.complex_step_gradient(with_imaginary_parts, {"x": x}, "x")
    exact = np.arange(1, 5) * exp_sum({"x": x})
    assert np.linalg.norm(stepped.gradient - exact) <= stepped.error < 1e-12 * np.linalg.norm(exact)


def test_a_reference_without_a_finite_error_bound_fails_the_check():
    unbounded = differences.Reference(np.ones(3), float("inf"))
    assert np.isnan(gradient_check.measured_error(np.ones(3), unbounded))
    bounded = differences.Reference(np.ones(3), 1e-12)
    assert gradient_check.measured_error(np.ones(3), bounded) == 0.0
