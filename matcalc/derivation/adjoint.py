"""The adjoint pass: rewrite Re(1 : df) into Σ Gᵢ : dX by the rules of rules/adjoint.toml.

Each rule moves one linear map off the differential: M : L(Y) = L*(M) : Y. The
pass ends when every term reads G : dX; the gradient is then Σ G.
"""
from ..core import algebra, ir
from .differential import stored_size
from ..errors import DerivationError, LimitError
from ..printing.text import to_text
from .rewrite import rule_set

#: The terms of a gradient, written out, before simplification: beyond this, too many to simplify in time.
MAX_GRADIENT_NODES = 15_000


def gradient_terms(df, variable, context):
    """The Gᵢ with Re(df) = Re(Σ Gᵢ : dX), X the Symbol `variable`."""
    rules = rule_set("adjoint", under_real_part=True)
    target = ir.Diff(variable)
    work = [ir.Frobenius(ir.Number(algebra.ONE), df)]
    found, stored, counted = [], 0, set()
    while work:
        item = work.pop()
        if algebra.is_zero(item) or algebra.is_zero(item.left) or algebra.is_zero(item.right):
            continue
        if item.right == target:
            found.append(item.left)
            stored += stored_size(item.left, counted)
            if stored > MAX_GRADIENT_NODES:
                raise LimitError(f"the gradient would hold more than {MAX_GRADIENT_NODES} nodes before "
                                 f"simplification; write repeated factors as a power (X^k) or split the "
                                 f"expression into parts and derive them one by one")
            continue
        step = rules.rewrite(item, context)
        if step is None:
            raise DerivationError(f"cannot move the linear maps off d{variable.name} "
                                  f"in {to_text(item.right)}"[:300])
        rule, rewritten = step
        context.record(rule, item, rewritten)
        work.extend(reversed(_frobenius_terms(rewritten)))
    return found


def _frobenius_terms(node):
    terms = node.terms if isinstance(node, ir.Add) else (node,)
    out = []
    for term in terms:
        if algebra.is_zero(term):
            continue
        if not isinstance(term, ir.Frobenius):
            raise DerivationError(f"an adjoint rule produced {type(term).__name__}, not a Frobenius product")
        out.append(term)
    return out
