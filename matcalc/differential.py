"""The differential pass: d(f) by the rules of rules/differential.toml.

Top-down: the first rule whose `d(pattern)` matches rewrites d(f) into an
expression holding the differentials of f's parts, which are rewritten in turn.
Each distinct subexpression is differentiated once.
"""
from . import algebra, ir
from .errors import DerivationError
from .rewrite import RuleSet
from .rulebook import load


def differential(expression, variable, context):
    """d(expression) with respect to the Symbol `variable`: linear in d(variable)."""
    rules = RuleSet(load("differential"))
    memo = {}

    def d(node):
        if node == variable:
            return ir.Diff(node)
        if node in memo:
            return memo[node]
        step = rules.rewrite(ir.Diff(node), context)
        if step is None:
            from .printing.text import to_text
            raise DerivationError(f"no rule differentiates {to_text(node)}")
        rule, rewritten = step
        if rule.id != "d.constant":
            context.record(rule, ir.Diff(node), _constants_dropped(rewritten, variable))
        memo[node] = result = _expand_differentials(rewritten, d)
        return result

    return d(expression)


def _constants_dropped(node, variable):
    """The rule's result as shown in the steps: d(c) = 0 for the parts that do not vary."""
    if isinstance(node, ir.Diff) and not ir.contains(node.arg, lambda n: n == variable):
        return algebra.zero(node.shape)
    if not ir.contains(node, lambda n: isinstance(n, ir.Diff)):
        return node
    return algebra.rebuild(node, [_constants_dropped(c, variable) for c in node.children()])


def _expand_differentials(node, d):
    """Replace each d(part) in a rule's result by the differential of that part."""
    if isinstance(node, ir.Diff):
        return d(node.arg)
    if not ir.contains(node, lambda n: isinstance(n, ir.Diff)):
        return node
    return algebra.rebuild(node, [_expand_differentials(c, d) for c in node.children()])
