"""The LaTeX printer's output reads back as the same expression: over the random-expression
strategy (real and complex, every shape), and for block slices, as gradients print them."""
import pytest
from hypothesis import HealthCheck, given, settings

import matcalc
from matcalc.printing.latex import to_latex
from strategies import DECLARATIONS, any_expression, known_failure

COMMON = dict(deadline=None, database=None, suppress_health_check=list(HealthCheck))


@settings(max_examples=200, derandomize=True, **COMMON)
@given(any_expression(depth=3))
def test_printed_latex_of_any_expression_reads_back(text):
    expression = matcalc.parse(text, where=DECLARATIONS)
    if known_failure(expression):
        return
    printed = to_latex(expression)
    assert matcalc.parse(printed, where=DECLARATIONS, latex=True) == expression, printed


SLICED = [("C[n:2n, 0:n] + (A B)[0:n, k:(n + k)]ᵀ", "C: 2n×2n, A: n×m, B: (m, n + k)"),
          ("‖H[1:3, 0:2]‖_F² + tr(H[:, 2:4]ᵀ H[:, 0:2])", "H: 4×5")]


@pytest.mark.parametrize("text, where", SLICED)
def test_printed_slices_read_back_from_latex(text, where):
    expression = matcalc.parse(text, where=where)
    assert matcalc.parse(to_latex(expression), where=where, latex=True) == expression


@pytest.mark.parametrize("wrt", ["B", "D"])
def test_a_gradient_holding_slices_prints_in_latex_and_reads_back(wrt):
    where = "C: 2n×2n, B: n×n, D: n×n"
    gradient = matcalc.grad("‖C[0:n, n:2n] D − B‖² + tr(C[n:2n, :] [D; B])", wrt=wrt, where=where)
    assert gradient.check(seed=0).passed
    assert matcalc.parse(gradient.latex(), where=where, latex=True) == gradient.expr
    assert matcalc.parse(str(gradient), where=where) == gradient.expr
