"""Descent with the exact step α* = −(G : D) / (2q(D)), for objectives quadratic along a line.

Three ways to choose D: steepest descent (D = −G), nonlinear conjugate gradient
(Polak–Ribière+, which on a quadratic with exact steps is linear CG), and
block-coordinate descent, which minimizes over one variable at a time, in the
order the variables were listed, by such steps in that variable alone.
"""
import numpy as np

from .evaluation import Objective


#: Block-coordinate descent leaves a variable once its own gradient has shrunk this much: an
#: exact minimization in one variable is wasted while the others are still far off.
BLOCK_REDUCTION = 0.1


class Outcome:
    """Where a method stopped, and why."""

    def __init__(self, vector, value, gradient, iterations, success, message):
        self.x, self.fun, self.grad = vector, value, gradient
        self.nit, self.success, self.message = iterations, success, message


def exact_step(objective: Objective, vector, gradient, direction, block=None):
    """α* along `direction`, or None where the curvature is not positive (no minimum on the line)."""
    curvature = objective.curvature(vector, direction, block)
    slope = float(gradient @ direction)
    if not curvature > 0 or not np.isfinite(slope):
        return None
    return -slope / curvature


def steepest_descent(objective, start, tolerance, max_iter, progress):
    return _line_search_descent(objective, start, tolerance, max_iter, progress, conjugate=False)


def conjugate_gradient(objective, start, tolerance, max_iter, progress):
    return _line_search_descent(objective, start, tolerance, max_iter, progress, conjugate=True)


def _line_search_descent(objective, vector, tolerance, max_iter, progress, conjugate):
    value, gradient = objective.value_and_grad(vector)
    direction = -gradient
    for iteration in range(1, max_iter + 1):
        if np.linalg.norm(gradient) <= tolerance:
            return Outcome(vector, value, gradient, iteration - 1, True, "the gradient norm is below tolerance")
        alpha = exact_step(objective, vector, gradient, direction)
        if alpha is None:
            return Outcome(vector, value, gradient, iteration - 1, False, _NO_MINIMUM)
        vector = vector + alpha * direction
        previous = gradient
        value, gradient = objective.value_and_grad(vector)
        progress.record(iteration, value, np.linalg.norm(gradient), abs(alpha) * np.linalg.norm(direction), vector)
        beta = max(0.0, gradient @ (gradient - previous) / (previous @ previous)) if conjugate else 0.0
        direction = -gradient + beta * direction
        if gradient @ direction >= 0:  # not a descent direction: restart along −G
            direction = -gradient
    return _out_of_iterations(vector, value, gradient, max_iter, tolerance)


def block_coordinate_descent(objective, vector, tolerance, max_iter, progress):
    """Sweeps over the variables in order, each minimized while the others stay, by conjugate
    gradient steps with the exact step in that variable alone, until its own gradient has
    shrunk by BLOCK_REDUCTION (or the whole gradient is within tolerance)."""
    value, gradient = objective.value_and_grad(vector)
    layout = objective.layout
    for iteration in range(1, max_iter + 1):
        if np.linalg.norm(gradient) <= tolerance:
            return Outcome(vector, value, gradient, iteration - 1, True, "the gradient norm is below tolerance")
        start = vector
        for name in layout.shapes:
            block = layout.block(gradient, name)
            direction, enough = -block, max(tolerance / 2, BLOCK_REDUCTION * np.linalg.norm(block))
            for _ in range(layout.slices[name].stop - layout.slices[name].start):
                if np.linalg.norm(block) <= enough:
                    break
                alpha = exact_step(objective, vector, gradient, direction, block=name)
                if alpha is None:
                    return Outcome(vector, value, gradient, iteration - 1, False, _NO_MINIMUM)
                vector = vector + alpha * direction
                value, gradient = objective.value_and_grad(vector)
                previous, block = block, layout.block(gradient, name)
                direction = -block + max(0.0, block @ (block - previous) / (previous @ previous)) * direction
        progress.record(iteration, value, np.linalg.norm(gradient), np.linalg.norm(vector - start), vector)
    return _out_of_iterations(vector, value, gradient, max_iter, tolerance)


_NO_MINIMUM = ("stopped: the curvature along the search direction is not positive, so the objective "
               "has no minimum along it (it may be unbounded below)")


def _out_of_iterations(vector, value, gradient, max_iter, tolerance):
    norm = np.linalg.norm(gradient)
    if norm <= tolerance:
        return Outcome(vector, value, gradient, max_iter, True, "the gradient norm is below tolerance")
    return Outcome(vector, value, gradient, max_iter, False,
                   f"stopped after max_iter = {max_iter} iterations; the gradient norm {norm:.3e} "
                   f"is still above the tolerance {tolerance:.3e}")
