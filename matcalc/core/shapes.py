"""Shape inference: typing a parsed tree by unifying symbolic dimensions.

The shape of each node type is in `shape_rules`, of a typed tree (every Symbol,
Identity, Zero and Ones sized). `infer` types a tree fresh from the parser: it gives every variable a
shape (declared, or by the spelling of its name), unifies the dimensions the
operators tie together across the whole expression (each operator's check is in
`shape_checks`), and reports the first conflict naming both operands as written
and their shapes.
"""
import itertools

import sympy

from . import ir
from .dimensions import ONE, SCALAR, dimension, show_dim, show_shape  # noqa: F401  (sizes, for every stage)
from ..errors import ShapeError
from .properties import is_complex
from .shape_checks import CHECKS, with_span
from .shape_rules import RULES

NICE_DIMENSIONS = "nmkpqrstuvwabcdefghijlxyz"


# --------------------------------------------------------------- inference

class Unifier:
    """Bindings of unknown dimensions, found by unifying pairs of dimensions.

    Unknowns are SymPy Dummies. Those standing for a variable's undeclared size
    are `strict`: they never become 1, because a name's spelling already decided
    whether it is a matrix or a vector.
    """

    def __init__(self):
        self.bindings = {}
        self.strict = set()
        self.pending = []
        self.sizes_by_name = {}

    def fresh(self, strict=True):
        unknown = sympy.Dummy("d", integer=True, positive=True)
        if strict:
            self.strict.add(unknown)
        return unknown

    def resolve(self, dim):
        if isinstance(dim, sympy.Symbol):  # the common case, without SymPy's machinery
            return self._value(dim) if dim in self.bindings else dim
        if isinstance(dim, sympy.Integer):
            return dim
        dim = sympy.sympify(dim)
        free = dim.free_symbols & self.bindings.keys()
        if not free:
            return dim
        return sympy.expand(dim.xreplace({s: self._value(s) for s in free}))

    def _value(self, unknown):
        """What `unknown` stands for: chains of unknowns followed in a loop, then shortened,
        so that a sum of thousands of vectors does not recurse thousands deep."""
        chain, value = [], unknown
        while value in self.bindings:
            chain.append(value)
            value = self.bindings[value]
            if not isinstance(value, sympy.Symbol):
                value = self.resolve(value)
                break
        for link in chain:
            self.bindings[link] = value
        return value

    def unify(self, a, b):
        """Make a and b equal, or return False when they cannot be."""
        a, b = self.resolve(a), self.resolve(b)
        if a == b:
            return True
        if isinstance(a, sympy.Dummy) or isinstance(b, sympy.Dummy):  # the common case, solved at sight
            return self._bind(*((a, b) if isinstance(a, sympy.Dummy) else (b, a)))
        difference = sympy.expand(a - b)
        unknowns = [s for s in difference.free_symbols if isinstance(s, sympy.Dummy)]
        if not unknowns:
            return False
        if len(unknowns) > 1:
            self.pending.append((a, b))
            return True
        solutions = sympy.solve(difference, unknowns[0])
        return len(solutions) == 1 and self._bind(unknowns[0], solutions[0])

    def _bind(self, target, value):
        value = sympy.expand(value)
        if value.is_number and (not value.is_integer or value < 1):
            return False
        if target in value.free_symbols or not value.is_polynomial(*value.free_symbols):
            return False  # a size is a polynomial in other sizes, never 1/n nor defined by itself
        if value == ONE and target in self.strict:
            return False
        if target in self.strict and isinstance(value, sympy.Dummy):
            self.strict.add(value)
        self.bindings[target] = value
        return True

    def settle(self):
        """Retry unifications that had too many unknowns at first."""
        for _ in range(len(self.pending) + 1):
            pending, self.pending = self.pending, []
            if not pending:
                return
            for a, b in pending:
                self.unify(a, b)
        pending, self.pending = self.pending, []
        for a, b in pending:
            self._unify_factorwise(a, b)
        self.pending = []

    def _unify_factorwise(self, a, b):
        """m·n = k·p with nothing else to go by: the reading a person means, m = k and n = p.

        So tr(A ⊗ X) makes A and X square. Common factors are cancelled first; sizes that
        still differ in their number of factors stay as they are.
        """
        a, b = self.resolve(a), self.resolve(b)
        common = sympy.gcd(a, b)
        left, right = _factors(sympy.cancel(a / common)), _factors(sympy.cancel(b / common))
        if len(left) == len(right):
            for x, y in zip(left, right):
                self.unify(x, y)

    def resolve_shape(self, shape):
        return tuple(self.resolve(d) for d in shape)


def _factors(dim):
    """The factors of a product of sizes, a power written out: n²k is (n, n, k)."""
    factors = []
    for factor in sympy.Mul.make_args(dim):
        base, exponent = factor.as_base_exp()
        factors.extend([base] * int(exponent) if exponent.is_Integer and exponent > 0 else [factor])
    return factors


def infer(root, declare, text=""):
    """Type the tree `root`: every leaf sized, every operator checked.

    `declare(symbol, unifier)` returns the typed Symbol for a parsed one (shape
    with fresh unknowns where undeclared). `text` is the source, to quote operands.
    """
    unifier = Unifier()
    typer = _Typer(unifier, declare, text)
    typer.real_adjoints = True
    typed = typer.run(root)
    unifier.settle()
    _ones_are_columns(typed, unifier)
    names = _nice_names(typed, unifier)
    return _substitute(typed, lambda d: unifier.resolve(d).xreplace(names))


def _ones_are_columns(typed, unifier):
    """A 𝟙 whose number of columns nothing else sizes and the result does not show is the
    vector of ones, as on paper: 𝟙𝟙ᵀ is an outer product, sum(𝟙) the length of 𝟙."""
    columns, elsewhere = set(), set(_raw_shape(typed, unifier))
    for node in ir.walk(typed):
        for position, dim in enumerate(_leaf_dims(node)):
            resolved = unifier.resolve(dim)
            if isinstance(node, ir.Ones) and position == 1 and isinstance(resolved, sympy.Dummy):
                columns.add(resolved)
            else:
                elsewhere |= sympy.sympify(resolved).free_symbols
    elsewhere = {s for d in elsewhere for s in sympy.sympify(d).free_symbols}
    for unknown in columns - elsewhere:
        unifier.unify(unknown, ONE)


def check_instance(root, typed_parts, shape):
    """Check a rule instance with no unsized I, 0 or 𝟙: a cheap stand-in for infer_template."""
    fixed = {id(part) for part in typed_parts}
    stack = [root]
    while stack:  # the bound parts were typed already: only the template's own nodes are checked
        node = stack.pop()
        if id(node) in fixed:
            continue
        check = _INSTANCE_CHECKS.get(type(node))
        if check is not None and not check([c.shape for c in node.children()]):
            raise ShapeError("the instance is ill-typed")
        stack.extend(node.children())
    if root.shape != tuple(shape):
        raise ShapeError("the rule's two sides differ in shape")
    return root


def _chain_fits(shapes):
    matrices = [s for s in shapes if s != SCALAR]
    return all(a[1] == b[0] for a, b in zip(matrices, matrices[1:]))


def _all_same(shapes):
    return all(s == shapes[0] for s in shapes)


def _same_or_scalar(shapes):
    return SCALAR in shapes or _all_same(shapes)


def _square(shapes):
    return shapes[0][0] == shapes[0][1]


_INSTANCE_CHECKS = {
    ir.Mul: _chain_fits, ir.Add: _all_same, ir.Frobenius: _all_same, ir.Hadamard: _same_or_scalar,
    ir.Divide: _same_or_scalar, ir.Inverse: _square, ir.Trace: _square, ir.Det: _square,
    ir.LogDet: _square, ir.Sym: _square,
}


def infer_template(root, typed_parts, shape):
    """Type a rule's right side whose pattern variables became the typed `typed_parts`.

    Only the template's own nodes are checked, and its I, 0 and 𝟙 take their sizes
    from context; the whole has `shape`, the shape of what the rule rewrites. A ShapeError, or a size the context leaves open, means the
    instance is ill-typed and the rule does not apply.
    """
    unifier = Unifier()
    typer = _Typer(unifier, lambda symbol, u: symbol, "")
    typed = typer.run(root, opaque={id(part) for part in typed_parts})
    if not all(unifier.unify(a, b) for a, b in zip(_raw_shape(typed, unifier), shape)):
        raise ShapeError("the rule's two sides differ in shape")
    unifier.settle()
    fixed = {id(part) for part in typed_parts}
    result = _substitute(typed, lambda d: unifier.resolve(d), keep=fixed)
    for n in ir.walk(result):
        if id(n) not in fixed and any(isinstance(s, sympy.Dummy) for d in _leaf_dims(n)
                                      for s in sympy.sympify(d).free_symbols):
            raise ShapeError("a size is left open by the context")
    return result


class _Typer:
    """One bottom-up pass: leaves get shapes, operators unify their operands."""

    def __init__(self, unifier, declare, text):
        self.unifier, self.declare, self.text = unifier, declare, text
        self.context = None
        self.real_adjoints = False  # whether Aᴴ of a real A becomes Aᵀ, the one form of its meaning

    def run(self, root, opaque=frozenset()):
        """The typed tree, built left to right so that open sizes are named in order of appearance."""
        def typed(node, children):
            return node if id(node) in opaque else self.type_node(node, children)
        return ir.fold(root, typed, opaque=lambda node: id(node) in opaque)

    def type_node(self, original, children):
        u = self.unifier
        kind = type(original)
        if kind is ir.Symbol:
            return self.declare(original, u)
        if kind is ir.Identity:
            size = original.size if original.size is not None else u.fresh(strict=False)
            return ir.Identity(size, span=original.span)
        if kind in (ir.Zero, ir.Ones):
            shape = original.shape_ or (u.fresh(strict=False), u.fresh(strict=False))
            return kind(shape, span=original.span)
        if kind is ir.Adjoint and self.real_adjoints and not is_complex(children[0]):
            kind = ir.Transpose
            original = with_span(ir.Transpose(original.arg), original)
        node = original.rebuild(children)
        node = with_span(node, original)
        self.context = node
        check = CHECKS.get(kind)
        if check is not None:
            node = check(self, node, children) or node
        return node

    # -- helpers for the checks
    def shape(self, node):
        return self.unifier.resolve_shape(_raw_shape(node, self.unifier))

    def is_scalar(self, node):
        return self.shape(node) == SCALAR

    def quote(self, node):
        span = getattr(node, "span", None)
        if span and self.text:
            quoted = " ".join(self.text[span[0]:span[1]].split())
            if len(quoted) <= 60:
                return quoted
        try:
            quoted = str(node)
        except Exception:  # an untyped node cannot always print yet
            quoted = type(node).__name__
        return quoted if len(quoted) <= 60 else quoted[:57] + "…"

    def names(self):
        """Readable names for the unknowns of the node being checked, the same for all its parts."""
        return _nice_names(self.context, self.unifier, show_only=True)

    def show(self, node):
        names = self.names()
        return show_shape(tuple(d.xreplace(names) for d in self.shape(node)))

    def fail(self, message):
        raise ShapeError(message)

    def need(self, ok, message):
        """Fail with message() unless ok (the message is built only when needed)."""
        if not ok:
            self.fail(message())


def _raw_shape(node, unifier):
    """Shape of a node typed so far, with unknowns as they stand."""
    cached = node.__dict__.get("_raw_shape") or node.__dict__.get("_shape")
    if cached is None:
        cached = RULES[type(node)](node, [_raw_shape(c, unifier) for c in node.children()])
        object.__setattr__(node, "_raw_shape", cached)
    return unifier.resolve_shape(cached)


# ------------------------------------------------------------ substitution

def _nice_names(root, unifier, show_only=False):
    """Readable names (n, m, k, …) for the unknowns left, in order of appearance."""
    taken = {str(s) for n in ir.walk(root) for d in _leaf_dims(n)
             for s in sympy.sympify(d).free_symbols if not isinstance(s, sympy.Dummy)}
    unknowns = []
    for n in ir.walk(root):
        for d in _leaf_dims(n):
            for s in sorted(unifier.resolve(d).free_symbols, key=str):
                if isinstance(s, sympy.Dummy) and s not in unknowns:
                    unknowns.append(s)
    letters = (c for c in itertools.chain(NICE_DIMENSIONS, (f"n{i}" for i in itertools.count(1)))
               if c not in taken)
    return {u: dimension(next(letters)) for u in unknowns}


def _leaf_dims(n):
    if isinstance(n, ir.Symbol) and n.shape_:
        return n.shape_
    if isinstance(n, ir.Identity) and n.size is not None:
        return (n.size,)
    if isinstance(n, (ir.Zero, ir.Ones)) and n.shape_:
        return n.shape_
    return ()


def _substitute(root, fix, keep=frozenset()):
    """root with every dimension d replaced by fix(d), except inside the nodes of `keep`."""
    def rebuilt(current, children):
        kind = type(current)
        if id(current) in keep:
            return current
        if kind is ir.Symbol:
            return ir.Symbol(current.name, tuple(fix(d) for d in current.shape_), current.complex,
                             current.properties, span=current.span)
        if kind is ir.Identity:
            return ir.Identity(fix(current.size), span=current.span)
        if kind in (ir.Zero, ir.Ones, ir.Unvec):
            new = current.rebuild(children)
            object.__setattr__(new, "shape_", tuple(fix(d) for d in current.shape_))
            return new
        if kind is ir.Transpose and type(children[0]) is ir.Ones:  # 𝟙ᵀ is a row of ones, as algebra writes it
            return with_span(ir.Ones(children[0].shape_[::-1]), current)
        if kind is ir.BlockPart:
            return ir.BlockPart(children[0], tuple(fix(d) for d in current.rows),
                                tuple(fix(d) for d in current.cols))
        return with_span(current.rebuild(children), current)
    return ir.fold(root, rebuilt, opaque=lambda node: id(node) in keep)
