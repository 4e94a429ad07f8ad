"""∇_W of u₁ᵀ W (W E Wᵀ + λI)⁻¹ Wᵀ u₂ with E symmetric, λ > 0.

The answer on the page is 2(AWB − BWᵀAWBWE) with A = Sym(u₁u₂ᵀ), B = (WEWᵀ + λI)⁻¹.
"""
import numpy as np

import matcalc
from _timing import report

result = matcalc.grad("u1ᵀ W (W E Wᵀ + λI)⁻¹ Wᵀ u2", wrt="W", where="E: n×n symmetric, λ > 0")


def naive(u1, u2, W, E, λ):
    """The closed form as one would first type it, with explicit inverses."""
    a = (np.outer(u1, u2) + np.outer(u2, u1)) / 2
    b = np.linalg.inv(W @ E @ W.T + λ * np.eye(len(W)))
    return 2 * (a @ W @ b - b @ W.T @ a @ W @ b @ W @ E)


rng = np.random.default_rng(0)
n = 200
e = rng.standard_normal((n, n))
inputs = {"u1": rng.standard_normal(n), "u2": rng.standard_normal(n),
          "W": rng.standard_normal((n, n)) / np.sqrt(n), "E": (e + e.T) / 2, "λ": 2.0}
report("seed 002", result, result.numpy(), naive, inputs)
