"""The NumPy/SciPy backend: NumPy arrays in and out, SciPy's factorizations and LAPACK."""
from ..backend import Backend
from .numpy_prelude import ENTRY_HELPER_SOURCE, HELPERS, IMPORTED_NAMES, PRELUDE
from .numpy_printer import NumPyPrinter


class NumPyBackend(Backend):
    name = "numpy"
    printer = NumPyPrinter
    prelude, helpers, imported_names = PRELUDE + ENTRY_HELPER_SOURCE, HELPERS, IMPORTED_NAMES
    dtype_expression = "np.result_type({}).type(0).real.dtype"
