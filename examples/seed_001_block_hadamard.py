"""∂/∂H_R and ∂/∂H_I of ‖Z − I ⊙ (H_RᵀA + H_IᵀB)‖_F² + ‖W − [H_R, −H_I; H_I, H_R] P Sᵀ‖_F².

The answer on the page: 2(AD + C₁₁ + C₂₂) and 2(BD + C₂₁ − C₁₂), D diagonal, C in n×n blocks.
"""
import numpy as np

import matcalc
from _timing import report

OBJECTIVE = "‖Z − I ⊙ (H_RᵀA + H_IᵀB)‖_F² + ‖W − [H_R, −H_I; H_I, H_R] P Sᵀ‖_F²"
DECLARATIONS = "H_R: n×n, H_I: n×n"


def naive_parts(H_R, H_I, A, B, Z, W, P, S):
    n = len(H_R)
    d = np.eye(n) * (H_R.T @ A + H_I.T @ B - Z)
    c = (np.block([[H_R, -H_I], [H_I, H_R]]) @ P @ S.T - W) @ S @ P.T
    return n, d, c


def naive_r(**v):
    n, d, c = naive_parts(**v)
    return 2 * (v["A"] @ d + c[:n, :n] + c[n:, n:])


def naive_i(**v):
    n, d, c = naive_parts(**v)
    return 2 * (v["B"] @ d + c[n:, :n] - c[:n, n:])


rng = np.random.default_rng(1)
n, m, k = 200, 150, 100
inputs = {"H_R": rng.standard_normal((n, n)), "H_I": rng.standard_normal((n, n)),
          "A": rng.standard_normal((n, n)), "B": rng.standard_normal((n, n)),
          "Z": rng.standard_normal((n, n)), "W": rng.standard_normal((2 * n, m)),
          "P": rng.standard_normal((2 * n, k)), "S": rng.standard_normal((m, k))}
for wrt, naive in (("H_R", naive_r), ("H_I", naive_i)):
    result = matcalc.grad(OBJECTIVE, wrt=wrt, where=DECLARATIONS)
    report(f"seed 001, gradient with respect to {wrt}", result, result.numpy(), naive, inputs)
