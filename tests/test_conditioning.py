"""On ill-conditioned SPD inputs (condition number 1e10) the generated code is as accurate
as the solve-based closed form written by hand, against a 50-digit mpmath reference."""
import mpmath
import numpy as np
import pytest
from scipy.linalg import cho_factor, cho_solve

import matcalc

CONDITION = 1e10
SIZE = 6


@pytest.fixture(params=[0, 1, 2])
def ill_conditioned(request):
    """An SPD matrix with eigenvalues spread over [1, CONDITION], and two vectors."""
    rng = np.random.default_rng(request.param)
    q, _ = np.linalg.qr(rng.standard_normal((SIZE, SIZE)))
    s = (q * np.logspace(0, np.log10(CONDITION), SIZE)) @ q.T
    s = (s + s.T) / 2
    return s, rng.standard_normal(SIZE), rng.standard_normal(SIZE)


def exact_inverse(s):
    with mpmath.workdps(50):
        return mpmath.inverse(mpmath.matrix(s.tolist()))


def to_array(matrix):
    return np.array(matrix.tolist(), dtype=float)


def relative_error(value, reference):
    return np.linalg.norm(value - reference) / np.linalg.norm(reference)


def test_condition_number_is_as_stated(ill_conditioned):
    s, _, _ = ill_conditioned
    assert np.linalg.cond(s) == pytest.approx(CONDITION, rel=1e-3)


def test_gradient_of_bilinear_inverse_form(ill_conditioned):
    s, a, b = ill_conditioned
    with mpmath.workdps(50):
        inverse = exact_inverse(s)
        ya, yb = inverse * mpmath.matrix(a.tolist()), inverse * mpmath.matrix(b.tolist())
        outer = -(ya * yb.T)
        reference = to_array((outer + outer.T) / 2)
    factor = cho_factor(s)
    by_hand = -np.outer(cho_solve(factor, a), cho_solve(factor, b))
    by_hand = (by_hand + by_hand.T) / 2
    generated = matcalc.grad("aᵀ S⁻¹ b", wrt="S", where="S: n×n spd").numpy()(a=a, S=s, b=b)
    hand_error = relative_error(by_hand, reference)
    assert relative_error(generated, reference) <= 2 * hand_error + 1e-15


def test_gradient_and_value_of_logdet(ill_conditioned):
    s, _, _ = ill_conditioned
    with mpmath.workdps(50):
        reference = to_array(exact_inverse(s))
        exact_value = float(mpmath.log(mpmath.det(mpmath.matrix(s.tolist()))))
    by_hand = cho_solve(cho_factor(s), np.eye(SIZE))
    gradient = matcalc.grad("logdet(S)", wrt="S", where="S: n×n spd").numpy()
    value, generated = gradient.value_and_grad(S=s)
    assert relative_error(generated, reference) <= 2 * relative_error(by_hand, reference) + 1e-15
    hand_value = 2 * np.sum(np.log(np.diagonal(cho_factor(s)[0])))
    assert abs(value - exact_value) <= 2 * abs(hand_value - exact_value) + 1e-13 * abs(exact_value)
