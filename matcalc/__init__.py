"""matcalc: symbolic matrix calculus.

    >>> import matcalc
    >>> print(matcalc.grad("tr(A X B)", wrt="X"))
    AᵀBᵀ

The derivation engine (and with it sympy) is imported on first use of one of its
names, so that `matcalc --version`, `--help` and the error classes stay quick.
"""
import importlib
import importlib.util

from .errors import DeclarationError, DerivationError, LimitError, MatcalcError, ParseError, ShapeError

#: Public name → the submodule defining it, imported when the name is first asked for.
_LAZY = {"parse": "language.parse", "grad": "results.gradient", "vjp": "results.gradient",
         "jacobian": "results.jacobians", "hessian": "results.jacobians", "check": "results.claims",
         "derive": "results.questions", "solver": "solvers.api", "custom_gradient": "results.custom_gradient"}

__all__ = ["parse", "grad", "vjp", "jacobian", "hessian", "check", "derive", "solver", "custom_gradient",
           "MatcalcError", "ParseError", "ShapeError", "DeclarationError", "DerivationError", "LimitError"]
__version__ = "0.1.0"


def __getattr__(name):
    """A public name, or a subpackage (matcalc.core), imported on first use."""
    if name in _LAZY:
        importlib.import_module(".printing", __name__)  # so that every expression it returns prints
        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    elif not name.startswith("_") and importlib.util.find_spec(f"{__name__}.{name}") is not None:
        value = importlib.import_module(f".{name}", __name__)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value  # later look-ups find it without coming here
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))

