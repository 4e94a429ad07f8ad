"""Errors that point at the cause: what a shape error most likely comes from, in the reader's words.

A word like `Ax` is one name (a capital and lowercase letters after it, as `Sigma`
or `Xi` are), so `xᵀAx` is x times a matrix called Ax; a lowercase Greek name is a
scalar unless declared, so `x − μ` with μ a mean vector fails. The typing of an
expression takes the one reading its use forces (μ a vector beside a vector), and
otherwise the message says which declaration or spacing would settle it.
"""
import itertools
import re

from ..core import ir, shapes
from ..core.alphabet import GREEK_NAMES
from ..errors import ShapeError
from .declarations import Declaration, default_kind, typed_symbol

#: How many names that are scalars by their spelling shape inference may read as vectors.
MAX_INFERRED_VECTORS = 3

#: A capital followed by lowercase letters and digits: read whole, but often a product pasted together.
_PASTED = re.compile(r"([A-Z])([a-z][a-z0-9]*)")


def typed(expression, declared, text=""):
    """The expression typed with these declarations (a ShapeError if its shapes cannot agree)."""
    return shapes.infer(expression, lambda s, u: typed_symbol(s, declared, u), text)


def vector_reading(expression, declared, text=""):
    """The one typing that reads the fewest scalar-by-spelling names added to something as
    vectors; None when no such reading types, or two as short do (a declaration decides)."""
    candidates = vector_candidates(expression, declared)
    for count in range(1, min(len(candidates), MAX_INFERRED_VECTORS) + 1):
        readings = []
        for vectors in itertools.combinations(candidates, count):
            as_vectors = dict(declared, **{name: Declaration(name, kind="vector") for name in vectors})
            try:
                readings.append(typed(expression, as_vectors, text))
            except ShapeError:
                continue
        if readings:
            return readings[0] if len(readings) == 1 else None
    return None


def cause(expression, declared=()):
    """The sentence a shape error gets: a pasted name, or the declaration that settles a shape."""
    return pasted_hint(expression, declared) or declaration_hint(vector_candidates(expression, declared))


def pasted_names(expression, declared=()):
    """{name: the spaced product it may stand for} for the undeclared names like Ax or Xw."""
    found = {}
    for node in ir.walk(expression):
        if isinstance(node, ir.Symbol) and node.name not in declared:
            pasted = _PASTED.fullmatch(node.name)
            if pasted and node.name.lower() not in GREEK_NAMES:
                found[node.name] = f"{pasted.group(1)} {pasted.group(2)}"
    return found


def pasted_hint(expression, declared=()):
    """The sentence telling that a name was read whole, suggesting the spaced product; or ''."""
    names = pasted_names(expression, declared)
    if not names:
        return ""
    name, spaced = next(iter(names.items()))
    return f"; {name} was read as one name: for a product write {spaced}"


def vector_candidates(expression, declared=()):
    """Undeclared names that are scalars by their spelling (μ, mu) and are added to something:
    beside a vector, their use forces them to be vectors too."""
    added = set()
    for node in ir.walk(expression):
        if isinstance(node, ir.Add):
            for term in node.terms:
                factors = term.factors if isinstance(term, ir.Mul) else (term,)
                if len(factors) <= 2 and isinstance(factors[-1], ir.Symbol):
                    if len(factors) == 1 or isinstance(factors[0], ir.Number):
                        added.add(factors[-1].name)
    return sorted(name for name in added
                  if name not in declared and name[0].islower() and default_kind(name) == "scalar")


def declaration_hint(names):
    """The sentence naming the declaration that settles the shape of scalar-by-spelling names."""
    if not names:
        return ""
    shown = ", ".join(f"{name}: n" for name in names)
    return f"; {names[0]} is a scalar unless declared: for a vector write `where {shown}`"
