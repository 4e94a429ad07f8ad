"""What can be proven about a typed node: its field and structural properties.

Each question is answered from the node's children, recursively and cached, so
that rules can ask `symmetric(S)` of any subexpression: X E Xᵀ with E symmetric
is symmetric; ρI + DᴴD with ρ > 0 is positive definite; I ⊙ X is diagonal.
"""
from functools import lru_cache

from . import ir, registry


@lru_cache(maxsize=65536)
def is_complex(node):
    """True when the node may take complex values."""
    if isinstance(node, ir.Symbol):
        return node.complex
    if isinstance(node, ir.Number):
        return not node.value.is_real
    entry = registry.entry_of(node)
    if entry is not None and entry.real_valued:
        return False
    if entry is not None and entry.real_on_definite and is_positive_definite(node.children()[0]):
        return False  # logdet(S) of an hpd S
    if _proven_real(node):
        return False
    return any(is_complex(child) for child in node.children())


def _proven_real(node):
    """Forms real by their structure although built from complex parts: A : A, tr of a
    hermitian matrix or of a product of two (tr(S⁻¹C)), zᴴAz with A hermitian, z ⊙ conj(z)."""
    if isinstance(node, ir.Frobenius):
        return node.left == node.right
    if isinstance(node, ir.Trace):
        return is_hermitian(node.arg) or _hermitian_pair(node.arg)
    if isinstance(node, ir.Mul) and node.shape == (1, 1):
        return _palindrome(node, transpose_of=ir.Adjoint, symmetric=is_hermitian)
    if isinstance(node, ir.Hadamard):
        return ir.Conj(node.left) == node.right or ir.Conj(node.right) == node.left
    return False


def _hermitian_pair(node):
    """AB with A and B hermitian and real scalars: tr(AB) = tr((AB)ᴴ)* = tr(BA)* is real."""
    if not isinstance(node, ir.Mul):
        return False
    matrices = [f for f in node.factors if f.shape != (1, 1)]
    return (len(matrices) == 2 and all(is_hermitian(m) for m in matrices)
            and all(is_real(f) for f in node.factors if f.shape == (1, 1)))


def is_real(node):
    return not is_complex(node)


@lru_cache(maxsize=65536)
def is_diagonal(node):
    if isinstance(node, ir.Symbol):
        return "diagonal" in node.properties or node.shape == (1, 1)
    if isinstance(node, (ir.Identity, ir.DiagMatrix, ir.Number)):
        return True
    if isinstance(node, ir.Zero):
        return node.shape[0] == node.shape[1]
    if isinstance(node, ir.Hadamard):
        return is_diagonal(node.left) or is_diagonal(node.right)
    if isinstance(node, (ir.Add, ir.Mul)):
        return all(is_diagonal(child) for child in node.children())
    if isinstance(node, (ir.Transpose, ir.Adjoint, ir.Conj, ir.Real, ir.Imag, ir.Inverse,
                         ir.Sym, ir.Power, ir.Divide)):
        return is_diagonal(node.children()[0])
    return False


@lru_cache(maxsize=65536)
def is_symmetric(node):
    """Aᵀ = A (for complex matrices this is symmetry, not hermitian symmetry)."""
    shape = node.shape
    if shape[0] != shape[1]:
        return False
    if shape == (1, 1) or is_diagonal(node):
        return True
    if isinstance(node, ir.Symbol):
        return "symmetric" in node.properties or (
            not node.complex and bool({"spd", "hermitian"} & node.properties))
    if isinstance(node, ir.Sym):
        return True
    if isinstance(node, ir.Add):
        return all(is_symmetric(t) for t in node.terms)
    if isinstance(node, ir.Mul):
        return _palindrome(node, transpose_of=ir.Transpose, symmetric=is_symmetric)
    if isinstance(node, (ir.Inverse, ir.Transpose, ir.Conj, ir.Real, ir.Imag, ir.Power, ir.Func,
                         ir.ElementPower)):
        return is_symmetric(node.children()[0])
    if isinstance(node, (ir.Hadamard, ir.Divide, ir.Kron)):
        return is_symmetric(node.left) and is_symmetric(node.right)
    return False


@lru_cache(maxsize=65536)
def is_hermitian(node):
    """Aᴴ = A; the same as symmetric for a real matrix."""
    if is_real(node):
        return is_symmetric(node)
    shape = node.shape
    if shape[0] != shape[1]:
        return False
    if isinstance(node, ir.Symbol):
        return bool({"hermitian", "spd"} & node.properties)
    if isinstance(node, ir.Add):
        return all(is_hermitian(t) for t in node.terms)
    if isinstance(node, ir.Mul):
        return _palindrome(node, transpose_of=ir.Adjoint, symmetric=is_hermitian)
    if isinstance(node, (ir.Inverse, ir.Adjoint)):
        return is_hermitian(node.arg)
    return False


def _palindrome(node, transpose_of, symmetric):
    """X₁ ⋯ Xₖ is (hermitian) symmetric when it reads X₁ ⋯ S ⋯ X₁ᵀ with S symmetric."""
    factors = [f for f in node.factors if f.shape != (1, 1)]
    scalars = [f for f in node.factors if f.shape == (1, 1)]
    if transpose_of is ir.Adjoint and any(is_complex(s) for s in scalars):
        return False
    if not factors:
        return True
    half = len(factors) // 2
    for a, b in zip(factors[:half], reversed(factors[half:])):
        mirrored = _transposes(a, b, transpose_of) or _transposes(b, a, transpose_of)
        if not (mirrored or (a == b and symmetric(a))):
            return False
    return len(factors) % 2 == 0 or symmetric(factors[half])


def _transposes(a, b, transpose_of):
    """b is aᵀ (or aᴴ); for a real a either transpose will do."""
    if isinstance(b, (ir.Transpose, ir.Adjoint)) and b.arg == a:
        return isinstance(b, transpose_of) or is_real(a)
    return False


@lru_cache(maxsize=65536)
def is_positive_definite(node):
    """Provably (hermitian) positive definite: spd names, ρI with ρ > 0, XᴴX + λI, inverses,
    transposes and powers of definite matrices."""
    if isinstance(node, ir.Symbol):
        return "spd" in node.properties or ("positive" in node.properties and node.shape == (1, 1))
    if isinstance(node, ir.Identity):
        return True
    if isinstance(node, ir.Number):
        return node.value.is_real and node.value > 0
    if isinstance(node, (ir.Inverse, ir.Transpose, ir.Adjoint, ir.Conj, ir.Sym)):
        return is_positive_definite(node.arg)  # Sᵀ = conj(S) and Re S are definite with S
    if isinstance(node, ir.Power) and isinstance(node.exponent, ir.Number):
        exponent = node.exponent.value
        whole = exponent.is_integer if node.shape != (1, 1) else exponent.is_real
        return bool(whole) and is_positive_definite(node.arg)
    if isinstance(node, ir.Add):
        definite = [t for t in node.terms if is_positive_definite(t)]
        return bool(definite) and all(is_positive_definite(t) or is_semidefinite(t) for t in node.terms)
    if isinstance(node, ir.Mul):
        scalars = [f for f in node.factors if f.shape == (1, 1)]
        matrices = [f for f in node.factors if f.shape != (1, 1)]
        return (all(is_positive_definite(s) for s in scalars)
                and (not matrices or (len(matrices) == 1 and is_positive_definite(matrices[0]))))
    return False


@lru_cache(maxsize=65536)
def is_semidefinite(node):
    """Provably positive semidefinite: XᴴX, XXᴴ, XᴴSX with S definite, and the definite ones."""
    if is_positive_definite(node):
        return True
    if isinstance(node, ir.Mul) and is_hermitian(node):
        scalars = [f for f in node.factors if f.shape == (1, 1)]
        matrices = [f for f in node.factors if f.shape != (1, 1)]
        middle_ok = len(matrices) % 2 == 0 or is_semidefinite(matrices[len(matrices) // 2])
        return all(is_positive_definite(s) for s in scalars) and middle_ok
    if isinstance(node, ir.Add):
        return all(is_semidefinite(t) for t in node.terms)
    return False


def is_invertible(node):
    if isinstance(node, ir.Symbol):
        return bool({"invertible", "spd"} & node.properties)
    return is_positive_definite(node)


@lru_cache(maxsize=65536)
def is_nonnegative(node):
    """Provably real with every entry ≥ 0: exp, sigmoid and the like of real values, squares,
    and products and sums of such; what makes Mᵀdiag(w)M a Gram matrix (√w ⊙ M)ᵀ(√w ⊙ M)."""
    if is_complex(node):
        return False
    if isinstance(node, ir.Symbol):
        return "positive" in node.properties
    if isinstance(node, ir.Number):
        return node.value.is_nonnegative is True
    if isinstance(node, (ir.Ones, ir.Identity)):
        return True
    if isinstance(node, ir.Func):
        return registry.BY_NAME[node.name].nonnegative
    if isinstance(node, ir.ElementPower) and isinstance(node.exponent, ir.Number):
        return node.exponent.value.is_even is True or is_nonnegative(node.arg)
    if isinstance(node, ir.Hadamard) and node.left == node.right:
        return True
    if isinstance(node, (ir.Hadamard, ir.Divide, ir.Add)):
        return all(is_nonnegative(child) for child in node.children())
    if isinstance(node, ir.Mul):  # c v: scalars scaling one matrix, entries stay signed alike
        return sum(f.shape != (1, 1) for f in node.factors) <= 1 and all(map(is_nonnegative, node.factors))
    return False
