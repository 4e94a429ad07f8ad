"""The simplification pass: the rules of rules/simplify.toml, bottom-up, to a fixed point."""
from .rewrite import Context, RuleSet, rewrite_bottom_up
from .rulebook import applied


def simplify(expression, context=None):
    """The expression rewritten until no simplification rule applies."""
    context = context or Context()
    rules = RuleSet(applied("simplify"))
    memo = {}

    def again(node):
        return rewrite_bottom_up(node, rules, nested, memo)

    nested = _Nested(context, again)
    context.simplify = again
    return rewrite_bottom_up(expression, rules, context, memo)


class _Nested:
    """The context seen by rule functions that simplify pieces: they log nothing."""

    def __init__(self, parent, simplify):
        self.variable, self.simplify, self.log = parent.variable, simplify, []

    def record(self, rule, before, after):
        pass
