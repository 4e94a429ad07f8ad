"""The identities of rules/lowering.toml, applied by the rewrite engine for code generation.

Code generation does not import the derivation: whoever asks it for code hands it
`lowering_identity`, and its lowering tries it at each node before computing it.
"""
from functools import lru_cache

from . import rulebook
from .rewrite import Context, RuleSet


@lru_cache(maxsize=None)
def _rules():
    return RuleSet(rulebook.load("lowering"))


def lowering_identity(node):
    """node rewritten by the first entry of rules/lowering.toml that applies to it, or None."""
    step = _rules().rewrite(node, Context())
    return None if step is None else step[1]
