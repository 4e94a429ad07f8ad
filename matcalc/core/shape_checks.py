"""What each operator asks of the shapes of its operands, for shape inference.

Each check gets the typer `t` (its unifier, and how to quote and show an operand)
and unifies the sizes its operator ties together, or fails with a ShapeError that
names both operands as written and their shapes. A check may return a node to
put in place of the one checked: diag(·) resolves here into DiagMatrix or DiagVector.
"""
import sympy

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
    left = previous = None
    for factor in children:
        _kron_vec(t, previous, factor)
        if left is not None and not t.is_scalar(left) and not t.is_scalar(factor):
            inner_left, inner_right = t.shape(left)[1], t.shape(factor)[0]
            if not t.unifier.unify(inner_left, inner_right):
                inner = [show_dim(d.xreplace(t.names())) for d in (t.shape(left)[1], t.shape(factor)[0])]
                t.fail(f"cannot multiply {t.quote(left)} ({t.show(left)}) by {t.quote(factor)} "
                       f"({t.show(factor)}): inner dimensions {inner[0]} and {inner[1]} differ")
        left = factor if left is None else _partial_product(left, factor)
        previous = factor


def _kron_vec(t, left, right):
    """(A ⊗ B) vec(X) is vec(B X Aᵀ), so X is cols(B)×cols(A); vec(X)ᵀ(A ⊗ B) is vec(BᵀXA)ᵀ,
    so X is rows(B)×rows(A). Tied here, before the inner sizes meet as products."""
    if isinstance(left, ir.Kron) and isinstance(right, ir.Vec):
        (a, b), x, side = (left.left, left.right), right.arg, 1
    elif isinstance(right, ir.Kron) and isinstance(left, (ir.Transpose, ir.Adjoint)) and isinstance(left.arg, ir.Vec):
        (a, b), x, side = (right.left, right.right), left.arg.arg, 0
    else:
        return
    x_rows, x_cols = t.shape(x)
    t.unifier.unify(t.shape(b)[side], x_rows)  # a declared X of another shape is still a product
    t.unifier.unify(t.shape(a)[side], x_cols)


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
                   f"({t.show(right)}): the shapes differ{_grouping_hint(verb, t.quote(left), t.quote(right))}")
        return None
    return check


def _grouping_hint(verb, left, right):
    """⊙ and ⊘ bind like a product, from the left: `y ⊙ X w` is (y ⊙ X) w, which is seldom meant."""
    if verb not in ("Hadamard-multiply", "divide elementwise"):
        return ""
    return (f"; an elementwise operator takes only the factor beside it, so if a product after {right} "
            f"belongs to it, write it in parentheses: {left} {'⊙' if verb.startswith('H') else '⊘'} ({right} …)")


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
    zeroth = isinstance(exponent, ir.Zero)  # A⁰ = I; the 0 is read before its shape is known
    t.need(zeroth or t.is_scalar(exponent),
           lambda: f"the exponent {t.quote(exponent)} ({t.show(exponent)}) must be a scalar")
    if t.is_scalar(base):
        return ir.Number(sympy.Integer(1)) if zeroth else None
    rows, cols = t.shape(base)
    t.need(t.unifier.unify(rows, cols),
           lambda: f"a matrix power needs a square matrix, but {t.quote(base)} is {t.show(base)}; "
           f"for an elementwise power write .^")
    if zeroth:
        return ir.Identity(rows)
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


def _check_block_part(t, node, children):
    """A[r0:r1, c0:c1] needs 0 ≤ r0 < r1 ≤ rows of A (and so for columns); a stop left out is the whole size."""
    sizes = t.shape(children[0])
    bounds = []
    for (start, stop), size, what in zip((node.rows, node.cols), sizes, ("rows", "columns")):
        stop = size if stop is None else stop
        for low, high, fails in ((start, stop, "is empty"), (stop, size, "runs past the end")):
            gap = sympy.expand(t.unifier.resolve(high) - t.unifier.resolve(low))
            t.need(not (gap.is_nonpositive if fails == "is empty" else gap.is_negative),
                   lambda: f"the slice {show_dim(start)}:{show_dim(stop)} of the {what} of "
                   f"{t.quote(children[0])} ({t.show(children[0])}) {fails}")
        bounds.append((start, stop))
    return with_span(ir.BlockPart(children[0], *bounds), node)


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


def _check_unvec(t, node, children):
    """unvec(v, m, n) reshapes a vector of m·n entries."""
    rows, cols = t.shape(children[0])
    size = node.shape_[0] * node.shape_[1]
    t.need(t.unifier.unify(cols, ONE) and t.unifier.unify(rows, size),
           lambda: f"unvec to {show_dim(node.shape_[0])}×{show_dim(node.shape_[1])} needs a vector of "
           f"{show_dim(size)} entries, but {t.quote(children[0])} is {t.show(children[0])}")


def _check_registered(t, node, children):
    """A registered matrix function whose entry says `square`: its operands square, of one size;
    an entrywise one of several operands (max): its operands of one size. The operands its
    entry names as scalars (the k of power_sum) are scalars."""
    entry = registry.BY_NAME[node.name]
    for index in entry.scalar_operands:
        operand = children[index]
        t.need(t.is_scalar(operand), lambda: f"{node.name}() needs a scalar in place of {t.quote(operand)}, "
               f"which is {t.show(operand)}")
    if not (entry.square or entry.entrywise):
        return
    matrices = [child for index, child in enumerate(children) if index not in entry.scalar_operands]
    first = matrices[0]
    if entry.square:
        _check_square(f"{node.name}()")(t, node, [first])
    for other in matrices[1:]:
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
    ir.BlockPart: _check_block_part,
    ir.Apply: _check_registered,
    ir.Unvec: _check_unvec,
}
