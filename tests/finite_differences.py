"""Central differences written apart from matcalc.checking, so that the check the engine
ships (`result.check()`) is itself checked by a second, separately written referee.

The conventions are the documented ones: ∂f/∂Re + j ∂f/∂Im for a complex variable;
for a symmetric one the derivative along (Eᵢⱼ + Eⱼᵢ)/2; for a diagonal one along Eᵢᵢ,
zero off the diagonal.
"""
import numpy as np

from matcalc.checking import numeric

STEP = 1e-5


def settings_for(symbol):
    """(symmetric, diagonal, complex) of a variable, from its declaration."""
    square = symbol.shape[0] == symbol.shape[1] and symbol.shape != (1, 1)
    diagonal = square and "diagonal" in symbol.properties
    symmetric = square and not diagonal and bool({"symmetric", "spd"} & symbol.properties)
    return symmetric, diagonal, symbol.complex


def directions(value, symmetric, diagonal):
    """(index, direction) pairs: the unit perturbations the gradient's entries are taken along."""
    for index in np.ndindex(np.shape(value)):
        if diagonal and index[0] != index[1]:
            continue
        unit = np.zeros(np.shape(value))
        unit[index] = 1.0
        yield index, (unit + unit.T) / 2 if symmetric else unit


def derivative(function, value, direction):
    """d/dh function(value + h·direction) at h = 0, by the five-point stencil."""
    samples = [function(value + k * STEP * direction) for k in (-2, -1, 1, 2)]
    return (samples[0] - 8 * samples[1] + 8 * samples[2] - samples[3]) / (12 * STEP)


def gradient(expression, symbol, inputs, sizes):
    """The gradient of the real scalar `expression` with respect to `symbol` at `inputs`."""
    symmetric, diagonal, complex_ = settings_for(symbol)
    value = np.asarray(inputs[symbol.name])

    def f(x):
        return float(np.real(numeric.evaluate(expression, {**inputs, symbol.name: x}, sizes)[0, 0]))

    result = np.zeros(value.shape, dtype=complex if complex_ else float)
    for index, direction in directions(value, symmetric, diagonal):
        result[index] = derivative(f, value, direction)
        if complex_:
            result[index] += 1j * derivative(f, value, 1j * direction)
    return result


def jacobian(expression, symbol, inputs, sizes):
    """J[out…, wrt…] of a real array-valued `expression`, output squeezed like matcalc's;
    symmetric and diagonal variables vary as their gradients do."""
    symmetric, diagonal, _ = settings_for(symbol)
    value = np.asarray(inputs[symbol.name])

    def f(x):
        return numeric.evaluate(expression, {**inputs, symbol.name: x}, sizes)

    out = f(value)
    columns = np.zeros(out.shape + value.shape)
    for index, direction in directions(value, symmetric, diagonal):
        columns[(...,) + index] = derivative(f, value, direction)
    squeezed = () if out.shape == (1, 1) else (out.shape[0],) if out.shape[1] == 1 else out.shape
    return columns.reshape(squeezed + value.shape)


def relative_error(value, reference, function_value=1.0):
    """The error relative to the reference, or for a (near) zero gradient to what the
    differences of a function of that size resolve."""
    reference = np.asarray(reference)
    scale = max(float(np.linalg.norm(reference)), 1e-3 * max(1.0, abs(function_value)))
    return float(np.linalg.norm(np.asarray(value).reshape(reference.shape) - reference)) / scale


def vec_form(jacobian_array, out_shape, wrt_shape):
    """J[out…, wrt…] as ∂vec(F)/∂vec(X)ᵀ, both vecs column-major."""
    out_size, wrt_size = int(np.prod(out_shape)), int(np.prod(wrt_shape))
    full = np.reshape(jacobian_array, tuple(out_shape) + tuple(wrt_shape))
    return full.reshape((out_size,) + tuple(wrt_shape), order="F").reshape(out_size, wrt_size, order="F")
