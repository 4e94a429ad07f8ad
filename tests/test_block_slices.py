"""Block slices X[r0:r1, c0:c1]: read with symbolic or numeric bounds, printed back, derived through."""
import pytest

import matcalc
from matcalc.core import ir
from matcalc.printing.text import to_text


@pytest.mark.parametrize("text, where, shape", [
    ("C[n:2n, 0:n]", "C: 2n×2n", "n×n"), ("X[0:2, 1:3]", "X: 3×4", "2×2"),
    ("C[n:2n, :]", "C: 2n×2n", "n×2n"), ("X[:, 1:]", "X: 3×4", "3×3"),
    ("M[0:(n + k), k:2k]", "M: (n + k, 2k)", "(k + n)×k"), ("(A B)[0:m, 0:n]", "A: m×p, B: p×n", "m×n")])
def test_a_slice_reads_as_a_block_part(text, where, shape):
    node = matcalc.parse(text, where=where)
    assert isinstance(node, ir.BlockPart)
    assert matcalc.core.shapes.show_shape(node.shape) == shape


@pytest.mark.parametrize("text, where", [("C[n:2n, 0:n] + C[0:n, n:2n]ᵀ", "C: 2n×2n"),
                                         ("‖(A B)[0:m, 1:n]‖²", "A: m×p, B: p×n"), ("X[:, 1:]", "X: 3×4")])
def test_the_printed_slice_reads_back(text, where):
    node = matcalc.parse(text, where=where)
    assert matcalc.parse(to_text(node), where=where) == node


def test_a_bracket_after_a_space_without_bounds_is_still_a_block_matrix():
    assert isinstance(matcalc.parse("A [B; C]").factors[1], ir.Block)


@pytest.mark.parametrize("text, message", [
    ("C[n:3n, 0:n] where C: 2n×2n", "the slice n:3n of the rows of C (2n×2n) runs past the end"),
    ("X[0:2, 3:3] where X: 3×4", "the slice 3:3 of the columns of X (3×4) is empty"),
    ("X[0:2, 2:1] where X: 3×4", "the slice 2:1 of the columns of X (3×4) is empty")])
def test_a_slice_outside_the_matrix_is_a_shape_error_naming_the_bounds(text, message):
    with pytest.raises(matcalc.ShapeError, match=message.replace("(", r"\(").replace(")", r"\)")):
        matcalc.parse(text)


def test_a_bound_that_is_not_a_size_is_shown_with_a_caret():
    with pytest.raises(matcalc.ParseError) as caught:
        matcalc.parse("X[0:n*-1, 0:1]")
    assert str(caught.value).endswith("cannot be -n\n  X[0:n*-1, 0:1]\n      ^")


@pytest.mark.parametrize("text, wrt, where", [
    ("tr(A C[n:2n, 0:n])", "C", "C: 2n×2n"), ("‖C[0:n, n:2n] − B‖²", "C", "C: 2n×2n"),
    ("tr(X[0:2, 1:3]ᵀ X[1:3, 0:2])", "X", "X: 3×4"), ("sum(exp(x[1:3, :]))", "x", "x: 5"),
    ("tr((W B)[0:k, 0:k])", "W", "W: k×m, B: m×2k"), ("logdet(S[0:n, 0:n] S[0:n, 0:n]ᵀ + I)", "S", "S: 2n×3n")])
def test_gradients_through_slices_agree_with_differences(text, wrt, where):
    assert matcalc.grad(text, wrt=wrt, where=where).check(seed=0).passed
