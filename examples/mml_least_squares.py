"""MML book ch. 5 (seed 004): the least-squares loss ‖y − Φθ‖² by the chain rule.

The answer: ∂L/∂θ = −2Φᵀ(y − Φθ), the transpose of the slide's row vector −2eᵀΦ.
"""
import numpy as np

import matcalc
from _timing import report

result = matcalc.grad("||y - Φ θ||^2", wrt="θ", where="Φ: N×D, θ: D, y: N")


def naive(y, Φ, θ):
    return -2 * Φ.T @ (y - Φ @ θ)


rng = np.random.default_rng(3)
inputs = {"y": rng.standard_normal(2000), "Φ": rng.standard_normal((2000, 300)),
          "θ": rng.standard_normal(300)}
report("MML least squares", result, result.numpy(), naive, inputs)
print("numerator layout (the slide's row vector):",
      matcalc.grad("||y - Φ θ||^2", wrt="θ", where="Φ: N×D, θ: D, y: N", layout="numerator"))
