"""Known gradients, printed as a person would write them, each checked numerically;
the errors a gradient can meet; and the derivation steps of seed 002."""
import numpy as np
import pytest
import sympy

import matcalc
from matcalc.checking import sampling
from matcalc.derivation.rulebook import all_rules

SEED_001 = "‖Z − I ⊙ (H_Rᵀ A + H_Iᵀ B)‖_F² + ‖W − [H_R, −H_I; H_I, H_R] P Sᵀ‖_F²"
SEED_002 = "u1ᵀ W (W E Wᵀ + λI)⁻¹ Wᵀ u2"

PINNED = [
    # (function, wrt, declarations, the printed gradient; spellings the printer may choose)
    ("tr(A X B)", "X", None, ("AᵀBᵀ",)),
    ("aᵀ X⁻¹ b", "X", None, ("−X⁻ᵀabᵀX⁻ᵀ", "−X⁻ᵀa bᵀX⁻ᵀ")),
    ("det(X)", "X", None, ("det(X)X⁻ᵀ",)),
    ("xᵀ B x", "x", None, ("(B + Bᵀ)x",)),
    ("(x − A s)ᵀ W (x − A s)", "s", "W: n×n symmetric", ("2AᵀW(As − x)", "2AᵀW(A s − x)")),
    ("logdet(X)", "X", "X: spd", ("X⁻¹",)),
    ("tr(A ⊗ X)", "X", "A: m×m, X: n×n", ("tr(A)I",)),
    ("tr(A ⊗ X)", "X", None, ("tr(A)I",)),  # the trace makes both factors square
    ("tr(X ⊗ X)", "X", None, ("2 tr(X)I", "2tr(X)I")),
    ("sum(log(sigmoid(y ⊙ (X w))))", "w", None, ("Xᵀ(y ⊙ sigmoid(−(y ⊙ (X w))))",)),  # σ(−t) = 1 − σ(t)
    ("sum(log(exp(x)))", "x", None, ("𝟙",)),
    ("log(abs(det(X)))", "X", None, ("X⁻ᵀ",)),
    ("tr(X^4)", "X", None, ("4X³ᵀ", "4(X³)ᵀ")),
    (SEED_002, "W", "E: n×n symmetric", ("2(AWB − BWᵀAWBWE)  where  A = Sym(u₁u₂ᵀ),  B = (WEWᵀ + λI)⁻¹",)),
]


@pytest.mark.parametrize("text, wrt, where, printed", PINNED, ids=[f"{p[0]} wrt {p[1]}" for p in PINNED])
def test_pinned_gradient(text, wrt, where, printed):
    result = matcalc.grad(text, wrt=wrt, where=where)
    assert str(result) in printed
    report = result.check(seed=0)
    assert report.passed, str(report)


# ------------------------------------------------------------------ seed 001

#: The seed's own answers, 2(AD + E) and 2(BD − F), written in matcalc's notation:
#: D = I ⊙ M, E and F the block sums Σₖ Eₖᵀ C Fₖ of C = NSPᵀ.
SEED_001_ANSWERS = {
    "H_R": "2(AD + E)  where  D = I ⊙ (H_Rᵀ A + H_Iᵀ B − Z),  E = C[0:m, 0:n] + C[m:2m, n:2n],"
           "  C = ([H_R, −H_I; H_I, H_R]PSᵀ − W)SPᵀ",
    "H_I": "2(BD − F)  where  D = I ⊙ (H_Rᵀ A + H_Iᵀ B − Z),  F = C[0:m, n:2n] − C[m:2m, 0:n],"
           "  C = ([H_R, −H_I; H_I, H_R]PSᵀ − W)SPᵀ",
}


def seed_001_by_hand(v, wrt):
    """The seed's answer computed block by block with NumPy."""
    r, q = v["H_R"], v["H_I"]
    m, n = r.shape
    d = np.diag(np.diag(r.T @ v["A"] + q.T @ v["B"] - v["Z"]))
    c = (np.block([[r, -q], [q, r]]) @ v["P"] @ v["S"].T - v["W"]) @ v["S"] @ v["P"].T
    if wrt == "H_R":
        return 2 * (v["A"] @ d + c[:m, :n] + c[m:, n:])
    return 2 * (v["B"] @ d - (c[:m, n:] - c[m:, :n]))


@pytest.mark.parametrize("wrt", ["H_R", "H_I"])
def test_seed_001_in_terms_of_the_diagonal_and_block_sums(wrt):
    result = matcalc.grad(SEED_001, wrt=wrt)
    text = str(result)
    assert "I ⊙ (" in text and ("[0:m, 0:n]" in text or "[0:m, n:2n]" in text)
    assert len(text) <= 1.5 * len(SEED_001_ANSWERS[wrt]), text
    assert result.check(seed=1).passed
    inputs, _ = sampling.sample_inputs(result.function, np.random.default_rng(1))
    np.testing.assert_allclose(result.numpy()(**inputs), seed_001_by_hand(inputs, wrt), rtol=1e-9, atol=1e-9)


# ------------------------------------------------------------------ errors

def test_gradient_of_a_matrix_says_to_use_jacobian():
    with pytest.raises(matcalc.MatcalcError, match="jacobian"):
        matcalc.grad("A X", wrt="X")


def test_gradient_wrt_an_absent_name_lists_the_names_that_occur():
    with pytest.raises(matcalc.MatcalcError) as error:
        matcalc.grad("aᵀ X b", wrt="Y")
    assert all(name in str(error.value) for name in ("a", "X", "b"))
    assert len(str(error.value)) <= 400


# ------------------------------------------------------------------ steps and outputs

def test_seed_002_steps_read_as_the_seed_derivation():
    result = matcalc.grad(SEED_002, wrt="W", where="E: n×n symmetric")
    steps = list(result.steps)
    assert steps[0].equation == "φ = u₁ᵀW(WEWᵀ + λI)⁻¹Wᵀu₂"
    assert steps[1].equation == "A = Sym(u₁u₂ᵀ),  B = (WEWᵀ + λI)⁻¹"
    first = next(step for step in steps if step.equation.startswith("dφ = "))
    assert "d.product" in first.rules and "dW" in first.equation and "dB" in first.equation
    assert any(step.equation.startswith("dB = ") and "d.inverse" in step.rules for step in steps)
    assert steps[-2].equation.endswith("= 2(AWB − BWᵀAWBWE) : dW")
    assert steps[-1].equation == "∂φ/∂W = 2(AWB − BWᵀAWBWE)"
    known = {rule.id for rule in all_rules()}
    assert all(set(step.rules) <= known for step in steps)
    assert all(" = " in line or line.lstrip().startswith("= ") for line in str(result.steps).splitlines())


def test_result_outputs():
    result = matcalc.grad(SEED_002, wrt="W", where="E: n×n symmetric")
    assert isinstance(result.sympy, sympy.MatrixExpr) and result.sympy.shape == result.variable.shape_
    latex = result._repr_latex_()
    assert latex.startswith("$") and latex.endswith("$") and "\\partial" in latex
    assert result.latex() in latex
    assert isinstance(result.expr, matcalc.core.ir.Node) and result.expr.shape == result.variable.shape_
