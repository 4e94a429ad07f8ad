"""Seed 001 end to end: recover R and Q from noisy Z and W by minimizing

    ‖Z − I ⊙ (RᵀA + QᵀB)‖_F² + ‖W − [R, −Q; Q, R] P Sᵀ‖_F²

matcalc proves the objective quadratic along every line, so the exact step
α* = −(G : D)/(2q(D)) applies: alternating between R and Q (the scheme of the
answer on the page), conjugate gradient, and, for comparison, L-BFGS-B with the
derived gradient and with finite-difference gradients.
"""
import time

import numpy as np
import scipy.optimize

import matcalc

OBJECTIVE = "‖Z − I ⊙ (RᵀA + QᵀB)‖_F² + ‖W − [R, −Q; Q, R] P Sᵀ‖_F²"
DECLARATIONS = "R: n×n, Q: n×n"

rng = np.random.default_rng(0)
n, k, m = 6, 14, 16
R, Q = rng.standard_normal((n, n)), rng.standard_normal((n, n))
A, B = rng.standard_normal((n, n)), rng.standard_normal((n, n))
P, S = rng.standard_normal((2 * n, k)), rng.standard_normal((m, k))
noise = 1e-3
data = {"A": A, "B": B, "P": P, "S": S,
        "Z": np.eye(n) * (R.T @ A + Q.T @ B) + noise * rng.standard_normal((n, n)),
        "W": np.block([[R, -Q], [Q, R]]) @ P @ S.T + noise * rng.standard_normal((2 * n, m))}

solver = matcalc.solver(OBJECTIVE, wrt=["R", "Q"], where=DECLARATIONS)
print(solver, end="\n\n")
print(f"{'method':<34}{'iterations':>10}{'evaluations':>12}{'objective':>14}{'error in R, Q':>15}{'seconds':>9}")


def report(name, iterations, evaluations, value, x, seconds):
    error = max(np.abs(x["R"] - R).max(), np.abs(x["Q"] - Q).max())
    print(f"{name:<34}{iterations:>10}{evaluations:>12}{value:>14.6e}{error:>15.1e}{seconds:>9.3f}")
    assert error < 100 * noise, f"{name} did not recover R and Q"


results = {}
for method, name in (("alternating", "alternating, exact line search"), ("cg", "conjugate gradient, exact step"),
                     ("L-BFGS-B", "L-BFGS-B, derived gradient")):
    started = time.perf_counter()
    result = solver.minimize(method=method, tol=1e-10, max_iter=5000, **data)
    results[method] = result
    report(name, result.nit, result.nfev, result.fun, result.x, time.perf_counter() - started)

# L-BFGS-B on the same generated objective, its gradient by SciPy's finite differences.
value = solver.module["OBJECTIVE"].value
started = time.perf_counter()
by_differences = scipy.optimize.minimize(
    lambda theta: value(**data, R=theta[:n * n].reshape(n, n), Q=theta[n * n:].reshape(n, n)),
    np.zeros(2 * n * n), method="L-BFGS-B", options={"maxiter": 5000, "ftol": 1e-15, "gtol": 1e-8})
report("L-BFGS-B, finite differences", by_differences.nit, by_differences.nfev, by_differences.fun,
       {"R": by_differences.x[:n * n].reshape(n, n), "Q": by_differences.x[n * n:].reshape(n, n)},
       time.perf_counter() - started)

best = min(result.fun for result in results.values())
assert all(abs(result.fun - best) <= 1e-8 * best for result in results.values())
