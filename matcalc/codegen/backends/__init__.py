"""The code-generation backends, by the name `generate(..., backend=…)` takes.

Each imports nothing of its library: the generated module does, so a backend whose
library is missing still writes its code.
"""
from .jax import JaxBackend
from .numpy import NumPyBackend
from .tensorflow import TensorFlowBackend
from .torch import TorchBackend

#: Backend name → Backend class.
BACKENDS = {backend.name: backend for backend in (NumPyBackend, JaxBackend, TorchBackend, TensorFlowBackend)}
