r"""The question as the request: what a formula asks for decides what is derived.

`\nabla_x f` and `\frac{\partial f}{\partial x}` of a scalar f ask for its gradient, of a
vector- or matrix-valued f for its Jacobian; `\nabla^2_x f` and
`\frac{\partial^2 f}{\partial x \partial x^T}` for its Hessian.
"""
from ..errors import DerivationError, guarded
from ..language.latex_input import looks_like_latex
from ..language.parse import parse
from ..language.pasted import read_latex
from .gradient import grad
from .jacobians import hessian, jacobian


@guarded
def derive(question, where=None, wrt=None):
    """The gradient, Jacobian or Hessian the question asks for (`wrt` names the variable of plain text)."""
    reading = read_latex(question) if isinstance(question, str) and looks_like_latex(question) else None
    variable = wrt or (reading.wrt if reading else None)
    if variable is None:
        raise DerivationError(r"the question names no variable: ask \nabla_X f or \frac{\partial f}{\partial X}, "
                              "or pass wrt=")
    if reading is not None and reading.order == 2:
        return hessian(question, variable, where)
    expression = parse(question, where)
    return grad(expression, variable) if expression.shape == (1, 1) else jacobian(expression, variable)
