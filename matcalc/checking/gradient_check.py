"""A derived gradient's generated code compared with differences at points in its domain.

The reference is the complex step where the function is real-analytic in a real
variable, central differences elsewhere. The error is relative to the reference, or
to what the reference itself resolves where that is coarser: never to the size of f,
which says nothing about the size of its gradient.
"""
from dataclasses import dataclass

import numpy as np

from ..core import ir, registry
from ..core.properties import is_hermitian, is_symmetric
from . import differences, domain, numeric
from .sampling import variables

#: Operators not analytic in their arguments: a complex step cannot see through them (nor
#: through the functions the registry marks not analytic).
NOT_ANALYTIC = (ir.Adjoint, ir.Frobenius)
#: The relative accuracy at which a reference is measured against its own norm: a gradient
#: its differences resolve to fewer digits is measured against error / RESOLUTION instead.
RESOLUTION = 1e-6
#: The scale of an exact zero reference with no error: any other value is infinitely off.
TINY = 1e-300


@dataclass(frozen=True)
class CheckReport:
    """Derived against differences: the worst relative error over the points."""
    max_relative_error: float
    points: int
    tolerance: float
    #: Why the check could not be carried out (no point where the function is defined), if so.
    reason: str = ""

    @property
    def passed(self):
        return not self.reason and self.max_relative_error < self.tolerance

    def __bool__(self):
        return self.passed

    def __str__(self):
        if self.reason:
            return f"numerical check FAILED: {self.reason}"
        verdict = "passed" if self.passed else "FAILED"
        return (f"numerical check {verdict}: max relative error {self.max_relative_error:.1e} "
                f"over {self.points} random points (tolerance {self.tolerance:.0e})")


def check_gradient(result, points=3, seed=None, tolerance=1e-6):
    """`result.numpy()` against differences of `result.function` at `points` random points."""
    rng = np.random.default_rng(seed)
    derived = result.numpy()
    worst = 0.0
    sizes = None  # searched at the first point, kept at the others
    for _ in range(points):
        try:
            inputs, sizes = domain.defined_point(result.function, rng, sizes)
        except domain.NoDefinedPoint as error:
            return CheckReport(float("nan"), points, tolerance, str(error))
        reference = reference_gradient(result.function, result.variable, inputs, sizes)
        value = np.asarray(derived(**inputs))
        if result.layout == "numerator":
            value = value.T
        error = measured_error(value.reshape(np.shape(reference.gradient)), reference)
        worst = error if not error <= worst else worst  # a NaN stays: it must fail
    return CheckReport(worst, points, tolerance)


def reference_gradient(function, variable, inputs, sizes):
    """The gradient of the real scalar `function` by differences, with their error bound."""
    symmetric = is_symmetric(variable) and variable.shape != (1, 1)
    diagonal = "diagonal" in variable.properties
    if complex_step_applies(function):
        return differences.complex_step_gradient(
            lambda values: evaluate_with_largest(function, values, sizes, np.imag),
            inputs, variable.name, symmetric, diagonal)
    _, size = evaluate_with_largest(function, inputs, sizes, np.abs)
    return differences.central_gradient(
        lambda values: numeric.evaluate(function, values, sizes)[0, 0], inputs, variable.name,
        symmetric=symmetric, complex_=variable.complex, diagonal=diagonal, size=size,
        hermitian=variable.complex and is_hermitian(variable) and variable.shape != (1, 1))


def evaluate_with_largest(function, values, sizes, part):
    """f at `values`, and the largest |part(v)| of any value v met while evaluating it
    (the inputs included)."""
    largest = 0.0

    def record(node, args, value):
        nonlocal largest
        for met in (value, *args):
            largest = max(largest, float(np.max(np.abs(part(met)), initial=0.0)))
    return numeric.evaluate(function, values, sizes, inspect=record)[0, 0], largest


def measured_error(value, reference):
    """‖value − reference‖ relative to ‖reference‖, or, where the reference's own error is
    above RESOLUTION of it, relative to error / RESOLUTION: within the default tolerance
    exactly when the difference is within what the differences resolve. A reference
    without a finite error bound proves nothing: NaN, a failure."""
    if not np.isfinite(reference.error):
        return float("nan")
    floor = max(reference.error / RESOLUTION, TINY)
    return differences.relative_error(value, reference.gradient, floor)


def complex_step_applies(function):
    """f(x + ih·e) = f(x) + ih f'(x)·e + O(h²) holds for real variables and analytic operations."""
    return all(not symbol.complex for symbol in variables(function)) and not ir.contains(
        function, lambda n: isinstance(n, NOT_ANALYTIC) or not registry.is_analytic(n))
