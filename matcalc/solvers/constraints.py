"""Constraints as written: "‖x‖² = 1", "A x ≤ b", "X ≥ 0", read into bounds and constraint functions.

A constraint between a solved-for variable alone and a number is a bound (handed
to L-BFGS-B or trust-constr as such); any other is c(x) = lhs − rhs compared with
zero, whose Jacobian the solver derives.
"""
import re
from dataclasses import dataclass

from ..checking.sampling import variables
from ..core import ir
from ..errors import DeclarationError, MatcalcError
from ..language.parse import parse

#: Relations as they may be typed, and the one each means.
RELATIONS = {"<=": "<=", "≤": "<=", ">=": ">=", "≥": ">=", "==": "=", "=": "="}
_RELATION = re.compile("|".join(re.escape(spelling) for spelling in RELATIONS))
_OPENING, _CLOSING = "([{", ")]}"


@dataclass(frozen=True)
class Constraint:
    """c(x) compared with zero: c ≤ 0, c ≥ 0 or c = 0, as written in `text`."""
    text: str
    function: ir.Node
    sense: str


def read_constraints(subject_to, where, solved):
    """(bounds {name: (low, high)}, [Constraint]) of the text or list of texts `subject_to`.

    `solved` maps the names solved for to their Symbols.
    """
    bounds, constraints = {}, []
    for text in _pieces(subject_to):
        left, sense, right = _relation(text)
        bound = _as_bound(left, sense, right, where, solved)
        if bound is not None:
            name, low, high = bound
            old_low, old_high = bounds.get(name, (None, None))
            bounds[name] = (low if low is not None else old_low, high if high is not None else old_high)
            continue
        function = parse(f"{left} - ({right})", where)
        if not any(symbol.name in solved for symbol in variables(function)):
            raise DeclarationError(f"the constraint {text!r} involves none of the variables solved for "
                                   f"({', '.join(solved)})")
        constraints.append(Constraint(text, function, sense))
    return bounds, constraints


def _pieces(subject_to):
    """The constraints of a list, or of one text separated by ';', new lines or top-level commas."""
    if subject_to is None:
        return []
    if not isinstance(subject_to, str):
        return [piece for text in subject_to for piece in _pieces(text)]
    pieces, depth, current = [], 0, []
    for char in subject_to:
        depth += (char in _OPENING) - (char in _CLOSING)
        if char in ";\n" or (char == "," and depth == 0):
            pieces.append("".join(current))
            current = []
        else:
            current.append(char)
    pieces.append("".join(current))
    return [piece.strip() for piece in pieces if piece.strip()]


def _relation(text):
    found = list(_RELATION.finditer(text))
    if len(found) != 1:
        raise DeclarationError(f"a constraint compares two sides with one of = ≤ ≥ (<= >=), "
                               f"but {text!r} has {len(found) or 'no'} comparison{'s' * (len(found) > 1)}")
    match = found[0]
    left, right = text[:match.start()].strip(), text[match.end():].strip()
    if not left or not right:
        raise DeclarationError(f"the constraint {text!r} lacks a side")
    return left, RELATIONS[match.group()], right


def _as_bound(left, sense, right, where, solved):
    """(name, low, high) where one side is a variable solved for and the other a real number."""
    if sense == "=":
        return None
    for variable_side, number_side, upper in ((left, right, sense == "<="), (right, left, sense == ">=")):
        number = _real_number(number_side)
        name = _symbol_name(variable_side, where) if number is not None else None
        if name not in solved:
            continue
        if solved[name].complex:
            raise DeclarationError(f"{name} is complex and cannot be bounded: a complex number has no order")
        return (name, None, number) if upper else (name, number, None)
    return None


def _real_number(text):
    try:
        return float(text.replace("−", "-"))
    except ValueError:
        return None


def _symbol_name(text, where):
    """The name of the variable `text` is, if it is one name alone."""
    try:
        expression = parse(text, where)
    except MatcalcError:
        return None
    return expression.name if isinstance(expression, ir.Symbol) else None
