"""Definitions in a where clause: `2(AWB − BWᵀAWBWE) where A = Sym(u₁u₂ᵀ), B = (WEWᵀ + λI)⁻¹`.

Results print their repeated parts under short names this way, so the language reads
them back: each defined name stands for its expression, which may use names defined
after it (`E = C[0:m, 0:n], C = …`), never itself.
"""
from dataclasses import dataclass

import sympy

from ..core import ir
from ..errors import DeclarationError


@dataclass(frozen=True)
class Definition:
    """`name = expression` in a where clause (the expression parsed, not yet typed)."""
    name: str
    expression: ir.Node


def with_numbers(expression, declared):
    """The expression with j read as the imaginary unit (j a, as results print it), and the
    sizes of declared shapes as numbers (n det(λX)/λ where X: n×n), unless declared as variables."""
    sizes = {s for d in declared.values() for dim in d.shape or () for s in sympy.sympify(dim).free_symbols}
    numbers = [Definition(str(size), ir.Number(size)) for size in sizes] + [Definition("j", ir.Number(sympy.I))]
    return substitute_definitions(expression, [d for d in numbers if d.name not in declared])


def substitute_definitions(expression, definitions):
    """The expression with every defined name replaced by what it stands for."""
    if not definitions:
        return expression
    meaning = {}
    for definition in definitions:
        if definition.name in meaning:
            raise DeclarationError(f"{definition.name} is defined twice in the where clause")
        meaning[definition.name] = definition.expression
    for _ in range(len(meaning) + 1):
        if not _uses(expression, meaning):
            return expression
        expression = ir.fold(expression, lambda node, children: _replaced(node, children, meaning))
    circular = sorted(_uses(expression, meaning))
    raise DeclarationError(f"{circular[0]} is defined in terms of itself")


def _uses(expression, meaning):
    return {node.name for node in ir.walk(expression) if isinstance(node, ir.Symbol) and node.name in meaning}


def _replaced(node, children, meaning):
    """The node with its defined names replaced, read as if each definition stood there in
    parentheses: a sum's terms and a product's leading factors merge as the parser merges them."""
    if isinstance(node, ir.Symbol) and node.name in meaning:
        return meaning[node.name]
    if isinstance(node, ir.Add):
        return ir.Add(tuple(t for child in children for t in (child.terms if isinstance(child, ir.Add) else (child,))))
    if isinstance(node, ir.Mul) and isinstance(children[0], ir.Mul):
        return ir.Mul(tuple(children[0].factors) + tuple(children[1:]))
    if isinstance(node, ir.Mul) and _negates_a_number(node, children):  # −j is −(1j), the number −1j
        rest = children[2:]
        negated = ir.Number(-children[1].value)
        return ir.Mul((negated, *rest)) if rest else negated
    return node.rebuild(children) if children else node


def _negates_a_number(node, children):
    return (children[0] == ir.Number(sympy.Integer(-1)) and isinstance(node.factors[1], ir.Symbol)
            and isinstance(children[1], ir.Number))
