"""Seed 000 (standard form, real D): backpropagation through y = (ρI + DᵀD)⁻¹x.

For an upstream gradient G = ∂L/∂y, the rule is ∂L/∂D = −(DA⁻¹x)(A⁻¹G)ᵀ − (DA⁻¹G)(A⁻¹x)ᵀ
with A = ρI + DᵀD (eq. 21 of the seed): one factorization of A serves both solves.
"""
import numpy as np

import matcalc
from _timing import report

result = matcalc.vjp("(ρ I + Dᵀ D)⁻¹ x", wrt="D", where="D: m×n, x: n, ρ > 0", upstream="G")


def naive(D, x, ρ, G):
    inverse = np.linalg.inv(ρ * np.eye(D.shape[1]) + D.T @ D)
    return -np.outer(D @ inverse @ x, inverse @ G) - np.outer(D @ inverse @ G, inverse @ x)


rng = np.random.default_rng(2)
m, n = 400, 300
inputs = {"D": rng.standard_normal((m, n)), "x": rng.standard_normal(n), "ρ": 0.5,
          "G": rng.standard_normal(n)}
report("seed 000, standard form with real D", result, result.numpy(), naive, inputs)
gradient_function = result.source.split("def grad_D(")[1].split("\ndef ")[0]
print("the generated grad_D factors A once and solves for A⁻¹G and A⁻¹x together:")
print("\n".join(line for line in gradient_function.splitlines() if "cho_" in line))
