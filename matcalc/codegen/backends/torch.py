"""The PyTorch backend: torch tensors in and out, torch.linalg's factorizations.

torch.linalg.cholesky gives the factor L itself and torch.cholesky_solve solves with
it; torch.linalg.lu_factor/lu_solve are LAPACK's getrf/getrs (pivots counted from 1).
A solve with Mᵀ is the conjugate of a solve with Mᴴ against the conjugate.
torch multiplies and solves only tensors of one dtype: where an operand may be complex,
products, solves and einsums promote their operands first (`_promoted`).
Vec and unvec are column-major, by a transpose, as torch reshapes row-major only.
"""
from ...core.properties import is_complex
from ..backend import Backend
from ..forms import is_product
from .matrix_function_helpers import TORCH
from .numpy_printer import NumPyPrinter, spellings
from .torch_prelude import ENTRY_HELPER_SOURCE, HELPERS, IMPORTED_NAMES, PRELUDE


class TorchPrinter(NumPyPrinter):
    """torch expressions for lowered nodes."""
    xp = "torch"
    einsum_name = "_einsum"
    einsum_options = ""
    backend = "torch"
    functions = spellings("torch")
    column_major_reshape = False
    symmetric_indefinite = False  # no L D Lᵀ factorization: LU
    function_helpers = TORCH

    def typed_scalar(self, text):
        return f"torch.tensor({text}, dtype={self.dtype()})"

    def conjugate(self, text):
        return f"torch.conj_physical({text})"

    def _print_Adjoint(self, node):
        return f"{self.atom(node.arg)}.mH"

    def _print_Imag(self, node):
        self.helpers.add("_imag")
        return f"_imag({self.expr(node.arg)})"

    def _print_Block(self, node):
        rows = ", ".join("torch.cat([" + ", ".join(self.expr(e) for e in row) + "], dim=1)"
                         for row in node.rows)
        return f"torch.cat([{rows}], dim=0)"  # lists, also of one

    # -- factorizations
    def _print_Factor(self, node):
        function = "torch.linalg.cholesky" if node.kind == "cholesky" else "torch.linalg.lu_factor"
        return f"{function}({self.expr(node.matrix)})"

    def _print_Mul(self, node):
        if is_product(node) and node.factors[0].shape[1] != 1 and any(map(is_complex, node.factors)):
            product = f"torch.matmul(*_promoted({self.expr(node.factors[0])}, {self.expr(node.factors[1])}))"
            return f"{product}[0, 0]" if node.shape == (1, 1) else product
        return super()._print_Mul(node)

    def solve(self, factor, rhs, op):
        factor_text = self.expr(factor)
        if op == "T":
            return self.transposed_solve(factor, rhs)
        if factor.kind == "cholesky":  # M = Mᴴ
            return f"torch.cholesky_solve(*_promoted({rhs}, {factor_text}))"
        adjoint = ", adjoint=True" if op == "H" else ""
        return f"torch.linalg.lu_solve(*_lu_operands({factor_text}, {rhs}){adjoint})"

    def factor_matrix(self, factor, text):
        return text if factor.kind == "cholesky" else f"{text}[0]"  # L itself; (LU, pivots)

    def inverse_from_cholesky(self, factor_text):
        return f"torch.cholesky_inverse({factor_text})"

    # -- reductions and reshapes
    def _print_Frobenius(self, node):
        return f"torch.sum(torch.conj_physical({self.expr(node.left)}) * {self.atom(node.right)})"

    def _print_SquaredNorm(self, node):
        return f"torch.sum(torch.abs({self.expr(node.arg)}) ** 2)"

    def _print_Norm(self, node):
        return f"torch.linalg.norm({self.expr(node.arg)})"



class TorchBackend(Backend):
    name = "torch"
    printer = TorchPrinter
    prelude, helpers, imported_names = PRELUDE + ENTRY_HELPER_SOURCE, HELPERS, IMPORTED_NAMES
    dtype_expression = "_real_dtype({})"
    no_inputs = ""
