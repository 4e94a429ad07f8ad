"""JAX, PyTorch and TensorFlow for the tests of generated code: imported where installed, else the test skips."""
import numpy as np
import pytest

FRAMEWORKS = ["jax", "torch", "tensorflow"]
#: The frameworks that write softmax, logsumexp, relu, max/min and the matrix and spectral
#: functions: all of them.
FUNCTION_FRAMEWORKS = FRAMEWORKS


def framework(name):
    """The framework's module, float64 enabled; the test is skipped where it is missing."""
    module = pytest.importorskip(name, reason=f"{name} is not installed", exc_type=ImportError)
    if name == "jax":
        module.config.update("jax_enable_x64", True)
    return module


def as_numpy(array):
    """A framework's array as a NumPy array (a torch tensor's lazy conjugate resolved)."""
    if hasattr(array, "resolve_conj"):
        array = array.resolve_conj().detach()
    return np.asarray(array)
