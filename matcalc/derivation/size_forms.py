"""Another form of an expression, by rules/sizes.toml, and which one the sizes favour.

The push-through and Woodbury identities trade the factorization of the n×n ρI + DᴴD
for one of the m×m ρI + DDᴴ: cheaper for a wide D, dearer for a tall one. Which holds
is known only when generated code is called, so code generation keeps both forms and
the condition on the sizes that picks the other one.
"""
from functools import lru_cache

import sympy

from ..core import ir
from . import rulebook
from .rewrite import Context, RuleSet


@lru_cache(maxsize=None)
def _rules():
    return RuleSet(rulebook.load("sizes"))


def other_form(node):
    """node with the first entry of rules/sizes.toml applied where it first matches from the
    top, or None where none does."""
    step = _rules().rewrite(node, Context())
    if step is not None:
        return step[1]
    children = list(node.children())
    for position, child in enumerate(children):
        rewritten = other_form(child)
        if rewritten is not None:
            return node.rebuild(children[:position] + [rewritten] + children[position + 1:])
    return None


def factored_size(node):
    """The size of the first matrix (not 1×1) node inverts: what its code factors; or None."""
    inverse = next((n for n in ir.walk(node) if isinstance(n, ir.Inverse) and n.shape != (1, 1)), None)
    return None if inverse is None else sympy.sympify(inverse.shape[0])


def favouring(node, other):
    """The condition on the sizes under which `other`, another form of `node`, factors the
    smaller matrix: a SymPy relation, or None where the sizes do not decide it."""
    sizes = factored_size(other), factored_size(node)
    if None in sizes:
        return None
    condition = sympy.Lt(*sizes)
    return condition if isinstance(condition, sympy.core.relational.Relational) else None
