"""The adjoints of Y ↦ A ⊗ Y and Y ↦ Y ⊗ B in the language's own terms, so that they print as
text that reads back.

For M of p×q blocks Mᵢⱼ, each n×m, and A p×q:
    Σᵢⱼ conj(Aᵢⱼ) Mᵢⱼ = (vec(I_p)ᵀ ⊗ I_n)(I_p ⊗ M)(vec(Aᴴ) ⊗ I_m),
since vec(I_p)ᵀ ⊗ I_n = [e₁ᵀ ⊗ I_n, …, e_pᵀ ⊗ I_n] selects each block row of M and
vec(Aᴴ) ⊗ I_m weighs the block columns. For blocks shaped like B (r×c), the p×q matrix
    [B : Mᵢⱼ]ᵢⱼ = (I_p ⊗ vec(I_r)ᵀ)(M ⊗ I_r)(I_q ⊗ vec(conj(B))),
whose middle factor pairs each row a of a block with the a-th copy of I_r.
"""
import sympy

from . import algebra, ir
from .properties import is_complex


def block_sum_form(node):
    """Σᵢⱼ conj(Aᵢⱼ) Mᵢⱼ of a KronBlockSum as products of Kronecker products."""
    weights, blocks = node.weights, node.arg
    p, (n, m) = sympy.sympify(weights.shape[0]), sympy.sympify(node.shape)
    paired = weights if isinstance(weights, ir.Identity) else (
        algebra.adjoint(weights) if is_complex(weights) else algebra.transpose(weights))
    return ir.Mul((ir.Kron(ir.Transpose(ir.Vec(ir.Identity(p))), ir.Identity(n)),
                   ir.Kron(ir.Identity(p), blocks),
                   ir.Kron(ir.Vec(paired), ir.Identity(m))))


def block_inner_form(node):
    """[B : Mᵢⱼ]ᵢⱼ of a KronBlockInner as products of Kronecker products."""
    weights, blocks = node.weights, node.arg
    (p, q), r = sympy.sympify(node.shape), sympy.sympify(weights.shape[0])
    paired = algebra.conj(weights) if is_complex(weights) else weights
    return ir.Mul((ir.Kron(ir.Identity(p), ir.Transpose(ir.Vec(ir.Identity(r)))),
                   ir.Kron(blocks, ir.Identity(r)),
                   ir.Kron(ir.Identity(q), ir.Vec(paired))))
