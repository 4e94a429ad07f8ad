"""The symbolic facts a solver is built on, derived by the differential pass.

Along a line X + t·D the objective is φ(t) = f(X + tD). Its derivatives in t come
from the differential pass with dt = 1, with no adjoint step, so they hold no
block extractions the differential rules would have to undo:

- φ'(0) = G : D, the directional derivative. Its gradient with respect to X is the
  Hessian-vector product H[D], in closed form; the Hessian is never formed.
- φ''(t) free of t means the third derivative vanishes: f is quadratic along every
  such line, φ''(t) = 2q(D) for the quadratic part q, and the exact step from X is
  α* = −(G : D) / (2q(D)).
"""
from dataclasses import dataclass

from ..checking.sampling import variables
from ..core import algebra, ir
from ..core.properties import is_complex
from ..derivation.differential import differential
from ..derivation.rewrite import Context
from ..derivation.simplify import simplify

#: The spelling of the step along the line; a fresh name is chosen if the objective uses it.
LINE_PARAMETER = "t"


@dataclass(frozen=True)
class Line:
    """f along X + t·D for the variables of one block: its derivatives in t."""
    variables: tuple      # the Symbols moved along the line
    directions: tuple     # one fresh Symbol D per variable, of its shape and field
    slope: ir.Node        # φ'(0) = G : D
    curvature: ir.Node    # φ''(0) = 2q(D)
    quadratic: bool       # φ'' is free of t and not zero: the exact step applies

    @property
    def step(self):
        """α* = −(G : D) / (2q(D)), the minimizer along the line when it is quadratic."""
        return algebra.divide(algebra.neg(self.slope), self.curvature)


def line(objective, directions, taken):
    """The Line of `objective` along {variable: direction}; `taken` holds the names in use."""
    parameter = ir.Symbol(fresh_name(LINE_PARAMETER, taken), (1, 1))
    shifted = substitute(objective, {variable: algebra.add(variable, algebra.mul(parameter, direction))
                                     for variable, direction in directions.items()})
    first = derivative_in(shifted, parameter)
    second = derivative_in(first, parameter)
    at_zero = {parameter: algebra.zero((1, 1))}
    slope = simplify(substitute(first, at_zero))
    quadratic = not ir.contains(second, lambda node: node == parameter) and not algebra.is_zero(second)
    curvature = second if quadratic else simplify(substitute(second, at_zero))
    return Line(tuple(directions), tuple(directions.values()), _real(slope), _real(curvature), quadratic)


def directions_for(variables, taken):
    """One fresh constant per variable, shaped like it: D_X for X."""
    directions, taken = {}, set(taken)
    for variable in variables:
        name = fresh_name(f"D_{variable.name}", taken)
        taken.add(name)
        directions[variable] = ir.Symbol(name, variable.shape, variable.complex, frozenset())
    return directions


def derivative_in(expression, parameter):
    """d/dt of `expression`: its differential with dt = 1, simplified."""
    df = differential(expression, parameter, Context(variable=parameter.name))
    return simplify(substitute(df, {ir.Diff(parameter): algebra.number(1)}))


def substitute(expression, replacements):
    """`expression` with each node in `replacements` replaced, rebuilt in canonical form."""
    def combine(node, children):
        if node in replacements:
            return replacements[node]
        return algebra.rebuild(node, children) if children else node
    return ir.fold(expression, combine, key=lambda node: node)


def fresh_name(base, taken):
    """`base`, or base2, base3 … if it is taken."""
    name, counter = base, 1
    while name in taken:
        counter += 1
        name = f"{base}{counter}"
    return name


def names_in(*expressions):
    return {symbol.name for expression in expressions for symbol in variables(expression)}


def _real(expression):
    """A derivative of a real function along a real line is real: say so where complex parts hide it."""
    return algebra.real_part(expression) if is_complex(expression) else expression
