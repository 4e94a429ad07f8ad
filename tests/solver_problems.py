"""Problems the solver tests share: objectives, small random data, and their exact answers."""
import numpy as np

SEED_001 = "‖Z − I ⊙ (H_RᵀA + H_IᵀB)‖_F² + ‖W − [H_R, −H_I; H_I, H_R] P Sᵀ‖_F²"
SEED_001_WHERE = "H_R: n×n, H_I: n×n"
RIDGE = "‖X w − y‖² + λ‖w‖²"
LOGISTIC = "sum(softplus(−y ⊙ (X w))) + λ‖w‖²"


def seed_001_data(rng, n=4, k=3, m=5):
    return {"A": rng.standard_normal((n, n)), "B": rng.standard_normal((n, n)), "Z": rng.standard_normal((n, n)),
            "W": rng.standard_normal((2 * n, m)), "P": rng.standard_normal((2 * n, k)),
            "S": rng.standard_normal((m, k))}


def seed_001_residuals(H_R, H_I, A, B, Z, W, P, S):
    """The residuals whose squares sum to the objective, written out with NumPy."""
    inner = np.eye(len(H_R)) * (H_R.T @ A + H_I.T @ B)
    return np.concatenate([(Z - inner).ravel(), (W - np.block([[H_R, -H_I], [H_I, H_R]]) @ P @ S.T).ravel()])


def seed_001_exact_minimum(data):
    """The minimum by a dense least-squares solve of the vectorized problem: the residuals are
    affine in θ = (vec H_R, vec H_I), r(θ) = r(0) + Jθ, J read column by column."""
    n = len(data["A"])

    def residuals(theta):
        return seed_001_residuals(theta[:n * n].reshape(n, n), theta[n * n:].reshape(n, n), **data)

    at_zero = residuals(np.zeros(2 * n * n))
    jacobian = np.column_stack([residuals(unit) - at_zero for unit in np.eye(2 * n * n)])
    theta = np.linalg.lstsq(jacobian, -at_zero, rcond=None)[0]
    return float(residuals(theta) @ residuals(theta))


def regression_data(rng, n=40, p=6):
    X = rng.standard_normal((n, p))
    return {"X": X, "y": np.sign(X @ rng.standard_normal(p) + 0.5 * rng.standard_normal(n)), "λ": 0.1}
