"""Powers: the zeroth power is the identity, and derivatives with respect to an exponent.

Every result is checked against central differences (result.check) and, where the
literature gives a closed form, against it evaluated by hand.
"""
import numpy as np
import pytest

import matcalc
from matcalc.core import ir

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
