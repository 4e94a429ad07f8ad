"""The code-generation backends, by the name `generate(..., backend=…)` takes."""
from .numpy import NumPyBackend

#: Backend name → Backend class.
BACKENDS = {NumPyBackend.name: NumPyBackend}
