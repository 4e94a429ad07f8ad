"""Gradients by differences, each with an estimate of its own error.

A check accepts a derived gradient when it differs from the reference by no more than
the reference can resolve, so the estimate must come from the method itself: the
complex step subtracts nothing and is exact to rounding; central differences lose
ε·|f|/h to rounding and a truncation read off the difference of two step sizes, and
take the step whose sum of the two is least. Rounding is measured against the largest
value met while evaluating f (its imaginary parts, for the complex step), since a sum
of large terms rounds as they do.
"""
import functools
from dataclasses import dataclass

import numpy as np

EPSILON = float(np.finfo(float).eps)
#: The step of central differences, near the best for a five-point stencil in doubles.
STEP = 1e-5
#: Steps tried, growing while the estimated error falls: a large |f| needs a larger one.
STEPS = tuple(STEP * 4 ** k for k in range(6))
#: An estimate this far below the derivative ends the search: no check asks for more.
ENOUGH = 1e-9
#: Im f(x + ih·e)/h subtracts nothing, so h can be as small as the exponent range allows.
COMPLEX_STEP = 1e-20
#: Rounding of one evaluation of f, in units of ε·|f|, times the stencil's Σ|weight| = 1.5.
ROUNDING = 16
#: Rounding of a complex step, in units of ε times the largest imaginary part met over h.
COMPLEX_ROUNDING = 64


@dataclass(frozen=True)
class Reference:
    """A gradient by differences, and a bound on its error (a norm over its entries)."""
    gradient: np.ndarray
    error: float


def unit_directions(shape, symmetric=False, diagonal=False):
    """(index, direction) for each entry a gradient holds: Eᵢⱼ, (Eᵢⱼ + Eⱼᵢ)/2 within symmetric
    matrices, Eᵢᵢ alone within diagonal ones."""
    for index in np.ndindex(shape):
        if diagonal and index[0] != index[1]:
            continue
        direction = np.zeros(shape)
        direction[index] = 1.0
        if symmetric:
            direction = (direction + direction.T) / 2
        yield index, direction


def derivative(function, step=STEP):
    """d/dh function(h) at h = 0 by the five-point central difference (any array value)."""
    return (8 * (function(step) - function(-step))
            - (function(2 * step) - function(-2 * step))) / (12 * step)


def derivative_and_error(function, step=STEP, size=0.0):
    """d/dh function(h) at h = 0 for a real function, and a bound on its error.

    Rounding: each value carries about ε·max(|f|, size), and the stencil divides by h
    (`size`: the largest intermediate value of the evaluation). Truncation: the stencil's
    error grows as h⁴, so D(2h) is off by 16 times as much as D(h) and |D(h) − D(2h)|
    bounds D(h)'s with room to spare.
    """
    values = functools.cache(function)
    fine, coarse = derivative(values, step), derivative(values, 2 * step)
    size = max([size] + [abs(values(k * step)) for k in (-4, -2, -1, 1, 2, 4)])
    return fine, ROUNDING * EPSILON * size / step + abs(fine - coarse)


def least_error_derivative(function, size=0.0):
    """derivative_and_error at the step of STEPS whose estimate is least: rounding falls as
    the step grows and truncation rises, so the search stops at the first rise (or at a
    step that leaves the function's domain), or once the estimate is ENOUGH."""
    values = functools.cache(function)
    best = None
    for step in STEPS:
        try:
            with np.errstate(all="ignore"):
                candidate = derivative_and_error(values, step, size)
        except (np.linalg.LinAlgError, ZeroDivisionError, OverflowError):
            break
        if best is not None and not candidate[1] < best[1]:
            break
        best = candidate
        if best[1] <= ENOUGH * abs(best[0]):
            break
    return best


def central_gradient(function, inputs, name, symmetric=False, complex_=False, diagonal=False,
                     size=0.0, hermitian=False):
    """Central differences of a real scalar function of `inputs[name]`, with their error
    (`size`: the largest value met while evaluating it, for the rounding).

    Complex variables give ∂f/∂Re + j ∂f/∂Im; symmetric ones differentiate along
    (Eᵢⱼ + Eⱼᵢ)/2, the gradient within symmetric matrices; diagonal ones along Eᵢᵢ only;
    hermitian ones along the hermitian parts of Eᵢⱼ and jEᵢⱼ, which gives Herm(G).
    """
    x = np.asarray(inputs[name])
    result = np.zeros(x.shape, dtype=complex if complex_ else float)
    errors = []

    def along(direction):
        value, error = least_error_derivative(
            lambda h: float(np.real(function({**inputs, name: x + h * direction}))), size)
        errors.append(error)
        return value

    def within(direction):
        return (direction + direction.conj().T) / 2 if hermitian else direction

    for index, direction in unit_directions(x.shape, symmetric, diagonal):
        result[index] = along(within(direction))
        if complex_:
            result[index] += 1j * along(within(1j * direction))
    return Reference(result, float(np.linalg.norm(errors)))


def complex_step_gradient(function, inputs, name, symmetric=False, diagonal=False):
    """Im f(x + ih·e)/h along each unit direction, for f real-analytic in a real variable.

    `function(values)` returns f and the largest imaginary part met while evaluating it:
    nothing is subtracted, so the error is the rounding of those parts, divided by h.
    """
    x = np.asarray(inputs[name], dtype=float)
    result = np.zeros(x.shape)
    errors = []
    for index, direction in unit_directions(x.shape, symmetric, diagonal):
        value, largest = function({**inputs, name: x + 1j * COMPLEX_STEP * direction})
        result[index] = np.imag(value) / COMPLEX_STEP
        errors.append(COMPLEX_ROUNDING * EPSILON * largest / COMPLEX_STEP)
    return Reference(result, float(np.linalg.norm(errors)))


def relative_error(value, reference, floor=1e-12):
    """‖value − reference‖ / ‖reference‖, the norm taken no smaller than `floor`: a zero
    gradient is checked against what the differences resolve, not against zero."""
    scale = max(float(np.linalg.norm(reference)), floor)
    return float(np.linalg.norm(np.asarray(value) - reference)) / scale
