"""Generated code: backend-neutral planning (lowering, shared work, chain order, scheduling,
entry checks) and the backends that write a plan as a module (`backends/`).

`generate(gradients, backend="numpy")` takes derived Gradient results; code
generation never derives anything itself.
"""
from .assembly import GeneratedCode, generate

__all__ = ["GeneratedCode", "generate"]
