"""The derivation as steps, written as by hand: each an equation and the rules that made it.

    φ = u₁ᵀW(WEWᵀ + λI)⁻¹Wᵀu₂
    A = Sym(u₁u₂ᵀ),  B = (WEWᵀ + λI)⁻¹
    φ = u₁ᵀWBWᵀu₂
    dφ = u₁ᵀ dW BWᵀu₂ + u₁ᵀW dB Wᵀu₂ + u₁ᵀWB dWᵀ u₂          [d.product, d.transpose]
    dB = −B d(WEWᵀ + λI) B                                  [d.inverse]
    d(WEWᵀ + λI) = dW EWᵀ + WE dWᵀ                          [d.sum, d.product, d.transpose]
    …
       = 2(AWB − BWᵀAWBWE) : dW                             [simp.common_factor, …]
    ∂φ/∂W = 2(AWB − BWᵀAWBWE)

Differentials of linear maps (d(Xᵀ) = dXᵀ, d(αX) = α dX …) are written into the line
that needs them rather than on lines of their own, and d(P) = d(Q) = … is one line.
"""
from dataclasses import dataclass

from ..core import algebra, ir
from ..derivation.simplify import simplify
from .abbreviations import abbreviate
from ..printing.text import to_text

RULE_COLUMN = 56

#: Differential rules of linear maps: their steps are folded into the line that uses them.
#: A sum keeps its line (dB = −B d(WEWᵀ + λI) B reads better than −B d(WEWᵀ) B).
LINEAR = frozenset({"d.scale", "d.transpose", "d.adjoint", "d.conj", "d.real", "d.imag",
                    "d.trace", "d.sym", "d.diag", "d.vec", "d.sum_entries", "d.block"})


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


def function_name(result):
    """φ, the usual name of the function derived, unless the expression uses that name."""
    taken = {n.name for n in ir.walk(result.function) if isinstance(n, ir.Symbol)}
    return "φ" if "φ" not in taken else "f"


def derivation_steps(result):
    """Steps for a Gradient: the function, the names, each differential rule, the
    adjoint form Σ Gᵢ : dX, its simplification, and the gradient."""
    names = abbreviate(result.expr, [result.function])
    show = lambda node: to_text(names.substitute(node))  # noqa: E731
    phi, variable = function_name(result), result.variable
    steps = [Step(f"{phi} = {to_text(result.function)}")]
    if names.names:
        steps.append(Step(",  ".join(f"{to_text(symbol)} = {to_text(definition)}"
                                     for symbol, definition in names.names)))
        if show(result.function) != to_text(result.function):
            steps.append(Step(f"{phi} = {show(result.function)}"))
    steps.extend(_differential_steps(result, show, phi))
    differential = ir.Diff(variable)
    wrap = (lambda text: f"Re({text})") if variable.complex else (lambda text: text)
    pairings = _pairings([simplify(term) for term in result.terms], differential)
    adjoint_rules = tuple(e.rule_id for e in result.log if e.rule_id.startswith("adj."))
    steps.append(Step(f"{' ' * len(phi)}  = {wrap(show(pairings))}", adjoint_rules))
    final = f"{' ' * len(phi)}  = {wrap(show(ir.Frobenius(result.expr, differential)))}"
    if final != steps[-1].equation:
        steps.append(Step(final, tuple(e.rule_id for e in result.log if e.rule_id.startswith("simp."))))
    steps.append(Step(f"∂{phi}/∂{variable.name} = {show(result.expr)}"))
    if result.layout == "numerator":
        steps.append(Step(f"(∂{phi}/∂{variable.name})ᵀ = {show(result.result)}"))
    return Steps(steps)


def _pairings(gradients, differential):
    """Σ Gᵢ : dX, positive terms first, later ones written − G : dX rather than + (−G) : dX."""
    if not gradients:
        return algebra.zero((1, 1))
    negative = [_is_negative(g) for g in gradients]
    ordered = sorted(zip(negative, gradients), key=lambda pair: pair[0])
    terms = []
    for index, (minus, gradient) in enumerate(ordered):
        if minus and index > 0:
            terms.append(algebra.neg(ir.Frobenius(algebra.neg(gradient), differential)))
        else:
            terms.append(ir.Frobenius(gradient, differential))
    return terms[0] if len(terms) == 1 else ir.Add(tuple(terms))


def _is_negative(node):
    coefficient = algebra.split_coefficient(node)[0]
    return bool(coefficient.is_real and coefficient < 0)


def _differential_steps(result, show, phi):
    """One line per differential rule that is not a linear map, linear ones folded in."""
    by_node = {}
    for entry in result.log:
        if entry.rule_id.startswith("d.") and isinstance(entry.before, ir.Diff):
            by_node.setdefault(entry.before.arg, entry)
    lines, chained = [], set()
    for node, entry in by_node.items():
        top = node == result.function
        if node in chained or (entry.rule_id in LINEAR and not top):
            continue
        after, rules = _fold_linear(entry.after, by_node)
        rules = (entry.rule_id, *rules)
        while isinstance(after, ir.Diff) and after.arg in by_node:  # d(A + c) = d(A) = …
            chained.add(after.arg)
            inner = by_node[after.arg]
            after, more = _fold_linear(inner.after, by_node)
            rules += (inner.rule_id, *more)
        left = f"d{phi}" if top else show(entry.before)
        lines.append(Step(f"{left} = {show(after)}", rules))
    if len(lines) > 1 or not lines:
        lines.append(Step(f"d{phi} = {show(result.differential)}"))
    return lines


def _fold_linear(node, by_node):
    """`node` with d(P) replaced by the result of P's rule wherever that rule is linear."""
    rules = []

    def fold(current):
        if isinstance(current, ir.Diff):
            entry = by_node.get(current.arg)
            if entry is not None and entry.rule_id in LINEAR:
                rules.append(entry.rule_id)
                return fold(entry.after)
            return current
        children = current.children()
        if not children or not ir.contains(current, lambda n: isinstance(n, ir.Diff)):
            return current
        return algebra.rebuild(current, [fold(child) for child in children])
    return fold(node), tuple(rules)


def jacobian_steps(result, name, finals=()):
    """Steps for a Jacobian named `name`: the function, each differential rule, and the
    matrix ∂vec(F)/∂vec(X)ᵀ read off the differential (the differential where it has none),
    or the (label, matrix) pairs of `finals`."""
    names = abbreviate(result.result, [result.function])
    show = lambda node: to_text(names.substitute(node))  # noqa: E731
    steps = [Step(f"{name} = {to_text(result.function)}")]
    if names.names:
        steps.append(Step(",  ".join(f"{to_text(symbol)} = {to_text(definition)}"
                                     for symbol, definition in names.names)))
    steps.extend(_differential_steps(result, show, name))
    steps.extend(Step(f"{label} = {show(matrix)}") for label, matrix in finals)
    if result.form is not None:
        variable = result.variable.name
        notes = f"  where  {result.form.where(result.variable)}" if result.form.commutation else ""
        steps.append(Step(f"∂vec({name})/∂vec({variable})ᵀ = {show(result.form.expr)}{notes}"))
    return Steps(steps)
