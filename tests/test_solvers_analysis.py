"""The symbolic facts behind the solvers, each checked numerically: the proof of quadratic
along a line (and its refusal), the exact step, the Hessian-vector product and the
constraint Jacobians against finite differences."""
import numpy as np
import pytest

import matcalc
from solver_problems import LOGISTIC, RIDGE, SEED_001, SEED_001_WHERE, regression_data, seed_001_data

STEP = 1e-6


@pytest.mark.parametrize("objective, wrt, where, quadratic", [
    (SEED_001, ["H_R", "H_I"], SEED_001_WHERE, True),
    (RIDGE, ["w"], None, True),
    ("‖A X B − C‖²", ["X"], None, True),
    ("x' A x", ["x"], None, True),
    (LOGISTIC, ["w"], None, False),
    ("‖A X B − C‖²", ["A", "X"], None, False),     # bilinear: quadratic in each alone, not jointly
    ("bᵀ x", ["x"], None, False),                   # linear: no curvature, no minimum along a line
])
def test_quadratic_along_every_line_is_proven_or_refused(objective, wrt, where, quadratic):
    assert matcalc.solver(objective, wrt=wrt, where=where).quadratic == quadratic


def test_a_bilinear_objective_is_quadratic_in_each_variable_alone():
    solver = matcalc.solver("‖A X B − C‖²", wrt=["A", "X"])
    assert set(solver.parts.curvature) == {"A", "X"} and "alternating" in solver.methods


def _objective_parts(solver):
    module = solver.module
    return module["OBJECTIVE"], module["HESSIAN_VECTOR"], module["CURVATURE"]


def test_exact_step_minimizes_seed_001_along_a_random_line():
    solver = matcalc.solver(SEED_001, wrt=["H_R", "H_I"], where=SEED_001_WHERE)
    rng = np.random.default_rng(10)
    data = seed_001_data(rng)
    point = {name: rng.standard_normal((4, 4)) for name in ("H_R", "H_I")}
    direction = {name: rng.standard_normal((4, 4)) for name in ("H_R", "H_I")}
    objective, _, curvature = _objective_parts(solver)

    def f(t):
        return objective.value(**data, **{name: point[name] + t * direction[name] for name in point})

    gradients = objective.value_and_grad(**data, **point)[1:]
    slope = sum(np.vdot(g, direction[name]) for g, name in zip(gradients, point))
    second = curvature[None].value(**data, **point, D_H_R=direction["H_R"], D_H_I=direction["H_I"])
    assert second == pytest.approx((f(1) - 2 * f(0) + f(-1)), rel=1e-9)   # exact for a quadratic
    alpha = -slope / second
    assert f(alpha) < min(f(alpha - 1e-3), f(alpha + 1e-3))
    assert str(solver.step).count(":") == 4  # −(G : D) / (2q(D)) in closed form, both terms of each


@pytest.mark.parametrize("objective, sample", [
    (LOGISTIC, lambda rng: (regression_data(rng), {"w": rng.standard_normal(6)}, {"D_w": rng.standard_normal(6)})),
    (RIDGE, lambda rng: (regression_data(rng), {"w": rng.standard_normal(6)}, {"D_w": rng.standard_normal(6)})),
])
def test_hessian_vector_product_matches_differences_of_the_gradient(objective, sample):
    solver = matcalc.solver(objective, wrt="w")
    data, point, direction = sample(np.random.default_rng(11))
    gradient, hessian_vector, _ = _objective_parts(solver)
    derived = hessian_vector.value_and_grad(**data, **point, **direction)[1]

    def g(t):
        return gradient.value_and_grad(**data, w=point["w"] + t * direction["D_w"])[1]

    assert np.allclose(derived, (g(STEP) - g(-STEP)) / (2 * STEP), rtol=1e-6, atol=1e-7)


def test_hessian_vector_product_of_seed_001_matches_differences_of_its_gradients():
    solver = matcalc.solver(SEED_001, wrt=["H_R", "H_I"], where=SEED_001_WHERE)
    rng = np.random.default_rng(12)
    data = seed_001_data(rng)
    point = {name: rng.standard_normal((4, 4)) for name in ("H_R", "H_I")}
    direction = {"D_H_R": rng.standard_normal((4, 4)), "D_H_I": rng.standard_normal((4, 4))}
    objective, hessian_vector, _ = _objective_parts(solver)
    derived = hessian_vector.value_and_grad(**data, **point, **direction)[1:]

    def g(t):
        return objective.value_and_grad(**data, H_R=point["H_R"] + t * direction["D_H_R"],
                                        H_I=point["H_I"] + t * direction["D_H_I"])[1:]

    for product, plus, minus in zip(derived, g(STEP), g(-STEP)):
        assert np.allclose(product, (plus - minus) / (2 * STEP), rtol=1e-6, atol=1e-6)


def test_constraint_jacobian_and_hessian_match_differences():
    solver = matcalc.solver("xᵀ A x", wrt="x", subject_to="‖x‖² + cᵀ x = 1")
    module = solver.module
    constraint, hessian = module["CONSTRAINT_0"], module["CONSTRAINT_0_HESSIAN"]
    rng = np.random.default_rng(13)
    x, c, d = rng.standard_normal(5), rng.standard_normal(5), rng.standard_normal(5)
    upstream = module["SPEC"]["constraints"][0]["upstream"]

    def value(point):
        return constraint.value(x=point, c=c, **{upstream: 1.0})

    row = constraint.value_and_grad(x=x, c=c, **{upstream: 1.0})[1]
    assert np.allclose(row, [(value(x + STEP * e) - value(x - STEP * e)) / (2 * STEP) for e in np.eye(5)])
    assert np.allclose(hessian.value_and_grad(x=x, c=c, D_x=d, **{upstream: 3.0})[1], 3 * 2 * d)
