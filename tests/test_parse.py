"""Every form of the language (LANGUAGE.md, line by line) read to the tree it means.

Each case compares the parsed tree with one built directly from matcalc.ir, so a
form that parses to the wrong tree fails, not only one that does not parse. The
ASCII and Unicode spellings of a form are listed side by side; `SHAPES` types
each form by the spelling of its names.
"""
import pytest
import sympy

import matcalc
from matcalc.core import ir
from matcalc import parse
from matcalc.language.parse import parse_raw
from matcalc.core.shapes import dimension

n, m, k, p, q = (dimension(d) for d in "nmkpq")
ONE = sympy.Integer(1)


def tree(text):
    """The untyped tree: structure as written, before shapes are inferred."""
    return parse_raw(text)[0]


# ------------------------------------------------------------ building IR

def S(name):
    return ir.Symbol(name)


def num(value):
    return ir.Number(sympy.Rational(value))


def mul(*factors):
    return ir.Mul(tuple(factors))


def add(*terms):
    return ir.Add(tuple(terms))


def neg(node):
    """−A as the parser writes it: −1·A, −c for a number c, −c·B for c·B, −1·B·C for B·C."""
    if isinstance(node, ir.Number):
        return ir.Number(-node.value)
    if isinstance(node, ir.Mul) and isinstance(node.factors[0], ir.Number):
        return ir.Mul((neg(node.factors[0]),) + node.factors[1:])
    return ir.Mul((num(-1),) + (node.factors if isinstance(node, ir.Mul) else (node,)))


def T(node):
    return ir.Transpose(node)


def H(node):
    return ir.Adjoint(node)


def inv(node):
    return ir.Inverse(node)


A, B, C, D, X, Y, Z, W, E, M, N, Q, R = (S(c) for c in "ABCDXYZWEMNQR")
a, b, s, x, y, u1, u2 = (S(c) for c in ("a", "b", "s", "x", "y", "u1", "u2"))
I = ir.Identity()
λ, ρ, α = S("λ"), S("ρ"), S("α")


# ----------------------------------------------------------------- names

@pytest.mark.parametrize("text", ["X", "H_R", "u1", "u_2", "W2", "P_d", "H_{RI}", "x_k", "λ", "ρ", "Σ", "Φ",
                                  "lambda", "rho", "alpha", "beta", "gamma", "sigma", "mu", "tau", "theta",
                                  "eta", "epsilon", "Sigma", "Lambda", "θ1", "λ_2"])
def test_a_name_is_one_symbol(text):
    assert tree(text) == S(text)


@pytest.mark.parametrize("text, shape", [
    ("X", (n, m)), ("H_R", (n, m)), ("W2", (n, m)), ("Σ", (n, m)), ("Φ", (n, m)), ("Sigma", (n, m)),
    ("u1", (n, ONE)), ("u_2", (n, ONE)), ("x", (n, ONE)),
    ("λ", (ONE, ONE)), ("ρ", (ONE, ONE)), ("θ1", (ONE, ONE)),
    *[(name, (ONE, ONE)) for name in "lambda rho alpha beta gamma sigma mu tau theta eta epsilon".split()],
])
def test_a_name_is_typed_by_its_spelling(text, shape):
    assert parse(text).shape == shape


@pytest.mark.parametrize("text, expected", [
    ("λI", mul(λ, I)),
    ("2ρX", mul(num(2), ρ, X)),
    ("lambda I", mul(S("lambda"), I)),
    ("rho*I", mul(S("rho"), I)),
    ("λ I", mul(λ, I)),
    ("ρX", mul(ρ, X)),
])
def test_greek_letters_multiply_what_follows(text, expected):
    assert tree(text) == expected


def test_a_spelled_greek_name_runs_on_into_lowercase_letters():
    assert tree("lambdax") == S("lambdax")


@pytest.mark.parametrize("text, expected", [
    ("AWB", mul(A, W, B)),
    ("DDᴴ", mul(D, H(D))),
    ("WEWᵀ", mul(W, E, T(W))),
    ("XY", mul(X, Y)),
    ("xA", mul(x, A)),
    ("A1B", mul(S("A1"), B)),
    ("H_RA", S("H_RA")),  # a subscript runs to its end
    ("lambdaI", mul(S("lambda"), I)),
    ("RᵀA + QᵀB", add(mul(T(R), A), mul(T(Q), B))),
])
def test_a_capital_after_a_letter_starts_a_new_name(text, expected):
    assert tree(text) == expected


def test_a_declared_word_of_capitals_is_one_name():
    expression = parse("AB x where AB: n×n")
    assert expression == mul(ir.Symbol("AB", (n, n)), ir.Symbol("x", (n, ONE)))
    assert parse("AB x", where="AB: n×n") == expression


def test_the_name_of_a_differential_is_one_matrix():
    assert tree("dX") == S("dX")
    assert parse("dX").shape == (n, m)


@pytest.mark.parametrize("text, name", [("u₁", "u1"), ("W₂₃", "W23"), ("θ₁", "θ1")])
def test_subscript_digits_are_digits(text, name):
    assert tree(text) == S(name)


def test_identity_is_not_a_variable():
    assert tree("I") == ir.Identity()
    assert parse("I + X").shape == (n, n)


@pytest.mark.parametrize("text, number", [("j a", "1j a"), ("−jAᴴ", "-1j A^H"), ("2j conj(z) − j a", "2j conj(z) - 1j a")])
def test_a_lone_j_is_the_imaginary_unit_as_results_print_it(text, number):
    assert parse(text) == parse(number)


def test_a_size_of_a_declared_shape_is_a_number_unless_declared_itself():
    assert parse("n x", where="x: n") == ir.Mul((ir.Number(n), ir.Symbol("x", (n, 1))))
    assert parse("n x", where="x: n, n: scalar").factors[0] == ir.Symbol("n", (1, 1))


def test_a_declared_j_is_a_variable():
    assert parse("j a", where="j: scalar") == ir.Mul((ir.Symbol("j", (1, 1)), parse("a")))
    assert parse("1j j", where="j: n").factors[1] == ir.Symbol("j", (n, 1))


# -------------------------------------------------------------- postfix

@pytest.mark.parametrize("texts, expected", [
    (["Xᵀ", "X^T", "X.'", "X^{T}", "X^\\top"], T(X)),
    (["Xᴴ", "X^H", "X'", "X′", "X^{H}"], H(X)),
    (["X⁻¹", "X^-1", "X^{-1}", "X ^ -1", "inv(X)", "X^(-1)"], inv(X)),
    (["X⁻ᵀ", "X^-T"], T(inv(X))),
    (["X²", "X^2", "X^{2}"], ir.Power(X, num(2))),
    (["X^k", "X^{k}"], ir.Power(X, S("k"))),
    (["X^(T)"], ir.Power(X, S("T"))),  # X^T is the transpose
    (["X⁻²", "X^-2"], ir.Power(X, num(-2))),
    (["X^(1/2)"], ir.Power(X, num("1/2"))),
    (["λ^-1e3", "λ^(-1000)"], ir.Power(λ, num(-1000))),
    (["Xᵀ⁻¹", "X^T^-1"], inv(T(X))),
    (["Xᵀᵀ", "X''"[:0] + "X^T^T"], T(T(X))),
    (["(A B)ᵀ"], T(mul(A, B))),
])
def test_postfix_operators(texts, expected):
    for text in texts:
        assert tree(text) == expected, text


def test_conjugate_transpose_of_a_real_matrix_is_its_transpose():
    assert parse("X'") == parse("Xᵀ")
    complex_x = ir.Symbol("X", (n, m), complex=True)
    assert parse("X'", where="X: complex n×m") == H(complex_x)
    assert parse("Xᴴ", where="X: complex n×m") != parse("Xᵀ", where="X: complex n×m")


def test_an_exponent_name_is_a_scalar():
    expression = parse("X^k")
    assert expression.shape == (n, n) and expression.exponent.shape == (ONE, ONE)
    assert parse("X.^p").shape == (n, m)


# ---------------------------------------------------------------- prefix

@pytest.mark.parametrize("texts, expected", [
    (["-X", "−X"], neg(X)),
    (["-Xᵀ", "-X^T"], neg(T(X))),
    (["-2X", "−2X"], mul(num(-2), X)),
    (["--X", "-(-X)"], mul(num(1), X)),
    (["-A ⊗ B"], ir.Kron(neg(A), B)),
    (["A * -B", "A*(-B)"], mul(A, neg(B))),
])
def test_prefix_minus_binds_tighter_than_products(texts, expected):
    for text in texts:
        assert tree(text) == expected, text


# ------------------------------------------------------------- Kronecker

@pytest.mark.parametrize("texts, expected", [
    (["A ⊗ B", "kron(A, B)"], ir.Kron(A, B)),
    (["A ⊗ B ⊗ C", "kron(kron(A, B), C)"], ir.Kron(ir.Kron(A, B), C)),
    (["A ⊗ B C"], mul(ir.Kron(A, B), C)),
    (["A B ⊗ C"], mul(A, ir.Kron(B, C))),
    (["Aᵀ ⊗ B"], ir.Kron(T(A), B)),
    (["I_3 ⊗ X"], ir.Kron(ir.Identity(sympy.Integer(3)), X)),
])
def test_kronecker_binds_tighter_than_products(texts, expected):
    for text in texts:
        assert tree(text) == expected, text


# --------------------------------------------------------------- products

@pytest.mark.parametrize("texts, expected", [
    (["A B", "A*B", "A@B", "A·B", "A⋅B", "A∗B", "A * B", "(A)(B)"], mul(A, B)),
    (["2X", "2 X", "2*X"], mul(num(2), X)),
    (["X'A", "X' A", "X^H A"], mul(H(X), A)),
    (["A B C", "A*B@C"], mul(A, B, C)),
    (["(A B) C"], mul(A, B, C)),  # a product read on from its first factor is one product
    (["A (B C)"], mul(A, mul(B, C))),
    (["A ⊙ B", "A .* B", "A ∘ B"], ir.Hadamard(A, B)),
    (["A ⊘ B", "A ./ B"], ir.Divide(A, B)),
    (["X / α"], mul(X, inv(α))),
    (["X / 2", "X/2"], mul(X, num("1/2"))),
    (["A / B"], mul(A, inv(B))),  # MATLAB's right division
    (["1/X", "1 / X"], mul(num(1), inv(X))),  # as written: the printer writes 1·X⁻¹ as 1/X
    (["A \\ B"], mul(inv(A), B)),  # MATLAB's left division
    (["A B \\ C"], mul(inv(mul(A, B)), C)),
    (["1/2 X", "(1/2) X", "0.5 X"], mul(num("1/2"), X)),
    (["X / α β"], mul(X, inv(α), S("β"))),
    (["A ⊙ B C"], mul(ir.Hadamard(A, B), C)),
    (["A B ⊙ C"], ir.Hadamard(mul(A, B), C)),
    (["A ⊙ B ⊘ C"], ir.Divide(ir.Hadamard(A, B), C)),
    (["A ⊙ B ⊙ C"], ir.Hadamard(ir.Hadamard(A, B), C)),
    (["λ A ⊙ B"], ir.Hadamard(mul(λ, A), B)),
    (["2(A W B)"], mul(num(2), mul(A, W, B))),
    (["3.5e-2 X"], mul(num("7/200"), X)),
    (["2j X"], mul(ir.Number(2 * sympy.I), X)),
])
def test_products_are_one_left_associative_level(texts, expected):
    for text in texts:
        assert tree(text) == expected, text


# ------------------------------------------------------------- Frobenius

@pytest.mark.parametrize("texts, expected", [
    (["A : B", "A:B"], ir.Frobenius(A, B)),
    (["XY:Z", "X Y : Z"], ir.Frobenius(mul(X, Y), Z)),
    (["2M:dM + 2N:dN"], add(ir.Frobenius(mul(num(2), M), S("dM")), ir.Frobenius(mul(num(2), N), S("dN")))),
    (["A : B : C"], ir.Frobenius(ir.Frobenius(A, B), C)),
    (["A + B : C"], add(A, ir.Frobenius(B, C))),
    (["A ⊙ B : C"], ir.Frobenius(ir.Hadamard(A, B), C)),
])
def test_frobenius_binds_looser_than_products_and_tighter_than_sums(texts, expected):
    for text in texts:
        assert tree(text) == expected, text


def test_frobenius_products_of_differentials_type_as_matrices():
    assert parse("2M:dM + 2N:dN").shape == (ONE, ONE)


# ------------------------------------------------------------------- sums

@pytest.mark.parametrize("texts, expected", [
    (["A + B"], add(A, B)),
    (["A - B", "A − B", "A – B", "A -B", "A-B", "A−B"], add(A, neg(B))),
    (["A - B C", "A -B C"], add(A, neg(mul(B, C)))),
    (["A - 2B"], add(A, mul(num(-2), B))),
    (["A + B - C"], add(A, B, neg(C))),
    (["-A + B"], add(neg(A), B)),
    (["(A + B) + C"], add(A, B, C)),
    (["A + (B + C)"], add(A, B, C)),  # sums are flat
    (["A (B + C)"], mul(A, add(B, C))),
])
def test_sums_are_the_loosest_level(texts, expected):
    for text in texts:
        assert tree(text) == expected, text


# -------------------------------------------------------------- functions

@pytest.mark.parametrize("texts, expected", [
    (["tr(X)", "trace(X)", "Tr(X)", "tr (X)"], ir.Trace(X)),
    (["det(X)"], ir.Det(X)),
    (["logdet(X)"], ir.LogDet(X)),
    (["inv(X)"], inv(X)),
    (["Sym(X)"], ir.Sym(X)),
    (["diag(x)"], ir.Diag(x)),
    (["vec(X)"], ir.Vec(X)),
    (["sum(X)"], ir.Sum(X)),
    (["conj(X)"], ir.Conj(X)),
    (["Re(X)", "real(X)"], ir.Real(X)),
    (["Im(X)", "imag(X)"], ir.Imag(X)),
    (["X.^k"], ir.ElementPower(X, S("k"))),
    (["X.^2"], ir.ElementPower(X, num(2))),
    (["X.^-1"], ir.ElementPower(X, num(-1))),
    (["tr(X)²", "tr(X)^2"], ir.Power(ir.Trace(X), num(2))),
    (["tr(A X B)"], ir.Trace(mul(A, X, B))),
    (["det(X)^-1"], inv(ir.Det(X))),
])
def test_functions(texts, expected):
    for text in texts:
        assert tree(text) == expected, text


@pytest.mark.parametrize("name", ["exp", "log", "sqrt", "sin", "cos", "tanh", "sigmoid", "softplus"])
def test_elementwise_functions(name):
    assert tree(f"{name}(X)") == ir.Func(name, X)
    assert parse(f"{name}(X)").shape == (n, m)


def test_diag_of_a_vector_is_a_matrix_and_of_a_matrix_a_vector():
    assert isinstance(parse("diag(x)"), ir.DiagMatrix) and parse("diag(x)").shape == (n, n)
    assert isinstance(parse("diag(X)"), ir.DiagVector) and parse("diag(X)").shape == (n, ONE)
    assert isinstance(parse("diag(xᵀ)"), ir.DiagMatrix)


# ------------------------------------------------------------------ norms

@pytest.mark.parametrize("texts, expected", [
    (["||X||_F", "‖X‖_F", "norm(X)", "||X||_{F}", "||X||"], "||X||_F"),
    (["||X||_F^2", "‖X‖_F²", "(||X||_F)^2"], "||X||_F^2"),
    (["||x||", "‖x‖", "||x||_2", "‖x‖₂", "norm(x)"], "||x||"),
    (["||x||^2", "||x||_2^2", "‖x‖²", "‖x‖₂²"], "||x||^2"),
])
def test_norms(texts, expected):
    norm = ir.Norm(X if "X" in expected else x)
    wanted = ir.Power(norm, num(2)) if expected.endswith("^2") else norm
    for text in texts:
        assert parse(text) == parse(expected), text
        assert tree(text).__class__ is wanted.__class__
    assert tree(expected) == wanted


@pytest.mark.parametrize("text, expected", [
    ("λ‖w‖²", mul(λ, ir.Power(ir.Norm(S("w")), num(2)))),
    ("‖A‖_F + ‖B‖_F", add(ir.Norm(A), ir.Norm(B))),
    ("‖X^{2}‖_F", ir.Norm(ir.Power(X, num(2)))),
    ("‖A - ‖x‖ B‖_F", ir.Norm(add(A, neg(mul(ir.Norm(x), B))))),
    ("||X w - y||^2 + λ ||w||^2", add(ir.Power(ir.Norm(add(mul(X, S("w")), neg(y))), num(2)),
                                      mul(λ, ir.Power(ir.Norm(S("w")), num(2))))),
])
def test_norm_bars_open_and_close_as_meant(text, expected):
    assert tree(text) == expected


# ---------------------------------------------------- identity, zero, ones

@pytest.mark.parametrize("text, expected, shape", [
    ("I", ir.Identity(), (n, n)),
    ("I_n", ir.Identity(n), (n, n)),
    ("I_2", ir.Identity(sympy.Integer(2)), (2, 2)),
    ("eye(n)", ir.Identity(n), (n, n)),
    ("eye(3)", ir.Identity(sympy.Integer(3)), (3, 3)),
    ("0", ir.Zero(), None),
    ("ones(n)", ir.Ones((n, ONE)), (n, ONE)),
    ("ones(m, n)", ir.Ones((m, n)), (m, n)),
    ("zeros(m, n)", ir.Zero((m, n)), (m, n)),
    ("𝟙", ir.Ones(), None),
])
def test_identity_zero_and_ones(text, expected, shape):
    assert tree(text) == expected
    if shape is not None:
        assert parse(text).shape == shape


@pytest.mark.parametrize("text, shape", [
    ("X + I", (n, n)), ("X + 0", (n, m)), ("x + 𝟙", (n, ONE)), ("λI + X where X: p×p", (p, p)),
    ("I_3 + X", (3, 3)), ("A I B", (n, k)),
])
def test_identity_zero_and_ones_take_their_size_from_context(text, shape):
    assert parse(text).shape == shape


# ---------------------------------------------------------------- blocks

@pytest.mark.parametrize("texts, expected", [
    (["[A, B; C, D]", "[A,B;C,D]"], ir.Block(((A, B), (C, D)))),
    (["[R, -Q; Q, R]", "[R, −Q; Q, R]"], ir.Block(((R, neg(Q)), (Q, R)))),
    (["[A, B]"], ir.Block(((A, B),))),
    (["[A; B]"], ir.Block(((A,), (B,)))),
    (["[A B, C + D]"], ir.Block(((mul(A, B), add(C, D)),))),
])
def test_block_matrices(texts, expected):
    for text in texts:
        assert tree(text) == expected, text


def test_parentheses_group_and_vanish():
    assert tree("(X)") == X
    assert tree("((A + B)) C") == mul(add(A, B), C)
    assert tree("(((X)))ᵀ") == T(X)


# ----------------------------------------------------------- declarations

def symbol_in(expression, name):
    return next(node for node in ir.walk(expression) if isinstance(node, ir.Symbol) and node.name == name)


@pytest.mark.parametrize("spelling", ["n×n", "n x n", "n*n", "(n, n)", "n×n "])
def test_every_spelling_of_a_square_shape(spelling):
    for expression in (parse(f"tr(X) where X: {spelling}"), parse("tr(X)", where=f"X: {spelling}")):
        assert symbol_in(expression, "X").shape == (n, n)


@pytest.mark.parametrize("declaration, shape", [
    ("X: m×n", (m, n)), ("X: 3×2", (3, 2)), ("X: 2n×n", (2 * n, n)), ("X: (m + k, 2 n)", (m + k, 2 * n)),
    ("X: (n*m, 1)", (n * m, ONE)), ("X: n", (n, ONE)), ("x: 3", (3, ONE)), ("x: m", (m, ONE)),
    ("λ: scalar", (ONE, ONE)), ("x: scalar", (ONE, ONE)),
])
def test_declared_shapes(declaration, shape):
    name = declaration.split(":")[0]
    assert symbol_in(parse(name, where=declaration), name).shape == shape


@pytest.mark.parametrize("declaration, properties, complex_", [
    ("X: n×n symmetric", {"symmetric"}, False),
    ("X: n×n spd", {"spd", "invertible"}, False),
    ("X: n×n diagonal", {"diagonal"}, False),
    ("X: complex m×n", set(), True),
    ("X: m×n complex", set(), True),
    ("X: complex n×n hermitian", {"hermitian"}, True),
    ("λ: positive", {"positive"}, False),
    ("λ > 0", {"positive"}, False),
])
def test_declared_properties(declaration, properties, complex_):
    name = declaration.split(":")[0].split(">")[0].strip()
    symbol = symbol_in(parse(name, where=declaration), name)
    assert symbol.properties == frozenset(properties) and symbol.complex == complex_


def test_a_where_clause_and_a_separate_argument_declare_alike():
    inline = parse("x' S x where S: n×n spd, x: n")
    assert inline == parse("x' S x", where="S: n×n spd, x: n")
    assert inline == parse("x' S x", where="where S: n×n spd, x: n")
    assert symbol_in(inline, "S").properties >= {"spd"}


def test_both_declarations_merge():
    expression = parse("x' S x where S: n×n", where="S: spd")
    assert "spd" in symbol_in(expression, "S").properties


def test_several_names_share_one_declaration():
    expression = parse("A + B where A, B: 3×3 symmetric")
    assert symbol_in(expression, "A").shape == symbol_in(expression, "B").shape == (3, 3)


def test_declarations_end_the_text():
    expression = parse("logdet(Σ) + (x − μ)ᵀ Σ⁻¹ (x − μ) where Σ: n×n spd, μ: n")
    assert symbol_in(expression, "Σ").properties >= {"spd"}
    assert symbol_in(expression, "μ").shape == (n, ONE)
    assert expression.shape == (ONE, ONE)


# ------------------------------------------------------------------ seeds

SEED_TREES = {
    "u1ᵀ W (W E Wᵀ + λI)⁻¹ Wᵀ u2":
        mul(T(u1), W, inv(add(mul(W, E, T(W)), mul(λ, I))), T(W), u2),
    "u_1' W inv(W E W' + lambda I) W' u_2":
        mul(H(S("u_1")), W, inv(add(mul(W, E, H(W)), mul(S("lambda"), I))), H(W), S("u_2")),
    "‖Z − I ⊙ (H_Rᵀ A + H_Iᵀ B)‖_F² + ‖W − [H_R, −H_I; H_I, H_R] P_d Sᵀ‖_F²":
        add(ir.Power(ir.Norm(add(Z, neg(ir.Hadamard(I, add(mul(T(S("H_R")), A), mul(T(S("H_I")), B)))))),
                     num(2)),
            ir.Power(ir.Norm(add(W, mul(num(-1), ir.Block(((S("H_R"), neg(S("H_I"))), (S("H_I"), S("H_R")))),
                                        S("P_d"), T(S("S"))))), num(2))),
    "(ρI + DᴴD)⁻¹ x": mul(inv(add(mul(ρ, I), mul(H(D), D))), x),
    "(ρI + DDᴴ)⁻¹ x": mul(inv(add(mul(ρ, I), mul(D, H(D)))), x),
    "inv(rho*I + D*D^H)*x": mul(inv(add(mul(S("rho"), I), mul(D, H(D)))), x),
    "aᵀ X⁻¹ b": mul(T(a), inv(X), b),
    "aᵀ X b": mul(T(a), X, b),
    "xᵀ a": mul(T(x), a),
    "xᵀ B x": mul(T(x), B, x),
    "(x − A s)ᵀ W (x − A s)": mul(T(add(x, neg(mul(A, s)))), W, add(x, neg(mul(A, s)))),
    "A x": mul(A, x),
    "Rᵀ R": mul(T(R), R),
    "||y - Φ θ||^2": ir.Power(ir.Norm(add(y, neg(mul(S("Φ"), S("θ"))))), num(2)),
    "eᵀ e": mul(T(S("e")), S("e")),
}


@pytest.mark.parametrize("text", SEED_TREES)
def test_seed_expressions_read_as_intended(text):
    assert tree(text) == SEED_TREES[text]


@pytest.mark.parametrize("text, where, shape", [
    ("u1ᵀ W (W E Wᵀ + λI)⁻¹ Wᵀ u2", "E: n×n symmetric", (ONE, ONE)),
    ("‖Z − I ⊙ (H_Rᵀ A + H_Iᵀ B)‖_F² + ‖W − [H_R, −H_I; H_I, H_R] P_d Sᵀ‖_F²", None, (ONE, ONE)),
    ("(ρI + DᴴD)⁻¹ x", "D: complex m×n, x: complex n", (n, ONE)),
    ("(ρI + DDᴴ)⁻¹ x", "D: complex m×n, x: complex m", (m, ONE)),
    ("aᵀ X⁻¹ b", None, (ONE, ONE)),
    ("xᵀ B x", None, (ONE, ONE)),
    ("(x − A s)ᵀ W (x − A s)", "W: n×n symmetric", (ONE, ONE)),
    ("A x", None, (n, ONE)),
    ("Rᵀ R", None, (m, m)),
])
def test_seed_expressions_are_typed(text, where, shape):
    assert parse(text, where=where).shape == shape


def test_seed_block_sizes_follow_from_the_blocks():
    expression = parse("‖W − [H_R, −H_I; H_I, H_R] P_d Sᵀ‖_F² where H_R: n×m")
    assert symbol_in(expression, "W").shape[0] == 2 * n
    assert symbol_in(expression, "P_d").shape[0] == 2 * m


# ------------------------------------------------ every form has a shape

@pytest.mark.parametrize("text, shape", [
    ("Xᵀ", (m, n)), ("X^T", (m, n)), ("X.'", (m, n)), ("Xᴴ", (m, n)), ("X^H", (m, n)), ("X'", (m, n)),
    ("X⁻¹", (n, n)), ("X^-1", (n, n)), ("X⁻ᵀ", (n, n)), ("X^2", (n, n)), ("X²", (n, n)), ("X^k", (n, n)),
    ("-X", (n, m)), ("−X", (n, m)),
    ("A ⊗ B", (n * k, m * p)), ("kron(A, B)", (n * k, m * p)),
    ("A B", (n, k)), ("A*B", (n, k)), ("A@B", (n, k)), ("A·B", (n, k)), ("2X", (n, m)), ("X'A", (m, k)),
    ("A ⊙ B", (n, m)), ("A .* B", (n, m)), ("A ∘ B", (n, m)), ("A ⊘ B", (n, m)), ("A ./ B", (n, m)),
    ("X / α", (n, m)),
    ("A : B", (ONE, ONE)), ("XY:Z", (ONE, ONE)), ("2M:dM + 2N:dN", (ONE, ONE)),
    ("A + B", (n, m)), ("A - B", (n, m)), ("A − B", (n, m)), ("A -B", (n, m)),
    ("tr(X)", (ONE, ONE)), ("trace(X)", (ONE, ONE)), ("Tr(X)", (ONE, ONE)), ("det(X)", (ONE, ONE)),
    ("logdet(X)", (ONE, ONE)), ("inv(X)", (n, n)), ("Sym(X)", (n, n)), ("diag(x)", (n, n)),
    ("diag(X)", (n, ONE)), ("vec(X)", (n * m, ONE)), ("sum(X)", (ONE, ONE)), ("conj(X)", (n, m)),
    ("Re(X)", (n, m)), ("Im(X)", (n, m)), ("X.^k", (n, m)), ("X.^2", (n, m)),
    ("||X||_F", (ONE, ONE)), ("||X||_F^2", (ONE, ONE)), ("‖X‖_F²", (ONE, ONE)), ("norm(X)", (ONE, ONE)),
    ("||x||", (ONE, ONE)), ("||x||^2", (ONE, ONE)), ("||x||_2^2", (ONE, ONE)),
    ("I_n", (n, n)), ("I_2", (2, 2)), ("eye(n)", (n, n)), ("ones(n)", (n, ONE)), ("ones(m, n)", (m, n)),
    ("[A, B; C, D]", (n + p, k + m)), ("[R, -Q; Q, R]", (2 * n, 2 * m)), ("(X)", (n, m)),
    ("λI", (n, n)), ("2ρX", (n, m)), ("lambda I", (n, n)), ("rho*I", (n, n)),
    ("X where X: n×n spd", (n, n)), ("λ x where λ > 0", (n, ONE)),
])
def test_every_form_has_its_shape(text, shape):
    assert parse(text).shape == shape


def test_a_variable_may_be_named_with_subscript_digits():
    assert str(matcalc.grad("u₁ᵀ W u₂", wrt="W")) == str(matcalc.grad("u1ᵀ W u2", wrt="W"))
    assert matcalc.grad("u₁ᵀ W u₂", wrt="u₁").variable.name == "u1"


@pytest.mark.parametrize("text, plain", [
    ("𝑋ᵀ𝑋", "XᵀX"), ("tr(𝐀 𝐗 𝐁)", "tr(A X B)"), ("𝜆𝐈 + 𝑋", "λI + X"), ("Ｘ ＋ Ｙ", "X + Y"), ("𝐮₁ᵀ𝐱", "u₁ᵀx"),
])
def test_math_alphabet_and_fullwidth_letters_are_letters(text, plain):
    assert tree(text) == tree(plain)


def test_the_double_struck_one_stays_the_ones_matrix():
    assert tree("𝟙") == ir.Ones()


def test_a_text_read_again_is_not_parsed_again_and_its_declarations_still_count():
    first = matcalc.parse("a' X b")
    assert matcalc.parse("a' X b") is first
    declared = matcalc.parse("a' X b", where="X: m×n")
    assert declared is not first and str(declared.shape) == "(1, 1)"
    assert [str(d) for d in matcalc.parse("X", where="X: m×n").shape] == ["m", "n"]
    for _ in range(2):  # an error is raised each time, not remembered as a result
        with pytest.raises(matcalc.ParseError):
            matcalc.parse("a' X +")
