"""Nodes that exist only in generated code: factorizations and what is done with them.

The IR says M⁻¹B; code says "factor M once, solve with B". These nodes are
frozen and compare structurally like IR nodes, so one factorization of M is
one node however many solves, determinants and inverses use it.
"""
import sympy

from ..core import ir
from ..core.shapes import SCALAR


class CodeNode(ir.Node):
    """A node of generated code; its shape comes from `_shape`, not the IR's shape rules."""

    @property
    def shape(self):
        return self._cached("_shape", lambda node: node._shape())


@ir.node
class Factor(CodeNode):
    """The factorization of a square matrix: "cholesky" (provably definite) or "lu";
    `symmetric` when Mᵀ = M (then a solve with Mᵀ is a solve with M)."""
    matrix: ir.Node
    kind: str
    symmetric: bool = False
    child_fields = ("matrix",)

    def _shape(self):
        return self.matrix.shape


@ir.node
class Solve(CodeNode):
    """op(M)⁻¹ R by the factorization of M; op is "N" (M), "T" (Mᵀ) or "H" (Mᴴ)."""
    factor: Factor
    rhs: ir.Node
    op: str = "N"
    child_fields = ("factor", "rhs")

    def _shape(self):
        return self.rhs.shape


@ir.node
class StackedSolve(CodeNode):
    """Several solves with one factorization and one op, their right-hand sides side by side."""
    factor: Factor
    rhs: tuple
    op: str = "N"
    child_fields = ("factor", "rhs")

    def _shape(self):
        return (self.factor.shape[0], sympy.expand(sum(r.shape[1] for r in self.rhs)))


@ir.node
class Columns(CodeNode):
    """Columns start:stop of a matrix (a view)."""
    arg: ir.Node
    start: sympy.Expr
    stop: sympy.Expr
    child_fields = ("arg",)

    def _shape(self):
        return (self.arg.shape[0], sympy.expand(self.stop - self.start))


@ir.node
class InverseOf(CodeNode):
    """op(M)⁻¹ itself, from the factorization: only where the result needs the inverse."""
    factor: Factor
    op: str = "N"
    child_fields = ("factor",)

    def _shape(self):
        return self.factor.shape


@ir.node
class _ScalarOfFactor(CodeNode):
    """A number read off a factorization."""
    factor: Factor
    child_fields = ("factor",)

    def _shape(self):
        return SCALAR


@ir.node
class LogDetOf(_ScalarOfFactor):
    """log det M from the factorization."""


@ir.node
class DetOf(_ScalarOfFactor):
    """det M from the factorization."""


@ir.node
class Scale(CodeNode):
    """diag(v) M (side "left") or M diag(v) (side "right"): rows or columns scaled by v."""
    vector: ir.Node
    matrix: ir.Node
    side: str
    child_fields = ("vector", "matrix")

    def _shape(self):
        return self.matrix.shape


@ir.node
class Gram(CodeNode):
    """MᵀM for a real M: symmetric, so one triangle is computed and mirrored."""
    arg: ir.Node
    child_fields = ("arg",)

    def _shape(self):
        return (self.arg.shape[1], self.arg.shape[1])


@ir.node
class DiagProduct(CodeNode):
    """diag(L R) as a column vector, without forming L R."""
    left: ir.Node
    right: ir.Node
    child_fields = ("left", "right")

    def _shape(self):
        return (self.left.shape[0], sympy.Integer(1))


@ir.node
class PlusIdentity(CodeNode):
    """M + c I."""
    matrix: ir.Node
    scalar: ir.Node
    child_fields = ("matrix", "scalar")

    def _shape(self):
        return self.matrix.shape


@ir.node
class KronApply(CodeNode):
    """(A ⊗ B) M (side "left") or M (A ⊗ B) (side "right"), by reshapes: A ⊗ B is never formed."""
    left: ir.Node
    right: ir.Node
    arg: ir.Node
    side: str
    child_fields = ("left", "right", "arg")

    def _shape(self):
        (a, b), (c, d) = self.left.shape, self.right.shape
        rows, cols = self.arg.shape
        if self.side == "left":
            return (sympy.expand(a * c), cols)
        return (rows, sympy.expand(b * d))


@ir.node
class KronInner(CodeNode):
    """M : (A ⊗ B), by reshapes."""
    arg: ir.Node
    left: ir.Node
    right: ir.Node
    child_fields = ("arg", "left", "right")

    def _shape(self):
        return SCALAR


@ir.node
class SquaredNorm(CodeNode):
    """‖X‖², without the square root."""
    arg: ir.Node
    child_fields = ("arg",)

    def _shape(self):
        return SCALAR


@ir.node
class Stack(CodeNode):
    """Matrices side by side (axis 1) or one above the other (axis 0)."""
    parts: tuple
    axis: int
    child_fields = ("parts",)

    def _shape(self):
        if self.axis == 1:
            return (self.parts[0].shape[0], sympy.expand(sum(p.shape[1] for p in self.parts)))
        return (sympy.expand(sum(p.shape[0] for p in self.parts)), self.parts[0].shape[1])


@ir.node
class ChainChoice(CodeNode):
    """One product bracketed in several ways, the first whose flop count (a polynomial in the
    sizes, one per alternative) is least at the sizes of the call computed: the others
    never run. What every alternative contains is computed before, once."""
    alternatives: tuple
    costs: tuple
    child_fields = ("alternatives",)

    def _shape(self):
        return self.alternatives[0].shape

    @property
    def common(self):
        """The largest parts every alternative contains: what the choice needs computed first."""
        return self._cached("_common", _common_parts)


def _common_parts(choice):
    shared = set.intersection(*(_parts(alternative) for alternative in choice.alternatives))
    found, stack = [], list(reversed(choice.alternatives))
    while stack:
        node = stack.pop()
        if node in shared:
            if node not in found:
                found.append(node)
        else:
            stack.extend(reversed(node.children()))
    return tuple(found)


def _parts(root):
    seen, stack = set(), [root]
    while stack:
        node = stack.pop()
        if node not in seen:
            seen.add(node)
            stack.extend(node.children())
    return seen
