"""Shapes the Kronecker–vec identity settles, and sizes fixed only through a product of sizes."""
import numpy as np
import pytest

import matcalc
from matcalc.core import ir


def shapes(expression):
    return {s.name: s.shape for s in ir.walk(expression) if isinstance(s, ir.Symbol)}


@pytest.mark.parametrize("text", ["‖(A ⊗ B) vec(X) − c‖²", "‖kron(A, B) vec(X) − c‖²"])
def test_vec_after_a_kronecker_product_is_cols_b_by_cols_a(text):
    expression = matcalc.parse(text)
    found = shapes(expression)
    assert found["X"] == (found["B"][1], found["A"][1])  # (A ⊗ B) vec(X) = vec(B X Aᵀ)
    assert matcalc.grad(text, wrt="X").check(seed=0).passed


def test_vec_transposed_before_a_kronecker_product_is_rows_b_by_rows_a():
    found = shapes(matcalc.parse("vec(X)ᵀ (A ⊗ B) y"))
    assert found["X"] == (found["B"][0], found["A"][0])
    assert matcalc.grad("vec(X)ᵀ (A ⊗ B) y", wrt="X").check(seed=0).passed


def test_the_identity_holds_for_the_inferred_shapes():
    rng = np.random.default_rng(0)
    A, B = rng.standard_normal((3, 2)), rng.standard_normal((4, 5))
    X = rng.standard_normal((5, 2))  # cols(B) × cols(A)
    vec = lambda M: M.reshape(-1, order="F")  # noqa: E731
    assert np.allclose(np.kron(A, B) @ vec(X), vec(B @ X @ A.T))
    assert matcalc.grad("‖(A ⊗ B) vec(X) − c‖²", wrt="X", where="A: 3×2, B: 4×5, X: 5×2").check(seed=1).passed


def test_a_size_fixed_through_a_product_of_sizes_is_read_from_the_input():
    result = matcalc.grad("Y : (I_p ⊗ X)", wrt="X")
    assert result.check(seed=0).passed
    gradient = result.numpy()
    rng = np.random.default_rng(2)
    p, n, m = 3, 2, 4
    Y, X = rng.standard_normal((p * n, p * m)), rng.standard_normal((n, m))
    expected = sum(Y[k * n:(k + 1) * n, k * m:(k + 1) * m] for k in range(p))
    assert np.allclose(gradient(Y=Y, X=X), expected)
    with pytest.raises(matcalc.MatcalcError):
        gradient(Y=Y[:-1], X=X)
