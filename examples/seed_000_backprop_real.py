"""With real D: backpropagation through y = (ρI + DᵀD)⁻¹x and its Woodbury form.

For an upstream gradient G = ∂L/∂y, the rule is ∂L/∂D = −(DA⁻¹x)(A⁻¹G)ᵀ − (DA⁻¹G)(A⁻¹x)ᵀ
with A = ρI + DᵀD (eq. 21 of the problem's statement): one Cholesky factorization of A serves both solves.
The Woodbury form y = (ρI + DDᵀ)⁻¹x (section 2) gives −(A⁻¹G(A⁻¹x)ᵀ + A⁻¹x(A⁻¹G)ᵀ)D.
"""
import numpy as np

import matcalc
from _timing import report

standard = matcalc.vjp("(ρ I + Dᵀ D)⁻¹ x", wrt="D", where="D: m×n, x: n, ρ > 0", upstream="G")
woodbury = matcalc.vjp("(ρ I + D Dᵀ)⁻¹ x", wrt="D", where="D: m×n, x: m, ρ > 0", upstream="G")


def naive_standard(D, x, ρ, G):
    inverse = np.linalg.inv(ρ * np.eye(D.shape[1]) + D.T @ D)
    return -np.outer(D @ inverse @ x, inverse @ G) - np.outer(D @ inverse @ G, inverse @ x)


def naive_woodbury(D, x, ρ, G):
    inverse = np.linalg.inv(ρ * np.eye(D.shape[0]) + D @ D.T)
    return -(np.outer(inverse @ G, inverse @ x) + np.outer(inverse @ x, inverse @ G)) @ D


rng = np.random.default_rng(2)
m, n = 400, 300
D = rng.standard_normal((m, n))
report("seed 000, standard form with real D", standard, standard.numpy(), naive_standard,
       {"D": D, "x": rng.standard_normal(n), "ρ": 0.5, "G": rng.standard_normal(n)})
gradient_function = standard.source.split("def grad_D(")[1].split("\ndef ")[0]
print("the generated grad_D factors A once and solves for A⁻¹G and A⁻¹x together:")
print("\n".join(line for line in gradient_function.splitlines() if "cho_" in line))
print()
report("seed 000, Woodbury form with real D", woodbury, woodbury.numpy(), naive_woodbury,
       {"D": D, "x": rng.standard_normal(m), "ρ": 0.5, "G": rng.standard_normal(m)})
