"""The side conditions a rule may state of a pattern variable (`given = ["A constant"]`).

Each is a predicate of the bound node and the pass context; the context names the
variable of differentiation, which is what "constant" and "varying" are relative to.
"""
from ..core import ir, properties


def is_constant(node, context):
    """Whether `node` holds neither a differential nor the variable of differentiation."""
    mentioned = _mentions(node)
    return ir.Diff not in mentioned and context.variable not in mentioned


def _mentions(root):
    """The names of the symbols in `root`, and ir.Diff if it holds a differential: cached on each
    node, since rules ask it of the same subtrees again and again."""
    def combine(node, parts):
        found = node.__dict__.get("_mentions")
        if found is None:
            own = (node.name,) if isinstance(node, ir.Symbol) else (ir.Diff,) if isinstance(node, ir.Diff) else ()
            found = frozenset(own).union(*parts)
            object.__setattr__(node, "_mentions", found)
        return found
    return root.__dict__.get("_mentions") or ir.fold(root, combine, opaque=lambda n: "_mentions" in n.__dict__)


def is_integer(node, context=None):
    """An integer number, a symbol declared integer, or a sum or product of them (k − 1)."""
    if isinstance(node, ir.Number):
        return bool(node.value.is_integer)
    if isinstance(node, ir.Symbol):
        return "integer" in node.properties
    if isinstance(node, (ir.Add, ir.Mul)):
        return all(is_integer(child) for child in node.children())
    return False


PREDICATES = {
    "constant": is_constant,
    "varying": lambda node, context: not is_constant(node, context),
    "scalar": lambda node, context: node.shape == (1, 1),
    "nonscalar": lambda node, context: node.shape != (1, 1),
    "vector": lambda node, context: node.shape[1] == 1 and node.shape[0] != 1,
    "square": lambda node, context: node.shape[0] == node.shape[1],
    "integer": is_integer,
    "even": lambda node, context: isinstance(node, ir.Number) and bool(node.value.is_even),
    "simplex": lambda node, context: isinstance(node, ir.Symbol) and "simplex" in node.properties,
    "symmetric": lambda node, context: properties.is_symmetric(node),
    "hermitian": lambda node, context: properties.is_hermitian(node),
    "diagonal": lambda node, context: properties.is_diagonal(node),
    "real": lambda node, context: properties.is_real(node),
    "complex": lambda node, context: properties.is_complex(node),
    "literal": lambda node, context: isinstance(node, ir.Block) and all(
        entry.shape == (1, 1) for row in node.rows for entry in row),  # [0, −1; 1, 0], entry by entry
}
