"""What each operator asks of the shapes of its operands, for shape inference.

Each check gets the typer `t` (its unifier, and how to quote and show an operand)
and unifies the sizes its operator ties together, or fails with a ShapeError that
names both operands as written and their shapes. A check may return a node to
put in place of the one checked: diag(·) resolves here into DiagMatrix or DiagVector.
"""
from . import ir, registry
from .dimensions import ONE, SCALAR, show_dim


def with_span(node, original):
    """node, carrying the source span of `original`."""
    span = getattr(original, "span", None)
    if span is not None and "span" in {f for f in type(node).__dataclass_fields__}:
        object.__setattr__(node, "span", span)
    return node


def _check_add(t, node, children):
    first = children[0]
    for other in children[1:]:
        a, b = t.shape(first), t.shape(other)
        ok = t.unifier.unify(a[0], b[0]) and t.unifier.unify(a[1], b[1])
        hint = "; a scalar adds to a matrix as λI or λ𝟙" if SCALAR in (a, b) else ""
        t.need(ok, lambda: f"cannot add {t.quote(first)} ({t.show(first)}) and {t.quote(other)} "
                   f"({t.show(other)}): the shapes differ{hint}")


def _check_mul(t, node, children):
    left = None
    for factor in children:
        if left is not None and not t.is_scalar(left) and not t.is_scalar(factor):
            inner_left, inner_right = t.shape(left)[1], t.shape(factor)[0]
            if not t.unifier.unify(inner_left, inner_right):
                inner = [show_dim(d.xreplace(t.names())) for d in (t.shape(left)[1], t.shape(factor)[0])]
                t.fail(f"cannot multiply {t.quote(left)} ({t.show(left)}) by {t.quote(factor)} "
                       f"({t.show(factor)}): inner dimensions {inner[0]} and {inner[1]} differ")
        left = factor if left is None else _partial_product(left, factor)


def _partial_product(left, factor):
    product = ir.Mul((left, factor))
    spans = [getattr(n, "span", None) for n in (left, factor)]
    if all(spans):
        object.__setattr__(product, "span", (spans[0][0], spans[1][1]))
    return product


def _check_same(verb):
    def check(t, node, children):
        left, right = children
        if verb == "Hadamard-multiply" and (t.is_scalar(left) or t.is_scalar(right)):
            return None
        a, b = t.shape(left), t.shape(right)
        ok = t.unifier.unify(a[0], b[0]) and t.unifier.unify(a[1], b[1])
        t.need(ok, lambda: f"cannot {verb} {t.quote(left)} ({t.show(left)}) and {t.quote(right)} "
                   f"({t.show(right)}): the shapes differ")
        return None
    return check


def _check_square(what):
    def check(t, node, children):
        operand = children[0]
        if t.is_scalar(operand):
            return None
        rows, cols = t.shape(operand)
        t.need(t.unifier.unify(rows, cols),
               lambda: f"{what} needs a square matrix, but {t.quote(operand)} is {t.show(operand)}")
        return None
    return check


def _check_divide(t, node, children):
    left, right = children
    if t.is_scalar(right):
        return None
    return _check_same("divide elementwise")(t, node, children)


def _check_power(t, node, children):
    base, exponent = children
    t.need(t.is_scalar(exponent), lambda: f"the exponent {t.quote(exponent)} ({t.show(exponent)}) must be a scalar")
    if t.is_scalar(base):
        return None
    rows, cols = t.shape(base)
    t.need(t.unifier.unify(rows, cols),
           lambda: f"a matrix power needs a square matrix, but {t.quote(base)} is {t.show(base)}; "
           f"for an elementwise power write .^")
    if isinstance(exponent, ir.Number) and not exponent.value.is_integer:
        return with_span(ir.Apply("powm", (base, exponent)), node)  # a real power: expm(p logm(X))
    return None


def _check_element_power(t, node, children):
    t.need(t.is_scalar(children[1]), lambda: f"the exponent {t.quote(children[1])} ({t.show(children[1])}) must be a scalar")


def _check_block(t, node, children):
    u = t.unifier
    widths = len(node.rows[0])
    for row in node.rows:
        t.need(len(row) == widths, lambda: f"every row of the block matrix {t.quote(node)} needs "
                                   f"{widths} blocks, but one has {len(row)}")
        for entry in row[1:]:
            a, b = t.shape(row[0]), t.shape(entry)
            t.need(u.unify(a[0], b[0]),
                   lambda: f"blocks {t.quote(row[0])} ({t.show(row[0])}) and {t.quote(entry)} "
                   f"({t.show(entry)}) share a block row but differ in height")
    for column in range(widths):
        top = node.rows[0][column]
        for row in node.rows[1:]:
            a, b = t.shape(top), t.shape(row[column])
            t.need(u.unify(a[1], b[1]),
                   lambda: f"blocks {t.quote(top)} ({t.show(top)}) and {t.quote(row[column])} "
                   f"({t.show(row[column])}) share a block column but differ in width")


def _check_diag(t, node, children):
    operand = children[0]
    rows, cols = t.shape(operand)
    if cols == ONE or rows == ONE:
        return ir.DiagMatrix(operand)
    t.need(t.unifier.unify(rows, cols),
           lambda: f"diag of a matrix needs it square, but {t.quote(operand)} is {t.show(operand)}")
    return ir.DiagVector(operand)


def _check_frobenius(t, node, children):
    return _check_same("take the Frobenius product of")(t, node, children)


def _check_norm(t, node, children):
    """‖·‖₂ and ‖·‖_* of a vector are its Frobenius norm; of a matrix the spectral and nuclear norms."""
    if node.kind == "F":
        return None
    if ONE in t.shape(children[0]):
        return with_span(ir.Norm(children[0]), node)
    return with_span(ir.Apply(NORM_FUNCTIONS[node.kind], (children[0],)), node)


#: The registered function of each matrix norm but the Frobenius norm, by its subscript.
NORM_FUNCTIONS = {"2": "spectral_norm", "*": "nuclear_norm"}


def _check_registered(t, node, children):
    """A registered matrix function whose entry says `square`: its operands square, of one size."""
    if not registry.BY_NAME[node.name].square:
        return
    first = children[0]
    _check_square(f"{node.name}()")(t, node, [first])
    for other in children[1:]:
        if t.is_scalar(other):  # a parameter, such as powm's exponent
            continue
        a, b = t.shape(first), t.shape(other)
        t.need(t.unifier.unify(a[0], b[0]) and t.unifier.unify(a[1], b[1]),
               lambda: f"{node.name}() needs operands of one size, but {t.quote(first)} is {t.show(first)} "
               f"and {t.quote(other)} is {t.show(other)}")


CHECKS = {
    ir.Add: _check_add,
    ir.Mul: _check_mul,
    ir.Hadamard: _check_same("Hadamard-multiply"),
    ir.Divide: _check_divide,
    ir.Frobenius: _check_frobenius,
    ir.Inverse: _check_square("an inverse"),
    ir.Trace: _check_square("a trace"),
    ir.Det: _check_square("a determinant"),
    ir.LogDet: _check_square("log det"),
    ir.Sym: _check_square("Sym"),
    ir.Power: _check_power,
    ir.ElementPower: _check_element_power,
    ir.Block: _check_block,
    ir.Diag: _check_diag,
    ir.Norm: _check_norm,
    ir.Apply: _check_registered,
}
