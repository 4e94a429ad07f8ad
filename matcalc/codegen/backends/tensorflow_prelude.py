"""The fixed text of a TensorFlow module: imports, error class and helpers.

TensorFlow adds, multiplies and solves tensors of one dtype only and never promotes
real to complex itself: `_promoted` casts the real operands of a complex expression,
leaving Python numbers, which TensorFlow converts to the other operand's dtype.
"""
from .entry_source import ERROR_CLASS, entry_helpers
from .matrix_function_helpers import TENSORFLOW


#: Helper functions the module defines when its code uses them.
HELPERS = {
    "_lu_solve": '''
def _lu_solve(factor, rhs, adjoint=False):
    """M⁻¹ rhs, or M⁻ᴴ rhs, from tf.linalg.lu's factors of P M = L U."""
    lu, permutation = factor
    lu, rhs = _promoted(lu, rhs)
    if not adjoint:
        return tf.linalg.lu_solve(lu, permutation, rhs)
    unit_lower = tf.linalg.band_part(lu, -1, 0) - tf.linalg.diag(tf.linalg.diag_part(lu) - 1)
    solved = tf.linalg.triangular_solve(lu, rhs, lower=False, adjoint=True)  # Uᴴ z = rhs
    solved = tf.linalg.triangular_solve(unit_lower, solved, lower=True, adjoint=True)  # Lᴴ w = z
    return tf.gather(solved, tf.math.invert_permutation(permutation))  # Mᴴ = Uᴴ Lᴴ P
''',
    "_permutation_sign": '''
def _permutation_sign(permutation, dtype):
    """The sign of a permutation, as the determinant of its (exactly ±1) matrix."""
    size = tf.shape(permutation)[0]
    return tf.cast(tf.linalg.det(tf.gather(tf.eye(size, dtype=tf.float64), permutation)), dtype)
''',
    "_logdet_lu": '''
def _logdet_lu(factor):
    """log det M from M's LU factors: real (NaN for det <= 0) for real M."""
    lu, permutation = factor
    diagonal = tf.linalg.diag_part(lu)
    sign = _permutation_sign(permutation, lu.dtype) * tf.reduce_prod(diagonal / tf.cast(tf.abs(diagonal), lu.dtype))
    magnitude = tf.reduce_sum(tf.math.log(tf.abs(diagonal)))
    if lu.dtype.is_complex:
        return tf.cast(magnitude, lu.dtype) + tf.math.log(sign)
    return tf.where(sign > 0, magnitude, tf.constant(float("nan"), dtype=lu.dtype))
''',
    "_det_lu": '''
def _det_lu(factor):
    """det M from M's LU factors."""
    lu, permutation = factor
    return _permutation_sign(permutation, lu.dtype) * tf.reduce_prod(tf.linalg.diag_part(lu))
''',
    "_kron": '''
def _kron(left, right):
    """The Kronecker product A ⊗ B."""
    (p, q), (r, s) = left.shape, right.shape
    return tf.reshape(_einsum("ij,rs->irjs", left, right), (p * r, q * s))
''',
    "_matrix_power": '''
def _matrix_power(matrix, exponent):
    """Mᵏ for an integer k, by repeated squaring (k < 0: a power of a solve with I)."""
    if exponent < 0:
        matrix = tf.linalg.solve(matrix, tf.eye(matrix.shape[0], dtype=matrix.dtype))
        exponent = -exponent
    result = tf.eye(matrix.shape[0], dtype=matrix.dtype)
    while exponent:
        if exponent % 2:
            result = result @ matrix
        matrix, exponent = matrix @ matrix, exponent // 2
    return result
''',
} | TENSORFLOW

ENTRY_HELPER_SOURCE = entry_helpers("tf.convert_to_tensor", '''
def _scalar(value, name):
    """A number as a Python number, which TensorFlow converts to the other operand's dtype;
    else a 0-d tensor (a 1-element array is accepted)."""
    if isinstance(value, (int, float, complex)):
        return complex(value) if isinstance(value, complex) else float(value)
    array = tf.convert_to_tensor(value)
    if array.shape.num_elements() == 1:
        return tf.reshape(array, ())
    raise MatcalcError(f"{name} must be a scalar, but it has shape {tuple(array.shape)}")
''') + '''

def _promoted(*arrays):
    """The operands in one dtype: real tensors cast to the complex dtype of another, if any."""
    complex_dtypes = [a.dtype for a in arrays if tf.is_tensor(a) and a.dtype.is_complex]
    if not complex_dtypes:
        return arrays
    return tuple(tf.cast(a, complex_dtypes[0]) if tf.is_tensor(a) and not a.dtype.is_complex else a
                 for a in arrays)


def _cast(value, dtype):
    """A scalar in a dtype: a Python number converted at full precision (tf.cast goes by float32)."""
    return tf.cast(value, dtype) if tf.is_tensor(value) else tf.constant(value, dtype=dtype)


def _multiply(*arrays):
    """The entrywise product of operands promoted to one dtype."""
    promoted = _promoted(*arrays)
    product = promoted[0]
    for array in promoted[1:]:
        product = product * array
    return product


def _einsum(spec, *arrays):
    """tf.einsum of operands promoted to one dtype."""
    return tf.einsum(spec, *_promoted(*arrays))


def _concat(arrays, axis):
    """tf.concat of operands promoted to one dtype."""
    return tf.concat(_promoted(*arrays), axis=axis)


def _real_dtype(*arrays):
    """The real dtype of the tensors (float64 without tensors)."""
    dtypes = [a.dtype for a in arrays if tf.is_tensor(a)] or [tf.float64]
    return dtypes[0].real_dtype
'''

#: Every name the prelude binds.
IMPORTED_NAMES = ("tf", "MatcalcError", "_real_dtype", "_promoted", "_cast", "_multiply", "_einsum", "_concat")

PRELUDE = '''"""TensorFlow code generated by matcalc: the value of one expression and its gradients.

Keyword arguments are named as the variables are spelled (tensors or arrays); vectors are 1-D.
"""
import tensorflow as tf
''' + ERROR_CLASS
