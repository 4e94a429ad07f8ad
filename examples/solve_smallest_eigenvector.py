"""The smallest eigenvector as min xᵀAx subject to ‖x‖² = 1, by trust-constr with the derived
gradient, constraint Jacobian and Hessian-vector products; checked against numpy.linalg.eigh."""
import numpy as np

import matcalc

rng = np.random.default_rng(0)
M = rng.standard_normal((30, 30))
A = (M + M.T) / 2

solver = matcalc.solver("xᵀ A x", wrt="x", subject_to="‖x‖² = 1")
result = solver.minimize(A=A)
values, vectors = np.linalg.eigh(A)
x = result.x["x"]
error = min(np.linalg.norm(x - vectors[:, 0]), np.linalg.norm(x + vectors[:, 0]))
print(f"{result.method}: {result.nit} iterations, xᵀAx = {result.fun:.12f}, smallest eigenvalue "
      f"{values[0]:.12f}, eigenvector off by {error:.1e}")
assert result.success and abs(result.fun - values[0]) < 1e-6 and error < 1e-6
