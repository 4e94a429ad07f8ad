"""Lowering: IR expressions to the operations generated code performs.

Before computing a node, the lowering tries `identities` on it once: the entries of
rules/lowering.toml (log det Mᵏ = k log det M, det Mᵏ = (det M)ᵏ, the determinant of
a 1×1 matrix), handed over by the derivation, whose rewrite engine applies them.
Everything else here trades a formula for a cheaper computation of the same value.
That is a choice of how to compute, not an identity: where an identity underlies it,
it is a definition (tr M = Σ diag M, Sym) and the choice is when it pays, or it needs
what the language cannot write (row and column ranges, solves, factorizations), so it
stays code:

- M⁻¹B is a solve with one factorization of M (Cholesky where M is provably
  definite), and det, log det and M⁻¹ itself read that factorization;
- tr(AB) is the sum of diag(AB), and diag(AB) never forms AB; I ⊙ X keeps only
  the diagonal, pushed through sums, transposes and products;
- a block of a product multiplies blocks; A ⊗ B acts by reshapes, never formed;
- Sym(u vᵀ) inside a product is distributed, so that no outer product is formed
  before the end; c I in a sum is added to the diagonal; ‖X‖² skips the root;
- a product Mᵀ M, or Mᵀ diag(w) M with w ≥ 0 provably, is the Gram matrix of M (of
  √w ⊙ M): symmetric, computed by a rank-k update where the library has one;
- products are bracketed by flop count (chain.py), sharing runs that several
  chains contain (shared.py); where the sizes decide the best bracketing, the code
  holds each one the sizes may favour and takes the cheapest at the call (ChainChoice);
- conj, Re and Im of real values and Sym(Xᵀ) = Sym(X) are dropped as the simplify
  rules drop them, on what the lowering itself makes (rows computed as transposed
  columns), which the simplifier never sees.

One Lowering serves every output of a program, and nodes compare structurally, so
equal subexpressions lower to one node: that is the common-subexpression elimination.
"""
import sympy

from ..core import algebra, ir
from .chain import Operand, alternatives, leaves, tree_cost
from .forms import (adjointed, apply, block, block_entry, entries, flatten, fuse_low_rank, gram_halves, identity_coefficient, is_product, low_rank_terms, peel, small_power, sum_of, transposed)
from .shared import group
from .operations import (ChainChoice, DetOf, DiagProduct, Factor, Gram, InverseOf, KronApply, KronInner, LogDetOf, PlusIdentity, Scale, Solve, SquaredNorm, Stack)
from ..errors import MatcalcError
from ..core.properties import is_complex, is_hermitian, is_positive_definite, is_real, is_symmetric
from ..core.shapes import SCALAR


class Lowering:
    """IR → code nodes, memoized; `math` and `hints` say what each code node computes
    and the short name it has in the printed result, where it has one."""

    def __init__(self, identities, names=(), shared=()):
        self.identities = identities
        self.memo, self.math, self.hints = {}, {}, {}
        self.named = {definition: symbol.name for symbol, definition in names}
        self.shared = list(shared)  # runs of factors computed once (shared.py)

    def lower(self, node):
        if node in self.memo:
            return self.memo[node]
        rewritten = self.identities(node)  # an identity of rules/lowering.toml, once
        target = node if rewritten is None else rewritten
        method = getattr(self, f"_lower_{type(target).__name__}", self._lower_generic)
        result = method(target)
        self.memo[node] = result
        self.math.setdefault(result, node)
        if node in self.named:
            self.hints.setdefault(result, self.named[node])
        return result

    def _lower_generic(self, node):
        children = node.children()
        if not children:
            return node
        return node.rebuild([self.lower(child) for child in children])

    def _lower_Diff(self, node):
        raise MatcalcError("a differential has no value, so it has no code")

    def _lower_Identity(self, node):
        return ir.Number(sympy.Integer(1)) if node.shape == SCALAR else node

    _lower_Ones = _lower_Identity

    # -- sums and the identity
    def _lower_Add(self, node):
        split = [identity_coefficient(term) for term in node.terms]
        identities = [coefficient for coefficient, identity in split if identity is not None]
        others = [term for term, identity in split if identity is None]
        if identities and others and node.shape != SCALAR:
            return PlusIdentity(self.lower(sum_of(others)), self.lower(sum_of(identities)))
        fused = fuse_low_rank([self.term(t) for t in node.terms])
        for stack in (n for n in ir.walk(fused) if isinstance(n, Stack)):
            self.describe_stack(stack)
        return fused

    def describe_stack(self, stack):
        """[U₁, U₂] or [V₁; V₂], in the math of the parts, for the comment of the code."""
        parts = [self.math.get(part, part) for part in stack.parts]
        rows = ((tuple(parts),) if stack.axis == 1 else tuple((part,) for part in parts))
        self.math.setdefault(stack, ir.Block(rows))

    def term(self, node):
        """A term of a sum: −c·X keeps its sign outside, so that the sum subtracts c·X."""
        coefficient, rest = algebra.split_coefficient(node)
        if isinstance(coefficient, sympy.Expr) and coefficient.is_negative and coefficient.is_real:
            positive = self.lower(algebra.mul(ir.Number(-coefficient), rest)) if coefficient != -1 \
                else self.lower(rest)
            return ir.Mul((ir.Number(sympy.Integer(-1)), positive))
        return self.lower(node)

    # -- transposes, conjugates and inverses of matrices are factors of a one-factor chain
    def _lower_Transpose(self, node):
        return self.lower(node.arg) if node.shape == SCALAR else self.chain(node)

    def _lower_Adjoint(self, node):
        if node.shape == SCALAR:
            return self.lower(apply(node.arg, "C"))
        return self.chain(node)

    def _lower_Inverse(self, node):
        if node.shape == SCALAR:
            return ir.Divide(ir.Number(sympy.Integer(1)), self.lower(node.arg))
        return self.chain(node)

    def _lower_Conj(self, node):
        return self.lower(node.arg) if is_real(node.arg) else ir.Conj(self.lower(node.arg))

    def _lower_Real(self, node):
        return self.lower(node.arg) if is_real(node.arg) else ir.Real(self.lower(node.arg))

    def _lower_Imag(self, node):
        return algebra.zero(node.shape) if is_real(node.arg) else ir.Imag(self.lower(node.arg))

    def _lower_Sym(self, node):
        arg = self.lower(node.arg)  # Sym(Xᵀ) = Sym(X)
        return ir.Sym(arg.arg if isinstance(arg, ir.Transpose) else arg)

    def _lower_Mul(self, node):
        return self.chain(node)

    # -- determinants through the factorization
    def factor(self, matrix):
        """The one factorization of `matrix`: Cholesky where it is provably definite."""
        kind = "cholesky" if is_positive_definite(matrix) else "lu"
        factor = Factor(self.lower(matrix), kind, is_real(matrix) and is_symmetric(matrix))
        self.math.setdefault(factor, matrix)
        if ir.Inverse(matrix) in self.named:
            self.hints.setdefault(factor, self.named[ir.Inverse(matrix)])
        return factor

    def _lower_Det(self, node):
        return DetOf(self.factor(node.arg))

    def _lower_LogDet(self, node):
        return LogDetOf(self.factor(node.arg))

    def _lower_Power(self, node):
        exponent = node.exponent
        if isinstance(node.arg, ir.Norm) and isinstance(exponent, ir.Number) and exponent.value == 2:
            return SquaredNorm(self.lower(node.arg.arg))
        if node.shape != SCALAR and small_power(node) is not None:
            return self.chain(node)
        if node.shape != SCALAR and isinstance(exponent, ir.Number) and exponent.value < 0:
            return ir.Power(InverseOf(self.factor(node.arg)), ir.Number(-exponent.value))
        return self._lower_generic(node)

    # -- diagonals: keep only what is needed
    def _lower_Hadamard(self, node):
        for diagonal, other in ((node.left, node.right), (node.right, node.left)):
            if isinstance(diagonal, ir.Identity):
                return ir.DiagMatrix(self.diagonal(other))
        return self._lower_generic(node)

    def _lower_DiagVector(self, node):
        return self.diagonal(node.arg)

    def diagonal(self, node):
        """diag(node) as a column vector, pushed through sums, transposes and products."""
        if isinstance(node, ir.Add):
            return self.lower(ir.Add(tuple(ir.DiagVector(t) for t in node.terms)))
        if isinstance(node, (ir.Transpose, ir.Sym)):
            return self.diagonal(node.arg)
        if isinstance(node, ir.DiagMatrix):
            return self.lower(node.arg)
        if isinstance(node, ir.Identity):
            return ir.Ones((node.size, sympy.Integer(1)))
        if isinstance(node, ir.Hadamard) and isinstance(node.left, ir.Identity):
            return self.diagonal(node.right)
        if isinstance(node, ir.Mul):
            scalars = tuple(self.lower(f) for f in node.factors if f.shape == SCALAR)
            matrices = [f for f in node.factors if f.shape != SCALAR]
            if len(matrices) == 1:
                inner = self.diagonal(matrices[0])
            else:
                inner = DiagProduct(self.lower(matrices[0]), self.lower(algebra.mul(*matrices[1:])))
                self.math.setdefault(inner, ir.DiagVector(ir.Mul(tuple(matrices))))
            return ir.Mul(scalars + (inner,)) if scalars else inner
        return ir.DiagVector(self.lower(node))

    def _lower_Trace(self, node):
        if isinstance(node.arg, ir.Mul) and sum(f.shape != SCALAR for f in node.arg.factors) >= 2:
            return ir.Sum(self.diagonal(node.arg))
        return self._lower_generic(node)

    # -- Kronecker products act by reshapes
    def _lower_Frobenius(self, node):
        for kron, other in ((node.right, node.left), (node.left, node.right)):
            if isinstance(kron, ir.Kron):
                inner = KronInner(self.lower(other), self.lower(kron.left), self.lower(kron.right))
                return inner if kron is node.right else ir.Conj(inner) if is_complex(node) else inner
        return self._lower_generic(node)

    # -- blocks of products are products of blocks
    def _lower_BlockPart(self, node):
        arg = node.arg
        factors = flatten(arg, None) if isinstance(arg, ir.Mul) else []
        scalars = [f for f in factors if f.shape == SCALAR]
        matrices = [f for f in factors if f.shape != SCALAR]
        if matrices and tuple(matrices) not in self.shared:  # a shared product is sliced, not split
            matrices = group(matrices, self.shared)
            if len(matrices) >= 2:
                first = block(matrices[0], node.rows, (0, matrices[0].shape[1]))
                last = block(matrices[-1], (0, matrices[-1].shape[0]), node.cols)
                return self.lower(ir.Mul(tuple(scalars) + (first,) + tuple(matrices[1:-1]) + (last,)))
            if len(matrices) == 1:
                return self.lower(algebra.mul(*scalars, block(matrices[0], node.rows, node.cols)))
        if isinstance(arg, ir.Transpose):
            return self.lower(ir.Transpose(block(arg.arg, node.cols, node.rows)))
        entry = block_entry(arg, node.rows, node.cols) if isinstance(arg, ir.Block) else None
        return self.lower(entry) if entry is not None else self._lower_generic(node)

    # -- products
    def chain(self, node):
        """A product, bracketed by flop count, with inverses as solves. A row vector is
        computed as the transpose of a column, so that uᵀW and Wᵀu are one computation."""
        rows, cols = node.shape
        if rows == 1 and cols != 1:
            return self.row(node)
        return self.product(flatten(node, None))

    def row(self, node):
        """A row vector as the transpose of a column, or the adjoint of one where it may be
        complex: then gᴴA⁻¹ with A = Aᴴ is (A⁻¹g)ᴴ, a solve shared with A⁻¹g."""
        if is_real(node):
            return transposed(self.product(flatten(node, "T")))
        return adjointed(self.product(flatten(node, "H")))

    def product(self, factors):
        for position, factor in enumerate(factors):
            terms = low_rank_terms(factor)
            if terms and sum(f.shape != SCALAR for f in factors) > 1:
                head, tail = factors[:position], factors[position + 1:]
                return self.lower(ir.Add(tuple(ir.Mul(tuple(head) + (t,) + tuple(tail)) for t in terms)))
        number = sympy.prod([f.value for f in factors if isinstance(f, ir.Number)])
        computed = self.memo.get(ir.Mul(tuple(f for f in factors if not isinstance(f, ir.Number))))
        if number != 1 and computed is not None:  # −Xw where Xw is computed: scaled, not again
            return ir.Mul((ir.Number(number), computed))
        scalars = [f for f in factors if f.shape == SCALAR and not isinstance(f, ir.Number)]
        matrices = group([f for f in factors if f.shape != SCALAR], self.shared)
        operands = [self.operand(f) for f in matrices]
        coefficient = ([ir.Number(number)] if number != 1 else []) + [self.lower(s) for s in scalars]
        gram = self.gram([f for f in factors if f.shape != SCALAR])
        if gram is not None:
            return ir.Mul(tuple(coefficient) + (gram,)) if coefficient else gram
        if not operands and not coefficient:
            return ir.Number(sympy.Integer(1))
        if not operands:
            return ir.Mul(tuple(coefficient)) if len(coefficient) > 1 else coefficient[0]
        trees = alternatives(operands)
        tree = trees[0]
        if isinstance(tree, int):
            alone = self.alone(operands[tree])
            if coefficient and is_product(alone):  # scale the smaller factor, not the result
                left, right = alone.factors
                if entries(left) <= entries(right):
                    scaled = ir.Mul((ir.Mul(tuple(coefficient) + (left,)), right))
                else:
                    scaled = ir.Mul((left, ir.Mul(tuple(coefficient) + (right,))))
                if alone in self.math:
                    self.math.setdefault(scaled, algebra.mul(*coefficient, self.math[alone]))
                return scaled
            return ir.Mul(tuple(coefficient) + (alone,)) if coefficient else alone
        if len(trees) == 1:
            return self.build(tree, operands, coefficient)
        return self.choice(trees, operands, coefficient)

    def choice(self, trees, operands, coefficient):
        """The product in every bracketing of `trees`, the cheapest at the call's sizes taken."""
        built, costs = [], []
        for tree in trees:
            cost = sympy.expand(tree_cost(tree, operands))
            if cost not in costs:
                built.append(self.build(tree, operands, coefficient))
                costs.append(cost)
        if len(set(built)) == 1:
            return built[0]
        chosen = ChainChoice(tuple(built), tuple(costs))
        if built[0] in self.math:
            self.math.setdefault(chosen, self.math[built[0]])
        return chosen

    def gram(self, matrices):
        """Mᵀ diag(w) M as the Gram matrix of √w ⊙ M: symmetric, so half a product's flops
        (None where the factors do not read so)."""
        halves = gram_halves(matrices)
        if halves is None:
            return None
        half, weights = halves
        matrix = self.lower(algebra.mul(*half))
        if weights is not None:
            root = ir.Func("sqrt", weights)
            matrix = Scale(self.lower(root), matrix, "left")
            self.math.setdefault(matrix, algebra.mul(ir.DiagMatrix(root), *half))
        gram = Gram(matrix)
        self.math.setdefault(gram, ir.Mul(tuple(matrices)))
        return gram

    def operand(self, factor):
        rows, cols = factor.shape
        op, base = peel(factor)
        if isinstance(base, ir.Inverse) and op != "C":
            matrix = base.arg
            if op == "T" and is_real(matrix) and is_symmetric(matrix) or \
                    op == "H" and is_hermitian(matrix):
                op = None
            return Operand("inverse", rows, cols, (self.factor(matrix), op or "N"), factor)
        if isinstance(base, ir.DiagMatrix) or (isinstance(base, ir.Hadamard) and (
                isinstance(base.left, ir.Identity) or isinstance(base.right, ir.Identity))):
            vector = base.arg if isinstance(base, ir.DiagMatrix) else ir.DiagVector(
                base.right if isinstance(base.left, ir.Identity) else base.left)
            vector = self.lower(apply(vector, "C" if op in ("H", "C") else None))
            return Operand("diag", rows, cols, vector, factor)
        if isinstance(base, ir.Kron) and op in (None, "T", "H"):
            left, right = (apply(part, op) for part in (base.left, base.right))
            shapes = tuple(tuple(part.shape) for part in (left, right))
            return Operand("kron", rows, cols, (self.lower(left), self.lower(right)), factor, shapes)
        return Operand("dense", rows, cols, self.wrapped(base, op), factor)

    def wrapped(self, base, op):
        """op(base) lowered: a transpose of a symmetric matrix is the matrix."""
        lowered = self.lower(base)
        if op is None or (op == "C" and is_real(base)):
            return lowered
        if op in ("T", "H") and is_real(base) and is_symmetric(base):
            return lowered
        if op == "H" and is_real(base):
            op = "T"
        return {"T": transposed, "H": adjointed, "C": ir.Conj}[op](lowered)

    def alone(self, operand):
        """A one-factor chain: what the operand is, as a value."""
        if operand.kind == "inverse":
            factor, op = operand.payload
            return InverseOf(factor, op)
        if operand.kind == "diag":
            return ir.DiagMatrix(operand.payload)
        if operand.kind == "kron":
            return ir.Kron(*operand.payload)
        return operand.payload

    def build(self, tree, operands, coefficient=()):
        """The lowered product of a bracketing; a scalar coefficient scales the smaller side."""
        coefficient = given = tuple(coefficient)
        if isinstance(tree, int):
            alone = self.alone(operands[tree])
            return ir.Mul(coefficient + (alone,)) if coefficient else alone
        math = ir.Mul(tuple(operands[i].math for i in leaves(tree)))
        rows, cols = math.shape
        if rows == 1 and cols != 1 and not coefficient:  # a row: the transpose of a column
            return self.row(math)
        sides = []
        for sub in tree:
            lone = isinstance(sub, int) and operands[sub].kind != "dense"
            sides.append(operands[sub] if lone else self.build(sub, operands))
        built = [i for i, side in enumerate(sides) if not isinstance(side, Operand)]
        if coefficient and built:
            i = min(built, key=lambda i: entries(sides[i]))
            scaled = ir.Mul(coefficient + (sides[i],))
            if sides[i] in self.math:
                self.math.setdefault(scaled, algebra.mul(*coefficient, self.math[sides[i]]))
            sides[i], coefficient = scaled, ()
        result = self.multiply(*sides)
        self.math.setdefault(result, algebra.mul(*given, math) if given and not coefficient else math)
        if isinstance(result, (ir.Transpose, ir.Adjoint)):  # a solve from the right
            self.math.setdefault(result.arg, type(result)(math))
        return ir.Mul(coefficient + (result,)) if coefficient else result

    def multiply(self, left, right):
        """left · right; an Operand (inverse, diag or kron) is applied, never formed."""
        if isinstance(left, Operand) and isinstance(right, Operand):
            right = self.alone(right)
        if isinstance(left, Operand):
            factor_or_vector = left.payload
            if left.kind == "inverse":
                return Solve(factor_or_vector[0], right, factor_or_vector[1])
            if left.kind == "diag":
                return Scale(factor_or_vector, right, "left")
            return KronApply(factor_or_vector[0], factor_or_vector[1], right, "left")
        if isinstance(right, Operand):
            if right.kind == "inverse":
                factor, op = right.payload
                if op == "H" or op == "N" and factor.kind == "cholesky" and not factor.symmetric:
                    return adjointed(Solve(factor, adjointed(left), "N"))  # M = Mᴴ when definite
                flipped = "T" if op == "N" and not factor.symmetric else "N"
                return transposed(Solve(factor, transposed(left), flipped))
            if right.kind == "diag":
                return Scale(right.payload, left, "right")
            return KronApply(right.payload[0], right.payload[1], left, "right")
        if _thin(right) and not _thin(left):  # M (U V) = (M U) V: no p×q matrix U V
            return ir.Mul((ir.Mul((left, right.factors[0])), right.factors[1]))
        if _thin(left) and not _thin(right):
            return ir.Mul((left.factors[0], ir.Mul((left.factors[1], right))))
        return ir.Mul((left, right))


def _thin(node):
    """A product U V whose inner size is a number (a low-rank sum, fused): better applied
    factor by factor than formed."""
    return is_product(node) and sympy.sympify(node.factors[0].shape[1]).is_number and \
        not sympy.sympify(node.shape[0]).is_number and not sympy.sympify(node.shape[1]).is_number
