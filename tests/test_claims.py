"""A gradient worked out by hand, checked: correct, transposed or wrong, and which term is off.

The derived gradients these claims are held against are themselves checked against
differences in test_gradients; here each verdict is also confirmed by evaluating the
claim and the derived gradient at a point.
"""
import contextlib
import io

import numpy as np
import pytest

import matcalc
from matcalc import cli
from matcalc.checking import numeric, sampling
from matcalc.printing.text import to_text

SEED_002 = "u1ᵀ W (W E Wᵀ + λI)⁻¹ Wᵀ u2"
SEED_002_WHERE = "W: n×n, E: n×n symmetric, λ > 0"
#: The answer posted with the problem, typed as it stands: 2(AWB − BWᵀAWBWE).
SEED_002_ANSWER = "2(AWB − BWᵀAWBWE) where A = Sym(u1 u2ᵀ), B = (W E Wᵀ + λI)⁻¹"
SEED_002_ANSWER_LATEX = r"2\left(AWB - BW^TAWBWE\right) where A = \operatorname{Sym}(u_1u_2^T), B = (WEW^T+\lambda I)^{-1}"
LARGE = "100000000 + 1e-3 tr(A X)"


def call(*args):
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        status = cli.main(list(args))
    return status, out.getvalue()


def test_the_posted_answer_to_the_nabla_w_question_is_correct():
    report = matcalc.check(SEED_002, wrt="W", where=SEED_002_WHERE, claim=SEED_002_ANSWER)
    assert report.verdict == "correct" and report.ok and report.relative_error < 1e-12
    assert report.derived.check(seed=0).passed


SEED_001 = "‖Z − I⊙(H_RᵀA + H_IᵀB)‖_F² + ‖W − [H_R, −H_I; H_I, H_R] P_d Sᵀ‖_F²"
SEED_001_WHERE = "H_R: n×n, H_I: n×n, A: n×n, B: n×n, Z: n×n, W: 2n×k, P_d: 2n×p, S: k×p"
#: The posted answer's names: D = I ⊙ M, C = N S P_dᵀ, and E = C₁₁ + C₂₂, F = C₂₁ − C₁₂ from the
#: n×n blocks of C (in place of the SVD the answer uses).
SEED_001_NAMES = ("M = I ⊙ (H_Rᵀ A + H_Iᵀ B) − Z, D = I ⊙ M, N = [H_R, −H_I; H_I, H_R] P_d Sᵀ − W, "
                  "C = N S P_dᵀ, E = C[0:n, 0:n] + C[n:2n, n:2n], F = C[n:2n, 0:n] − C[0:n, n:2n]")


def test_the_posted_answer_for_h_r_is_correct():
    report = matcalc.check(SEED_001, wrt="H_R", where=SEED_001_WHERE, claim="2(AD + E) where " + SEED_001_NAMES)
    assert report.verdict == "correct" and report.symbolic
    assert report.derived.check(seed=0).passed


def test_the_posted_answer_for_h_i_has_the_sign_of_f_wrong():
    report = matcalc.check(SEED_001, wrt="H_I", where=SEED_001_WHERE, claim="2(BD − F) where " + SEED_001_NAMES)
    assert report.verdict == "wrong"
    assert "the term −2F has the wrong sign" in report.message
    assert matcalc.check(SEED_001, wrt="H_I", where=SEED_001_WHERE, claim="2(BD + F) where " + SEED_001_NAMES).ok


def test_a_claim_may_be_latex():
    assert matcalc.check(SEED_002.replace("u1", "u_1").replace("u2", "u_2"), wrt="W", where=SEED_002_WHERE,
                         claim=SEED_002_ANSWER_LATEX).ok


def test_a_wrong_sign_is_found_and_its_term_named():
    claim = SEED_002_ANSWER.replace("−", "+")
    report = matcalc.check(SEED_002, wrt="W", where=SEED_002_WHERE, claim=claim)
    assert report.verdict == "wrong" and not report.ok
    assert "the term 2BWᵀAWBWE has the wrong sign" in report.message
    assert f"the derived gradient is {to_text(report.derived.expr)}" in report.message
    assert report.relative_error > 0.1


def test_a_term_too_many_is_named():
    report = matcalc.check("tr(A X) + tr(X)", wrt="X", claim="Aᵀ + I + Xᵀ")
    assert report.verdict == "wrong" and "the term Xᵀ should not be there" in report.message


@pytest.mark.parametrize("claim, verdict", [("0", "wrong"), ("2e-3 Aᵀ", "wrong"), ("1e-3 Aᵀ", "correct"),
                                            ("1e-3 A", "transposed"), ("0.0010000001 Aᵀ", "wrong")])
def test_acceptance_follows_the_gradient_not_the_size_of_f(claim, verdict):
    report = matcalc.check(LARGE, wrt="X", claim=claim)
    assert report.verdict == verdict
    if verdict == "transposed":
        assert "numerator layout" in report.message


def test_a_transposed_claim_is_right_in_numerator_layout():
    assert matcalc.check("aᵀ X b", wrt="X", claim="b aᵀ", layout="numerator").ok
    assert matcalc.check("aᵀ X b", wrt="X", claim="b aᵀ").verdict == "transposed"
    assert matcalc.check("aᵀ x", wrt="x", claim="aᵀ").verdict == "transposed"


def test_the_verdict_agrees_with_the_values():
    """The claim of the answer posted is, at a point, the derived gradient's value."""
    report = matcalc.check(SEED_002, wrt="W", where=SEED_002_WHERE, claim=SEED_002_ANSWER)
    from matcalc.results.claims import read_claim
    written, expand = read_claim(SEED_002_ANSWER, report.derived.function)
    inputs, sizes = sampling.sample_inputs(report.derived.function, np.random.default_rng(1))
    assert np.allclose(numeric.evaluate(expand(written), inputs, sizes),
                       numeric.evaluate(report.derived.expr, inputs, sizes))


@pytest.mark.parametrize("claim, problem", [("Aᵀ Q", "names Q"), ("tr(A)", "the claim is 1×1"),
                                            ("A where B", "defines names")])
def test_a_claim_that_cannot_be_compared_is_an_error(claim, problem):
    with pytest.raises(matcalc.MatcalcError, match=problem):
        matcalc.check("tr(A X)", wrt="X", claim=claim, where="A: n×n")


@pytest.mark.parametrize("claim, status, verdict", [("0", 1, "wrong"), ("2e-3 Aᵀ", 1, "wrong"),
                                                    ("1e-3 Aᵀ", 0, "correct")])
def test_the_command_line_exits_by_the_verdict(claim, status, verdict):
    code, out = call("check", LARGE, "--wrt", "X", "--claim", claim)
    assert code == status and out.startswith(verdict + ":")


def test_the_command_line_check_without_a_claim_is_as_before():
    code, out = call("check", "tr(A X)", "--wrt", "X", "--seed", "0")
    assert code == 0 and "numerical check passed" in out


# ------------------------------------------------------------ the question as the request

def test_the_question_names_the_variable_for_grad():
    question = r"\nabla_W \left( u^T_1 W \left( W E W^T + \lambda I \right)^{-1} W^{T} u_2 \right)"
    asked = matcalc.grad(question, where="W: n×n, E: n×n symmetric, λ > 0")
    assert asked.expr == matcalc.grad("u_1ᵀ W (W E Wᵀ + λI)⁻¹ Wᵀ u_2", wrt="W",
                                      where="W: n×n, E: n×n symmetric, λ > 0").expr
    assert asked.check(seed=0).passed


@pytest.mark.parametrize("question, kind", [
    (r"\frac{\partial x^T A x}{\partial x}", "Gradient"), (r"\nabla_x (x^T A x)", "Gradient"),
    (r"\frac{d (x^T A x)}{d x}", "Gradient"), (r"\partial (x^T A x) / \partial x", "Gradient"),
    (r"\partial x^T A x / \partial x", "Gradient"),
    (r"\frac{\partial \mathbf{A}\mathbf{x}}{\partial \mathbf{x}}", "Jacobian"),
    (r"\nabla^2_x (x^T A x)", "Hessian"), (r"\frac{\partial^2 x^T A x}{\partial x \partial x^T}", "Hessian")])
def test_derive_answers_what_the_question_asks(question, kind):
    result = matcalc.derive(question, where="A: n×n, x: n")
    assert type(result).__name__ == kind
    if kind == "Gradient":
        assert result.expr == matcalc.grad("xᵀ A x", wrt="x", where="A: n×n").expr
        assert result.check(seed=0).passed
    elif kind == "Hessian":
        assert result.expr == matcalc.parse("A + Aᵀ", where="A: n×n")
    else:
        assert result.expr == matcalc.parse("A", where="A: n×n")


@pytest.mark.parametrize("question", ["d/dX tr(A X)", "grad_X tr(A X)", "∇_X tr(A X)", "d/dX (tr(A X))"])
def test_a_plain_question_names_the_variable(question):
    asked = matcalc.grad(question, where="A: n×n")
    assert asked.expr == matcalc.grad("tr(A X)", wrt="X", where="A: n×n").expr
    assert matcalc.parse(question, where="A: n×n") == matcalc.parse("tr(A X)", where="A: n×n")


def test_the_command_line_reads_the_question():
    code, out = call("grad", r"\nabla_x (x^T A x)", "--where", "A: n×n")
    assert code == 0 and out.strip() == "(A + Aᵀ)x"
    code, out = call("grad", "x_{1}^T A x_{1}", "--latex", "--wrt", "x_1")
    assert code == 0 and out.strip() == "(A + Aᵀ)x₁"


def test_without_a_variable_grad_asks_for_one():
    with pytest.raises(matcalc.DerivationError, match="wrt"):
        matcalc.grad("tr(A X)")
