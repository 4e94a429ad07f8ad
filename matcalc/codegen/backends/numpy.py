"""The NumPy/SciPy backend: NumPy arrays in and out, SciPy's factorizations and LAPACK."""
from ..backend import Backend
from .numpy_prelude import ENTRY_HELPER_SOURCE, HELPERS, PRELUDE
from .numpy_printer import NumPyPrinter


class NumPyBackend(Backend):
    name = "numpy"
    printer = NumPyPrinter
    prelude = PRELUDE + ENTRY_HELPER_SOURCE
    helpers = HELPERS
    imported_names = ("np", "scipy", "cho_factor", "cho_solve", "get_lapack_funcs", "lu_factor",
                      "lu_solve", "MatcalcError")

    def dtype_line(self, arrays):
        """The real dtype the inputs promote to (float for a constant gradient)."""
        return f"    dtype = np.result_type({arrays or 'float'}).type(0).real.dtype  # of I, 0 and 𝟙"
