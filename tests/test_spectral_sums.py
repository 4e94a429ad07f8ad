"""Spectral sums Σᵢ f(λᵢ(S)), written sum(f(eigvals(S))): their spellings, their gradients
against Daleckii–Krein's U diag(f′(λ)) Uᵀ in every backend and against differences, their
Hessians, and what happens where an eigenvalue is repeated.
"""
import numpy as np
import pytest
import scipy.linalg

from matcalc import grad, hessian, parse
from matcalc.checking.sampling import variables
from matcalc.printing.latex import to_latex
from matcalc.printing.sympy import from_sympy, to_sympy
from matcalc.printing.text import to_ascii, to_text
from frameworks import FUNCTION_FRAMEWORKS, as_numpy, framework

WHERE = "S: n×n symmetric"


@pytest.mark.parametrize("text", ["eigvals(S)", "eigvecs(S)", "eigvecs(S) diag(exp(eigvals(S))) eigvecs(S)ᵀ"])
def test_the_eigen_decomposition_prints_in_every_format_and_reads_back(text):
    expression = parse(text, WHERE)
    for printed in (to_text(expression), to_ascii(expression), to_latex(expression)):
        assert parse(printed, WHERE) == expression
    assert from_sympy(to_sympy(expression), variables(expression)) == expression


def test_the_eigen_decomposition_has_the_shapes_of_its_parts():
    assert parse("eigvals(S)", WHERE).shape == parse("S x", WHERE + ", x: n").shape
    assert parse("eigvecs(S)", WHERE).shape == parse("S", WHERE).shape


#: f and f′ of each spectral sum, on the eigenvalues.
SUMS = {
    "log": (np.log, lambda values: 1 / values),
    "exp": (np.exp, np.exp),
    "sqrt": (np.sqrt, lambda values: 0.5 / np.sqrt(values)),
    "abs": (np.abs, np.sign),
    "square": (np.square, lambda values: 2 * values),
}


def _spectral_sum(name):
    return "sum(eigvals(S) ⊙ eigvals(S))" if name == "square" else f"sum({name}(eigvals(S)))"


def _point(positive):
    rng = np.random.default_rng(5)
    m = rng.standard_normal((5, 5))
    return m @ m.T + np.eye(5) if positive else (m + m.T) / 2


@pytest.mark.parametrize("name", SUMS)
@pytest.mark.parametrize("backend", ["numpy"] + FUNCTION_FRAMEWORKS)
def test_the_gradient_is_daleckii_krein_in_every_backend(name, backend):
    if backend != "numpy":
        framework(backend)
    positive = name in ("log", "sqrt")
    result = grad(_spectral_sum(name), "S", where="S: n×n spd" if positive else WHERE)
    s = _point(positive)
    f, derivative = SUMS[name]
    values, vectors = np.linalg.eigh(s)
    gradient = as_numpy(getattr(result, backend)()(S=s))
    np.testing.assert_allclose(gradient, vectors @ np.diag(derivative(values)) @ vectors.T, atol=1e-10)
    value = as_numpy(getattr(result, backend)().value_and_grad(S=s)[0])
    np.testing.assert_allclose(value, np.sum(f(values)), rtol=1e-12)


@pytest.mark.parametrize("name", SUMS)
def test_the_gradient_checks_and_says_where_it_exists(name):
    result = grad(_spectral_sum(name), "S", where="S: n×n spd" if name in ("log", "sqrt") else WHERE)
    if name == "square":  # U diag(λ) Uᵀ is S itself: ∇ Σ λᵢ² = ∇ ‖S‖²
        assert str(result) == "2S"
    else:
        assert str(result).startswith("eigvecs(S) diag(") and str(result).endswith("eigvecs(S)ᵀ")
    assert result.check(seed=2)
    assert result.notes and "distinct" in result.notes[0]


@pytest.mark.parametrize("name, matrix_function", [("log", "logm"), ("exp", "expm"), ("sqrt", "sqrtm")])
def test_a_spectral_sum_is_the_trace_of_the_matrix_function(name, matrix_function):
    """Σ f(λᵢ) = tr f(S): both gradients are f′(S)."""
    s = _point(positive=True)
    by_eigenvalues = grad(_spectral_sum(name), "S", where="S: n×n spd").numpy()(S=s)
    by_trace = grad(f"tr({matrix_function}(S))", "S", where="S: n×n spd").numpy()(S=s)
    np.testing.assert_allclose(by_eigenvalues, by_trace, rtol=1e-8, atol=1e-10)
    if name == "log":
        np.testing.assert_allclose(by_eigenvalues, np.linalg.inv(s), rtol=1e-10)
    if name == "exp":
        np.testing.assert_allclose(by_eigenvalues, scipy.linalg.expm(s), rtol=1e-10)


def test_a_weighted_sum_of_eigenvalues_has_the_gradient_u_diag_w_u_transposed():
    assert str(grad("w' eigvals(S)", "S", where=WHERE)) == "eigvecs(S) diag(w) eigvecs(S)ᵀ"


@pytest.mark.parametrize("text", ["a' eigvecs(S) b", "sum(eigvecs(S) ⊙ A)"])
@pytest.mark.parametrize("backend", ["numpy"] + FUNCTION_FRAMEWORKS)
def test_functions_of_the_eigenvectors_check_in_every_backend(text, backend):
    if backend != "numpy":
        framework(backend)
    result = grad(text, "S", where=WHERE)
    assert result.check(seed=3)
    rng = np.random.default_rng(1)
    point = {"S": _point(False), "a": rng.standard_normal(5), "b": rng.standard_normal(5),
             "A": rng.standard_normal((5, 5))}
    point = {name: point[name] for name in ("S", "a", "b", "A") if name in text}
    np.testing.assert_allclose(as_numpy(getattr(result, backend)()(**point)), result.numpy()(**point), atol=1e-10)


def test_the_hessian_of_a_spectral_sum_derives_and_checks():
    result = hessian("sum(log(eigvals(S)))", "S", where="S: n×n spd")
    assert result.check(seed=4)
    s = _point(positive=True)
    rng = np.random.default_rng(2)
    v = rng.standard_normal((5, 5))
    inverse = np.linalg.inv(s)
    # ∇ = S⁻¹, so H[V] = −S⁻¹ Sym(V) S⁻¹ on the symmetric matrices.
    np.testing.assert_allclose(result.hvp().numpy()(S=s, V=(v + v.T) / 2), -inverse @ ((v + v.T) / 2) @ inverse,
                               atol=1e-9)


def test_a_repeated_eigenvalue_is_named_in_the_notes_and_refused_by_the_check():
    result = grad("sum(exp(eigvals(X ⊗ I_2)))", "X", where="X: n×n symmetric")
    assert any("eigvals is differentiable only where the eigenvalues" in note for note in result.notes)
    report = result.check(seed=0)
    assert not report and "an eigenvalue of X ⊗ I is repeated" in str(report)
