"""The problems' own formulas, copied verbatim from the seed files, asked as questions.

(5.99)–(5.102) hold for any f(X); the formula does not say which, so read alone it is
an error naming f(X), and after a definition `f(X) = …;` it asks for the derivative of
that f. Every derivative is held against the hand-typed one and against differences.
"""
from pathlib import Path

import numpy as np
import pytest

import finite_differences as fd
import matcalc
from matcalc.checking import sampling
from test_latex_input import SEEDS

SEED_FILES = Path(__file__).resolve().parents[2] / "shared" / "seeds"

#: The identities of seed 003 that hold for any f(X), as they stand there.
FOR_ANY_F = {
    "5.99": r"$$\frac{\partial}{\partial \mathbf{X}} f(\mathbf{X})^\top = \left(\frac{\partial f(\mathbf{X})}"
            r"{\partial \mathbf{X}} \right)^\top \quad (5.99)$$",
    "5.100": r"$$\frac{\partial}{\partial \mathbf{X}} \text{tr}(f(\mathbf{X})) = \text{tr} \left(\frac{\partial "
             r"f(\mathbf{X})}{\partial \mathbf{X}} \right) \quad (5.100)$$",
    "5.101": r"$$\frac{\partial}{\partial \mathbf{X}} \det(f(\mathbf{X})) = \det(f(\mathbf{X})) \text{tr} "
             r"\left(f(\mathbf{X})^{-1} \frac{\partial f(\mathbf{X})}{\partial \mathbf{X}} \right) \quad (5.101)$$",
    "5.102": r"$$\frac{\partial}{\partial \mathbf{X}} f(\mathbf{X})^{-1} = -f(\mathbf{X})^{-1} \frac{\partial "
             r"f(\mathbf{X})}{\partial \mathbf{X}} f(\mathbf{X})^{-1} \quad (5.102)$$",
}
#: What each asks for, typed by hand, with f(X) = A X B.
TYPED = {"5.99": "(A X B)ᵀ", "5.100": "tr(A X B)", "5.101": "det(A X B)", "5.102": "(A X B)⁻¹"}
WHERE = "A: n×n, B: n×n, X: n×n"

#: More of seed 003 as it stands: the second (5.108), and the quadratic form in z.
MORE = [
    (r"$$\frac{\partial}{\partial s} (x - \mathbf{A}\mathbf{s})^T \mathbf{W} (x - \mathbf{A}\mathbf{s}) = "
     r"-2(x - \mathbf{A}\mathbf{s})^T \mathbf{W} \mathbf{A} \quad \text{for symmetric } \mathbf{W} \quad (5.108)$$",
     "(x − A s)ᵀ W (x − A s)", "x: n, A: n×m, s: m, W: n×n symmetric", "s"),
    (r"$\frac{\partial \mathbf{z}^T \mathbf{W} \mathbf{z}}{\partial \mathbf{z}} = \mathbf{z}^T (\mathbf{W} + "
     r"\mathbf{W}^T) = 2(\mathbf{x} - \mathbf{A}\mathbf{s})^T \mathbf{W}$", "zᵀ W z", "W: n×n", "z"),
]


def formula(pasted):
    return pasted.strip("$")


def seed_text():
    if not SEED_FILES.is_dir():
        pytest.skip("the seed files are not beside the project")
    return "".join(path.read_text(encoding="utf-8") for path in sorted(SEED_FILES.glob("0*")))


@pytest.mark.parametrize("pasted", list(FOR_ANY_F.values()) + [m[0] for m in MORE + SEEDS])
def test_the_strings_stand_in_the_seed_files_as_written(pasted):
    assert pasted in seed_text()


@pytest.mark.parametrize("number", FOR_ANY_F)
def test_an_identity_for_any_f_read_alone_names_the_function_it_does_not_say(number):
    with pytest.raises(matcalc.ParseError, match=r"f\(X\) is a function of X that the formula does not say") as caught:
        matcalc.derive(formula(FOR_ANY_F[number]))
    assert "f(X) = A X; …" in str(caught.value) and "^" in str(caught.value)


@pytest.mark.parametrize("number", FOR_ANY_F)
def test_an_identity_for_any_f_asks_for_the_derivative_of_the_f_defined_before_it(number):
    asked = matcalc.derive("f(X) = A X B; " + formula(FOR_ANY_F[number]), where=WHERE)
    typed = matcalc.parse(TYPED[number], where=WHERE)
    assert matcalc.parse("f(X) = A X B; " + formula(FOR_ANY_F[number]), where=WHERE) == typed
    if typed.shape == (1, 1):
        assert asked.expr == matcalc.grad(typed, wrt="X").expr and asked.check(seed=0).passed
        return
    assert str(asked) == str(matcalc.jacobian(typed, wrt="X"))
    inputs, sizes = sampling.sample_inputs(typed, np.random.default_rng(0))
    variable = next(s for s in sampling.variables(typed) if s.name == "X")
    reference = fd.jacobian(typed, variable, inputs, sizes)
    assert fd.relative_error(asked.numpy()(**inputs), reference) < 1e-6


@pytest.mark.parametrize("pasted, typed_by_hand, where, wrt", MORE)
def test_more_of_the_identity_table_reads_and_derives_as_typed(pasted, typed_by_hand, where, wrt):
    asked = matcalc.derive(formula(pasted), where=where)
    assert matcalc.parse(formula(pasted), where=where) == matcalc.parse(typed_by_hand, where=where)
    assert asked.expr == matcalc.grad(typed_by_hand, wrt=wrt, where=where).expr
    assert asked.check(seed=0).passed


def test_a_definition_head_applying_f_is_no_error():
    assert matcalc.parse(r"f(\mathbf{x}) = \mathbf{x}^T A \mathbf{x}") == matcalc.parse("xᵀ A x")
