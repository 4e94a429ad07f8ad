"""The order a generated function computes its nodes in, and solves stacked into one call.

Each function computes what its outputs need children first, one line per
intermediate; solves with one factorization and one op that do not depend on each
other become one solve with their right-hand sides side by side.
"""
import sympy

from ..core import ir
from .code_printer import INLINE, is_scaling, operands
from .operations import Columns, Solve, StackedSolve


def schedule(outputs, given=frozenset()):
    """Every node the outputs need, children first, and how often each is used; the `given`
    nodes (computed elsewhere) are listed but not what they need."""
    order, uses, seen = [], {}, set()
    stack = [(node, False) for node in reversed(outputs)]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            order.append(node)
            continue
        if node in seen:
            continue
        seen.add(node)
        stack.append((node, True))
        for child in () if node in given else reversed(operands(node)):
            uses[child] = uses.get(child, 0) + 1
            if child not in seen:
                stack.append((child, False))
    return order, uses


def computed(outputs):
    """The nodes a function computing `outputs` names on a line of their own."""
    order, uses = schedule(outputs)
    return {node for node in order
            if not isinstance(node, INLINE) and not (is_scaling(node) and uses.get(node, 0) <= 1)}


def saved_for(outputs, available):
    """The `available` nodes (a forward's) that computing `outputs` needs first, the last
    reached on each path: what a forward saves so that the backward starts from them."""
    found, seen, stack = [], set(), list(outputs)
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        if node in available:
            found.append(node)
        else:
            stack.extend(operands(node))
    return found


def stack_solves(outputs, math, given=frozenset()):
    """Solves with one factorization and one op, none needing another, become one solve;
    `math` learns what the rebuilt nodes compute; `given` nodes are left as they are."""
    while True:
        order, _ = schedule(outputs, given)
        batch = _independent_solves(order, given)
        if batch is None:
            return outputs
        outputs = _replace_batch(outputs, batch, math, given)


def _independent_solves(order, given):
    needs = {}
    for node in order:  # children come first, so their sets are ready
        needs[node] = frozenset() if node in given else \
            frozenset().union(frozenset(), *(needs[c] | {c} for c in operands(node)))
    groups = {}
    for node in order:
        if isinstance(node, Solve) and node not in given:
            groups.setdefault((node.factor, node.op), []).append(node)
    for members in groups.values():
        batch = []
        for solve in members:
            if all(solve not in needs[other] and other not in needs[solve] for other in batch):
                batch.append(solve)
        if len(batch) > 1:
            return batch
    return None


def _replace_batch(outputs, batch, math, given):
    stacked = StackedSolve(batch[0].factor, tuple(s.rhs for s in batch), batch[0].op)
    replacement, start = {}, sympy.Integer(0)
    for solve in batch:
        stop = sympy.expand(start + solve.rhs.shape[1])
        replacement[solve] = Columns(stacked, start, stop)
        start = stop

    def combine(node, args):
        if node in given:
            return node
        new = replacement.get(node) or (node.rebuild(args) if args else node)
        if node in math:
            math.setdefault(new, math[node])
        return new
    return [ir.fold(o, combine, key=lambda n: n) for o in outputs]
