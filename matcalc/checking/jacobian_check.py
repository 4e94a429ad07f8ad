"""A Jacobian compared with differences, row by row, under the gradient check's error model.

Row i of ∂F/∂X is the gradient of the real scalar sum(Eᵢ ⊙ F) (for complex F, of its
real and imaginary parts): each row's reference and error bound come from
`reference_gradient`, and the rows' bounds add up as a norm, as the entries' do.
"""
import numpy as np

from ..core import ir
from . import domain, numeric
from .differences import Reference
from .gradient_check import CheckReport, measured_error, reference_gradient
from .sampling import variables

#: The name of the unit matrix Eᵢ picking out the row, clear of any user's variable.
UNIT = "Ẽ"


def check_jacobian(function, variable, derived, points=3, seed=None, tolerance=1e-6):
    """`derived(**inputs)` (J[out…, wrt…]) against differences of F at `points` random points."""
    rng = np.random.default_rng(seed)
    worst, sizes = 0.0, None
    for _ in range(points):
        try:
            inputs, sizes = domain.defined_point(function, rng, sizes)
        except domain.NoDefinedPoint as error:
            return CheckReport(float("nan"), points, tolerance, str(error))
        reference = reference_jacobian(function, variable, inputs, sizes)
        value = np.asarray(derived(**inputs)).reshape(np.shape(reference.gradient))
        error = measured_error(value, reference)
        worst = error if not error <= worst else worst  # a NaN stays: it must fail
    return CheckReport(worst, points, tolerance)


def reference_jacobian(function, variable, inputs, sizes):
    """Rows ∂F[i]/∂X by differences, with their error. For complex F the rows of Re F[i] and
    Im F[i] combine, ∂F[i] = ∂Re F[i] + j ∂Im F[i]; for a complex X the reference is the pair
    (∂F/∂Re X, ∂F/∂Im X), stacked."""
    unit = ir.Symbol(UNIT, function.shape, False, frozenset())
    parts = (ir.Real, ir.Imag) if any(s.complex for s in variables(function)) else (None,)
    shape = np.shape(inputs[variable.name])
    out_shape = tuple(int(numeric.concrete(d, sizes)) for d in function.shape)
    rows, errors = [], []
    for index in np.ndindex(*out_shape):
        picked = np.zeros(out_shape)
        picked[index] = 1.0
        found = []
        for part in parts:
            scalar = ir.Sum(ir.Hadamard(unit, function if part is None else part(function)))
            reference = reference_gradient(scalar, variable, {**inputs, UNIT: picked}, sizes)
            found.append(np.reshape(reference.gradient, shape))
            errors.append(reference.error)
        rows.append(_pair(found) if variable.complex else sum(w * g for w, g in zip((1, 1j), found)))
    rows = np.array(rows)
    return Reference(np.moveaxis(rows, 1, 0) if variable.complex else rows, float(np.linalg.norm(errors)))


def _pair(gradients):
    """(∂F/∂Re X, ∂F/∂Im X) from the gradients g = ∂/∂Re X + j ∂/∂Im X of Re F and Im F."""
    of_real, of_imaginary = (list(gradients) + [np.zeros_like(gradients[0])])[:2]
    return np.array([np.real(of_real) + 1j * np.real(of_imaginary),
                     np.imag(of_real) + 1j * np.imag(of_imaginary)])
