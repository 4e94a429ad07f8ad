"""The functions of machine learning: softmax, logsumexp, relu, max and min, log_sigmoid, log1p,
expm1, sinh and cosh.

Each derives, passes check(), prints in every notation and reads back; its generated code in
every installed backend agrees with the reference evaluator. The textbook forms are pinned
(∇ logsumexp = softmax, the softmax Jacobian diag(s) − ssᵀ, cross-entropy through softmax),
and the generated code stays finite at inputs of ±1000, where exp overflows and σ underflows.
"""
import numpy as np
import pytest
import scipy.special

import matcalc
from frameworks import FUNCTION_FRAMEWORKS, as_numpy, framework
from matcalc.checking import numeric
from matcalc.checking.sampling import sample_inputs
from matcalc.printing.latex import to_latex
from matcalc.printing.sympy import to_sympy
from matcalc.printing.text import to_ascii, to_text

#: (expression, variable, declarations): each function of the family in a scalar objective.
CASES = [
    ("logsumexp(x) − yᵀx", "x", None),
    ("logsumexp(X A)", "X", None),
    ("aᵀ softmax(x)", "x", None),
    ("tr(Aᵀ softmax(X))", "X", None),
    ("tr(Aᵀ softmax_rows(X))", "X", None),
    ("−yᵀ log(softmax(z))", "z", None),
    ("sum(A ⊙ relu(X))", "X", None),
    ("sum(A ⊙ max(X, B) + B ⊙ min(X, A))", "X", None),
    ("sum(A ⊙ max(X, 0))", "X", None),
    ("−sum(log_sigmoid(X w))", "w", None),
    ("sum(A ⊙ log1p(X ⊙ X))", "X", None),
    ("sum(A ⊙ (expm1(X) + sinh(X) + cosh(X)))", "X", None),
]


def _columns(inputs):
    """The inputs as the reference evaluator takes them: vectors as columns."""
    return {name: np.reshape(value, (len(value), -1)) for name, value in inputs.items()}


@pytest.mark.parametrize("text, wrt, where", CASES, ids=[c[0] for c in CASES])
def test_derives_and_checks_numerically(text, wrt, where):
    result = matcalc.grad(text, wrt=wrt, where=where)
    report = result.check(seed=0)
    assert report.passed, report


@pytest.mark.parametrize("text, wrt, where", CASES, ids=[c[0] for c in CASES])
def test_the_gradient_prints_and_reads_back(text, wrt, where):
    result = matcalc.grad(text, wrt=wrt, where=where)
    for expression in (result.function, result.expr):
        assert matcalc.parse(to_ascii(expression)) == expression
        assert to_text(expression) and to_latex(expression) and to_sympy(expression) is not None


@pytest.mark.parametrize("name", FUNCTION_FRAMEWORKS + ["numpy"])
@pytest.mark.parametrize("text, wrt, where", CASES, ids=[c[0] for c in CASES])
def test_generated_code_agrees_with_the_reference_evaluator(text, wrt, where, name):
    if name != "numpy":
        framework(name)
    result = matcalc.grad(text, wrt=wrt, where=where)
    inputs, _ = sample_inputs(result.function, np.random.default_rng(len(text)))
    value, gradient = getattr(result, name)().value_and_grad(**inputs)
    columns = _columns(inputs)
    np.testing.assert_allclose(as_numpy(value), numeric.evaluate(result.function, columns)[0, 0], rtol=1e-10)
    expected = numeric.evaluate(result.expr, columns).reshape(np.shape(inputs[wrt]))
    np.testing.assert_allclose(as_numpy(gradient), expected, rtol=1e-9, atol=1e-12)


# -------------------------------------------------------------- textbook forms

def test_the_gradient_of_logsumexp_is_softmax():
    assert str(matcalc.grad("logsumexp(x)", wrt="x")) == "softmax(x)"
    assert str(matcalc.grad("log(sum(exp(x)))", wrt="x")) == "softmax(x)"


def test_the_softmax_jacobian_is_diag_s_minus_s_s_transpose():
    jacobian = matcalc.jacobian("softmax(x)", wrt="x")
    assert to_text(jacobian.expr) == "diag(softmax(x)) − softmax(x) softmax(x)ᵀ"
    x = np.random.default_rng(0).standard_normal(5)
    s = np.exp(x) / np.exp(x).sum()
    np.testing.assert_allclose(jacobian.numpy()(x=x), np.diag(s) - np.outer(s, s), atol=1e-15)


def test_cross_entropy_through_softmax_gives_softmax_minus_the_labels():
    assert str(matcalc.grad("logsumexp(z) − yᵀz", wrt="z")) == "softmax(z) − y"
    # −yᵀ log softmax(z) = (𝟙ᵀy) logsumexp(z) − yᵀz: softmax(z) − y for labels summing to 1.
    result = matcalc.grad("−yᵀ log(softmax(z))", wrt="z")
    y, z = np.array([0.25, 0.5, 0.25]), np.array([0.3, -1.0, 2.0])
    np.testing.assert_allclose(result.numpy()(y=y, z=z), np.exp(z) / np.exp(z).sum() - y, atol=1e-15)


def test_relu_has_derivative_zero_at_zero_in_every_backend():
    result = matcalc.grad("sum(relu(x))", wrt="x")
    x = np.array([-1.0, 0.0, 2.0])
    for name in ["numpy"] + FUNCTION_FRAMEWORKS:
        if name != "numpy":
            framework(name)
        np.testing.assert_array_equal(as_numpy(getattr(result, name)()(x=x)), [0.0, 0.0, 1.0])


def test_max_and_min_need_operands_of_one_size():
    with pytest.raises(matcalc.ShapeError, match="one size"):
        matcalc.parse("max(x, y) where x: 3, y: 4")


# -------------------------------------------------------------- stability at ±1000

def _every_backend(result, inputs):
    """(value, gradient) of the generated code of every installed backend, as NumPy arrays."""
    for name in ["numpy"] + FUNCTION_FRAMEWORKS:
        if name != "numpy":
            framework(name)
        value, gradient = getattr(result, name)().value_and_grad(**inputs)
        yield name, as_numpy(value), as_numpy(gradient)


@pytest.mark.parametrize("text", ["log(sum(exp(x))) − yᵀx", "logsumexp(x) − yᵀx", "−yᵀ log(softmax(x))"])
@pytest.mark.parametrize("shift", [1000.0, -1000.0])
def test_logsumexp_and_softmax_stay_finite_at_large_inputs(text, shift):
    x, y = np.array([0.0, 1.0, -1.0]) + shift, np.array([0.2, 0.5, 0.3])
    softmax = np.exp(x - x.max()) / np.exp(x - x.max()).sum()
    true_value = x.max() + np.log(np.exp(x - x.max()).sum()) - y @ x
    for name, value, gradient in _every_backend(matcalc.grad(text, wrt="x"), {"x": x, "y": y}):
        np.testing.assert_allclose(gradient, softmax - y, rtol=1e-12, err_msg=name)
        np.testing.assert_allclose(value, true_value, rtol=1e-12, err_msg=name)


@pytest.mark.parametrize("text", ["−sum(log(sigmoid(X w)))", "−sum(log_sigmoid(X w))"])
@pytest.mark.parametrize("margin", [800.0, -800.0, 1000.0, -1000.0])
def test_log_sigmoid_stays_finite_at_large_margins(text, margin):
    X, w = np.array([[1.0, 0.0], [0.5, 0.5]]), np.array([margin, margin])
    t = X @ w
    true_gradient = -X.T @ scipy.special.expit(-t)  # σ(−t), finite for every t
    true_value = np.sum(np.logaddexp(0, -t))
    for name, value, gradient in _every_backend(matcalc.grad(text, wrt="w"), {"X": X, "w": w}):
        np.testing.assert_allclose(gradient, true_gradient, rtol=1e-12, atol=0, err_msg=name)
        np.testing.assert_allclose(value, true_value, rtol=1e-12, err_msg=name)


def test_sigmoid_is_never_divided_by_itself_in_the_gradient_of_its_log():
    text = to_text(matcalc.grad("−sum(log(sigmoid(X w)))", wrt="w").expr)
    assert text == "−Xᵀ sigmoid(−X w)"
