"""The JAX backend: jax.numpy arrays, jax.scipy.linalg's factorizations; the module is jittable.

Its spellings are NumPy's with jax.numpy in place of NumPy, except where JAX differs:
M⁻¹ from a Cholesky factor is a solve with I (no LAPACK potri), and the helpers
reading a determinant off LU factors branch with jnp.where, so that `jax.jit` traces them.
"""
from ..backend import Backend
from ..operations import Factor
from .jax_prelude import ENTRY_HELPER_SOURCE, HELPERS, IMPORTED_NAMES, PRELUDE
from .matrix_function_helpers import JAX
from .numpy_printer import NumPyPrinter, spellings


class JaxPrinter(NumPyPrinter):
    """jax.numpy expressions for lowered nodes."""
    xp = "jnp"
    einsum_name = "jnp.einsum"
    backend = "jax"
    functions = spellings("jax")
    symmetric_indefinite = False  # no L D Lᵀ factorization: LU
    function_helpers = JAX

    def inverse_from_cholesky(self, factor_text):
        return None  # no potri in JAX: a solve with I

    def saved(self, node, text):
        """A Cholesky factor saved as its array: a jax.custom_vjp saves arrays only."""
        return f"{text}[0]" if isinstance(node, Factor) and node.kind == "cholesky" else text

    def restored(self, node, text):
        return f"({text}, False)" if isinstance(node, Factor) and node.kind == "cholesky" else text


class JaxBackend(Backend):
    name = "jax"
    printer = JaxPrinter
    prelude, helpers, imported_names = PRELUDE + ENTRY_HELPER_SOURCE, HELPERS, IMPORTED_NAMES
    dtype_expression = "jnp.result_type({}).type(0).real.dtype"
