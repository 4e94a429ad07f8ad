"""The pieces of code a solver needs, each derived symbolically and generated as a module.

- the objective: value, gradients and value_and_grad;
- the Hessian-vector product: the gradients of φ'(0) = G : D with respect to the variables;
- the curvature φ''(0) = 2q(D), along all variables at once and along each one alone,
  wherever the objective is quadratic along such lines (the exact step needs it);
- each constraint c: the value and gradients of Ḡ : c, whose gradients are Jᵀ Ḡ.
"""
from dataclasses import dataclass

from ..checking.sampling import variables
from ..code import module_source
from ..core import algebra, ir, registry
from ..core.properties import is_complex
from ..errors import DerivationError, MatcalcError
from ..printing.text import to_text
from .analysis import directions_for, fresh_name, line, names_in
from .problem import Problem

#: The upstream gradient's spelling in a constraint's part (a fresh name if taken).
UPSTREAM = "G_c"


@dataclass(frozen=True)
class ConstraintPart:
    text: str
    sense: str
    function: ir.Node
    upstream: ir.Symbol
    wrt: tuple
    source: str
    hessian_vector: str   # the gradients of d(Ḡ : c)[D]: Σ Ḡᵢ ∇²cᵢ D; None where c is linear


@dataclass(frozen=True)
class Parts:
    objective: str
    hessian_vector: str          # None where it could not be derived
    directions: dict             # variable Symbol -> direction Symbol D
    lines: dict                  # None (all variables) or a variable name -> Line
    curvature: dict              # None or a variable name -> source, where the exact step applies
    constraints: tuple           # ConstraintPart


def part_source(expression, wrt):
    """The one call into code generation: a module with `value`, `grad_<X>` per variable of
    `wrt` and `value_and_grad` returning (value, gradients in the order of wrt)."""
    return module_source(expression, [symbol.name for symbol in wrt])


def derive_parts(problem: Problem):
    objective = part_source(problem.objective, problem.variables)
    taken = names_in(problem.objective, *(c.function for c in problem.constraints))
    directions = directions_for(problem.variables, taken)
    taken |= {d.name for d in directions.values()}
    upstream = fresh_name(UPSTREAM, taken)
    taken.add(upstream)
    lines = {None: line(problem.objective, directions, taken)}
    if len(problem.variables) > 1:
        lines.update({v.name: line(problem.objective, {v: directions[v]}, taken) for v in problem.variables})
    curvature = {}
    for key, along in lines.items():
        if along.quadratic:
            curvature[key] = _optional(along.curvature, along.directions)
    hessian_vector = _optional(lines[None].slope, problem.variables)
    constraints = tuple(_constraint_part(c, problem, directions, upstream, taken) for c in problem.constraints)
    return Parts(objective, hessian_vector, directions, lines,
                 {key: source for key, source in curvature.items() if source is not None}, constraints)


def _optional(expression, wrt):
    """The part's source, or None where some variable of `wrt` is absent from it or it
    cannot be derived: the methods needing it are then not offered."""
    present = {symbol.name for symbol in variables(expression)}
    if any(symbol.name not in present for symbol in wrt):
        return None
    try:
        return part_source(expression, wrt)
    except DerivationError:
        return None


def _constraint_part(constraint, problem, directions, upstream_name, taken):
    function = constraint.function
    if is_complex(function):
        raise DerivationError(f"the constraint {constraint.text!r} may take complex values, which have no order")
    rough = next((n for n in ir.walk(function) if not registry.is_smooth(n)), None)
    if rough is not None:
        raise DerivationError(f"the constraint {constraint.text!r} uses {registry.entry_of(rough).name}, which is "
                              f"not differentiable everywhere, and the solver needs differentiable constraints; "
                              f"square both sides instead")
    solved = {v.name: directions[v].name for v in problem.variables}
    wrt = tuple(symbol for symbol in variables(function) if symbol.name in solved)
    upstream = ir.Symbol(upstream_name, function.shape, False, frozenset())
    pairing = algebra.frobenius(upstream, function)
    try:
        source = part_source(pairing, wrt)
    except MatcalcError as error:
        raise DerivationError(f"the constraint {constraint.text!r} cannot be differentiated: {error}") from None
    own_directions = {v: ir.Symbol(solved[v.name], v.shape, v.complex, frozenset()) for v in wrt}
    slope = line(pairing, own_directions, taken).slope
    curved = any(symbol.name in solved for symbol in variables(slope))
    hessian_vector = _optional(slope, wrt) if curved else None
    if curved and hessian_vector is None:
        raise DerivationError(f"the constraint {constraint.text!r} has no second derivative that matcalc "
                              f"can derive, and the solver needs one")
    return ConstraintPart(constraint.text, constraint.sense, function, upstream, wrt, source, hessian_vector)


def describe(node):
    """A node in the text notation, for the module's comments and the result's summary."""
    return to_text(node)
