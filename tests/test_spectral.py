"""Spectral functions: their spellings, their gradients against the textbook forms from an
eigen- or singular value decomposition and against differences, in every backend, and what
happens where an eigenvalue or singular value is repeated.
"""
import numpy as np
import pytest
import scipy.linalg

from matcalc import grad, parse
from matcalc.checking.sampling import variables
from matcalc.printing.latex import to_latex
from matcalc.printing.sympy import from_sympy, to_sympy
from matcalc.printing.text import to_ascii, to_text
from frameworks import FUNCTION_FRAMEWORKS, as_numpy, framework

SPELLINGS = {
    "λ_max(S)": ["lambda_max(S)", "λ_max(S)", r"\lambda_{\max}\left(S\right)"],
    "λ_min(S)": ["lambda_min(S)", r"\lambda_{\min}(S)"],
    "‖X‖₂": ["‖X‖₂", "||X||_2", "norm(X, 2)", "spectral_norm(X)", r"\|X\|_2"],
    "‖X‖_*": ["‖X‖_*", "||X||_*", "||X||_{*}", "nuclear(X)", "nuclear_norm(X)", r"\|X\|_*", r"\left\|X\right\|_{\ast}"],
}


@pytest.mark.parametrize("canonical", SPELLINGS)
def test_every_spelling_reads_as_one_function_and_prints_back(canonical):
    expressions = {parse(spelling, "S: n×n symmetric, X: n×m") for spelling in SPELLINGS[canonical]}
    assert len(expressions) == 1
    expression = expressions.pop()
    assert to_text(expression) == canonical
    for printed in (to_text(expression), to_ascii(expression), to_latex(expression)):
        assert parse(printed, "S: n×n symmetric, X: n×m") == expression
    assert from_sympy(to_sympy(expression), variables(expression)) == expression


def test_the_2_norm_and_nuclear_norm_of_a_vector_are_its_frobenius_norm():
    assert parse("‖x‖₂") == parse("‖x‖_*") == parse("‖x‖")


def test_norm_takes_only_the_2_norm_as_a_second_argument():
    with pytest.raises(ValueError, match="nuclear"):
        parse("norm(X, 3)")


# ------------------------------------------------- the textbook gradients

def _symmetric(rng, n=5):
    m = rng.standard_normal((n, n))
    return (m + m.T) / 2


def _textbook(name, point):
    """The gradient as the literature writes it: uuᵀ, u₁v₁ᵀ, UVᵀ."""
    if name in ("λ_max(S)", "λ_min(S)"):
        vectors = np.linalg.eigh(point["S"])[1]
        u = vectors[:, -1:] if name == "λ_max(S)" else vectors[:, :1]
        return u @ u.T
    u, _, vt = np.linalg.svd(point["X"], full_matrices=False)
    return u[:, :1] @ vt[:1] if name == "‖X‖₂" else u @ vt


CASES = {"λ_max(S)": "S", "λ_min(S)": "S", "‖X‖₂": "X", "‖X‖_*": "X"}
WHERE = "S: symmetric, X: 5×3"


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("backend", ["numpy"] + FUNCTION_FRAMEWORKS)
def test_the_gradient_is_the_textbook_one_in_every_backend(name, backend):
    if backend != "numpy":
        framework(backend)
    result = grad(name, CASES[name], where=WHERE)
    rng = np.random.default_rng(7)
    point = {"S": _symmetric(rng)} if CASES[name] == "S" else {"X": rng.standard_normal((5, 3))}
    np.testing.assert_allclose(as_numpy(getattr(result, backend)()(**point)), _textbook(name, point), atol=1e-10)
    assert result.check(seed=1)
    assert result.notes


def test_the_gradient_of_the_largest_eigenvalue_prints_as_u_u_transposed():
    assert str(grad("λ_max(S)", "S", where="S: symmetric")) == "u_max(S) u_max(S)ᵀ"


@pytest.mark.parametrize("name, derivative", [("expm", scipy.linalg.expm), ("logm", np.linalg.inv),
                                              ("sqrtm", lambda s: np.linalg.inv(scipy.linalg.sqrtm(s)) / 2)])
def test_the_trace_of_a_function_of_an_spd_matrix_has_the_gradient_f_prime_through_the_eigenvalues(name, derivative):
    """tr f(S) = Σ f(λᵢ), whose gradient is U diag(f′(λ)) Uᵀ = f′(S)."""
    result = grad(f"tr({name}(S))", "S", where="S: spd")
    rng = np.random.default_rng(2)
    m = rng.standard_normal((4, 4))
    s = m @ m.T + np.eye(4)
    values, vectors = np.linalg.eigh(s)
    by_eigenvalues = vectors @ np.diag(np.diag(derivative(np.diag(values)))) @ vectors.T
    np.testing.assert_allclose(result.numpy()(S=s), by_eigenvalues, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(derivative(s), by_eigenvalues, rtol=1e-9, atol=1e-12)


# ------------------------------------------- where the gradient does not exist

def test_a_repeated_eigenvalue_is_named_in_the_notes_and_refused_by_the_check():
    result = grad("λ_max(X ⊗ I_2)", "X")
    assert result.notes == ("λ_max is differentiable only where that eigenvalue of the symmetric part is simple",)
    report = result.check(seed=0)
    assert not report and "largest eigenvalue of X ⊗ I is repeated" in str(report)


def test_a_repeated_singular_value_is_refused_by_the_check():
    report = grad("‖[X, 0; 0, X]‖₂", "X").check(seed=0)
    assert not report and "largest singular value" in str(report)


def test_the_nuclear_norm_of_a_wide_matrix_is_refused_by_the_check():
    report = grad("‖X‖_*", "X", where="X: 2×3").check(seed=0)
    assert not report and "columns of X are not independent" in str(report)


def test_a_gradient_without_spectral_functions_has_no_notes():
    assert grad("tr(expm(X))", "X").notes == ()
