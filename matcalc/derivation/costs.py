"""How much an expression costs to read: what the simplification rules that choose
between forms (common factors, entrywise expansions) and the abbreviations compare."""
from ..core import ir


def cost(node):
    """How much an expression costs to read: leaves and operators; a sign costs a little,
    so that −(A + B) is preferred to −A − B."""
    def combine(part, children):
        known = part.__dict__.get("_cost")
        if known is None:
            known = own_cost(part) + sum(children)
            object.__setattr__(part, "_cost", known)  # nodes are immutable: a cost never changes
        return known
    return ir.fold(node, combine, opaque=lambda part: "_cost" in part.__dict__)


def own_cost(node):
    """What one node adds to `cost`, its children aside."""
    if isinstance(node, ir.Number):
        return (0 if abs(node.value) == 1 else 1) + (0.01 if node.value.is_negative else 0)
    if isinstance(node, ir.Add):
        return len(node.terms) - 1
    return 0 if isinstance(node, ir.Mul) else 1
