"""SciPy's methods driven by the generated code: L-BFGS-B with the derived gradient,
Newton–Krylov with the derived Hessian-vector product, trust-constr with the derived
constraint Jacobians."""
import numpy as np
import scipy.optimize

from .evaluation import Constraints, Objective
from .exact_steps import Outcome

#: L-BFGS-B's relative decrease below which it stops: near rounding, so the gradient decides.
LBFGSB_FTOL = 1e-15
#: trust-constr's first barrier parameter: small, since it stops once the barrier problem is
#: solved to gtol, however large the barrier still is.
BARRIER = 1e-8


def lbfgsb(objective: Objective, start, tolerance, max_iter, progress, bounds):
    options = {"maxiter": max_iter, "gtol": tolerance, "ftol": LBFGSB_FTOL, "maxfun": 20 * max_iter + 100}
    limits = _bounds(bounds)
    return _scipy_minimize(objective, start, max_iter, progress, None if limits else tolerance,
                           method="L-BFGS-B", bounds=limits, options=options)


def newton_krylov(objective: Objective, start, tolerance, max_iter, progress, method):
    """trust-krylov or Newton-CG, with hessp = H[D] from the generated code."""
    options = {"maxiter": max_iter}
    options.update({"gtol": tolerance} if method == "trust-krylov" else {"xtol": 1e-10})
    return _scipy_minimize(objective, start, max_iter, progress, tolerance, method=method, hessp=objective.hessp,
                           options=options)


def trust_constr(objective: Objective, start, tolerance, max_iter, progress, bounds, constraints: Constraints):
    lower, upper = constraints.limits(start)
    nonlinear = scipy.optimize.NonlinearConstraint(lambda x: constraints.evaluate(x)[0], lower, upper,
                                                   jac=lambda x: constraints.evaluate(x)[1],
                                                   hess=constraints.hessian)
    options = {"maxiter": max_iter, "gtol": tolerance, "xtol": 1e-14, "barrier_tol": 1e-12,
               "initial_barrier_parameter": BARRIER, "initial_barrier_tolerance": BARRIER}
    return _scipy_minimize(objective, start, max_iter, progress, None, method="trust-constr",
                           hessp=objective.hessp, bounds=_bounds(bounds), constraints=[nonlinear], options=options)


def _bounds(bounds):
    lower, upper = bounds
    if np.all(np.isinf(lower)) and np.all(np.isinf(upper)):
        return None
    return scipy.optimize.Bounds(lower, upper)


def _scipy_minimize(objective, start, max_iter, progress, tolerance, **settings):
    """SciPy's minimize with the progress recorded. Where `tolerance` is given (no bounds or
    constraints), a gradient norm below it is success whatever SciPy's line search reported."""
    previous = [start]

    def record(intermediate_result):
        x = np.asarray(intermediate_result.x)
        gradient = objective.gradient_at(x)
        progress.record(len(progress.history), float(intermediate_result.fun), float(np.linalg.norm(gradient)),
                        float(np.linalg.norm(x - previous[0])), x)
        previous[0] = x

    result = scipy.optimize.minimize(objective.value_and_grad, start, jac=True, callback=record, **settings)
    gradient = objective.gradient_at(result.x)
    iterations = int(getattr(result, "nit", len(progress.history) - 1))
    message = result.message.decode() if isinstance(result.message, bytes) else str(result.message)
    success = bool(result.success)
    if not success and tolerance is not None and np.linalg.norm(gradient) <= tolerance:
        success, message = True, f"the gradient norm is below tolerance ({message})"
    if not success and iterations >= max_iter:
        message = f"stopped after max_iter = {max_iter} iterations ({message})"
    return Outcome(result.x, float(result.fun), gradient, iterations, success, message)
