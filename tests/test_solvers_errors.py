"""Bad input to a solver is a MatcalcError that names the problem."""
import numpy as np
import pytest

import matcalc
from matcalc import MatcalcError


@pytest.mark.parametrize("objective, wrt, options, words", [
    ("A x", "x", {}, "not a scalar"),
    ("tr(X)", "X", {"where": "X: complex n×n"}, "complex values"),
    ("‖x‖²", "y", {}, "'y' does not occur"),
    ("‖x‖²", "x, x", {}, "listed twice"),
    ("‖x‖²", "", {}, "wrt must list"),
    ("‖x‖²", "x", {"subject_to": "y ≥ 0"}, "none of the variables solved for"),
    ("‖x‖²", "x", {"subject_to": "x ≥ 0", "where": "x: complex n"}, "complex and cannot be bounded"),
    ("‖x‖²", "x", {"bounds": {"x": (0, 1)}, "where": "x: complex n"}, "complex and cannot be bounded"),
    ("‖x‖²", "x", {"bounds": {"z": (0, 1)}}, "not solved for"),
    ("‖x‖²", "x", {"subject_to": "sum(abs(x)) ≤ 1"}, "not differentiable"),
    ("‖x‖²", "x", {"subject_to": "x'x"}, "no comparison"),
    ("‖x‖²", "x", {"subject_to": "0 ≤ x'x ≤ 1"}, "2 comparisons"),
    ("‖x‖²", "x", {"subject_to": "cᴴ x = 1", "where": "c: complex n"}, "complex values"),
])
def test_a_bad_problem_is_refused_with_its_reason(objective, wrt, options, words):
    with pytest.raises(MatcalcError, match=words):
        matcalc.solver(objective, wrt=wrt, **options)


@pytest.fixture(scope="module")
def least_squares():
    return matcalc.solver("‖A x − b‖²", wrt="x")


@pytest.mark.parametrize("call, words", [
    (lambda s, A, b: s.minimize(A=A), "no value given for b"),
    (lambda s, A, b: s.minimize(A=A, b=b, c=b), "unknown input c"),
    (lambda s, A, b: s.minimize(A=A, b=b, x=b), "x is solved for, not data"),
    (lambda s, A, b: s.minimize(A=A, b=np.ones(4)), "b has shape"),
    (lambda s, A, b: s.minimize(A=A, b=b, method="newton"), "unknown method 'newton'"),
    (lambda s, A, b: s.minimize({"x": np.ones(7)}, A=A, b=b), "x has shape"),
    (lambda s, A, b: s.minimize({"y": np.ones(3)}, A=A, b=b), "x0 must give exactly x"),
])
def test_bad_data_is_refused_with_its_reason(least_squares, call, words):
    rng = np.random.default_rng(30)
    with pytest.raises(MatcalcError, match=words):
        call(least_squares, rng.standard_normal((5, 3)), rng.standard_normal(5))


def test_a_method_the_problem_does_not_offer_says_why():
    logistic = matcalc.solver("sum(softplus(−y ⊙ (X w)))", wrt="w")
    with pytest.raises(MatcalcError, match="not quadratic along every line"):
        logistic.minimize(method="cg", X=np.eye(3), y=np.ones(3))
    bounded = matcalc.solver("‖x − c‖²", wrt="x", subject_to="x ≥ 0")
    with pytest.raises(MatcalcError, match="does not take bounds"):
        bounded.minimize(method="trust-krylov", c=np.ones(3))
    constrained = matcalc.solver("‖x − c‖²", wrt="x", subject_to="‖x‖² = 1")
    with pytest.raises(MatcalcError, match="does not take constraints"):
        constrained.minimize(method="L-BFGS-B", c=np.ones(3))


def test_a_non_finite_value_stops_the_run_without_an_exception():
    solver = matcalc.solver("sum(log(x)) + ‖x‖²", wrt="x")
    result = solver.minimize(np.full(3, 0.5), method="L-BFGS-B")
    assert not result.success and "not finite" in result.message
    assert np.all(np.isfinite(result.x["x"]))
