"""Jacobians with a stated layout, as in a lecture on gradients of vectors and matrices.

J[out…, wrt…] = ∂F[out…]/∂X[wrt…]: df/dx = A for f = Ax (M×N); df/dA for f = Ax, a
3-index M×(M×N) array, xᵀ ⊗ I in vec form; dK/dR for K = RᵀR, a 4-index (N×N)×(M×N)
array. Each is compared with central differences and with the lecture's entrywise formula.
The least-squares gradient by the chain rule is in mml_least_squares.py.
"""
import sys

import numpy as np

import matcalc
from _timing import timing


def central_differences(function, inputs, name, step=1e-6):
    """J[out…, wrt…] by central differences in every entry of inputs[name]."""
    x = inputs[name]
    columns = []
    for index in np.ndindex(*x.shape):
        e = np.zeros_like(x)
        e[index] = step
        columns.append((function(**{**inputs, name: x + e}) - function(**{**inputs, name: x - e})) / (2 * step))
    return np.moveaxis(np.array(columns), 0, -1).reshape(np.shape(columns[0]) + x.shape)


def ax(A, x):
    return A @ x


def gram(R):
    return R.T @ R


def gram_by_the_lecture(R):
    """∂K_pq/∂R_ij = R_iq [j = p] + R_ip [j = q]: the lecture's case table in one line."""
    n = R.shape[1]
    eye = np.eye(n)
    return np.einsum("jp,iq->pqij", eye, R) + np.einsum("jq,ip->pqij", eye, R)


rng = np.random.default_rng(4)
M, N = 4, 3
A, x, R = rng.standard_normal((M, N)), rng.standard_normal(N), rng.standard_normal((M, N))
CASES = [
    ("A x", "x", "A: M×N", ax, {"A": A, "x": x}, lambda A, x: A),
    ("A x", "A", "A: M×N", ax, {"A": A, "x": x}, lambda A, x: np.einsum("ij,k->ijk", np.eye(M), x)),
    ("Rᵀ R", "R", "R: M×N", gram, {"R": R}, gram_by_the_lecture),
]
failures = 0
for expression, wrt, where, function, inputs, lecture in CASES:
    jacobian = matcalc.jacobian(expression, wrt=wrt, where=where)
    value = jacobian.numpy()(**inputs)
    error = np.abs(value - central_differences(function, inputs, wrt)).max()
    agrees = np.allclose(value, lecture(**inputs))
    failures += not (agrees and error < 1e-6)
    print(f"== d({expression})/d{wrt}: J of shape {value.shape}")
    print(f"   differential: d({expression}) = {jacobian.differential}")
    if jacobian.expr is not None:
        print(f"   ∂vec(F)/∂vec({wrt})ᵀ = {jacobian}")
    print(f"   central differences: max error {error:.1e};  the lecture's formula: "
          f"{'agrees' if agrees else 'DISAGREES'}")
if failures:
    sys.exit(f"{failures} Jacobians are wrong")

print("\nnumerator layout: ∂‖y − Φθ‖²/∂θ as the lecture's 1×D row:",
      matcalc.grad("||y - Φ θ||^2", wrt="θ", where="Φ: N×D, θ: D", layout="numerator"))

big = rng.standard_normal((60, 40))
print("dK/dR at R 60×40 (9.6 million entries):",
      timing(matcalc.jacobian("Rᵀ R", wrt="R").numpy(), gram_by_the_lecture, {"R": big}))
