"""The plan of a module, the same for every backend: what each function computes.

Every output (the value, each gradient) is lowered by one `Lowering`, so equal
subexpressions and factorizations are one node, computed once per function, and
products that several chains share are found first (`shared`). Intermediates
that are one of a result's abbreviations keep its short name.
"""
from dataclasses import dataclass

from ..core import ir
from ..checking.sampling import variables
from ..presentation.abbreviations import abbreviate
from .lower import Lowering
from .shared import shared_products

#: Beyond this many steps a function's lines go uncommented and its parts unnamed: naming
#: costs more than the code it describes.
COMMENTED_STEPS = 120


@dataclass(frozen=True)
class Plan:
    """The lowered value and gradients of one function, and what their parts are called."""
    function: ir.Node
    gradients: tuple
    names: dict  # definition (written out in full) -> abbreviation symbol
    lowering: Lowering
    value: ir.Node
    derivatives: tuple
    variables: tuple  # the function's variables, in the order of its inputs
    backpropagation: bool  # whether `value` is F of y = F(X), its gradients those of Re(G : F)


def plan(gradients, identities, value=None):
    """The Plan for the Gradient results of one function; `identities` (node → equal node
    or None) states what the lowering rewrites before computing (see lower.py). `value` is
    what the module's value computes, the function by default; backpropagation through
    y = F(X) computes F, its gradients being those of Re(G : F)."""
    function = gradients[0].function
    computed = function if value is None else value
    names = _abbreviations(gradients)
    shared = shared_products([computed] + [g.result for g in gradients])
    lowering = Lowering(identities, ((symbol, definition) for definition, symbol in names.items()), shared)
    lowered = lowering.lower(computed)
    derivatives = tuple(lowering.lower(g.result) for g in gradients)
    return Plan(computed, tuple(gradients), names, lowering, lowered, derivatives,
                tuple(variables(function)), value is not None)


def _abbreviations(gradients):
    """Definition (written out in full) -> short name, from each result's abbreviations."""
    chosen, letters = {}, set()
    if sum(1 for g in gradients for _ in ir.walk(g.result)) > 4 * COMMENTED_STEPS:
        return chosen
    for g in gradients:
        abbreviated = abbreviate(g.result, [g.function])
        expanded = dict(abbreviated.names)
        full = {symbol: _expand(definition, expanded) for symbol, definition in abbreviated.names}
        for symbol, definition in full.items():
            if definition not in chosen and symbol.name not in letters:
                chosen[definition] = symbol
                letters.add(symbol.name)
    return {definition: symbol for definition, symbol in chosen.items()}


def _expand(node, definitions):
    """node with every abbreviation replaced by what it stands for, recursively."""
    def combine(n, args):
        if n in definitions:
            return _expand(definitions[n], definitions)
        return n.rebuild(args) if args else n
    return ir.fold(node, combine, key=lambda n: n)
