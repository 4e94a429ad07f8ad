"""The derivation as steps, in the notation of the seeds: each an equation and its rules.

    A = Sym(u₁u₂ᵀ),  B = (WEWᵀ + λI)⁻¹
    f = u₁ᵀWBWᵀu₂
    d(B) = −B d(WEWᵀ + λI) B                      [d.inverse]
    …
    ∂f/∂W = 2(AWB − BWᵀAWBWE)                      [simp.common_factor, …]
"""
from dataclasses import dataclass

from .. import ir
from ..abbreviations import abbreviate
from .text import to_text

RULE_COLUMN = 56


@dataclass(frozen=True)
class Step:
    """One line of a derivation: an equation and the ids of the rules that made it."""
    equation: str
    rules: tuple = ()

    def __str__(self):
        if not self.rules:
            return self.equation
        tag = f"[{', '.join(_unique(self.rules))}]"
        return f"{self.equation.ljust(RULE_COLUMN)}  {tag}"


class Steps(tuple):
    """The steps of a derivation; printing them gives one line each."""

    def __str__(self):
        return "\n".join(str(step) for step in self)


def _unique(ids):
    seen = []
    for rule_id in ids:
        if rule_id not in seen:
            seen.append(rule_id)
    return seen


def derivation_steps(result):
    """Steps for a Gradient: names, the function, each differential rule, the adjoint
    form Σ Gᵢ : dX, and the gradient before and after simplification."""
    names = abbreviate(result.expr, [result.function])
    show = lambda node: to_text(names.substitute(node))  # noqa: E731
    variable = result.variable.name
    steps = []
    if names.names:
        steps.append(Step(",  ".join(f"{symbol.name} = {to_text(definition)}"
                                     for symbol, definition in names.names)))
    steps.append(Step(f"f = {show(result.function)}"))
    adjoint_rules, simplify_rules = [], []
    for entry in result.log:
        family = entry.rule_id.split(".")[0]
        if family == "d" and entry.rule_id != "d.constant":
            steps.append(Step(f"{show(entry.before)} = {show(entry.after)}", (entry.rule_id,)))
        elif family == "adj":
            adjoint_rules.append(entry.rule_id)
        elif family == "simp":
            simplify_rules.append(entry.rule_id)
    steps.append(Step(f"df = {show(result.differential)}"))
    differential = ir.Diff(result.variable)
    adjoint_form = [ir.Frobenius(term, differential) for term in result.terms]
    shown = show(ir.Add(tuple(adjoint_form))) if len(adjoint_form) > 1 else (
        show(adjoint_form[0]) if adjoint_form else "0")
    steps.append(Step(f"   = {shown}", tuple(adjoint_rules)))
    steps.append(Step(f"∂f/∂{variable} = {show(result.raw)}"))
    steps.append(Step(f"{' ' * (len(variable) + 3)}= {show(result.expr)}", tuple(simplify_rules)))
    return Steps(steps)
