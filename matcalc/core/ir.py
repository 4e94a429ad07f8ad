"""The expression IR: a closed set of frozen, hashable node types.

Nodes hold structure only. A node's shape comes from `shape_rules.shape_of`, its
field and proven properties from `properties`; both are computed on demand and
cached on the node. Nodes compare structurally (source positions excluded), so
they can key dictionaries, be matched by rules and be shared as subexpressions.

Shapes are pairs (rows, columns) of symbolic dimensions (SymPy integers or
expressions in dimension symbols); a scalar is 1×1 and a vector n×1.
"""
from dataclasses import dataclass, field, fields
from typing import ClassVar

import sympy


class Node:
    """Base of every expression node.

    `child_fields` names the fields holding sub-expressions: a Node or a tuple of Nodes.
    """

    child_fields: ClassVar[tuple] = ()

    def children(self):
        cached = self.__dict__.get("_children")
        if cached is None:
            cached = []
            for name in self.child_fields:
                value = getattr(self, name)
                cached.extend(value if isinstance(value, tuple) else (value,))
            cached = tuple(cached)
            object.__setattr__(self, "_children", cached)
        return cached

    def rebuild(self, children):
        """The same node over new children (in the order of `children()`)."""
        children = list(children)
        changes = {}
        for name in self.child_fields:
            value = getattr(self, name)
            if isinstance(value, tuple):
                changes[name], children = tuple(children[: len(value)]), children[len(value):]
            else:
                changes[name], children = children[0], children[1:]
        return type(self)(**{**self._params(), **changes})

    def _params(self):
        return {f.name: getattr(self, f.name) for f in fields(self) if f.init}

    def _key(self):
        names = type(self).__dict__.get("_compared")
        if names is None:
            names = tuple(f.name for f in fields(self) if f.compare)
            type.__setattr__(type(self), "_compared", names)
        return tuple(getattr(self, name) for name in names)

    def __eq__(self, other):
        if self is other:
            return True
        if type(self) is not type(other) or hash(self) != hash(other):
            return False
        return _equal(self, other)

    def __hash__(self):
        cached = self.__dict__.get("_hash")
        if cached is None:
            _hash_descendants(self)
            cached = hash((type(self).__name__, self._key()))
            object.__setattr__(self, "_hash", cached)
        return cached

    def __getstate__(self):
        """Pickled without what is cached on the node: string hashes differ between processes."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def _cached(self, name, compute):
        value = self.__dict__.get(name)
        if value is None:
            value = compute(self)
            object.__setattr__(self, name, value)
        return value

    @property
    def shape(self):
        cached = self.__dict__.get("_shape")
        if cached is not None:
            return cached
        return self._cached("_shape", _view("shape"))

    @property
    def is_scalar(self):
        return self.shape == (1, 1)

    def __str__(self):
        return _view("text")(self)

    def ascii(self):
        return _view("ascii")(self)

    def latex(self):
        return _view("latex")(self)

    def mathml(self):
        return _view("mathml")(self)

    def to_sympy(self):
        return _view("sympy")(self)

    def _repr_latex_(self):
        return f"${self.latex()}$"


#: How a node is shaped and printed: "shape", "text", "ascii", "latex", "mathml", "sympy" → a function of
#: the node. The modules defining them (core.shape_rules, matcalc.printing) build on the IR, so they
#: register here with `provide` rather than the IR importing them.
_VIEWS = {}


def provide(**views):
    """Register the functions behind Node.shape, str(), ascii(), latex() and to_sympy()."""
    _VIEWS.update(views)


def _view(name):
    try:
        return _VIEWS[name]
    except KeyError:
        raise LookupError(f"no {name} view of expressions is loaded: import matcalc.printing") from None


def _hash_descendants(root):
    """Hash the descendants of `root` not hashed yet, deepest first, without recursion."""
    unhashed, stack = [], [root]
    while stack:
        for child in stack.pop().children():
            if "_hash" not in child.__dict__:
                unhashed.append(child)
                stack.append(child)
    for node in reversed(unhashed):
        hash(node)


def _equal(a, b):
    """Structural equality of two nodes, compared without recursion (trees may be deep).

    Nodes found equal join one class of twins (union-find over `_twin` links): comparing any
    two of them again (memo look-ups, the copies of one variable) stops at once."""
    pending, compared = [(a, b)], []
    while pending:
        x, y = pending.pop()
        if x is y:
            continue
        if isinstance(x, Node):
            if _representative(x) is _representative(y):
                continue
            if type(x) is not type(y) or hash(x) != hash(y):
                return False
            compared.append((x, y))
            pending.extend(zip(x._key(), y._key()))
        elif isinstance(x, tuple) and isinstance(y, tuple):
            if len(x) != len(y):
                return False
            pending.extend(zip(x, y))
        elif x != y:
            return False
    for x, y in compared:
        first, second = _representative(x), _representative(y)
        if first is not second:
            object.__setattr__(first, "_twin", second)
    return True


def _representative(node):
    """The node standing for the class of twins of `node` (paths shortened on the way)."""
    root = node
    while (above := root.__dict__.get("_twin")) is not None:
        root = above
    while node is not root:
        above = node.__dict__["_twin"]
        object.__setattr__(node, "_twin", root)
        node = above
    return root


def node(cls):
    """Declare a node type: a frozen dataclass with structural equality from Node."""
    return dataclass(frozen=True, eq=False, repr=True)(cls)


# ------------------------------------------------------------------ leaves

@node
class Symbol(Node):
    """A variable: name, shape (None until inferred), field and declared properties."""
    name: str
    shape_: tuple = None
    complex: bool = False
    properties: frozenset = frozenset()
    span: tuple = field(default=None, compare=False, repr=False)


@node
class Number(Node):
    """A numeric constant (a SymPy number, exact where it can be)."""
    value: sympy.Expr
    span: tuple = field(default=None, compare=False, repr=False)


@node
class Identity(Node):
    """The identity matrix; size None until inferred from context."""
    size: sympy.Expr = None
    span: tuple = field(default=None, compare=False, repr=False)


@node
class Zero(Node):
    """The zero matrix; shape None until inferred from context."""
    shape_: tuple = None
    span: tuple = field(default=None, compare=False, repr=False)


@node
class Ones(Node):
    """The all-ones matrix or vector; shape None until inferred from context."""
    shape_: tuple = None
    span: tuple = field(default=None, compare=False, repr=False)


# ------------------------------------------------------------- n-ary nodes

@node
class Add(Node):
    terms: tuple
    span: tuple = field(default=None, compare=False, repr=False)
    child_fields = ("terms",)


@node
class Mul(Node):
    """A product: scalar factors scale, the others multiply as matrices, in order."""
    factors: tuple
    span: tuple = field(default=None, compare=False, repr=False)
    child_fields = ("factors",)


@node
class Block(Node):
    """A block matrix [A, B; C, D], stored row by row."""
    rows: tuple
    span: tuple = field(default=None, compare=False, repr=False)

    def children(self):
        return tuple(entry for row in self.rows for entry in row)

    def rebuild(self, children):
        children, rows = list(children), []
        for row in self.rows:
            rows.append(tuple(children[: len(row)]))
            children = children[len(row):]
        return Block(tuple(rows))


# ------------------------------------------------- operators, by operand names

def _operator(name, doc, operands):
    """A node type whose fields are its operands (sub-expressions) and a source span."""
    cls = type(name, (Node,), {
        "__doc__": doc,
        "__annotations__": {**{operand: Node for operand in operands}, "span": tuple},
        "span": field(default=None, compare=False, repr=False),
        "child_fields": operands,
    })
    return node(cls)


BINARY, UNARY, POWER = ("left", "right"), ("arg",), ("arg", "exponent")

Hadamard = _operator("Hadamard", "Elementwise product A ⊙ B.", BINARY)
Divide = _operator("Divide", "Elementwise division A ⊘ B.", BINARY)
Kron = _operator("Kron", "Kronecker product A ⊗ B.", BINARY)
Frobenius = _operator("Frobenius", "Frobenius product A : B = tr(Aᴴ B), a scalar.", BINARY)

Transpose = _operator("Transpose", "Aᵀ.", UNARY)
Adjoint = _operator("Adjoint", "Conjugate transpose Aᴴ.", UNARY)
Conj = _operator("Conj", "Entrywise complex conjugate.", UNARY)
Real = _operator("Real", "Entrywise real part.", UNARY)
Imag = _operator("Imag", "Entrywise imaginary part.", UNARY)
Inverse = _operator("Inverse", "Matrix inverse (reciprocal of a scalar).", UNARY)
Trace = _operator("Trace", "tr(A).", UNARY)
Det = _operator("Det", "det(A).", UNARY)
LogDet = _operator("LogDet", "log det A.", UNARY)
Sym = _operator("Sym", "Sym(A) = (A + Aᵀ)/2.", UNARY)
Diag = _operator("Diag", "diag(·) as written: shape inference makes it DiagMatrix or DiagVector.", UNARY)
DiagMatrix = _operator("DiagMatrix", "diag(x): the diagonal matrix with x on its diagonal.", UNARY)
DiagVector = _operator("DiagVector", "diag(X): the vector of the diagonal of X.", UNARY)
Vec = _operator("Vec", "vec(A): the columns of A stacked.", UNARY)
Sum = _operator("Sum", "sum(A): the sum of all entries.", UNARY)
Diff = _operator("Diff", "d(A): the differential of A.", UNARY)

Power = _operator("Power", "Matrix power A^k (k an integer) or, for a scalar, any real power.", POWER)
ElementPower = _operator("ElementPower", "Elementwise power A.^k.", POWER)


@node
class Func(Node):
    """An entrywise function of the registry (exp, log …) applied to A."""
    name: str
    arg: Node
    span: tuple = field(default=None, compare=False, repr=False)
    child_fields = ("arg",)


@node
class Apply(Node):
    """A matrix function of the registry (no node type of its own) applied to its arguments.

    Its entry gives its shape, check, value and spellings.
    """
    child_fields = ("args",)
    name: str
    args: tuple
    span: tuple = field(default=None, compare=False, repr=False)


@node
class Norm(Node):
    """‖A‖_F (kind "F"); for vectors the 2-norm, which is the same number."""
    arg: Node
    kind: str = "F"
    span: tuple = field(default=None, compare=False, repr=False)
    child_fields = ("arg",)


# ------------------------------------------- nodes produced by derivations

@node
class BlockPart(Node):
    """The block of A in rows [r0, r1) and columns [c0, c1) (symbolic offsets), written A[r0:r1, c0:c1]."""
    arg: Node
    rows: tuple
    cols: tuple
    span: tuple = field(default=None, compare=False, repr=False)
    child_fields = ("arg",)


@node
class Unvec(Node):
    """The inverse of vec: a vector reshaped, column by column, to `shape_`."""
    arg: Node
    shape_: tuple
    child_fields = ("arg",)


@node
class KronBlockSum(Node):
    """Σ_ij conj(A_ij) M_ij over the blocks M_ij of M in a grid shaped like A.

    The adjoint of Y ↦ A ⊗ Y; with A = I_p it is Σ_k E_kᵀ M F_k.
    """
    weights: Node
    arg: Node
    child_fields = ("weights", "arg")


@node
class KronBlockInner(Node):
    """The matrix of B : M_ij over the blocks M_ij of M, each shaped like B.

    The adjoint of Y ↦ Y ⊗ B.
    """
    weights: Node
    arg: Node
    child_fields = ("weights", "arg")


def fold(root, combine, key=id, opaque=None):
    """combine(node, [results of its children]) from the leaves up, left to right, without recursion.

    Results are shared by `key` (identity by default; pass a key of structural
    equality to compute each distinct subexpression once). Nodes for which
    `opaque(node)` holds are not entered: combine sees them with no children.
    """
    done = {}
    stack = [(root, False)]
    while stack:
        node, expanded = stack.pop()
        if key(node) in done:
            continue
        children = () if opaque is not None and opaque(node) else node.children()
        if not expanded and children:
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(children))  # left to right
            continue
        done[key(node)] = combine(node, [done[key(child)] for child in children])
    return done[key(root)]


def walk(root):
    """Every node of the tree once per occurrence, parents before children (iterative)."""
    stack = [root]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children()))


def depth(root):
    """Height of the tree, computed without recursion."""
    best, stack = 0, [(root, 1)]
    while stack:
        current, level = stack.pop()
        best = max(best, level)
        stack.extend((child, level + 1) for child in current.children())
    return best


def contains(root, predicate):
    return any(predicate(n) for n in walk(root))
