"""matcalc: symbolic matrix calculus.

    >>> import matcalc
    >>> print(matcalc.grad("tr(A X B)", wrt="X"))
    AᵀBᵀ
"""
from .errors import DeclarationError, DerivationError, LimitError, MatcalcError, ParseError, ShapeError
from .derivation import grad, vjp
from .jacobians import hessian, jacobian
from .parse import parse

__all__ = ["parse", "grad", "vjp", "jacobian", "hessian", "MatcalcError", "ParseError", "ShapeError", "DeclarationError",
           "DerivationError", "LimitError"]
__version__ = "0.1.0"
