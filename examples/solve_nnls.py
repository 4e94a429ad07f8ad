"""Non-negative least squares, min ‖A x − b‖² subject to x ≥ 0, by L-BFGS-B with the derived
gradient and the bound as written; checked against scipy.optimize.nnls."""
import numpy as np
import scipy.optimize

import matcalc

rng = np.random.default_rng(0)
A, b = rng.standard_normal((60, 30)), rng.standard_normal(60)

solver = matcalc.solver("‖A x − b‖²", wrt="x", subject_to="x ≥ 0")
result = solver.minimize(A=A, b=b)
expected, _ = scipy.optimize.nnls(A, b)
error = np.abs(result.x["x"] - expected).max()
print(f"{result.method}: {result.nit} iterations, {np.count_nonzero(result.x['x'] > 0)} of 30 entries positive, "
      f"largest difference from nnls {error:.1e}")
assert result.success and error < 1e-6
