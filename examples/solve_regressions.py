"""Ridge and logistic regression, minimized by generated solvers and checked against
their optimality conditions.

Ridge is quadratic along every line, so conjugate gradient with the exact step
solves it; logistic regression is not, and Newton–Krylov (trust-krylov) uses the
derived Hessian-vector product Xᵀ(y ⊙ y ⊙ (X D) ⊙ a ⊙ (𝟙 − a)) + 2λD, never the Hessian.
"""
import numpy as np

import matcalc

rng = np.random.default_rng(0)
n, p = 500, 20
X = rng.standard_normal((n, p))
y = np.sign(X @ rng.standard_normal(p) + 0.5 * rng.standard_normal(n))
λ = 0.5

ridge = matcalc.solver("‖X w − y‖² + λ‖w‖²", wrt="w")
result = ridge.minimize(X=X, y=y, λ=λ, tol=1e-12)
residual = (X.T @ X + λ * np.eye(p)) @ result.x["w"] - X.T @ y         # the normal equations
print(f"ridge     {result.method:<13} {result.nit:>3} iterations  normal equations off by "
      f"{np.linalg.norm(residual):.1e}")
assert result.success and np.linalg.norm(residual) < 1e-8

logistic = matcalc.solver("sum(softplus(−y ⊙ (X w))) + λ‖w‖²", wrt="w")
result = logistic.minimize(X=X, y=y, λ=λ)
w = result.x["w"]
gradient = -X.T @ (y / (1 + np.exp(y * (X @ w)))) + 2 * λ * w           # zero at the minimizer
print(f"logistic  {result.method:<13} {result.nit:>3} iterations  {result.nhev} Hessian-vector products, "
      f"gradient {np.linalg.norm(gradient):.1e}")
assert result.success and np.linalg.norm(gradient) < 1e-6
