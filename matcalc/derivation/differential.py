"""The differential pass: d(f) by the rules of rules/differential.toml.

Top-down: the first rule whose `d(pattern)` matches rewrites d(f) into an
expression holding the differentials of f's parts, which are rewritten in turn.
Each distinct subexpression is differentiated once.
"""
from ..core import algebra, ir
from .rule_functions import check_product_rule_size
from ..errors import DerivationError, LimitError
from ..printing.text import to_text
from .rewrite import rule_set, run_visits

#: Beyond this many nodes a differential is more than can be shown or simplified in time.
MAX_DIFFERENTIAL_NODES = 20_000

#: Deeper expressions make chain-rule terms that hold the whole depth, and take too long
#: (64 nested inverses, 130 deep, derive in well under a second).
MAX_DERIVED_DEPTH = 140


def differential(expression, variable, context):
    """d(expression) with respect to the Symbol `variable`: linear in d(variable)."""
    if ir.depth(expression) > MAX_DERIVED_DEPTH:
        raise LimitError(f"the expression is nested more than {MAX_DERIVED_DEPTH} deep, more than "
                         f"can be derived in time; name inner parts and derive them one by one")
    _check_product_rules(expression, variable)
    rules = rule_set("differential")
    memo = {}

    def d(node):
        """Differentiate `node`, first yielding each part whose differential it needs."""
        if node == variable:
            return ir.Diff(node)
        step = rules.rewrite(ir.Diff(node), context)
        if step is None:
            raise DerivationError(f"no rule differentiates {to_text(node)}")
        rule, rewritten = step
        if rule.id != "d.constant":
            context.record(rule, ir.Diff(node), _constants_dropped(rewritten, variable))
        for part in _differentiated_parts(rewritten):
            yield part
        memo[node] = result = _replace_differentials(rewritten, lambda n: memo.get(n.arg) or d_of_variable(n))
        if tree_size(result) > MAX_DIFFERENTIAL_NODES and stored_size(result) > MAX_DIFFERENTIAL_NODES:
            raise LimitError(f"the differential would hold more than {MAX_DIFFERENTIAL_NODES} nodes; "
                             f"write repeated factors as a power (X^k) or split the expression "
                             f"into parts and derive them one by one")
        return result

    def d_of_variable(diff):
        return diff if diff.arg == variable else None

    return run_visits(d, expression, memo)


def _check_product_rules(expression, variable):
    """Refuse at once what the product rule would refuse only after matching a huge product."""
    def varies(node):
        return ir.contains(node, lambda n: n == variable)
    for node in ir.walk(expression):
        if isinstance(node, ir.Mul) and len(node.factors) > 2:
            check_product_rule_size(len(node.factors), sum(map(varies, node.factors)))


def tree_size(root):
    """The number of nodes of `root` written out (shared parts counted each time), cached."""
    def combine(node, sizes):
        size = node.__dict__.get("_tree_size")
        if size is None:
            size = 1 + sum(sizes)
            object.__setattr__(node, "_tree_size", size)
        return size
    return ir.fold(root, combine, opaque=lambda n: "_tree_size" in n.__dict__)


def stored_size(root, seen=None):
    """Nodes and links of `root` as held in memory, each shared part counted once
    (and not at all if in `seen`, the ids of nodes counted before, which it extends)."""
    seen, stack, size = set() if seen is None else seen, [root], 0
    while stack:
        node = stack.pop()
        if id(node) not in seen:
            seen.add(id(node))
            size += 1 + len(node.children())
            stack.extend(node.children())
    return size


def _differentiated_parts(node):
    """The parts p of every d(p) in a rule's result."""
    return [n.arg for n in ir.walk(node) if isinstance(n, ir.Diff)]


def _replace_differentials(node, replace):
    """`node` with each d(part) replaced by replace(d(part)), rebuilt in canonical form."""
    def combine(current, children):
        if isinstance(current, ir.Diff):
            return replace(current)
        if all(new is old for new, old in zip(children, current.children())):
            return current
        return algebra.rebuild(current, children)
    if not _holds_differential(node):
        return node
    return ir.fold(node, combine, opaque=lambda n: isinstance(n, ir.Diff) or not _holds_differential(n))


def _holds_differential(root):
    """Whether some d(·) occurs in `root`, cached on every node looked at."""
    def combine(node, holds):
        answer = node.__dict__.get("_holds_differential")
        if answer is None:
            answer = isinstance(node, ir.Diff) or any(holds)
            object.__setattr__(node, "_holds_differential", answer)
        return answer
    return ir.fold(root, combine, opaque=lambda n: "_holds_differential" in n.__dict__)


def _constants_dropped(node, variable):
    """The rule's result as shown in the steps: d(c) = 0 for the parts that do not vary."""
    def dropped(diff):
        varies = ir.contains(diff.arg, lambda n: n == variable)
        return diff if varies else algebra.zero(diff.shape)
    return _replace_differentials(node, dropped)
