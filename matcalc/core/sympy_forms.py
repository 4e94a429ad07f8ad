"""SymPy forms of the registered matrix functions, which SymPy has no class for.

A matrix-valued one (expm, the Fréchet derivative L_exp …) is an unevaluated
MatrixExpr named as matcalc spells it; a scalar-valued one (λ_max, ‖X‖₂) is an
undefined SymPy function of the matrix. `from_sympy` reads both back by class.
"""
import sympy


class MatrixFunction(sympy.MatrixExpr):
    """f(A, …) as an opaque matrix: the shape is its first matrix argument's unless `columns` says 1."""
    columns = None

    @property
    def shape(self):
        rows, cols = self.args[0].shape
        return (rows, cols if self.columns is None else self.columns)


def matrix_function(name, columns=None):
    """The MatrixExpr class printed as name(A, …); `columns=1` for a vector-valued one."""
    return type(name, (MatrixFunction,), {"columns": columns})


def scalar_function(name):
    """The SymPy function printed as name(A) with a scalar value, which commutes with matrices
    as a scalar does (‖X‖₂⁻¹ X)."""
    return sympy.Function(name, commutative=True)
