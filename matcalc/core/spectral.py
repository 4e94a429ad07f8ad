"""Spectral functions: extreme eigenvalues of a symmetric matrix, the spectral and nuclear norms.

λ_max(A) is the largest eigenvalue of A's symmetric part (A itself when A = Aᵀ), with
gradient u uᵀ for its unit eigenvector u = u_max(A); λ_min(A) = −λ_max(−A). ‖X‖₂ is
the largest singular value σ₁ = √λ_max(XᵀX), with gradient u₁v₁ᵀ = X v₁v₁ᵀ / σ₁ for
v₁ = u_max(XᵀX); ‖X‖_* = tr √(XᵀX), with gradient X (XᵀX)^(-1/2) = UVᵀ. None of them
is differentiable where the eigenvalue or singular value is repeated (or, for ‖X‖_*,
where X loses rank): the entries' domains say so, so a check refuses such points, and
their notes say so in the results that use them. They are real functions of real matrices.

eigvals(A) is the vector of all eigenvalues of A's symmetric part, ascending, and
eigvecs(A) the orthogonal matrix U of their unit eigenvectors (each column's largest
entry positive), so that Sym(A) = U diag(eigvals(A)) Uᵀ. A spectral sum Σᵢ f(λᵢ) is
written sum(f(eigvals(S))): its gradient U diag(f′(λ)) Uᵀ is Daleckii–Krein's.
"""
import numpy as np

from . import ir
from .dimensions import ONE
from .primitive import Primitive
from .sympy_forms import matrix_function, scalar_function

#: Domain words of the spectral functions, which checking/domain.py tests at sample points.
SIMPLE_LARGEST_EIGENVALUE = "simple largest eigenvalue"
SIMPLE_SMALLEST_EIGENVALUE = "simple smallest eigenvalue"
SIMPLE_LARGEST_SINGULAR_VALUE = "simple largest singular value"
FULL_COLUMN_RANK = "full column rank"
DISTINCT_EIGENVALUES = "distinct eigenvalues"
DOMAINS = (SIMPLE_LARGEST_EIGENVALUE, SIMPLE_SMALLEST_EIGENVALUE, SIMPLE_LARGEST_SINGULAR_VALUE, FULL_COLUMN_RANK,
           DISTINCT_EIGENVALUES)


def _symmetric_part(a):
    return (a + a.T) / 2


def _top_eigenvector(a, xp):
    """The unit eigenvector of the largest eigenvalue of A's symmetric part, its largest entry positive."""
    vector = np.linalg.eigh(_symmetric_part(a))[1][:, -1:]
    return vector * np.sign(vector[np.argmax(np.abs(vector))])


def _eigenvectors(a, xp):
    """The unit eigenvectors of A's symmetric part by ascending eigenvalue, each column's largest entry positive."""
    vectors = np.linalg.eigh(_symmetric_part(a))[1]
    return vectors * np.sign(vectors[np.argmax(np.abs(vectors), axis=0), np.arange(len(vectors))])


def _scalar(value):
    return np.reshape(value, (1, 1))


def _spectral(name, spellings, text, ascii_, latex, evaluate, backends, domain, note, vector=False, matrix=False):
    """A spectral function of one square (or, for a norm, any) matrix; its rule is d.name.

    Its value is a scalar, a vector (`vector`) or a square matrix (`matrix`)."""
    scalar = not (vector or matrix)
    return Primitive(name, spellings, (ir.Apply,), lambda a: ir.Apply(name, (a,)), text=text, ascii=ascii_,
                     latex=latex, differential=(f"d.{name}",), evaluate=evaluate, backends=backends,
                     sympy=scalar_function(name) if scalar else matrix_function(name, columns=None if matrix else 1),
                     shape=lambda shapes: shapes[0] if matrix else (shapes[0][0] if not scalar else ONE, ONE),
                     square=not name.endswith("norm"), domain=domain, analytic=False, smooth=False,
                     real_valued=True, note=note)


_EIGENVALUE_NOTE = "{} is differentiable only where that eigenvalue of the symmetric part is simple"
_EIGENVALUES_NOTE = "{} is differentiable only where the eigenvalues of the symmetric part are distinct"

ENTRIES = (
    _spectral("lambda_max", ("lambda_max", "λ_max"), "λ_max", "lambda_max", r"\lambda_{\max}",
              lambda a, xp: _scalar(np.linalg.eigvalsh(_symmetric_part(a))[-1]),
              {"numpy": "_lambda_max", "jax": "_lambda_max", "torch": "_lambda_max",
               "tensorflow": "_lambda_max"},
              (SIMPLE_LARGEST_EIGENVALUE,), _EIGENVALUE_NOTE.format("λ_max")),
    _spectral("lambda_min", ("lambda_min", "λ_min"), "λ_min", "lambda_min", r"\lambda_{\min}",
              lambda a, xp: _scalar(np.linalg.eigvalsh(_symmetric_part(a))[0]),
              {"numpy": "_lambda_min", "jax": "_lambda_min", "torch": "_lambda_min",
               "tensorflow": "_lambda_min"},
              (SIMPLE_SMALLEST_EIGENVALUE,), _EIGENVALUE_NOTE.format("λ_min")),
    _spectral("u_max", ("u_max",), "u_max", "u_max", r"u_{\max}", _top_eigenvector,
              {"numpy": "_top_eigenvector", "jax": "_top_eigenvector", "torch": "_top_eigenvector",
               "tensorflow": "_top_eigenvector"},
              (SIMPLE_LARGEST_EIGENVALUE,), _EIGENVALUE_NOTE.format("u_max"), vector=True),
    _spectral("spectral_norm", ("spectral_norm",), "‖{0}‖₂", "||{0}||_2", r"\|{0}\|_2",
              lambda a, xp: _scalar(np.linalg.norm(a, 2)),
              {"numpy": "np.linalg.norm({0}, 2)", "jax": "jnp.linalg.norm({0}, 2)",
               "torch": "torch.linalg.matrix_norm({0}, 2)",
               "tensorflow": "tf.linalg.svd({0}, compute_uv=False)[0]"},
              (SIMPLE_LARGEST_SINGULAR_VALUE,),
              "‖X‖₂ is differentiable only where the largest singular value is simple"),
    _spectral("nuclear_norm", ("nuclear_norm", "nuclear"), "‖{0}‖_*", "||{0}||_*", r"\|{0}\|_*",
              lambda a, xp: _scalar(np.linalg.norm(a, "nuc")),
              {"numpy": "np.linalg.norm({0}, 'nuc')", "jax": "jnp.linalg.norm({0}, 'nuc')",
               "torch": "torch.linalg.matrix_norm({0}, 'nuc')",
               "tensorflow": "tf.reduce_sum(tf.linalg.svd({0}, compute_uv=False))"},
              (FULL_COLUMN_RANK,), "‖X‖_* is differentiable as UVᵀ only where X has full column rank"),
    _spectral("eigvals", ("eigvals",), "eigvals", "eigvals", r"\operatorname{eigvals}",
              lambda a, xp: np.linalg.eigvalsh(_symmetric_part(a))[:, None],
              {"numpy": "_eigvals", "jax": "_eigvals", "torch": "_eigvals", "tensorflow": "_eigvals"},
              (DISTINCT_EIGENVALUES,), _EIGENVALUES_NOTE.format("eigvals"), vector=True),
    _spectral("eigvecs", ("eigvecs",), "eigvecs", "eigvecs", r"\operatorname{eigvecs}", _eigenvectors,
              {"numpy": "_eigvecs", "jax": "_eigvecs", "torch": "_eigvecs", "tensorflow": "_eigvecs"},
              (DISTINCT_EIGENVALUES,), _EIGENVALUES_NOTE.format("eigvecs"), matrix=True),
)
