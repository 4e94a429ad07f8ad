"""Results as a textbook writes them: for each problem, the printed gradient is no longer
than the textbook's form (in printed characters) and agrees with it numerically.

The textbook forms are written in matcalc's own notation (sigmoid for σ, conj(z) for z̄,
𝟙 for the vector of ones), so that the claim check reads them; where sizes must be spelled
for that, `claim` is the form as typed. The derived gradient is also checked against
central differences.
"""
from dataclasses import dataclass

import pytest

import matcalc

COMPLEX_VECTOR = "z: complex n"


@dataclass(frozen=True)
class Form:
    text: str
    wrt: str
    textbook: str
    where: str = None
    claim: str = None

    @property
    def id(self):
        return f"{self.text} wrt {self.wrt}"


FORMS = [
    # machine learning classics
    Form("−(yᵀ log(sigmoid(X w)) + (𝟙 − y)ᵀ log(𝟙 − sigmoid(X w)))", "w",
         "Xᵀ(sigmoid(X w) − y)", "X: n×m"),
    Form("−sum(log(sigmoid(X w)))", "w", "−Xᵀ sigmoid(−X w)"),
    Form("sum(log(sigmoid(X)))", "X", "sigmoid(−X)"),
    Form("sum(log(𝟙 − sigmoid(X)))", "X", "−sigmoid(X)"),
    Form("sum(sigmoid(X))", "X", "sigmoid(X) ⊙ sigmoid(−X)"),
    Form("sum(softplus(X w)) − yᵀX w", "w", "Xᵀ(sigmoid(X w) − y)"),
    Form("‖X w − y‖²", "w", "2Xᵀ(X w − y)"),
    Form("‖X w − y‖² + λ‖w‖²", "w", "2(Xᵀ(X w − y) + λw)"),
    Form("sum(c ⊙ (X w − y).^2)", "w", "2Xᵀ(c ⊙ (X w − y))"),
    Form("‖A − W H‖_F²", "H", "2Wᵀ(WH − A)"),
    Form("‖A − W H‖_F²", "W", "2(WH − A)Hᵀ"),
    Form("sum(X ⊙ log(X ⊘ (W H)) − X + W H)", "H", "Wᵀ(𝟙 − X ⊘ (WH))", "X: m×n, W: m×k"),
    Form("sum(sqrt(A x ⊙ (A x) + 𝟙))", "x", "Aᵀ(A x ⊘ sqrt((A x).^2 + 𝟙))"),
    Form("sum(exp(X w))", "w", "Xᵀ exp(X w)"),
    # the Matrix Cookbook
    Form("aᵀX b", "X", "a bᵀ"),
    Form("aᵀXᵀb", "X", "b aᵀ"),
    Form("tr(A X)", "X", "Aᵀ"),
    Form("tr(X A Xᵀ)", "X", "X(A + Aᵀ)"),
    Form("tr(Xᵀ X)", "X", "2X"),
    Form("xᵀB x", "x", "(B + Bᵀ)x"),
    Form("logdet(X)", "X", "X⁻ᵀ"),
    Form("det(X)", "X", "det(X)X⁻ᵀ"),
    Form("aᵀX⁻¹b", "X", "−X⁻ᵀa bᵀX⁻ᵀ"),
    Form("tr(X⁻¹A)", "X", "−X⁻ᵀAᵀX⁻ᵀ"),
    Form("tr(X^-2)", "X", "−2(X⁻³)ᵀ"),
    Form("tr(X^2)", "X", "2Xᵀ"),
    Form("logdet(S) + tr(S⁻¹C)", "S", "S⁻¹ − S⁻¹CS⁻¹", "S: n×n spd, C: n×n symmetric"),
    Form("det(λ X)", "λ", "3 det(λX)/λ", "X: 3×3"),
    Form("det(λ X)", "λ", "n det(λX)/λ", "X: n×n"),
    # diag, trace, vec and Kronecker
    Form("sum(diag(X))", "X", "I", "X: n×n"),
    Form("vec(X)ᵀvec(X)", "X", "2X"),
    Form("vec(Y)ᵀ(A ⊗ B) vec(X)", "X", "BᵀYA", "A: n×n, B: n×n, X: n×n, Y: n×n"),
    Form("‖(A ⊗ B) vec(X) − vec(C)‖²", "X", "2Bᵀ(BXAᵀ − C)A", "A: n×n, B: n×n, X: n×n, C: n×n"),
    Form("sum(I_2 ⊗ X)", "X", "2𝟙𝟙ᵀ", "X: n×n", "2 ones(n) ones(n)ᵀ"),
    Form("sum([0, −1; 1, 0] ⊗ X)", "X", "0", "X: n×n"),
    Form("Y : ([0, −1; 1, 0] ⊗ X)", "X", "Y[n:2n, 0:n] − Y[0:n, n:2n]", "X: n×n"),
    Form("‖[0, −1; 1, 0] ⊗ X − Y‖²", "X", "2(2X + Y[0:n, n:2n] − Y[n:2n, 0:n])", "X: n×n"),
    Form("‖[X, A; B, X] − Y‖²", "X", "2(2X − Y[0:n, 0:n] − Y[n:2n, n:2n])", "X: n×n"),
    Form("sum(X ⊘ X)", "X", "0"),
    Form("tr([X, A; B, X])", "X", "2I", "X: n×n"),
    Form("tr([X, X; X, X])", "X", "2I"),
    Form("ones(n)ᵀX ones(m)", "X", "𝟙𝟙ᵀ", "X: n×m", "ones(n) ones(m)ᵀ"),
    # complex
    Form("Re(zᵀH z)", "z", "(conj(H) + Hᴴ) conj(z)", "z: complex n, H: complex n×n"),
    Form("sum(abs(z).^2)", "z", "2z", COMPLEX_VECTOR),
    Form("sum(z ⊙ conj(z))", "z", "2z", COMPLEX_VECTOR),
    Form("Re(zᵀz)", "z", "2 conj(z)", COMPLEX_VECTOR),
    Form("zᴴA z", "z", "(A + Aᴴ)z", "z: complex n, A: complex n×n hermitian"),
    Form("Im(aᴴz)", "z", "j a", "a: complex n, z: complex n"),
    Form("Im(zᴴa)", "z", "−j a", "a: complex n, z: complex n"),
    Form("Im(tr(A X))", "X", "jAᴴ", "X: complex n×n, A: complex n×n"),
    Form("Re(aᴴX b)", "X", "(1/2)(a bᴴ + b aᴴ)", "X: complex n×n hermitian, a: complex n, b: complex n"),
    Form("‖X − A‖²", "X", "2X − Aᴴ − A", "X: complex n×n hermitian, A: complex n×n"),
]


@pytest.mark.parametrize("form", FORMS, ids=[f.id for f in FORMS])
def test_the_result_is_no_longer_than_the_textbook_form(form):
    result = matcalc.grad(form.text, wrt=form.wrt, where=form.where)
    printed = str(result)
    assert len(printed) <= len(form.textbook), f"{printed} is longer than {form.textbook}"
    report = matcalc.check(form.text, wrt=form.wrt, where=form.where, claim=form.claim or form.textbook)
    assert report.verdict == "correct", report.message
    assert result.check(seed=0).passed


@pytest.mark.parametrize("text, where", [
    ("zᴴA z", "z: complex n, A: complex n×n hermitian"),
    ("logdet(S) + tr(S⁻¹C)", "S: complex n×n hpd, C: complex n×n hermitian"),
    ("tr(A B)", "A: complex n×n hermitian, B: complex n×n hermitian"),
    ("sum(z ⊙ conj(z))", COMPLEX_VECTOR),
    ("sum(conj(z) ⊙ z)", COMPLEX_VECTOR),
])
def test_real_valued_forms_have_gradients(text, where):
    wrt = text[text.index("(") + 1] if text.startswith(("logdet", "tr")) else "z"
    assert matcalc.grad(text, wrt=wrt, where=where).check(seed=0).passed


@pytest.mark.parametrize("text, where", [
    ("zᵀA z", "z: complex n, A: complex n×n hermitian"),
    ("tr(A B C)", "A: complex n×n hermitian, B: complex n×n hermitian, C: complex n×n hermitian"),
    ("logdet(S)", "S: complex n×n"),
    ("sum(z ⊙ z)", COMPLEX_VECTOR),
])
def test_forms_that_may_be_complex_are_refused(text, where):
    with pytest.raises(matcalc.MatcalcError, match="complex values"):
        matcalc.grad(text, wrt="z" if "z" in text else text[text.index("(") + 1], where=where)


@pytest.mark.parametrize("text, wrt, where, herm", [
    ("Re(aᴴX b)", "X", "X: complex n×n hermitian, a: complex n, b: complex n", "(1/2)(a bᴴ + b aᴴ)"),
    ("‖X − A‖²", "X", "X: complex n×n hermitian, A: complex n×n", "2X − A − Aᴴ"),
    ("Re(tr(A X))", "X", "X: complex n×n hpd, A: complex n×n", "(1/2)(A + Aᴴ)"),
])
def test_a_hermitian_variable_gets_the_hermitian_part_of_the_gradient(text, wrt, where, herm):
    """Herm(G) = (G + Gᴴ)/2, as Sym(G) for a symmetric one: checked along hermitian directions,
    and against the hermitian part worked out by hand."""
    result = matcalc.grad(text, wrt=wrt, where=where)
    assert result.check(seed=0).passed
    assert matcalc.check(text, wrt=wrt, where=where, claim=herm).verdict == "correct"


def test_the_list_is_long_enough():
    assert len(FORMS) >= 40


def test_a_row_of_ones_keeps_its_transpose_in_print():
    result = matcalc.grad("ones(n)ᵀ X ones(m)", wrt="X")
    assert str(result) == "𝟙𝟙ᵀ"
    assert result.latex().replace(" ", "") == r"\mathbf{1}\mathbf{1}^\top"
    assert result.check(seed=0).passed


def test_a_conjugate_prints_as_conj_never_as_two_transposes():
    result = matcalc.grad("Re(zᵀH z)", wrt="z", where="z: complex n, H: complex n×n")
    assert "ᴴᵀ" not in str(result) and "ᵀᴴ" not in str(result)
    assert "conj(H)" in str(result)
