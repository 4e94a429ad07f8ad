"""minimize: check the data, choose the method, run it, and say how it ended."""
import numpy as np
from scipy.optimize import OptimizeResult

from ...errors import MatcalcError
from .evaluation import Constraints, NotFinite, Objective
from .exact_steps import Outcome, block_coordinate_descent, conjugate_gradient, steepest_descent
from .layout import Layout, resolve_sizes
from .progress import Progress
from .scipy_methods import lbfgsb, newton_krylov, trust_constr

METHODS = ("auto", "cg", "steepest", "alternating", "L-BFGS-B", "trust-krylov", "Newton-CG", "trust-constr")
EXACT = {"cg": conjugate_gradient, "steepest": steepest_descent, "alternating": block_coordinate_descent}


def run_minimize(spec, x0=None, *, method="auto", tol=1e-8, max_iter=1000, verbose=False, callback=None,
                 data=None):
    """The minimizer of spec's objective over its variables, given the data (see minimize)."""
    data = _checked_data(spec, data or {})
    x0 = _checked_start(spec, x0)
    layout = Layout(spec["shapes"](resolve_sizes(spec["sizes"], {**data, **(x0 or {})})), spec["complex"])
    lower, upper = layout.bounds(spec["bounds"])
    method = choose_method(spec, method, bounded=bool(spec["bounds"]))
    start = layout.pack(x0) if x0 is not None else layout.starting_point(
        lower, upper, spread=bool(spec["constraints"]))
    objective = Objective(spec["parts"], layout, data)
    progress = Progress(layout, verbose, callback, max_iter)
    try:
        with np.errstate(divide="ignore", over="ignore", invalid="ignore"):  # NotFinite reports these
            value, gradient = objective.value_and_grad(start)
            progress.record(0, value, float(np.linalg.norm(gradient)), 0.0, start)
            tolerance = tol * max(1.0, float(np.linalg.norm(gradient)))
            outcome = _run_method(method, spec, objective, start, tolerance, max_iter, progress, (lower, upper),
                                  data)
    except NotFinite as error:
        x, value, gradient = objective.last or (start, np.nan, np.full(layout.size, np.nan))
        outcome = Outcome(x, value, gradient, len(progress.history) - 1, False,
                          f"stopped: {error}; the last finite iterate is returned")
    finally:
        progress.close()
    return OptimizeResult(x=layout.unpack(outcome.x), fun=outcome.fun, grad_norm=float(np.linalg.norm(outcome.grad)),
                          nit=outcome.nit, nfev=objective.nfev, nhev=objective.nhev, success=outcome.success,
                          message=outcome.message, history=progress.history, method=method)


def choose_method(spec, method, bounded):
    """The method asked for, checked against what the problem offers; for "auto", the best offered."""
    names = {name.lower(): name for name in METHODS}
    if not isinstance(method, str) or method.lower() not in names:
        raise MatcalcError(f"unknown method {method!r}: use one of {', '.join(METHODS)}")
    method = names[method.lower()]
    curvature = spec["parts"]["curvature"]
    if method == "auto":
        if spec["constraints"]:
            return "trust-constr"
        if bounded:
            return "L-BFGS-B"
        if None in curvature:
            return "cg"
        if len(spec["variables"]) > 1 and all(name in curvature for name in spec["variables"]):
            return "alternating"
        return "trust-krylov" if spec["parts"]["hessian_vector"] is not None else "L-BFGS-B"
    if spec["constraints"] and method != "trust-constr":
        raise MatcalcError(f"method {method!r} does not take constraints; use 'trust-constr' (or 'auto')")
    if bounded and method not in ("L-BFGS-B", "trust-constr"):
        raise MatcalcError(f"method {method!r} does not take bounds; use 'L-BFGS-B' or 'trust-constr'")
    missing = [name for name in spec["variables"] if name not in curvature]
    if (method in ("cg", "steepest") and None not in curvature) or (method == "alternating" and missing):
        where = "along every line" if method != "alternating" else f"along a line in {', '.join(missing)}"
        raise MatcalcError(f"the objective is not quadratic {where}, so method {method!r} has no exact step; "
                           f"use 'L-BFGS-B' or 'trust-krylov'")
    if method in ("trust-krylov", "Newton-CG") and spec["parts"]["hessian_vector"] is None:
        raise MatcalcError(f"no Hessian-vector product could be derived for method {method!r}; use 'L-BFGS-B'")
    return method


def _run_method(method, spec, objective, start, tolerance, max_iter, progress, bounds, data):
    if method in EXACT:
        return EXACT[method](objective, start, tolerance, max_iter, progress)
    if method == "L-BFGS-B":
        return lbfgsb(objective, start, tolerance, max_iter, progress, bounds)
    if method == "trust-constr":
        constraints = Constraints(spec["constraints"], objective.layout, data, spec["parts"]["directions"])
        return trust_constr(objective, start, tolerance, max_iter, progress, bounds, constraints)
    return newton_krylov(objective, start, tolerance, max_iter, progress, method)


def _checked_data(spec, data):
    unknown = sorted(set(data) - set(spec["data"]))
    if unknown:
        solved = set(unknown) & set(spec["variables"])
        if solved:
            raise MatcalcError(f"{', '.join(sorted(solved))} is solved for, not data: give its start as x0")
        raise MatcalcError(f"unknown input {', '.join(unknown)}: the data are {', '.join(spec['data']) or 'none'}")
    missing = [name for name in spec["data"] if name not in data]
    if missing:
        raise MatcalcError(f"no value given for {', '.join(missing)}: the data are {', '.join(spec['data'])}")
    return {name: np.asarray(value) for name, value in data.items()}


def _checked_start(spec, x0):
    if x0 is None:
        return None
    if not isinstance(x0, dict):
        if len(spec["variables"]) != 1:
            raise MatcalcError(f"x0 must be a dict of {', '.join(spec['variables'])}")
        x0 = {spec["variables"][0]: x0}
    wrong = sorted(set(x0) ^ set(spec["variables"]))
    if wrong:
        raise MatcalcError(f"x0 must give exactly {', '.join(spec['variables'])} (not {', '.join(wrong)})")
    return {name: np.asarray(value) for name, value in x0.items()}
