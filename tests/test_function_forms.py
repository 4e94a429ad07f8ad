"""Each function people differentiate (softmax and log-sum-exp, the matrix and spectral functions,
symbolic powers), with its gradient: printed as text, ASCII and LaTeX it reads back to the same
expression, and its SymPy form reads back to one of the same value.
"""
import numpy as np
import pytest

from matcalc import grad, parse
from matcalc.checking import domain, numeric
from matcalc.checking.sampling import variables
from matcalc.printing.latex import to_latex
from matcalc.printing.sympy import from_sympy, to_sympy
from matcalc.printing.text import to_ascii, to_text

CASES = [
    ("sum(softmax(X) ⊙ A)", "X", None), ("sum(softmax_rows(X) ⊙ A)", "X", None), ("logsumexp(x)", "x", None),
    ("sum(relu(X) ⊙ A)", "X", None), ("sum(max(X, A))", "X", None), ("sum(min(X, A))", "X", None),
    ("sum(log1p(X ⊙ X)) + sum(expm1(X))", "X", None), ("sum(tanh(X) + cosh(X) + sinh(X))", "X", None),
    ("tr(A expm(X))", "X", None), ("tr(A logm(S))", "S", "S: spd"), ("tr(A sqrtm(S))", "S", "S: spd"),
    ("tr(A S^0.5)", "S", "S: spd"), ("λ_max(S) + λ_min(S)", "S", "S: symmetric"),
    ("‖X‖₂", "X", "X: 4×3"), ("‖X‖_*", "X", "X: 4×3"), ("tr(A X^k)", "X", "k: integer"),
    ("sum(log(eigvals(S)))", "S", "S: spd"), ("a' eigvecs(S) b", "S", "S: symmetric"),
    ("−yᵀ log(softmax(z))", "z", "y: n simplex"),
]


def _expressions(text, wrt, where):
    return parse(text, where), grad(text, wrt, where=where).expr


@pytest.mark.parametrize("text, wrt, where", CASES, ids=[case[0] for case in CASES])
def test_the_function_and_its_gradient_read_back_from_text_ascii_and_latex(text, wrt, where):
    for expression in _expressions(text, wrt, where):
        for printed in (to_text(expression), to_ascii(expression), to_latex(expression)):
            assert parse(printed, where) == expression, printed


@pytest.mark.parametrize("text, wrt, where", CASES, ids=[case[0] for case in CASES])
def test_the_function_and_its_gradient_read_back_from_sympy_with_their_values(text, wrt, where):
    for expression in _expressions(text, wrt, where):
        inputs, sizes = domain.defined_point(expression, np.random.default_rng(0))
        back = from_sympy(to_sympy(expression), variables(expression))
        np.testing.assert_allclose(numeric.evaluate(back, inputs, sizes), numeric.evaluate(expression, inputs, sizes),
                                   rtol=1e-9, atol=1e-12)


def test_log_sigmoid_in_latex_reads_back_as_the_log_of_sigmoid_the_same_function():
    expression = parse("sum(log_sigmoid(x))")
    assert parse(to_latex(expression)) == parse("sum(log(sigmoid(x)))")
