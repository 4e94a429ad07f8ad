"""NumPy/SciPy spellings of lowered nodes: one Python expression per node.

Inside, vectors are n×1 arrays and 1×1 values NumPy scalars; the functions take and
give vectors 1-D. Factorizations are SciPy's (cho_factor/cho_solve, lu_factor/lu_solve,
LAPACK potri through get_lapack_funcs); the module's prelude imports them.
"""
from ...core import ir, registry
from ...core.primitive import fill, is_template
from ..code_printer import CodePrinter, is_scaling, negated
from ..forms import is_product
from .matrix_function_helpers import NUMPY, called
from ...core.shapes import SCALAR
from ...errors import MatcalcError

LU_TRANS = {"N": "", "T": ", trans=1", "H": ", trans=2"}


def spellings(backend):
    """Registered function name → how `backend` spells it."""
    return {entry.name: entry.backends[backend] for entry in registry.ENTRIES if backend in entry.backends}


FUNCTIONS = spellings("numpy")


class NumPyPrinter(CodePrinter):
    """NumPy expressions for lowered nodes; `names` maps computed nodes to their names.

    `xp` is the name the module binds its array namespace to: a NumPy-like namespace
    (jax.numpy) reuses these spellings and overrides only where it differs.
    """
    xp = "np"
    einsum_name = "np.einsum"
    einsum_options = ", optimize=True"
    backend = "numpy"
    functions = FUNCTIONS
    #: The helpers its matrix functions' spellings may call.
    function_helpers = NUMPY

    def typed_scalar(self, text):
        """A number of the inputs' real dtype: the dtype policy's scalars."""
        return f"{self.dtype()}.type({text})"

    # -- leaves
    def _print_Number(self, node):
        value = node.value
        if value.free_symbols:
            return self.dim(value)
        if value.is_Integer:
            return str(int(value))
        if value.is_real:
            return repr(float(value))
        return repr(complex(value))

    def _print_Identity(self, node):
        return f"{self.xp}.eye({self.dim(node.size)}, dtype={self.dtype()})"

    def _print_Zero(self, node):
        if node.shape == SCALAR:
            return self.typed_scalar("0")
        return f"{self.xp}.zeros({self.shape(node)}, dtype={self.dtype()})"

    def _print_Ones(self, node):
        return f"{self.xp}.ones({self.shape(node)}, dtype={self.dtype()})"

    # -- sums and products
    def _print_Add(self, node):
        parts = [self.expr(node.terms[0])]
        for term in node.terms[1:]:
            subtracted = negated(term)
            if subtracted is None:
                parts.append(f" + {self.expr(term)}")
            else:
                parts.append(f" - {self.expr(subtracted) if is_scaling(subtracted) else self.atom(subtracted)}")
        return "".join(parts)

    def _print_Mul(self, node):
        if is_product(node):
            left, right = node.factors
            if left.shape[1] == 1 and node.shape != SCALAR:  # an outer product, by broadcasting
                return f"{self.atom(left)} * {self.atom(right)}"
            product = f"{self.atom(left)} @ {self.atom(right)}"
            return f"({product})[0, 0]" if node.shape == SCALAR else product
        factors = node.factors
        if isinstance(factors[0], ir.Number) and factors[0].value == -1 and len(factors) > 1:
            return "-" + " * ".join(self.atom(f) for f in factors[1:])
        return " * ".join(self.atom(f) for f in factors)

    def _print_PlusIdentity(self, node):
        matrix = self.atom(node.matrix)
        size = self.dim(node.shape[0])
        return f"{matrix} + {self.atom(node.scalar)} * {self.xp}.eye({size}, dtype={matrix}.dtype)"

    def _print_Hadamard(self, node):
        return f"{self.atom(node.left)} * {self.atom(node.right)}"

    def _print_Divide(self, node):
        return f"{self.atom(node.left)} / {self.atom(node.right)}"

    def _print_Scale(self, node):
        vector = self.atom(node.vector)
        if node.side == "left":
            return f"{vector} * {self.atom(node.matrix)}"
        return f"{self.atom(node.matrix)} * {self.transposed(vector)}"

    # -- transposes and parts
    def _print_Transpose(self, node):
        return self.transposed(self.atom(node.arg))

    def transposed(self, atom):
        """Aᵀ of an array's atom (a name or a bracketed expression)."""
        return f"{atom}.T"

    def reshaped(self, atom, sizes):
        """An array's atom reshaped row-major to `sizes`, a comma-separated list."""
        return f"{atom}.reshape({sizes})"

    def stacked(self, texts, axis):
        """Arrays side by side (axis 1) or one above the other (axis 0)."""
        return f"{self.xp}.{'hstack' if axis == 1 else 'vstack'}((" + ", ".join(texts) + "))"

    def _print_Adjoint(self, node):
        return f"{self.atom(node.arg)}.conj().T"

    def _print_Conj(self, node):
        return self.conjugate(self.expr(node.arg))

    def conjugate(self, text):
        """The entrywise conjugate of an array's expression."""
        return f"{self.xp}.conj({text})"

    def _print_Real(self, node):
        return f"{self.xp}.real({self.expr(node.arg)})"

    def _print_Imag(self, node):
        return f"{self.xp}.imag({self.expr(node.arg)})"

    def _print_Sym(self, node):
        arg = self.atom(node.arg)
        return f"0.5 * ({arg} + {self.transposed(arg)})"

    def _print_BlockPart(self, node):
        (r0, r1), (c0, c1) = ([self.dim(d) for d in pair] for pair in (node.rows, node.cols))
        return f"{self.atom(node.arg)}[{r0}:{r1}, {c0}:{c1}]"

    def _print_Columns(self, node):
        return f"{self.atom(node.arg)}[:, {self.dim(node.start)}:{self.dim(node.stop)}]"

    def _print_Stack(self, node):
        return self.stacked([self.expr(p) for p in node.parts], node.axis)

    def _print_Block(self, node):
        rows = ", ".join("[" + ", ".join(self.expr(e) for e in row) + "]" for row in node.rows)
        return f"{self.xp}.block([{rows}])"

    # -- factorizations
    #: Whether a real symmetric matrix that is not provably definite is factored L D Lᵀ
    #: (LAPACK sytrf, Bunch-Kaufman pivoting: about half the work of LU); SciPy has it.
    symmetric_indefinite = True

    def is_ldl(self, factor):
        return self.symmetric_indefinite and factor.kind == "lu" and factor.symmetric

    def factor_kind(self, factor):
        return "ldl" if self.is_ldl(factor) else factor.kind

    def _print_Factor(self, node):
        overwrite = ", overwrite_a=True" if node.matrix in self.overwritable else ""
        if self.is_ldl(node):
            self.helpers.add("_ldl_factor")
            return f"_ldl_factor({self.expr(node.matrix)}{overwrite})"
        function = "cho_factor" if node.kind == "cholesky" else "lu_factor"
        return f"{function}({self.expr(node.matrix)}{overwrite}, check_finite=False)"

    def solve(self, factor, rhs, op):
        if self.is_ldl(factor):  # M = Mᵀ = Mᴴ: every op is M itself
            self.helpers.add("_ldl_solve")
            return f"_ldl_solve({self.expr(factor)}, {rhs})"
        if factor.kind == "cholesky":
            if op == "T":
                conjugated = self.conjugate(rhs)
                return self.conjugate(f"cho_solve({self.expr(factor)}, {conjugated}, check_finite=False)")
            return f"cho_solve({self.expr(factor)}, {rhs}, check_finite=False)"
        return f"lu_solve({self.expr(factor)}, {rhs}{LU_TRANS[op]}, check_finite=False)"

    def _print_Solve(self, node):
        return self.solve(node.factor, self.expr(node.rhs), node.op)

    def transposed_solve(self, factor, rhs):
        """Mᵀ y = r  ⇔  Mᴴ ȳ = r̄: a solve with Mᵀ as the conjugate of one with Mᴴ."""
        return self.conjugate(self.solve(factor, self.conjugate(rhs), "H"))

    def _print_StackedSolve(self, node):
        return self.solve(node.factor, self.stacked([self.expr(r) for r in node.rhs], 1), node.op)

    def factor_matrix(self, factor, text):
        """The array holding a factorization's triangle(s): SciPy returns (c, lower) and (lu, piv)."""
        return f"{text}[0]"

    def inverse_from_cholesky(self, factor_text):
        """M⁻¹ from M's Cholesky factor (M = Mᴴ), or None to solve with I instead."""
        self.helpers.add("_inverse_cholesky")  # LAPACK potri
        return f"_inverse_cholesky({factor_text})"

    def _print_InverseOf(self, node):
        factor = self.expr(node.factor)
        if node.factor.kind == "cholesky" and node.op != "T":
            inverse = self.inverse_from_cholesky(factor)
            if inverse is not None:
                return inverse
        dtype = f"{self.factor_matrix(node.factor, factor)}.dtype"
        return self.solve(node.factor, f"{self.xp}.eye({self.dim(node.shape[0])}, dtype={dtype})", node.op)

    def _print_LogDetOf(self, node):
        factor, xp = self.expr(node.factor), self.xp
        if node.factor.kind == "cholesky":
            diagonal = f"{xp}.diagonal({self.factor_matrix(node.factor, factor)})"
            return f"2 * {xp}.sum({xp}.log({xp}.abs({diagonal})))"
        kind = self.factor_kind(node.factor)
        self.helpers.update((f"_logdet_{kind}",) + (("_ldl_blocks",) if kind == "ldl" else ()))
        return f"_logdet_{kind}({factor})"

    def _print_DetOf(self, node):
        factor, xp = self.expr(node.factor), self.xp
        if node.factor.kind == "cholesky":
            return f"{xp}.abs({xp}.prod({xp}.diagonal({self.factor_matrix(node.factor, factor)}))) ** 2"
        kind = self.factor_kind(node.factor)
        self.helpers.update((f"_det_{kind}",) + (("_ldl_blocks",) if kind == "ldl" else ()))
        return f"_det_{kind}({factor})"

    # -- reductions and diagonals
    def _print_Frobenius(self, node):
        return f"{self.xp}.vdot({self.expr(node.left)}, {self.expr(node.right)})"

    def _print_SquaredNorm(self, node):
        arg = self.expr(node.arg)
        return f"{self.xp}.vdot({arg}, {arg}).real"

    def _print_Norm(self, node):
        arg = self.expr(node.arg)
        return f"{self.xp}.sqrt({self.xp}.vdot({arg}, {arg}).real)"

    def _print_Trace(self, node):
        return f"{self.xp}.trace({self.expr(node.arg)})"

    def _print_Sum(self, node):
        return f"{self.xp}.sum({self.expr(node.arg)})"

    def _print_DiagProduct(self, node):
        left, right = node.left, node.right
        if isinstance(left, ir.Transpose):  # read both operands along their rows
            spec, left = "ji,ji->i", left.arg
        elif isinstance(right, ir.Transpose):
            spec, right = "ij,ij->i", right.arg
        else:
            spec = "ij,ji->i"
        return f"{self.einsum_name}('{spec}', {self.expr(left)}, {self.expr(right)})[:, None]"

    def _print_Gram(self, node):
        """MᵀM as one array times its own transpose, which NumPy computes as a symmetric
        rank-k update (BLAS syrk): one triangle, half the flops of a general product."""
        if isinstance(node.arg, ir.Transpose):  # (Bᵀ)ᵀBᵀ = BBᵀ
            arg = self.atom(node.arg.arg)
            return f"{arg} @ {self.transposed(arg)}"
        arg = self.atom(node.arg)
        return f"{self.transposed(arg)} @ {arg}"

    def _print_DiagVector(self, node):
        return f"{self.xp}.diagonal({self.expr(node.arg)})[:, None]"

    def _print_DiagMatrix(self, node):
        return f"{self.xp}.diagflat({self.expr(node.arg)})"

    #: Whether reshapes take order='F'; where they do not, vec and unvec stay column-major
    #: by a transpose.
    column_major_reshape = True

    def _print_Vec(self, node):
        if self.column_major_reshape:
            return f"{self.atom(node.arg)}.reshape(-1, 1, order='F')"
        return self.reshaped(self.transposed(self.atom(node.arg)), "-1, 1")

    def _print_Unvec(self, node):
        if self.column_major_reshape:
            return f"{self.atom(node.arg)}.reshape({self.shape(node)[1:-1]}, order='F')"
        rows, cols = (self.dim(d) for d in node.shape)
        return self.transposed(self.reshaped(self.atom(node.arg), f"{cols}, {rows}"))

    # -- powers and elementwise functions
    def _print_Power(self, node):
        if node.shape == SCALAR:
            return f"{self.atom(node.arg)} ** {self.atom(node.exponent)}"
        return f"{self.xp}.linalg.matrix_power({self.expr(node.arg)}, int({self.expr(node.exponent)}))"

    def _print_ElementPower(self, node):
        return f"{self.atom(node.arg)} ** {self.atom(node.exponent)}"

    def _print_Func(self, node):
        spelling = self.function(node.name)
        argument = self.expr(node.arg)
        return fill(spelling, [argument]) if is_template(spelling) else f"{spelling}({argument})"

    def function(self, name):
        """The backend's spelling of a registered function."""
        spelling = self.functions.get(name)
        if spelling is None:
            raise MatcalcError(f"{name} has no spelling for the {self.backend} backend")
        return spelling

    def _print_Apply(self, node):
        """A registered matrix function, as its entry spells it; the helpers it calls join the module."""
        spelling, arguments = self.function(node.name), [self.atom(argument) for argument in node.args]
        text = fill(spelling, arguments) if is_template(spelling) else f"{spelling}({', '.join(arguments)})"
        self.helpers.update(helper for name in self.function_helpers if f"{name}(" in text
                            for helper in called(name, self.function_helpers))
        return text

    # -- Kronecker products, by reshapes
    def _print_Kron(self, node):
        return f"{self.xp}.kron({self.expr(node.left)}, {self.expr(node.right)})"

    def _print_KronApply(self, node):
        (p, q), (r, s) = ([self.dim(d) for d in part.shape] for part in (node.left, node.right))
        a, b, m = node.left, node.right, self.atom(node.arg)
        if node.side == "left":  # [(A ⊗ B) M]_(i r) c = Σ_j s A_ij B_rs M_(j s) c
            spec, operands = _kron_spec("ij", "rs", "jsc->irc", a, b)
            reshaped = self.reshaped(m, f"{q}, {s}, -1")
            return self.reshaped(self.einsum(spec, operands, reshaped), f"{p} * {r}, -1")
        spec, operands = _kron_spec("ij", "rs", "xir->xjs", a, b)
        reshaped = self.reshaped(m, f"-1, {p}, {r}")
        return self.reshaped(self.einsum(spec, operands, reshaped, last=False), f"-1, {q} * {s}")

    def _print_KronInner(self, node):
        (p, q), (r, s) = ([self.dim(d) for d in part.shape] for part in (node.left, node.right))
        spec, operands = _kron_spec("ij", "rs", "irjs->", node.left, node.right)
        reshaped = self.reshaped(self.conjugate(self.atom(node.arg)), f"{p}, {r}, {q}, {s}")
        return self.einsum(spec, operands, reshaped)

    def _print_KronBlockSum(self, node):
        p, q = (self.dim(d) for d in node.weights.shape)
        rows, cols = (self.dim(d) for d in node.shape)
        reshaped = self.reshaped(self.atom(node.arg), f"{p}, {rows}, {q}, {cols}")
        if isinstance(node.weights, ir.Identity):
            return f"{self.einsum_name}('iris->rs', {reshaped})"
        return f"{self.einsum_name}('ij,irjs->rs', {self.conjugate(self.expr(node.weights))}, {reshaped})"

    def _print_KronBlockInner(self, node):
        r, s = (self.dim(d) for d in node.weights.shape)
        p, q = (self.dim(d) for d in node.shape)
        reshaped = self.reshaped(self.atom(node.arg), f"{p}, {r}, {q}, {s}")
        return f"{self.einsum_name}('rs,irjs->ij', {self.conjugate(self.expr(node.weights))}, {reshaped})"

    def einsum(self, spec, operands, reshaped, last=True):
        """einsum over the Kronecker factors (identities folded into the subscripts) and M."""
        inputs, output = spec.split("->")
        texts = [self.expr(o) for o in operands]
        arrays = texts + [reshaped] if last else [reshaped] + texts
        return f"{self.einsum_name}('{inputs}->{output}', {', '.join(arrays)}{self.einsum_options})"


def _kron_spec(a_index, b_index, rest, a, b):
    """einsum subscripts for A ⊗ B against a reshaped M, an identity factor as a repeated index."""
    m_index, output = rest.split("->")
    operands, subscripts = [], []
    for index, factor in ((a_index, a), (b_index, b)):
        if isinstance(factor, ir.Identity):
            m_index = m_index.replace(index[1], index[0])
            output = output.replace(index[1], index[0])
        else:
            operands.append(factor)
            subscripts.append(index)
    if rest.startswith("xir"):
        return ",".join([m_index] + subscripts) + "->" + output, operands
    return ",".join(subscripts + [m_index]) + "->" + output, operands
