r"""The question as the request: what a formula asks for decides what is derived.

`\nabla_x f` and `\frac{\partial f}{\partial x}` of a scalar f ask for its gradient, of a
vector- or matrix-valued f for its Jacobian; `\nabla^2_x f` and
`\frac{\partial^2 f}{\partial x \partial x^T}` for its Hessian.
"""
from ..errors import DerivationError, guarded
from ..language.latex_input import looks_like_latex
from ..language.parse import parse
from ..language.pasted import asked_variable, read_latex
from .gradient import grad
from .jacobians import hessian, jacobian


@guarded
def derive(question, where=None, wrt=None, latex=None):
    """The gradient, Jacobian or Hessian the question asks for (`wrt` names the variable where it
    asks none; `latex` as for parse)."""
    latex = isinstance(question, str) and looks_like_latex(question) if latex is None else latex
    reading = read_latex(question) if latex else None
    variable = wrt or (reading.wrt if reading else asked_variable(question))
    if variable is None:
        raise DerivationError(r"the question names no variable: ask \nabla_X f, \frac{\partial f}{\partial X}, "
                              "df/dX or d/dX f, or pass wrt=")
    expression = parse(question, where, latex=latex)
    if reading is not None and reading.order == 2:
        return hessian(expression, variable)
    return grad(expression, variable) if expression.shape == (1, 1) else jacobian(expression, variable)
