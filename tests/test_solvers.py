"""Generated solvers reach the minimizer: seed 001 against a dense least-squares solve, every
method against the others, regressions against their optimality conditions."""
import numpy as np
import pytest

import matcalc
from solver_problems import (LOGISTIC, RIDGE, SEED_001, SEED_001_WHERE, regression_data, seed_001_data,
                             seed_001_exact_minimum)


@pytest.fixture(scope="module")
def seed_001():
    return matcalc.solver(SEED_001, wrt=["H_R", "H_I"], where=SEED_001_WHERE)


@pytest.fixture(scope="module")
def logistic():
    return matcalc.solver(LOGISTIC, wrt="w")


def test_seed_001_is_proven_quadratic_along_lines_and_offers_every_exact_method(seed_001):
    assert seed_001.quadratic
    assert {"cg", "steepest", "alternating", "L-BFGS-B", "trust-krylov"} <= set(seed_001.methods)


@pytest.mark.parametrize("method", ["auto", "cg", "L-BFGS-B", "trust-krylov", "Newton-CG"])
def test_seed_001_reaches_the_exact_minimum(seed_001, method):
    data = seed_001_data(np.random.default_rng(1), n=4, k=3, m=5)
    result = seed_001.minimize(method=method, tol=1e-10, max_iter=3000, **data)
    exact = seed_001_exact_minimum(data)
    assert abs(result.fun - exact) <= 1e-8 * abs(exact), result.message


def test_seed_001_by_alternating_exact_steps_reaches_the_exact_minimum(seed_001):
    """Alternating between H_R and H_I converges slowly where the blocks are strongly coupled
    (k < n leaves the problem rank deficient); with k > n it converges in a few hundred sweeps."""
    data = seed_001_data(np.random.default_rng(1), n=4, k=6, m=5)
    result = seed_001.minimize(method="alternating", tol=1e-8, max_iter=1000, **data)
    exact = seed_001_exact_minimum(data)
    assert result.success, result.message
    assert abs(result.fun - exact) <= 1e-8 * abs(exact)


def test_auto_picks_conjugate_gradient_with_the_exact_step_on_seed_001(seed_001):
    result = seed_001.minimize(**seed_001_data(np.random.default_rng(2)))
    assert result.method == "cg" and result.success
    assert result.nit <= 2 * 4 * 4  # linear CG: at most one step per unknown


def test_a_run_out_of_iterations_says_so_and_keeps_its_history_in_the_declared_shapes(seed_001):
    result = seed_001.minimize(method="alternating", max_iter=30, **seed_001_data(np.random.default_rng(3)))
    assert not result.success and "max_iter = 30" in result.message and result.nit == 30
    assert set(result.x) == {"H_R", "H_I"}
    assert all(value.shape == (4, 4) and value.dtype == float for value in result.x.values())
    assert [record["nit"] for record in result.history] == list(range(result.nit + 1))
    values = [record["fun"] for record in result.history]
    assert all(later <= earlier * (1 + 1e-12) for earlier, later in zip(values, values[1:]))
    assert result.nfev >= result.nit and result.grad_norm == pytest.approx(result.history[-1]["grad_norm"])


def test_ridge_meets_its_normal_equations():
    solver = matcalc.solver(RIDGE, wrt="w")
    assert solver.methods[0] == "cg"
    data = regression_data(np.random.default_rng(4))
    result = solver.minimize(tol=1e-12, **data)
    X, y, λ = data["X"], data["y"], data["λ"]
    assert np.allclose((X.T @ X + λ * np.eye(6)) @ result.x["w"], X.T @ y, atol=1e-9)


@pytest.mark.parametrize("method", ["auto", "trust-krylov", "Newton-CG", "L-BFGS-B"])
def test_logistic_regression_meets_its_optimality_condition(logistic, method):
    data = regression_data(np.random.default_rng(5))
    result = logistic.minimize(method=method, **data)
    X, y, λ, w = data["X"], data["y"], data["λ"], result.x["w"]
    margins = y * (X @ w)
    gradient = -X.T @ (y / (1 + np.exp(margins))) + 2 * λ * w
    assert result.success and np.linalg.norm(gradient) < 1e-6


def test_auto_uses_the_derived_hessian_vector_product_when_no_exact_step_exists(logistic):
    assert not logistic.quadratic and logistic.step is None
    result = logistic.minimize(**regression_data(np.random.default_rng(6)))
    assert result.method == "trust-krylov" and result.nhev > 0


def test_complex_variables_are_solved_as_real_pairs():
    solver = matcalc.solver("‖A X − Y‖² + ‖X‖²", wrt="X", where="X: complex n×n, Y: complex n×n")
    rng = np.random.default_rng(7)
    A = rng.standard_normal((3, 3))
    Y = rng.standard_normal((3, 3)) + 1j * rng.standard_normal((3, 3))
    result = solver.minimize(A=A, Y=Y, tol=1e-12)
    assert result.x["X"].dtype == complex
    assert np.allclose(result.x["X"], np.linalg.solve(A.T @ A + np.eye(3), A.T @ Y), atol=1e-9)


def test_a_start_is_taken_and_a_minimizer_start_stops_at_once(seed_001):
    data = seed_001_data(np.random.default_rng(8))
    first = seed_001.minimize(tol=1e-12, **data)
    again = seed_001.minimize(first.x, tol=1e-6, **data)
    assert again.nit == 0 and again.success and again.fun == pytest.approx(first.fun)
