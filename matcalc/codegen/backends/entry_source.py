"""The source every backend's prelude shares: the error class and the entry helpers,
written for one array namespace."""

ERROR_CLASS = '''
try:
    from matcalc.errors import MatcalcError
except ImportError:
    class MatcalcError(ValueError):
        """An input that does not fit the expression."""
'''


def entry_helpers(asarray, scalar):
    """`_array`, `_scalar`, `_shape_error` and `_missing`: `asarray` names the function making
    an array of a value, `scalar` is the source of `_scalar`, which differs most between libraries."""
    return f'''
def _array(value, name, ndim):
    """value as an array: a matrix, or a vector as an n×1 column (given 1-D or n×1)."""
    array = {asarray}(value)
    if ndim == 1 and array.ndim == 1:
        return array[:, None]
    if array.ndim == 2 and (ndim == 2 or array.shape[1] == 1):
        return array
    kind = "a vector" if ndim == 1 else "a matrix"
    raise MatcalcError(f"{{name}} must be {{kind}}, but it has shape {{tuple(array.shape)}}")

{scalar}

def _shape_error(name, actual, expected, spelled):
    raise MatcalcError(f"{{name}} has shape {{tuple(actual)}}, "
                       f"but the expression needs {{spelled}} = {{expected}}")


def _missing(error):
    raise MatcalcError(f"no value given for {{error.args[0]}}") from None


def _aliased(inputs, names, aliases):
    """The inputs by name, a Greek one also by its ASCII spelling (lam or lambda for λ)."""
    values = []
    for name in names:
        key = next((k for k in (name, *aliases.get(name, ())) if k in inputs), None)
        if key is None:
            _missing(KeyError(name))
        values.append(inputs[key])
    return values
'''


def numpy_like_scalar(xp):
    """The source of `_scalar` for a NumPy-like namespace `xp` (np, jnp)."""
    return f'''
def _scalar(value, name):
    """value as a scalar (a 1-element array is accepted)."""
    if {xp}.ndim(value) == 0:
        return value
    if {xp}.size(value) == 1:
        return {xp}.asarray(value).reshape(())[()]
    raise MatcalcError(f"{{name}} must be a scalar, but it has shape {{{xp}.shape(value)}}")
'''


def lu_determinant_helpers(xp, is_complex=None, one_based=False):
    """`_logdet_lu` and `_det_lu` for a namespace `xp`, branch-free so that jax.jit traces them;
    `is_complex` names its complex-dtype test (xp.iscomplexobj), `one_based` says its pivots
    count from 1 (LAPACK's, as torch gives them)."""
    is_complex = is_complex or f"{xp}.iscomplexobj"
    unpivoted = f"{xp}.arange(len(pivots))" + (" + 1" if one_based else "")
    return {
        "_logdet_lu": f'''
def _logdet_lu(factor):
    """log det M from M's LU factors: real (NaN for det <= 0) for real M."""
    lu, pivots = factor
    diagonal = {xp}.diagonal(lu)
    swaps = {xp}.count_nonzero(pivots != {unpivoted})
    magnitude = {xp}.sum({xp}.log({xp}.abs(diagonal)))
    sign = (-1) ** swaps * {xp}.prod(diagonal / {xp}.abs(diagonal))
    if {is_complex}(lu):
        return magnitude + {xp}.log(sign)
    return {xp}.where(sign > 0, magnitude, {xp}.nan)[()]
''',
        "_det_lu": f'''
def _det_lu(factor):
    """det M from M's LU factors."""
    lu, pivots = factor
    swaps = {xp}.count_nonzero(pivots != {unpivoted})
    return (-1) ** swaps * {xp}.prod({xp}.diagonal(lu))
''',
    }
