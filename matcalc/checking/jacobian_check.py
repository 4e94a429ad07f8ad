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
    """Rows ∂F[i]/∂X by differences (complex F: ∂Re F[i]/∂X + j ∂Im F[i]/∂X), with their error."""
    unit = ir.Symbol(UNIT, function.shape, False, frozenset())
    parts = (ir.Real, ir.Imag) if any(s.complex for s in variables(function)) else (None,)
    shape = tuple(np.shape(inputs[s.name]) for s in variables(function) if s == variable)[0]
    rows, errors = [], []
    out_shape = tuple(int(numeric.concrete(d, sizes)) for d in function.shape)
    for index in np.ndindex(*out_shape):
        picked = np.zeros(out_shape)
        picked[index] = 1.0
        row = np.zeros(shape, dtype=complex if len(parts) > 1 or variable.complex else float)
        for part, weight in zip(parts, (1, 1j)):
            scalar = ir.Sum(ir.Hadamard(unit, function if part is None else part(function)))
            found = reference_gradient(scalar, variable, {**inputs, UNIT: picked}, sizes)
            row = row + weight * np.reshape(found.gradient, shape)
            errors.append(found.error)
        rows.append(row)
    return Reference(np.array(rows), float(np.linalg.norm(errors)))

