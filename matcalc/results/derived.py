"""What Jacobians and Hessians share with gradients: text, LaTeX, SymPy and checks."""
from ..checking.jacobian_check import check_jacobian
from ..printing.sympy import to_sympy

#: The upstream gradient's name when a Jacobian's rows come from the backpropagation rule.
UPSTREAM = "Ḡ"


class Derived:
    """A derivative result printed from `text()`, `latex()` and `result` (an expression)."""

    layout = "numerator"

    def __str__(self):
        return self.text()

    @property
    def result(self):
        """The printed expression: the matrix form, or the differential where there is none."""
        return self.expr if self.expr is not None else self.differential

    @property
    def sympy(self):
        return to_sympy(self.result)

    def _repr_latex_(self):
        return f"${self.latex()}$"

    def check(self, points=3, seed=None, tolerance=1e-6):
        """The result's values (`numpy()`) against differences, as `Gradient.check`."""
        return check_jacobian(self.function, self.variable, self.numpy(), points, seed, tolerance)
