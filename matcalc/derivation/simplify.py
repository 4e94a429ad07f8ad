"""The simplification pass: the rules of rules/simplify.toml, bottom-up, to a fixed point."""
from .rewrite import Context, is_recording, rewrite_bottom_up, rule_set

#: Normal forms of the pieces rule functions simplify (they log nothing), kept between
#: derivations: the same pieces recur across terms and problems. Emptied when it grows past:
MAX_REMEMBERED = 20_000
_PIECES = {}


def simplify(expression, context=None):
    """The expression rewritten until no simplification rule applies."""
    context = context or Context()
    rules = rule_set("simplify")
    memo = {}
    pieces = _remembered_pieces(context.variable)

    def again(node):
        return rewrite_bottom_up(node, rules, nested, pieces)

    nested = _Nested(context, again)
    context.simplify = again
    return rewrite_bottom_up(expression, rules, context, memo)


def _remembered_pieces(variable):
    """The memo of nested simplifications, shared between calls unless rules are being recorded
    (a remembered result would hide the rules that made it)."""
    if is_recording():
        return {}
    if sum(len(memo) for memo in _PIECES.values()) > MAX_REMEMBERED:
        _PIECES.clear()
    return _PIECES.setdefault(variable, {})


class _Nested:
    """The context seen by rule functions that simplify pieces: they log nothing."""

    def __init__(self, parent, simplify):
        self.variable, self.simplify, self.log = parent.variable, simplify, []

    def record(self, rule, before, after):
        pass
