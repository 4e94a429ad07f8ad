"""SymPy matrix expressions, both ways.

`to_sympy` builds MatrixSymbols with symbolic dimensions (a vector is n×1, a
1×1 name a scalar Symbol), MatMul, MatAdd, Transpose, Inverse, Trace,
HadamardProduct, KroneckerProduct, BlockMatrix… without evaluating anything.
SymPy cannot scale by a 1×1 matrix, so a 1×1 result becomes the scalar
`M[0, 0]`. Where SymPy has no node of ours the nearest form is used
(A : B = tr(AᵀB), Sym(X) = (X + Xᵀ)/2, logdet X = log(det X), ‖X‖_F = √tr(XᴴX));
vec, d(·) and the forms only derivations produce have none.

`from_sympy` reads any of those forms back into a typed matcalc tree, one node
per SymPy node, so that to_sympy(from_sympy(s)) == s.
"""
from functools import reduce

import sympy
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction
from sympy.matrices.expressions.diagonal import DiagMatrix, DiagonalMatrix, DiagonalOf
from sympy.matrices.expressions.matexpr import MatrixElement
from sympy.matrices.expressions.slice import MatrixSlice

from ..core import ir, registry
from ..errors import guarded
from ..core.properties import is_complex
from ..core.shapes import SCALAR, dimension
from .base import NotationError, Printer, is_scalar


#: Entrywise operations with a node type of their own (conj, Re, Im), by node type.
_ENTRYWISE = {entry.nodes[0]: entry.sympy for entry in registry.OPERATIONS if entry.entrywise}


_ENTRY = sympy.Dummy("z")  # one variable for every elementwise Lambda, so that equal maps compare equal


def _entrywise(function):
    """X ↦ X.applyfunc(function), with a Lambda that compares equal across calls."""
    def apply(value):
        with sympy.evaluate(False):  # evaluated, re(𝟙ᵀ𝟙) would become m·I, a form of its own
            return ElementwiseApplyFunction(sympy.Lambda(_ENTRY, function(_ENTRY)), value)
    return apply


def _as_matrix(value):
    """A 1×1 matrix for a scalar, where SymPy wants a matrix (a block of a BlockMatrix)."""
    return value if isinstance(value, sympy.MatrixExpr) else sympy.ImmutableMatrix([[value]])


def _unevaluated_product(values):
    if any(isinstance(v, sympy.MatrixExpr) for v in values):
        return sympy.MatMul(*values)
    return sympy.Mul(*values, evaluate=False)


class SympyPrinter(Printer):
    """One SymPy node per matcalc node. A 1×1 operand that SymPy holds as a matrix (uᵀv)
    stays one where a matrix operation applies to it; a true scalar (λ, tr X) gets the
    scalar operation instead: Aᵀ of a scalar is itself, Aᴴ its conjugate, A⁻¹ 1/A."""

    def _print(self, node):
        value = self._matrix(node)
        if is_scalar(node) and isinstance(value, sympy.MatrixExpr):
            return MatrixElement(value, 0, 0)  # SymPy scales only by scalars
        return value

    def _matrix(self, node):
        """The SymPy form of node, a 1×1 one left as a matrix."""
        return super()._print(node)

    def _print_Node(self, node):
        """A function of the registry, by the SymPy function or class of its entry: an entrywise
        one applied entry by entry, a registered matrix function to its operands as matrices."""
        entry = registry.entry_of(node)
        function = entry.sympy if entry is not None else None
        if function is None:
            raise NotationError(f"SymPy has no form for {type(node).__name__} ({node})")
        if isinstance(node, ir.Apply):
            return function(*(self._matrix(argument) for argument in node.args))
        if entry.entrywise:
            return self._unary(node, _entrywise(function), function)
        return self._unary(node, function)

    # -- leaves
    def _print_Symbol(self, node):
        if is_scalar(node):
            if "positive" in node.properties:
                return sympy.Symbol(node.name, positive=True)
            return sympy.Symbol(node.name, **({"complex": True} if node.complex else {"real": True}))
        return sympy.MatrixSymbol(node.name, *node.shape)

    def _print_Number(self, node):
        return node.value

    def _print_Zero(self, node):
        return sympy.S.Zero if is_scalar(node) else sympy.ZeroMatrix(*node.shape)

    def _print_Ones(self, node):
        return sympy.S.One if is_scalar(node) else sympy.OneMatrix(*node.shape)

    def _print_Identity(self, node):
        return sympy.S.One if is_scalar(node) else sympy.Identity(node.size)

    # -- sums and products
    def _print_Add(self, node):
        terms = [self._matrix(t) for t in node.terms]
        if all(isinstance(t, sympy.MatrixExpr) for t in terms):
            return sympy.MatAdd(*terms)
        return sympy.Add(*(self._print(t) for t in node.terms), evaluate=False)

    def _print_Mul(self, node):
        """One MatMul, except where SymPy needs a scalar: a run multiplying out to 1×1 before
        another matrix, (uᵀv)[0, 0]·B, and a 1×1 matrix after a product that is not a row."""
        groups, current, shape = [], [], None
        for factor in node.factors:
            value = self._matrix(factor)
            if isinstance(value, sympy.MatrixExpr):
                if value.shape == SCALAR and shape is not None and shape[1] != 1:
                    value = MatrixElement(value, 0, 0)
                elif shape is not None and shape[1] != value.shape[0]:
                    groups.append(current)
                    current, shape = [], None
            if isinstance(value, sympy.MatrixExpr):
                shape = value.shape if shape is None else (shape[0], value.shape[1])
            current.append(value)
        scalars = [MatrixElement(g[0] if len(g) == 1 else sympy.MatMul(*g), 0, 0) for g in groups]
        return _unevaluated_product(scalars + current)

    def _binary(self, node, matrix, scalar_form=None):
        """matrix(A, B) when SymPy holds both operands as matrices of one kind; else the
        product (or `scalar_form`) it comes to with a scalar: α ⊙ X = αX, A ⊘ β = Aβ⁻¹."""
        left, right = self._matrix(node.left), self._matrix(node.right)
        if (isinstance(left, sympy.MatrixExpr) and isinstance(right, sympy.MatrixExpr)
                and is_scalar(node.left) == is_scalar(node.right)):
            return matrix(left, right)
        return self._matrix(scalar_form or ir.Mul((node.left, node.right)))

    def _print_Hadamard(self, node):
        return self._binary(node, sympy.HadamardProduct)

    def _print_Divide(self, node):
        """A ⊘ B = A ⊙ B.^-1."""
        return self._binary(node, lambda a, b: sympy.HadamardProduct(a, sympy.HadamardPower(b, -1)),
                            ir.Mul((node.left, ir.Inverse(node.right))))

    def _print_Kron(self, node):
        return self._binary(node, sympy.KroneckerProduct)

    def _print_Frobenius(self, node):
        """A : B = tr(AᴴB), and conj(a) b for scalars."""
        conjugate = is_complex(node.left)

        def matrices(a, b):
            return sympy.Trace(sympy.MatMul(sympy.Adjoint(a) if conjugate else sympy.Transpose(a), b))

        left = ir.Conj(node.left) if conjugate else node.left
        return self._binary(node, matrices, ir.Mul((left, node.right)))

    def _print_Block(self, node):
        return sympy.BlockMatrix([[_as_matrix(self._matrix(entry)) for entry in row] for row in node.rows])

    def _print_BlockPart(self, node):
        (r0, r1), (c0, c1) = node.rows, node.cols
        return MatrixSlice(self._matrix(node.arg), (r0, r1, 1), (c0, c1, 1))

    # -- unary operators
    def _unary(self, node, matrix, scalar=None):
        """matrix(A) when SymPy holds the operand as a matrix, else scalar(A) (default: A),
        unevaluated: conj(−x) must not become −conj(x), as from_sympy reads what it is given."""
        value = self._matrix(node.arg)
        if isinstance(value, sympy.MatrixExpr):
            return matrix(value)
        if scalar is None:
            return value
        with sympy.evaluate(False):
            return scalar(value)

    def _print_Transpose(self, node):
        return self._unary(node, sympy.Transpose)

    def _print_Adjoint(self, node):
        return self._unary(node, sympy.Adjoint, sympy.conjugate)

    def _print_Inverse(self, node):
        return self._unary(node, sympy.Inverse, lambda v: sympy.Pow(v, -1, evaluate=False))

    def _print_LogDet(self, node):
        return self._unary(node, lambda v: sympy.log(sympy.Determinant(v)), sympy.log)

    def _print_Sym(self, node):
        return self._unary(node, lambda v: sympy.MatMul(sympy.Rational(1, 2), sympy.MatAdd(v, sympy.Transpose(v))))

    def _print_DiagMatrix(self, node):
        return self._unary(node, DiagMatrix)

    def _print_DiagVector(self, node):
        return self._unary(node, DiagonalOf)

    def _print_Vec(self, node):
        """vec of a column is the column, of a row its transpose; SymPy has none of a matrix."""
        rows, cols = node.arg.shape
        if cols == 1:
            return self._matrix(node.arg)
        if rows == 1:
            return sympy.Transpose(self._matrix(node.arg))
        raise NotationError(f"SymPy has no vec(·) of a matrix, as in {node}")

    def _print_Unvec(self, node):
        """unvec to a column is the vector, to a row its transpose; SymPy has none to a matrix."""
        rows, cols = node.shape_
        if cols == 1:
            return self._matrix(node.arg)
        if rows == 1:
            return sympy.Transpose(self._matrix(node.arg))
        raise NotationError(f"SymPy has no unvec(·) to a matrix, as in {node}")

    def _print_Sum(self, node):
        """sum(X) = 𝟙ᵀX𝟙, leaving out a 1×1 𝟙 (which would be the scalar 1)."""
        rows, cols = node.arg.shape
        left = [sympy.OneMatrix(1, rows)] if rows != 1 else []
        right = [sympy.OneMatrix(cols, 1)] if cols != 1 else []
        return self._unary(node, lambda v: sympy.MatMul(*left, v, *right))

    def _print_Norm(self, node):
        """‖A‖_F = √tr(AᴴA); of a scalar its absolute value."""
        conjugate = is_complex(node.arg)

        def matrix(value):
            left = sympy.Adjoint(value) if conjugate else sympy.Transpose(value)
            return sympy.sqrt(sympy.Trace(sympy.MatMul(left, value)))

        return self._unary(node, matrix, sympy.Abs)

    def _print_Power(self, node):
        exponent = self._print(node.exponent)
        return self._unary(node, lambda v: sympy.MatPow(v, exponent),
                           lambda v: sympy.Pow(v, exponent, evaluate=False))

    def _print_ElementPower(self, node):
        exponent = self._print(node.exponent)
        return self._unary(node, lambda v: sympy.HadamardPower(v, exponent),
                           lambda v: sympy.Pow(v, exponent, evaluate=False))


@guarded
def to_sympy(node):
    """The expression as a SymPy (matrix) expression; a NotationError where SymPy has no form."""
    return SympyPrinter().doprint(node)


# ------------------------------------------------------------ from SymPy

class _Reader:
    """SymPy → matcalc, one converter per SymPy class, found along the class hierarchy."""

    def __init__(self, symbols):
        self.symbols = symbols

    def read(self, expr):
        if not isinstance(expr, sympy.MatrixExpr) and expr.is_number:
            return ir.Zero(SCALAR) if expr == 0 else ir.Number(expr)
        for cls in type(expr).__mro__:
            converter = _CONVERTERS.get(cls)
            if converter is not None:
                return converter(self, expr)
        raise NotationError(f"matcalc has no form for the SymPy {type(expr).__name__} {expr}")

    def args(self, expr):
        return tuple(self.read(a) for a in expr.args)

    def symbol(self, name, shape, complex_=False, properties=frozenset()):
        known = self.symbols.get(name)
        if known is not None:
            complex_, properties = known.complex, known.properties
        return ir.Symbol(name, shape, complex_, frozenset(properties))

    def matrix_symbol(self, expr):
        return self.symbol(expr.name, tuple(_dimension(d) for d in expr.shape))

    def scalar_symbol(self, expr):
        properties = {"positive"} if expr.is_positive else set()
        return self.symbol(expr.name, SCALAR, bool(expr.is_complex and not expr.is_real), properties)

    def power(self, expr):
        base, exponent = self.args(expr)
        if isinstance(expr, sympy.Pow) and exponent == ir.Number(sympy.Integer(-1)):
            return ir.Inverse(base)
        return ir.Power(base, exponent)

    def log(self, expr):
        if isinstance(expr.args[0], sympy.Determinant):
            return ir.LogDet(self.read(expr.args[0].arg))
        return ir.Func("log", self.read(expr.args[0]))

    def function(self, expr):
        return ir.Func(_FUNCTION_NAMES[type(expr)], self.read(expr.args[0]))

    def apply(self, expr):
        """A registered matrix function, by its SymPy class."""
        return ir.Apply(_APPLY_NAMES[type(expr)], self.args(expr))

    def entrywise(self, expr):
        """X.applyfunc(f): the function recognised by what it does to a fresh variable."""
        variable = sympy.Dummy("z")
        body = expr.function(variable)
        for entry in registry.ENTRYWISE:
            if body == entry.sympy(variable):
                return ir.Func(entry.name, self.read(expr.expr))
        for kind, function in _ENTRYWISE.items():
            if body == function(variable):
                return kind(self.read(expr.expr))
        raise NotationError(f"matcalc has no elementwise function {expr.function}")

    def sum(self, expr):
        """Σᵢ f(xᵢ) over a vector's entries (log-sum-exp's), or a power sum."""
        (index, low, high), term = expr.limits[0], expr.function
        entries = [e for e in term.atoms(MatrixElement) if e.args[1:] == (index, 0)]
        if len(expr.limits) == 1 and low == 0 and len(entries) == 1 and high == entries[0].args[0].rows - 1:
            entry = sympy.Dummy("z")
            function = sympy.Lambda(entry, term.xreplace({entries[0]: entry}))
            return ir.Sum(self.entrywise(ElementwiseApplyFunction(function, entries[0].args[0])))
        return self.power_sum(expr)

    def power_sum(self, expr):
        """Σⱼ₌₀ᵏ⁻¹ Aʲ E Aᵏ⁻¹⁻ʲ, as power_sum's entry writes it; no other sum has a form."""
        (index, low, high), term = expr.limits[0], expr.function
        factors = term.args if isinstance(term, sympy.MatMul) else ()
        if (len(expr.limits) != 1 or low != 0 or len(factors) < 3 or factors[0] != sympy.MatPow(factors[-1].args[0], index)
                or factors[-1] != sympy.MatPow(factors[0].args[0], high - index)):
            raise NotationError(f"matcalc has no form for the SymPy Sum {expr}")
        middle = factors[1:-1]
        direction = self.read(middle[0] if len(middle) == 1 else sympy.MatMul(*middle))
        return ir.Apply("power_sum", (self.read(factors[0].args[0]), self.read(high + 1), direction))

    def element(self, expr):
        parent, row, col = expr.args
        if parent.shape != SCALAR or (row, col) != (0, 0):
            raise NotationError(f"matcalc has no form for the matrix entry {expr}")
        return self.read(parent)

    def explicit(self, expr):
        """An explicit Matrix: its entry if 1×1, else a block matrix of its entries."""
        if expr.shape == SCALAR:
            return self.read(expr[0, 0])
        return ir.Block(tuple(tuple(self.read(expr[i, j]) for j in range(expr.cols))
                              for i in range(expr.rows)))

    def slice(self, expr):
        parent, rows, cols = expr.args
        if rows[2] != 1 or cols[2] != 1:
            raise NotationError(f"matcalc has no strided slice such as {expr}")
        return ir.BlockPart(self.read(parent), tuple(_dimension(d) for d in rows[:2]),
                            tuple(_dimension(d) for d in cols[:2]))


def _dimension(dim):
    """A SymPy dimension with its symbols as matcalc's (positive integers)."""
    dim = sympy.sympify(dim)
    return sympy.expand(dim.xreplace({s: dimension(s.name) for s in dim.free_symbols}))


def _left_nested(kind):
    return lambda reader, expr: reduce(kind, reader.args(expr))


#: The entrywise functions that are SymPy function classes (log has a converter of its own).
_FUNCTION_NAMES = {entry.sympy: entry.name for entry in registry.ENTRYWISE
                   if isinstance(entry.sympy, sympy.FunctionClass)}

#: The registered matrix functions, by the SymPy class each prints as.
_APPLY_NAMES = {entry.sympy: entry.name for entry in registry.MATRIX_FUNCTIONS}

_CONVERTERS = {
    **{function: _Reader.function for function in _FUNCTION_NAMES},
    **{function: _Reader.apply for function in _APPLY_NAMES},
    sympy.MatrixSymbol: _Reader.matrix_symbol,
    sympy.Symbol: _Reader.scalar_symbol,
    sympy.MatAdd: lambda r, e: ir.Add(r.args(e)),
    sympy.Add: lambda r, e: ir.Add(r.args(e)),
    sympy.MatMul: lambda r, e: ir.Mul(r.args(e)),
    sympy.Mul: lambda r, e: ir.Mul(r.args(e)),
    sympy.Sum: _Reader.sum,
    sympy.Pow: _Reader.power,
    sympy.MatPow: _Reader.power,
    sympy.Inverse: lambda r, e: ir.Inverse(r.read(e.arg)),
    sympy.Transpose: lambda r, e: ir.Transpose(r.read(e.arg)),
    sympy.Adjoint: lambda r, e: ir.Adjoint(r.read(e.arg)),
    sympy.Trace: lambda r, e: ir.Trace(r.read(e.arg)),
    sympy.Determinant: lambda r, e: ir.Det(r.read(e.arg)),
    sympy.log: _Reader.log,
    sympy.conjugate: lambda r, e: ir.Conj(r.read(e.args[0])),
    sympy.re: lambda r, e: ir.Real(r.read(e.args[0])),
    sympy.im: lambda r, e: ir.Imag(r.read(e.args[0])),
    sympy.HadamardProduct: _left_nested(ir.Hadamard),
    sympy.HadamardPower: lambda r, e: ir.ElementPower(*r.args(e)),
    sympy.KroneckerProduct: _left_nested(ir.Kron),
    sympy.BlockMatrix: lambda r, e: ir.Block(tuple(tuple(r.read(b) for b in row)
                                                   for row in e.blocks.tolist())),
    sympy.Identity: lambda r, e: ir.Identity(_dimension(e.rows)),
    sympy.ZeroMatrix: lambda r, e: ir.Zero(tuple(_dimension(d) for d in e.shape)),
    sympy.OneMatrix: lambda r, e: ir.Ones(tuple(_dimension(d) for d in e.shape)),
    DiagMatrix: lambda r, e: ir.DiagMatrix(r.read(e.args[0])),
    DiagonalOf: lambda r, e: ir.DiagVector(r.read(e.arg)),
    DiagonalMatrix: lambda r, e: ir.Hadamard(ir.Identity(_dimension(e.rows)), r.read(e.arg)),
    MatrixElement: _Reader.element,
    MatrixSlice: _Reader.slice,
    ElementwiseApplyFunction: _Reader.entrywise,
    sympy.MatrixBase: _Reader.explicit,
}


def from_sympy(expr, symbols=()):
    """The matcalc expression of a SymPy one; a NotationError for what matcalc cannot say.

    `symbols` (matcalc Symbols, such as those of the expression converted) give
    the fields and properties SymPy does not record for matrices.
    """
    return _Reader({s.name: s for s in symbols}).read(sympy.sympify(expr))
