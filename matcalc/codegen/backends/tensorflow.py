"""The TensorFlow backend: tf tensors in and out, tf.linalg's factorizations.

tf.linalg.cholesky gives the factor L and tf.linalg.cholesky_solve solves with it;
tf.linalg.lu gives P M = L U as (LU, permutation), solved by tf.linalg.lu_solve, or
by two triangular solves for Mᴴ. A solve with Mᵀ is the conjugate of a solve with Mᴴ
against the conjugate. Tensors have no .T or .reshape: transposes and reshapes are
tf functions, vec and unvec column-major by a transpose. Where an operation may mix
real and complex operands it promotes them first (`_promoted`), as TensorFlow does not.
Its matrix and spectral functions are the helpers of matrix_function_helpers.TENSORFLOW.
"""
from ...core.properties import is_complex
from ..backend import Backend
from ..forms import is_product
from .numpy_printer import NumPyPrinter, spellings
from .tensorflow_prelude import ENTRY_HELPER_SOURCE, HELPERS, IMPORTED_NAMES, PRELUDE


class TensorFlowPrinter(NumPyPrinter):
    """TensorFlow expressions for lowered nodes."""
    xp = "tf"
    einsum_name = "_einsum"
    einsum_options = ""
    backend = "tensorflow"
    functions = spellings("tensorflow")
    column_major_reshape = False
    symmetric_indefinite = False  # no L D Lᵀ factorization: LU
    function_helpers = HELPERS  # the matrix functions' and the integer power's (power_sum)

    def typed_scalar(self, text):
        return f"tf.constant({text}, dtype={self.dtype()})"

    def mixed(self, node, operands):
        """Whether `node` may be complex while some of its operands are real."""
        return is_complex(node) and not all(map(is_complex, operands))

    def promoted(self, operands):
        """The operands' expressions as arguments, promoted to one dtype."""
        return "*_promoted(" + ", ".join(self.expr(operand) for operand in operands) + ")"

    # -- sums and products
    def _print_Add(self, node):
        if self.mixed(node, node.terms):
            return f"tf.add_n([{self.promoted(node.terms)}])"
        return super()._print_Add(node)

    def _print_Mul(self, node):
        if is_product(node) and node.factors[0].shape[1] != 1:
            product = f"tf.matmul({self.promoted(node.factors)})"
            return f"{product}[0, 0]" if node.shape == (1, 1) else product
        if self.mixed(node, node.factors):
            return f"_multiply({self.promoted(node.factors)})"
        return super()._print_Mul(node)

    def _print_PlusIdentity(self, node):
        matrix = self.atom(node.matrix)
        size = self.dim(node.shape[0])
        scalar = f"_cast({self.expr(node.scalar)}, {matrix}.dtype)"
        return f"{matrix} + {scalar} * tf.eye({size}, dtype={matrix}.dtype)"

    def _print_Hadamard(self, node):
        if self.mixed(node, (node.left, node.right)):
            return f"_multiply({self.promoted((node.left, node.right))})"
        return super()._print_Hadamard(node)

    def _print_Divide(self, node):
        if self.mixed(node, (node.left, node.right)):
            return f"tf.math.divide({self.promoted((node.left, node.right))})"
        return super()._print_Divide(node)

    def _print_Scale(self, node):
        if self.mixed(node, (node.vector, node.matrix)):
            vector, matrix = self.expr(node.vector), self.expr(node.matrix)
            if node.side == "left":
                return f"_multiply({vector}, {matrix})"
            return f"_multiply({matrix}, {self.transposed(vector)})"
        return super()._print_Scale(node)

    # -- transposes, parts, stacks
    def transposed(self, atom):
        return f"tf.transpose({atom})"

    def reshaped(self, atom, sizes):
        return f"tf.reshape({atom}, ({sizes},))" if "," not in sizes else f"tf.reshape({atom}, ({sizes}))"

    def stacked(self, texts, axis):
        return f"_concat([{', '.join(texts)}], {axis})"  # a list, also of one

    def conjugate(self, text):
        return f"tf.math.conj({text})"

    def _print_Adjoint(self, node):
        return f"tf.linalg.adjoint({self.expr(node.arg)})"

    def _print_Real(self, node):
        return f"tf.math.real({self.expr(node.arg)})"

    def _print_Imag(self, node):
        return f"tf.math.imag({self.expr(node.arg)})"

    def _print_Block(self, node):
        rows = [self.stacked([self.expr(e) for e in row], 1) for row in node.rows]
        return self.stacked(rows, 0)

    # -- factorizations
    def _print_Factor(self, node):
        function = "tf.linalg.cholesky" if node.kind == "cholesky" else "tf.linalg.lu"
        return f"{function}({self.expr(node.matrix)})"

    def solve(self, factor, rhs, op):
        factor_text = self.expr(factor)
        if op == "T":
            return self.transposed_solve(factor, rhs)
        if factor.kind == "cholesky":  # M = Mᴴ
            return f"tf.linalg.cholesky_solve(*_promoted({factor_text}, {rhs}))"
        self.helpers.add("_lu_solve")
        return f"_lu_solve({factor_text}, {rhs}{', adjoint=True' if op == 'H' else ''})"

    def factor_matrix(self, factor, text):
        return text if factor.kind == "cholesky" else f"{text}[0]"  # L itself; (LU, permutation)

    def inverse_from_cholesky(self, factor_text):
        return None  # a solve with I

    def _print_LogDetOf(self, node):
        if node.factor.kind == "cholesky":
            diagonal = f"tf.linalg.diag_part({self.expr(node.factor)})"
            return f"2 * tf.reduce_sum(tf.math.log(tf.abs({diagonal})))"
        self.helpers.update(("_logdet_lu", "_permutation_sign"))
        return f"_logdet_lu({self.expr(node.factor)})"

    def _print_DetOf(self, node):
        if node.factor.kind == "cholesky":
            return f"tf.abs(tf.reduce_prod(tf.linalg.diag_part({self.expr(node.factor)}))) ** 2"
        self.helpers.update(("_det_lu", "_permutation_sign"))
        return f"_det_lu({self.expr(node.factor)})"

    # -- reductions, diagonals, reshapes
    def _print_Frobenius(self, node):
        left, right = self.conjugate(self.expr(node.left)), self.expr(node.right)
        return f"tf.reduce_sum(_multiply({left}, {right}))"

    def _print_SquaredNorm(self, node):
        return f"tf.reduce_sum(tf.abs({self.expr(node.arg)}) ** 2)"

    def _print_Norm(self, node):
        return f"tf.norm({self.expr(node.arg)})"

    def _print_Trace(self, node):
        return f"tf.linalg.trace({self.expr(node.arg)})"

    def _print_Sum(self, node):
        return f"tf.reduce_sum({self.expr(node.arg)})"

    def _print_DiagVector(self, node):
        return f"tf.linalg.diag_part({self.expr(node.arg)})[:, None]"

    def _print_DiagMatrix(self, node):
        return f"tf.linalg.diag(tf.reshape({self.expr(node.arg)}, (-1,)))"

    def _print_Power(self, node):
        if node.shape == (1, 1):
            return super()._print_Power(node)
        self.helpers.add("_matrix_power")
        return f"_matrix_power({self.expr(node.arg)}, int({self.expr(node.exponent)}))"

    def _print_Kron(self, node):
        self.helpers.add("_kron")
        return f"_kron({self.expr(node.left)}, {self.expr(node.right)})"


class TensorFlowBackend(Backend):
    name = "tensorflow"
    printer = TensorFlowPrinter
    prelude, helpers, imported_names = PRELUDE + ENTRY_HELPER_SOURCE, HELPERS, IMPORTED_NAMES
    dtype_expression = "_real_dtype({})"
    no_inputs = ""
