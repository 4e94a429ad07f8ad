"""The analytic matrix functions expm, logm, sqrtm and their Fréchet derivatives.

For an analytic f, d f(X) = L_f(X, dX), the Fréchet derivative: linear in its
direction E, with the adjoint M : L_f(X, E) = L_f(Xᴴ, M) : E. Each L_f is an entry
of its own, so a differential prints as L_exp(X, dX) and generated code calls the
libraries' own algorithms: SciPy's expm_frechet, a Sylvester solve for sqrtm (the
derivative Y of √X solves √X Y + Y √X = E) and, for logm, the block-triangular
identity f([X, E; 0, X]) = [f(X), L_f(X, E); 0, f(X)]. Where a library lacks a
matrix function (logm and sqrtm in JAX and PyTorch) the backends diagonalize.
A real power X^p of a matrix (spd, or any with a principal logarithm) is powm(X, p) =
expm(p logm(X)), and differentiates as that composition.
"""
import numpy as np
import scipy.linalg

from . import ir
from .primitive import Primitive
from .sympy_forms import matrix_function

#: Where logm and sqrtm are defined: no eigenvalue on the closed negative real axis.
PRINCIPAL = "principal"


#: Eigenvectors conditioned better than this log a matrix through its eigenvalues.
EIGENVECTOR_CONDITION = 1e6


def _logm(a, xp):
    """The principal logarithm: V log(Λ) V⁻¹ where the eigenvectors are well conditioned (SciPy's
    logm costs a hundred times as much, and the checks evaluate it hundreds of times), else SciPy's."""
    values, vectors = np.linalg.eig(a)
    if np.linalg.cond(vectors) < EIGENVECTOR_CONDITION:
        value = (vectors * np.log(values.astype(complex))) @ np.linalg.inv(vectors)
    else:
        value = scipy.linalg.logm(a)
    return value if np.iscomplexobj(a) else np.real(value)


def _upper_right(f, a, e):
    """L_f(A, E) as the upper-right block of f([A, E; 0, A])."""
    n = a.shape[0]
    return f(np.block([[a, e], [np.zeros_like(a), a]]))[:n, n:]


def _logm_frechet(a, e, xp):
    return _upper_right(lambda block: _logm(block, xp), a, e)


def _sqrtm_frechet(a, e, xp):
    root = scipy.linalg.sqrtm(a)
    return scipy.linalg.solve_sylvester(root, root, e)


def _function(name, evaluate, backends, domain=()):
    """f(A), square, with its differential rule d.name.

    logm and sqrtm work on a Schur form, which does not carry a complex step: marked not
    analytic, they are checked by central differences.
    """
    return Primitive(name, (name,), (ir.Apply,), lambda a: ir.Apply(name, (a,)), text=name, ascii=name,
                     latex=rf"\operatorname{{{name}}}", differential=(f"d.{name}",),
                     sympy=matrix_function(name), backends=backends, evaluate=evaluate, square=True,
                     domain=domain, analytic=not domain)


def _frechet(short, latex, evaluate, backends, domain=()):
    """L_f(A, E), the Fréchet derivative of f at A in the direction E."""
    name = f"L_{short}"
    return Primitive(name, (name,), (ir.Apply,), lambda a, e: ir.Apply(name, (a, e)), text=name, ascii=name,
                     latex=rf"L_{{{latex}}}\left({{0}}, {{1}}\right)", differential=(f"d.frechet_{short}",),
                     arity=2, sympy=matrix_function(name), backends=backends, evaluate=evaluate,
                     square=True, domain=domain, analytic=not domain)


def _powm(a, p, xp):
    return scipy.linalg.expm(p[0, 0] * _logm(a, xp))


ENTRIES = (
    _function("expm", lambda a, xp: scipy.linalg.expm(a), {
        "numpy": "scipy.linalg.expm", "jax": "jax.scipy.linalg.expm", "torch": "torch.linalg.matrix_exp",
        "tensorflow": "tf.linalg.expm"}),
    _frechet("exp", r"\exp", lambda a, e, xp: scipy.linalg.expm_frechet(a, e, compute_expm=False), {
        "numpy": "scipy.linalg.expm_frechet({0}, {1}, compute_expm=False)",
        "jax": "jax.scipy.linalg.expm_frechet({0}, {1}, compute_expm=False)",
        "torch": "_expm_frechet", "tensorflow": "_expm_frechet"}),
    _function("logm", _logm, {"numpy": "_logm", "jax": "_logm", "torch": "_logm", "tensorflow": "_logm"},
              (PRINCIPAL,)),
    _frechet("log", r"\log", _logm_frechet, {"numpy": "_logm_frechet", "jax": "_logm_frechet",
                                             "torch": "_logm_frechet", "tensorflow": "_logm_frechet"},
             (PRINCIPAL,)),
    _function("sqrtm", lambda a, xp: scipy.linalg.sqrtm(a), {
        "numpy": "scipy.linalg.sqrtm", "jax": "_sqrtm", "torch": "_sqrtm",
        "tensorflow": "tf.linalg.sqrtm"}, (PRINCIPAL,)),
    _frechet("sqrt", r"\operatorname{sqrt}", _sqrtm_frechet, {"numpy": "_sqrtm_frechet", "jax": "_sqrtm_frechet",
                                                  "torch": "_sqrtm_frechet", "tensorflow": "_sqrtm_frechet"},
             (PRINCIPAL,)),
    Primitive("powm", ("powm",), (ir.Apply,), lambda a, p: ir.Apply("powm", (a, p)), text="powm", ascii="powm",
              latex=r"\operatorname{powm}", differential=("d.powm",), arity=2, sympy=matrix_function("powm"),
              backends={"numpy": "_powm", "jax": "_powm", "torch": "_powm", "tensorflow": "_powm"},
              evaluate=_powm, square=True, scalar_operands=(1,),
              domain=(PRINCIPAL,), analytic=False),
)
