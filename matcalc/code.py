"""Generated code from expression text: the derivation, then code generation.

Code generation takes derived gradients and never derives; this is the one place
that does both for a caller holding only text (the command line, `module_source`).
"""
from .codegen import generate
from .results.gradient import grad, sized_form
from .derivation.lowering_identities import lowering_identity
from .errors import MatcalcError, guarded
from .language.parse import parse


@guarded
def module_source(expression_text, wrt_list, where=None, backend="numpy"):
    """A self-contained module: `value`, one `grad_<name>` per variable of `wrt_list`, and
    `value_and_grad` returning (value, gradients…) with their work shared; each computing
    by the form that factors the smaller matrix at the call's sizes (rules/sizes.toml)."""
    expression = parse(expression_text, where)
    if isinstance(wrt_list, str):
        wrt_list = [wrt_list]
    if not wrt_list:
        raise MatcalcError("name at least one variable to differentiate by")
    gradients = [grad(expression, wrt) for wrt in wrt_list]
    alternative, condition = sized_form(expression, [g.variable.name for g in gradients])
    return generate(gradients, lowering_identity, backend, alternative=alternative, condition=condition).source
