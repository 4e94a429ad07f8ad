r"""LaTeX as pasted from papers reads to the expression the same formula typed by hand means.

Each case parses the LaTeX and the language's own spelling and compares the typed trees,
so a form read to another tree fails, not only one that is refused. The formulas of the
problems matcalc was made for are copied verbatim from where they were posted.
"""
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

import matcalc
from matcalc.core import ir
from matcalc.language.latex_input import looks_like_latex
from matcalc.language.pasted import read_latex
from matcalc.printing.latex import to_latex
from hypothesis import strategies as st
from strategies import DECLARATIONS, matrix

SQUARE = "X: n×n, A: n×n, B: n×n, Σ: n×n, x: n, y: n, u_1: n, u_2: n"

FORMS = [
    # fonts and names
    (r"\mathbf{x}^\top \mathbf{A} \mathbf{x}", "xᵀ A x"),
    (r"\boldsymbol{x}^T \bm{A} x", "xᵀ A x"),
    (r"\mathrm{tr}(A X)", "tr(A X)"),
    (r"\operatorname{Tr}(A X)", "tr(A X)"),
    (r"\text{tr}(A X)", "tr(A X)"),
    (r"\operatorname{tr} X", "tr(X)"),
    (r"\det(X)", "det(X)"),
    (r"\det X", "det(X)"),
    (r"\log\det X", "logdet(X)"),
    (r"\log(\det(X))", "log(det(X))"),
    (r"\exp(x^T x)", "exp(xᵀx)"),
    (r"\sqrt{x^T x}", "sqrt(xᵀx)"),
    (r"\mathrm{AB} + X", "AB + X where AB: n×n"),
    # brackets and norms
    (r"\left( A + X \right) x", "(A + X) x"),
    (r"\left[ A + X \right] x", "(A + X) x"),
    (r"\left\| A - X \right\|_F^2", "‖A − X‖_F²"),
    (r"\|x\|^2", "‖x‖²"),
    (r"\lVert x \rVert_2", "‖x‖_2"),
    (r"\big( A + X \big) x", "(A + X) x"),
    (r"\left| x^T y \right|", "abs(xᵀy)"),
    # postfix operators
    (r"X^T", "Xᵀ"), (r"X^\top", "Xᵀ"), (r"X^{\top}", "Xᵀ"), (r"X^{\mathsf T}", "Xᵀ"),
    (r"X^{\mathsf{T}}", "Xᵀ"), (r"X^\intercal", "Xᵀ"), (r"X^H", "Xᴴ"), (r"X^*", "Xᴴ"), (r"X^{H}", "Xᴴ"),
    (r"X^{-1}", "X⁻¹"), (r"X^{-T}", "X⁻ᵀ"), (r"X^{-\top}", "X⁻ᵀ"), (r"X^{2}", "X²"), (r"X^{\circ 2}", "X.^2"),
    # scripts in either order; adjacent letters multiply
    (r"u^T_1 X u_2", "u_1ᵀ X u_2"), (r"u_1^T X u_2", "u_1ᵀ X u_2"), (r"u^{T}_{1} X u_{2}", "u_1ᵀ X u_2"),
    (r"\operatorname{tr}(H_R^TA)", "tr(H_Rᵀ A) where H_R: n×n"),
    (r"\operatorname{tr}(P_dS^T)", "tr(P_d Sᵀ) where P_d: n×n, S: n×n"),
    (r"\operatorname{tr}(AD^T)", "tr(A Dᵀ) where D: n×n"),
    (r"\operatorname{tr}(AX)", "tr(A X)"),
    # operators
    (r"\operatorname{sum}(A \odot X)", "sum(A ⊙ X)"), (r"\operatorname{sum}(A \circ X)", "sum(A ⊙ X)"),
    (r"\operatorname{sum}(A \otimes X)", "sum(kron(A, X))"), (r"x^T \cdot y", "xᵀ y"), (r"2 \times x", "2 x"),
    # Greek letters
    (r"\alpha x + \beta y", "α x + β y"), (r"\lambda \|x\|^2", "λ‖x‖²"), (r"\varepsilon x", "ϵ x"),
    (r"\varphi x", "ϕ x"), (r"\sigma_k x", "σ_k x"), (r"\operatorname{tr}(X \Sigma X^T)", "tr(X Σ Xᵀ)"),
    # fractions and roots
    (r"\frac{1}{2} x^T x", "(1/2) xᵀ x"), (r"\tfrac{1}{2} x^T x", "(1/2) xᵀ x"),
    (r"\frac{x^T A x}{x^T x}", "(xᵀ A x) / (xᵀ x)"),
    # matrices
    (r"\begin{pmatrix} A & X \\ X & A \end{pmatrix}", "[A, X; X, A]"),
    (r"\begin{bmatrix} A & X \\ X & A \end{bmatrix}", "[A, X; X, A]"),
    (r"\begin{matrix} A & -X \\ X & A \end{matrix}", "[A, -X; X, A]"),
    # constants
    (r"\mathbf{1}^T x", "𝟙ᵀ x"), (r"\mathbf{I} + X", "I + X"), (r"\mathbf{0} + X", "0 + X"),
    (r"\sum X", "sum(X)"), (r"\operatorname{diag}(x)", "diag(x)"), (r"\operatorname{vec}(X)", "vec(X)"),
    (r"\operatorname{Sym}(X)", "Sym(X)"),
    # spacing
    (r"x^T\,A\;x\!+\quad x^T~x", "xᵀ A x + xᵀ x"), (r"\qquad x^T x", "xᵀ x"),
    # definitions
    (r"f(\mathbf{x}) = \mathbf{x}^T A \mathbf{x}", "xᵀ A x"),
    (r"L(\theta) := \theta x^T x", "θ xᵀ x"), (r"\phi = x^T x", "xᵀ x"),
]


def typed(text, extra="", latex=None):
    return matcalc.parse(text, where=", ".join(filter(None, [SQUARE, extra])), latex=latex)


@pytest.mark.parametrize("latex, plain", FORMS)
def test_latex_form_reads_as_typed(latex, plain):
    hand, _, declared = plain.partition(" where ")
    assert typed(latex, declared, latex=True) == typed(hand, declared, latex=False)


@pytest.mark.parametrize("text, typed_by_hand", [(r"\alpha x", "α x"), (r"x^T\,x + \|x\|", "xᵀx + ‖x‖"),
                                                  ("u^{T}_{1} x", "u_1ᵀ x")])
def test_latex_is_found_without_being_told(text, typed_by_hand):
    assert matcalc.parse(text, where="u_1: n") == matcalc.parse(typed_by_hand, where="u_1: n")


@pytest.mark.parametrize("text", ["X^T A X", "H_R + X", "X \\ Y", "2 x"])
def test_plain_text_is_not_taken_for_latex(text):
    assert not looks_like_latex(text)


def test_backslash_letters_are_a_command_not_left_division():
    """tr(X \\Sigma X^T) is the trace of XΣXᵀ, not of X⁻¹ΣXᵀ."""
    expression = matcalc.parse(r"tr(X \Sigma X^T)", where="X: n×m, Σ: m×m")
    assert expression == matcalc.parse("tr(X Σ Xᵀ)", where="X: n×m, Σ: m×m")
    assert not ir.contains(expression, lambda node: isinstance(node, ir.Inverse))
    assert ir.contains(matcalc.parse(r"tr(X \ Y)", where="X: n×n, Y: n×n"),
                       lambda node: isinstance(node, ir.Inverse))


def test_an_unknown_command_is_named_with_a_caret():
    with pytest.raises(matcalc.ParseError) as error:
        matcalc.parse(r"x^T \frob x")
    lines = str(error.value).splitlines()
    assert "unknown LaTeX command \\frob" in lines[0]
    assert lines[-1].index("^") == lines[-2].index("\\frob")


def test_an_error_past_the_last_translated_piece_points_into_the_text():
    """A bracket just before LaTeX that ends the text: the error lies past every piece read."""
    with pytest.raises(matcalc.ParseError) as error:
        matcalc.parse("invertible where]^{T}")
    lines = str(error.value).splitlines()
    assert "unexpected ']'" in lines[0] and lines[-1].index("^") == lines[-2].index("]")


def test_the_pseudo_inverse_is_refused_with_its_name():
    with pytest.raises(matcalc.ParseError, match="pseudo-inverse is not supported"):
        matcalc.parse(r"\mathbf{A}^{\dagger} x")


@pytest.mark.parametrize("text, problem", [(r"\begin{cases} x \end{cases}", "environment"),
                                           (r"\left( x", "never closed"), (r"X_{i,j}", "subscript")])
def test_unreadable_latex_says_what(text, problem):
    with pytest.raises(matcalc.ParseError, match=problem):
        matcalc.parse(text, latex=True)


# --------------------------------------------------- the problems' own formulas

SEEDS = [
    # y = (ρI + DᴴD)⁻¹x, standard and Woodbury forms, eqs. (1) and (22)
    (r"$$\mathbf{y} = (\rho \mathbf{I} + \mathbf{D}^H \mathbf{D})^{-1} \mathbf{x} \quad (1)$$",
     "(ρI + DᴴD)⁻¹x", "D: complex m×n, x: complex n", "x"),
    (r"$$\mathbf{y} = (\rho \mathbf{I} + \mathbf{D} \mathbf{D}^H)^{-1} \mathbf{x} \quad (22)$$",
     "(ρI + DDᴴ)⁻¹x", "D: complex m×n, x: complex m", "x"),
    # the objective in H_R and H_I
    (r"$$\left\| Z - I\odot(H_R^TA + H_I^TB) \right\|_F^2 + \left\|W-\begin{pmatrix} H_R & -H_I\\H_I & H_R"
     r"\end{pmatrix}P_dS^T \right\|_F^2$$",
     "‖Z − I⊙(H_RᵀA + H_IᵀB)‖_F² + ‖W − [H_R, −H_I; H_I, H_R] P_d Sᵀ‖_F²",
     "H_R: n×n, H_I: n×n, A: n×n, B: n×n, Z: n×n, W: 2n×k, P_d: 2n×p, S: k×p", "H_R"),
    # ∇_W of u1ᵀ W (W E Wᵀ + λI)⁻¹ Wᵀ u2
    (r"$$\nabla_W \left( u^T_1 W \left( W E W^T + \lambda I \right)^{-1} W^{T} u_2 \right)$$",
     "u_1ᵀ W (W E Wᵀ + λI)⁻¹ Wᵀ u_2", "W: n×n, E: n×n, u_1: n, u_2: n, λ > 0", "W"),
    # the identity table, (5.103)–(5.108)
    (r"$$\frac{\partial a^\top \mathbf{X}^{-1} b}{\partial \mathbf{X}} = -(\mathbf{X}^{-1})^\top a b^\top "
     r"(\mathbf{X}^{-1})^\top \quad (5.103)$$", "aᵀX⁻¹b", "X: n×n, a: n, b: n", "X"),
    (r"$$\frac{\partial x^\top a}{\partial x} = a^\top \quad (5.104)$$", "xᵀa", "x: n, a: n", "x"),
    (r"$$\frac{\partial a^\top x}{\partial x} = a^\top \quad (5.105)$$", "aᵀx", "x: n, a: n", "x"),
    (r"$$\frac{\partial a^\top \mathbf{X} b}{\partial \mathbf{X}} = a b^\top \quad (5.106)$$", "aᵀ X b",
     "X: n×m, a: n, b: m", "X"),
    (r"$$\frac{\partial x^\top B x}{\partial x} = x^\top (B + B^\top) \quad (5.107)$$", "xᵀ B x",
     "x: n, B: n×n", "x"),
    (r"$$\frac{\partial}{\partial \mathbf{s}} (x - \mathbf{A} \mathbf{s})^\top W (x - \mathbf{A} \mathbf{s}) = "
     r"-2(x - \mathbf{A} \mathbf{s})^\top W \mathbf{A} \quad \text{for symmetric } W \quad (5.108)$$",
     "(x − A s)ᵀ W (x − A s)", "x: n, A: n×m, s: m, W: n×n symmetric", "s"),
    # the lecture's f = Ax, K = RᵀR and least squares
    (r"$\mathbf{f} = \mathbf{A}\mathbf{x}, \text{ where } \mathbf{f} \in \mathbb{R}^M, \mathbf{A} \in "
     r"\mathbb{R}^{M \times N}, \mathbf{x} \in \mathbb{R}^N.$", "A x", "A: M×N, x: N", "x"),
    (r"$\mathbf{f}(\mathbf{R}) = \mathbf{R}^\top \mathbf{R} := \mathbf{K} \in \mathbb{R}^{N \times N}$",
     "RᵀR", "R: M×N", "R"),
    (r"$L_2(\boldsymbol{\theta}) := \|\mathbf{y} - \Phi \boldsymbol{\theta}\|^2 = (\mathbf{y} - \Phi "
     r"\boldsymbol{\theta})^\top (\mathbf{y} - \Phi \boldsymbol{\theta}).$", "‖y − Φθ‖²", "y: N, Φ: N×D, θ: D",
     "θ"),
]


def _formula(pasted):
    return pasted.strip("$")


@pytest.mark.parametrize("pasted, typed_by_hand, where, wrt", SEEDS)
def test_a_pasted_formula_reads_as_typed_by_hand(pasted, typed_by_hand, where, wrt):
    assert matcalc.parse(_formula(pasted), where=where) == matcalc.parse(typed_by_hand, where=where)


@pytest.mark.parametrize("pasted, typed_by_hand, where, wrt", SEEDS)
def test_a_pasted_formula_derives_as_typed_by_hand(pasted, typed_by_hand, where, wrt):
    """The same derivative, and one that differences confirm at random points."""
    function = matcalc.parse(_formula(pasted), where=where)
    if function.shape == (1, 1):
        derived = matcalc.grad(function, wrt=wrt)
        assert derived.expr == matcalc.grad(typed_by_hand, wrt=wrt, where=where).expr
        assert derived.check(seed=0).passed
    else:
        derived = matcalc.vjp(function, wrt=wrt)
        assert derived.expr == matcalc.vjp(typed_by_hand, wrt=wrt, where=where).expr
        assert derived.check(seed=0).passed


@pytest.mark.parametrize("pasted, typed_by_hand, where, wrt", [s for s in SEEDS if "partial" in s[0] or "nabla" in s[0]])
def test_the_question_names_the_variable(pasted, typed_by_hand, where, wrt):
    assert read_latex(_formula(pasted)).wrt == wrt


# --------------------------------------------------------------- read-back

COMMON = dict(deadline=None, database=None, suppress_health_check=list(HealthCheck))


@settings(max_examples=200, **COMMON)
@given(st.sampled_from([("n", "n"), ("n", "m"), ("n", "1"), ("1", "1")]).flatmap(lambda shape: matrix(shape, 3)))
def test_printed_latex_reads_back_as_the_same_expression(text):
    expression = matcalc.parse(text, where=DECLARATIONS)
    printed = to_latex(expression)
    assert matcalc.parse(printed, where=DECLARATIONS, latex=True) == expression, printed
