"""What is solved: a real scalar objective, the variables it is minimized over, the data,
bounds and constraints, each checked as it is read."""
from dataclasses import dataclass

from ..checking.sampling import variables
from ..core import ir
from ..core.shapes import show_shape
from ..results.gradient import find_variable
from ..errors import DeclarationError, DerivationError
from ..language.parse import parse
from .constraints import read_constraints


@dataclass(frozen=True)
class Problem:
    """minimize objective over `variables` subject to `bounds` and `constraints`."""
    objective: ir.Node
    variables: tuple     # Symbols, in the order given
    bounds: dict         # name -> (low, high), None for no limit
    constraints: tuple   # Constraint

    @property
    def data(self):
        """The Symbols not solved for, of the objective and then of the constraints, each once."""
        solved = {variable.name for variable in self.variables}
        found = {}
        for expression in (self.objective,) + tuple(c.function for c in self.constraints):
            for symbol in variables(expression):
                if symbol.name not in solved:
                    found.setdefault(symbol.name, symbol)
        return tuple(found.values())


def read_problem(objective, wrt, where=None, subject_to=None, bounds=None):
    """The Problem, or a MatcalcError naming what is wrong with it (a complex-valued objective
    is refused where its gradient is derived)."""
    expression = parse(objective, where)
    if expression.shape != (1, 1):
        raise DerivationError(f"the objective is {show_shape(expression.shape)}, not a scalar: a solver "
                              f"minimizes a real scalar (a norm, a trace, a sum, a Frobenius product)")
    solved = {variable.name: variable for variable in (find_variable(expression, name) for name in _names(wrt))}
    if len(solved) != len(_names(wrt)):
        raise DeclarationError(f"a variable is listed twice in wrt: {', '.join(_names(wrt))}")
    limits, constraints = read_constraints(subject_to, where, solved)
    for name, (low, high) in (bounds or {}).items():
        if name not in solved:
            raise DeclarationError(f"bounds name {name!r}, which is not solved for ({', '.join(solved)})")
        if solved[name].complex:
            raise DeclarationError(f"{name} is complex and cannot be bounded: a complex number has no order")
        limits[name] = (low, high)
    return Problem(expression, tuple(solved.values()), limits, tuple(constraints))


def _names(wrt):
    names = [name.strip() for name in wrt.split(",")] if isinstance(wrt, str) else list(wrt or [])
    if not names or not all(isinstance(name, str) and name for name in names):
        raise DeclarationError("wrt must list the variables to solve for, e.g. wrt=['R', 'Q'] or 'R,Q'")
    return names

