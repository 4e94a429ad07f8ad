"""Powers: the zeroth power is the identity, and derivatives with respect to an exponent.

Every result is checked against central differences (result.check) and, where the
literature gives a closed form, against it evaluated by hand.
"""
import numpy as np
import pytest

import matcalc
from frameworks import FUNCTION_FRAMEWORKS, as_numpy, framework
from matcalc.checking.sampling import variables
from matcalc.core import ir
from matcalc.printing.latex import to_latex
from matcalc.printing.sympy import from_sympy, to_sympy
from matcalc.printing.text import to_ascii, to_text

EXPONENT_CASES = [
    ("sum(X.^λ)", "λ", "X: n×m positive"),
    ("(xᵀx)^λ", "λ", None),
    ("det(X)^α", "α", None),
    ("sum(A ⊙ X.^λ)", "X", "X: n×m positive"),
    ("(xᵀx)^λ", "x", None),
]


@pytest.mark.parametrize("text, wrt, where", EXPONENT_CASES, ids=[c[0] + " wrt " + c[1] for c in EXPONENT_CASES])
def test_derivatives_with_respect_to_an_exponent_check(text, wrt, where):
    report = matcalc.grad(text, wrt=wrt, where=where).check(seed=0)
    assert report.passed, report


def test_the_derivative_of_a_power_of_the_determinant_in_its_exponent():
    result = matcalc.grad("det(X)^α", wrt="α")
    X = np.array([[2.0, 0.5], [0.3, 1.5]])
    det = np.linalg.det(X)
    np.testing.assert_allclose(result.numpy()(X=X, α=0.7), np.log(det) * det ** 0.7, rtol=1e-13)


def test_the_zeroth_power_of_a_matrix_is_the_identity():
    assert matcalc.parse("X^0") == ir.Identity(matcalc.parse("X").shape[0])
    result = matcalc.grad("tr(A X^0) + tr(X^0 A X)", wrt="X")
    assert str(result) == "Aᵀ"
    assert result.check(seed=0).passed


# ----------------------------------------------------- symbolic integer powers

def _central_difference(f, x, step=1e-6):
    gradient = np.zeros(x.shape)
    for index in np.ndindex(x.shape):
        e = np.zeros(x.shape)
        e[index] = step
        gradient[index] = (f(x + e) - f(x - e)) / (2 * step)
    return gradient


def test_the_gradient_of_the_trace_of_a_symbolic_power_is_the_cookbook_form():
    result = matcalc.grad("tr(X^k)", wrt="X", where="k: integer")
    assert str(result) == "kAᵀ  where  A = X^(−1 + k)"  # MC (121): k(Xᵏ⁻¹)ᵀ
    assert result.check(seed=0).passed


def test_the_differential_of_a_symbolic_power_is_one_sum():
    steps = str(matcalc.grad("tr(A X^k)", wrt="X", where="k: integer").steps)
    assert "d(X^k) = (Σⱼ₌₀^(k − 1) Xʲ dX X^(k − 1 − j))" in steps
    latex = matcalc.grad("tr(A X^k)", wrt="X", where="k: integer").latex()
    assert r"\sum_{j=0}^{k - 1} {X^\top}^j A^\top {X^\top}^{k - 1 - j}" in latex


def test_the_hessian_of_the_trace_of_a_symbolic_power_is_one_sum():
    """H[V] = k Σⱼ₌₀ᵏ⁻² (Xᵀ)ʲ Vᵀ (Xᵀ)ᵏ⁻²⁻ʲ = k Σⱼ (Xᵏ⁻²⁻ʲ V Xʲ)ᵀ, the derivative of k(Xᵏ⁻¹)ᵀ along V."""
    result = matcalc.hessian("tr(X^k)", wrt="X", where="k: integer")
    assert str(result) == "H[V] = k(Σⱼ₌₀^(k − 2) XᵀʲVᵀXᵀ^(k − 2 − j))"
    assert result.check(seed=0).passed


@pytest.mark.parametrize("k", [4, 2, 1, -1, -3])
def test_the_hessian_of_the_trace_of_a_symbolic_power_holds_for_every_integer(k):
    rng = np.random.default_rng(k + 20)
    X, V = rng.standard_normal((3, 3)) + 3 * np.eye(3), rng.standard_normal((3, 3))
    action = matcalc.hessian("tr(X^k)", wrt="X", where="k: integer").hvp().numpy()
    gradient = lambda x: k * np.linalg.matrix_power(x, k - 1).T  # noqa: E731  (MC (121))
    step = 1e-6
    expected = (gradient(X + step * V) - gradient(X - step * V)) / (2 * step)
    np.testing.assert_allclose(action(X=X, V=V, k=k), expected, atol=1e-6)


def test_the_hessian_of_a_weighted_trace_of_a_symbolic_power_checks():
    """No trace closes tr(A Σⱼ Xʲ V Xᵏ⁻¹⁻ʲ): the sum is differentiated as a corner of a block power."""
    assert matcalc.hessian("tr(A X^k)", wrt="X", where="k: integer").check(seed=0).passed


@pytest.mark.parametrize("backend", ["numpy"] + FUNCTION_FRAMEWORKS)
@pytest.mark.parametrize("k", [3, 1, 0, -2])
def test_a_symbolic_power_is_differentiated_for_every_integer_in_every_backend(k, backend):
    if backend != "numpy":
        framework(backend)
    rng = np.random.default_rng(k + 10)
    X, A = rng.standard_normal((3, 3)) + 3 * np.eye(3), rng.standard_normal((3, 3))
    result = matcalc.grad("tr(A X^k)", wrt="X", where="k: integer")
    expected = _central_difference(lambda x: np.trace(A @ np.linalg.matrix_power(x, k)), X)
    np.testing.assert_allclose(as_numpy(getattr(result, backend)()(A=A, X=X, k=k)), expected, atol=1e-7)


def test_integer_is_a_scalar_word():
    assert matcalc.parse("k", "k: integer").shape == (1, 1)
    with pytest.raises(matcalc.DeclarationError, match="only a real scalar"):
        matcalc.parse("x", "x: n integer")


def test_a_power_sum_prints_in_every_notation_and_reads_back():
    for expression in (matcalc.grad("tr(A X^k)", "X", where="k: integer").expr,
                       matcalc.hessian("tr(X^k)", "X", where="k: integer").action,
                       matcalc.parse("power_sum(X, k, V)", "k: integer")):
        assert any(isinstance(node, ir.Apply) and node.name == "power_sum" for node in ir.walk(expression))
        for printed in (to_text(expression), to_ascii(expression), to_latex(expression)):
            assert matcalc.parse(printed, "k: integer") == expression, printed
        assert from_sympy(to_sympy(expression), variables(expression)) == expression


def test_a_sum_that_is_not_a_power_sum_is_refused_with_its_form():
    with pytest.raises(matcalc.ParseError, match="power_sum"):
        matcalc.parse("(Σⱼ₌₀^(k − 1) XʲV)", "k: integer")
    with pytest.raises(matcalc.ParseError, match="power_sum|sum_"):
        matcalc.parse(r"\sum_{i=1}^{n} x_i")
