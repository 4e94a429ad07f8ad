"""Shape inference: symbolic sizes unified across the whole expression, and errors that say where.

Undeclared sizes are named n, m, k, p, … in order of appearance; a shape error
quotes both operands as they were written and gives both shapes.
"""
import pytest
import sympy

import matcalc
from matcalc.core import ir
from matcalc.core.shapes import dimension

n, m, k, p, q = (dimension(d) for d in "nmkpq")
ONE = sympy.Integer(1)


def shapes_of(text, where=None):
    expression = matcalc.parse(text, where=where)
    return {node.name: node.shape for node in ir.walk(expression) if isinstance(node, ir.Symbol)}


# ------------------------------------------------------------ unification

def test_a_bilinear_form_ties_its_sizes_together():
    assert shapes_of("a' X b") == {"a": (n, ONE), "X": (n, m), "b": (m, ONE)}


def test_sizes_flow_across_the_whole_expression():
    sizes = shapes_of("A x + b + C y where C: p×q")
    assert sizes["b"] == sizes["A"][:1] + (ONE,) == (p, ONE)
    assert sizes["y"] == (q, ONE) and sizes["x"] == (sizes["A"][1], ONE)


def test_a_chain_of_products_is_one_chain():
    assert shapes_of("A B C D") == {"A": (n, m), "B": (m, k), "C": (k, p), "D": (p, q)}


def test_every_use_of_a_name_has_one_shape():
    sizes = shapes_of("tr(X) + x' X x")
    assert sizes == {"X": (n, n), "x": (n, ONE)}


def test_declared_sizes_win_over_spelling():
    assert shapes_of("x' A x", where="x: 3") == {"x": (3, ONE), "A": (3, 3)}
    assert shapes_of("X + Y", where="X: 2×5")["Y"] == (2, 5)


def test_a_square_property_makes_an_undeclared_shape_square():
    assert shapes_of("X", where="X: spd")["X"] == (n, n)
    assert shapes_of("X", where="X: symmetric")["X"] == (n, n)


# -------------------------------------------------------------- the identity

@pytest.mark.parametrize("text, where, shape", [
    ("X + I", None, (n, n)),
    ("I + X", "X: 3×3", (3, 3)),
    ("A I B", None, (n, k)),
    ("(W E Wᵀ + λI)⁻¹", "W: n×m", (n, n)),
    ("X + λI", "X: p×p", (p, p)),
    ("I_3", None, (3, 3)),
    ("x' (I + A) x", None, (ONE, ONE)),
    ("I ⊙ X", "X: 4×4", (4, 4)),
])
def test_the_identity_takes_its_size_from_context(text, where, shape):
    assert matcalc.parse(text, where=where).shape == shape


def test_zero_and_ones_take_their_shape_from_context():
    assert matcalc.parse("X + 0", where="X: 2×3").shape == (2, 3)
    assert matcalc.parse("x + 𝟙", where="x: 5").shape == (5, ONE)
    assert matcalc.parse("ones(n)ᵀ x").shape == (ONE, ONE)


# ---------------------------------------------------------------- scalars

@pytest.mark.parametrize("text, shape", [
    ("λ X", (n, m)),
    ("X λ", (n, m)),
    ("2 X", (n, m)),
    ("(aᵀ b) X", (m, k)),
    ("tr(A) X", (m, k)),
    ("A (xᵀ y) B", (n, p)),
    ("X / α", (n, m)),
    ("X ⊙ 2", (n, m)),
    ("λ ⊙ X", (n, m)),
    ("X ⊘ α", (n, m)),
    ("λ² + λ⁻¹", (ONE, ONE)),
    ("(xᵀ y)²", (ONE, ONE)),
])
def test_scalars_multiply_anything(text, shape):
    assert matcalc.parse(text).shape == shape


# ---------------------------------------------------------------- vectors

@pytest.mark.parametrize("text, shape", [
    ("x", (n, ONE)), ("xᵀ", (ONE, n)), ("xᵀ x", (ONE, ONE)), ("x xᵀ", (n, n)), ("A x", (n, ONE)),
    ("xᵀ A", (ONE, m)), ("diag(x)", (n, n)), ("diag(X)", (n, ONE)), ("vec(X)", (n * m, ONE)),
    ("ones(3)", (3, ONE)), ("x ⊙ y", (n, ONE)), ("exp(x)", (n, ONE)), ("||x||", (ONE, ONE)),
])
def test_vectors_are_columns(text, shape):
    assert matcalc.parse(text).shape == shape


# ----------------------------------------------------------------- blocks

@pytest.mark.parametrize("text, where, shape", [
    ("[A, B; C, D]", "A: 2×3, D: 4×5", (6, 8)),
    ("[A, B]", "A: n×m, B: n×k", (n, m + k)),
    ("[A; B]", "A: n×m, B: k×m", (n + k, m)),
    ("[R, -Q; Q, R]", None, (2 * n, 2 * m)),
    ("[x, y]", "x: 3", (3, 2)),
    ("[A, x]", "A: n×n", (n, n + 1)),
])
def test_block_sizes_add_up(text, where, shape):
    assert matcalc.parse(text, where=where).shape == shape


def test_blocks_unify_rows_and_columns():
    sizes = shapes_of("[A, B; C, D]", where="A: 2×3, D: 4×5")
    assert sizes == {"A": (2, 3), "B": (2, 5), "C": (4, 3), "D": (4, 5)}


# -------------------------------------------------------------- Kronecker

@pytest.mark.parametrize("text, where, shape", [
    ("A ⊗ B", "A: 2×3, B: 4×5", (8, 15)),
    ("A ⊗ B", None, (n * k, m * p)),
    ("I_3 ⊗ X", "X: n×m", (3 * n, 3 * m)),
    ("kron(x, y)", "x: 2, y: 3", (6, ONE)),
    ("Y : (I_3 ⊗ X)", "X: 2×2", (ONE, ONE)),
])
def test_kronecker_sizes_multiply(text, where, shape):
    assert matcalc.parse(text, where=where).shape == shape


def test_a_kronecker_product_sizes_its_neighbours():
    assert shapes_of("Y : (I_3 ⊗ X)", where="X: 2×4")["Y"] == (6, 12)


# ----------------------------------------------------------------- errors

@pytest.mark.parametrize("text, where, message", [
    ("a'X b", "a: n, X: n×n, b: m",
     "cannot multiply a'X (1×n) by b (m×1): inner dimensions n and m differ"),
    ("a' X b", "X: n×m, a: m, b: n",
     "cannot multiply a' (1×m) by X (n×m): inner dimensions m and n differ"),
    ("x y", None, "cannot multiply x (n×1) by y (m×1): inner dimensions 1 and m differ"),
    ("W (W E Wᵀ + λI)⁻¹", "W: n×m",
     "cannot multiply W (n×m) by (W E Wᵀ + λI)⁻¹ (n×n): inner dimensions m and n differ"),
    ("A + x", None, "cannot add A (n×m) and x (n×1): the shapes differ"),
    ("||y - Φ θ||^2", None, "cannot add y (n×1) and Φ θ (n×m): the shapes differ"),  # θ is a scalar
    ("X + Y", "X: n×n, Y: n×m", "cannot add X (n×n) and Y (n×m): the shapes differ"),
    ("X + I_3", "X: n×n", "cannot add X (n×n) and I_3 (3×3): the shapes differ"),
    ("X ⊙ Y", "X: n×n, Y: m×n", "cannot Hadamard-multiply X (n×n) and Y (m×n): the shapes differ"),
    ("x ./ y", "x: 3, y: 4", "cannot divide elementwise x (3×1) and y (4×1): the shapes differ"),
    ("A : x", None, "cannot take the Frobenius product of A (n×m) and x (n×1): the shapes differ"),
    ("tr(X)", "X: n×m", "a trace needs a square matrix, but X is n×m"),
    ("inv(X)", "X: n×m", "an inverse needs a square matrix, but X is n×m"),
    ("det(x)", None, "a determinant needs a square matrix, but x is n×1"),
    ("X^2", "X: n×m", "a matrix power needs a square matrix, but X is n×m"),
    ("diag(X)", "X: n×m", "diag of a matrix needs it square, but X is n×m"),
    ("[A, x; B, y]", "A: n×n, x: m",
     "blocks A (n×n) and x (m×1) share a block row but differ in height"),
    ("[A, B; C, D]", "A: n×n, B: n×m, C: k×k, D: k×m",
     "blocks A (n×n) and C (k×k) share a block column but differ in width"),
    ("[A, B; C]", None, "every row of the block matrix [A, B; C] needs 2 blocks, but one has 1"),
])
def test_shape_errors_name_both_operands_and_shapes(text, where, message):
    with pytest.raises(matcalc.ShapeError) as caught:
        matcalc.parse(text, where=where)
    assert str(caught.value).startswith(message)
    assert len(str(caught.value)) <= 400


def test_a_sum_with_a_scalar_says_how_to_add_one():
    with pytest.raises(matcalc.ShapeError, match="cannot add X \\(n×m\\) and 2 \\(1×1\\).*λI"):
        matcalc.parse("X + 2")


def test_a_long_operand_is_shortened_in_the_message():
    long_sum = " + ".join(f"A{i}" for i in range(40))
    with pytest.raises(matcalc.ShapeError) as caught:
        matcalc.parse(f"({long_sum}) x y")
    assert len(str(caught.value)) <= 400


def test_a_shape_error_is_also_a_value_error():
    with pytest.raises(ValueError):
        matcalc.parse("A + x")


# ------------------------------------------------------------ regressions

def test_a_sum_of_fifteen_hundred_vectors_does_not_recurse():
    text = " + ".join(f"a{i}" for i in range(1500))
    assert matcalc.parse(text).shape == (n, ONE)


def test_a_size_is_never_defined_by_division():
    """vec(·)ᵀvec(·) of unknown size under a division once bound n to 1/m, then n to n."""
    with pytest.raises(matcalc.ShapeError):
        matcalc.parse("((SΣ𝟙^α) ⊗ (Vᵀ : 𝟙ᵀ))/(vec(diag(𝟙)^α)ᵀ vec((−Σ).^2))")
