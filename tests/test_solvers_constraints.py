"""Bounds and constraints reach their known optima to 1e-6: non-negative least squares
(scipy.optimize.nnls), the smallest eigenvector (numpy.linalg.eigh), a projection onto a
polyhedron (its KKT conditions)."""
import numpy as np
import pytest
import scipy.optimize

import matcalc


@pytest.mark.parametrize("subject_to, bounds", [("x ≥ 0", None), ("0 <= x", None), (None, {"x": (0, None)})])
def test_non_negative_least_squares_matches_nnls(subject_to, bounds):
    solver = matcalc.solver("‖A x − b‖²", wrt="x", subject_to=subject_to, bounds=bounds)
    rng = np.random.default_rng(20)
    A, b = rng.standard_normal((20, 8)), rng.standard_normal(20)
    result = solver.minimize(A=A, b=b)
    expected, residual = scipy.optimize.nnls(A, b)
    assert result.method == "L-BFGS-B" and result.success
    assert np.allclose(result.x["x"], expected, atol=1e-6)
    assert result.fun == pytest.approx(residual ** 2, rel=1e-6)


def test_both_bounds_of_a_variable_are_kept():
    solver = matcalc.solver("‖x − c‖²", wrt="x", subject_to="x ≥ -1; x ≤ 1")
    c = np.array([-3.0, 0.5, 2.0])
    assert np.allclose(solver.minimize(c=c).x["x"], [-1, 0.5, 1])


def test_smallest_eigenvector_on_the_unit_sphere_matches_eigh():
    solver = matcalc.solver("xᵀ A x", wrt="x", subject_to="‖x‖² = 1")
    rng = np.random.default_rng(21)
    M = rng.standard_normal((6, 6))
    A = M + M.T
    result = solver.minimize(A=A)
    values, vectors = np.linalg.eigh(A)
    assert result.method == "trust-constr" and result.success
    assert result.fun == pytest.approx(values[0], abs=1e-6)
    assert min(np.linalg.norm(result.x["x"] - vectors[:, 0]), np.linalg.norm(result.x["x"] + vectors[:, 0])) < 1e-6


def test_projection_onto_a_polyhedron_meets_its_kkt_conditions():
    solver = matcalc.solver("‖x − c‖²", wrt="x", subject_to="C x ≤ d")
    rng = np.random.default_rng(22)
    C, d, c = rng.standard_normal((3, 4)), np.zeros(3), rng.standard_normal(4)
    x = solver.minimize(C=C, d=d, c=c).x["x"]
    active = C @ x > -1e-6
    assert np.all(C @ x <= 1e-6) and active.any()
    multipliers, *_ = np.linalg.lstsq(C[active].T, -2 * (x - c), rcond=None)   # 2(x − c) + Cᵀμ = 0
    assert np.all(multipliers >= -1e-6)
    assert np.allclose(2 * (x - c) + C[active].T @ multipliers, 0, atol=1e-6)
