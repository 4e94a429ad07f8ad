"""The derivation engine scales: long products, long sums and deep nesting derive (or are
refused with a LimitError that says what to do) well within the resource limits: seconds
of CPU time scaled by a calibration made in the same run (budgets.py)."""
import numpy as np
import pytest

import matcalc
from budgets import budget, cpu_seconds
from matcalc.checking import sampling
from matcalc.core import ir
from matcalc.derivation.simplify import simplify
from test_readback import assert_reads_back, declarations

SECONDS = 2.0


@pytest.mark.parametrize("text", [
    "tr(" + "X " * 60 + ")",
    "aᵀ " + "X " * 60 + "b",
    "tr(" + "inv(X) " * 40 + ")",
    "‖" + "X " * 40 + "‖_F²",
    " + ".join(f"tr(A{i} X)" for i in range(300)),
])
def test_long_products_and_sums_derive_in_time_and_check(text):
    result, seconds = cpu_seconds(lambda: matcalc.grad(text, wrt="X"))
    assert not isinstance(result, Exception), result
    assert seconds < budget(SECONDS)
    assert result.check(points=1, seed=3)


def test_a_product_of_300_factors_is_refused_quickly_with_advice():
    error, seconds = cpu_seconds(lambda: matcalc.grad("tr(" + "X " * 300 + ")", wrt="X"))
    assert isinstance(error, matcalc.LimitError)
    assert "power" in str(error) and len(str(error)) <= 400
    assert seconds < budget(SECONDS)


def test_repeated_factors_in_a_product_collect_into_one_term():
    result = matcalc.grad("tr(" + "X " * 80 + ")", wrt="X")
    assert matcalc.grad("tr(X^80)", wrt="X").text() == result.text()


def test_elementwise_functions_nested_100_deep_derive():
    text = "sum(" + "sin(" * 100 + "X" + ")" * 100 + ")"
    result, seconds = cpu_seconds(lambda: matcalc.grad(text, wrt="X"))
    assert not isinstance(result, Exception), result
    assert seconds < budget(SECONDS)
    assert result.check(points=1, seed=5)


def test_simplification_runs_without_recursion_on_a_tree_5000_deep():
    x = matcalc.parse("tr(X)").arg
    node = x
    for _ in range(5000):
        node = ir.Transpose(ir.Transpose(node))
        node.shape  # noqa: B018 - shapes are cached on the way up, as the parser does
    assert simplify(node) == x


def _nested_inverse(depth):
    inner = "X"
    for i in range(1, depth + 1):
        inner = f"inv(B{i} + {inner})"
    return f"a' {inner} b"


def test_nested_inverses_print_in_size_linear_in_depth_with_names_past_the_alphabet():
    """Each name's definition uses the name before it, so the text grows by a constant per
    level (but for longer subscripts); past the 23 capital letters the names go on as A₁, A₂, …"""
    sizes = {depth: len(matcalc.grad(_nested_inverse(depth), wrt="X").text()) for depth in (10, 20, 40)}
    assert sizes[40] - sizes[20] <= 2.5 * (sizes[20] - sizes[10])  # longer names: A₁₇, B₄₀
    result = matcalc.grad(_nested_inverse(40), wrt="X")
    text = result.text()
    assert "A₁₇ = (B₄₀ + A₁₆)⁻¹" in text and "B = (B₂ + A)⁻¹" in text
    assert "A1" not in text
    assert result.check(points=1, seed=2)


def _chain(k):
    return "tr(" + " ".join(f"A{i} X" for i in range(1, k + 1)) + ")"


def test_chain_gradients_print_in_size_linear_in_k_with_prefixes_and_suffixes_named():
    """Term j of the gradient of tr(A₁X⋯A_kX) is (A₁X⋯XA_j)ᵀ(A_{j+1}X⋯A_kX)ᵀ: with each prefix
    and suffix defined from the one before, the text grows by a constant per factor."""
    sizes = {k: len(str(matcalc.grad(_chain(k), wrt="X"))) for k in (8, 16, 32)}
    assert sizes[32] - sizes[16] <= 2.5 * (sizes[16] - sizes[8])
    result = matcalc.grad(_chain(12), wrt="X")
    text = str(result)
    assert text.startswith("A₁ᵀS₁ᵀ + P₁ᵀS₂ᵀ") and "P₂ = P₁XA₃" in text and "S₁₁ = A₁₂X" in text
    assert result.check(points=1, seed=4)
    inputs, sizes = sampling.sample_inputs(result.function, np.random.default_rng(1))
    assert_reads_back(text, result.expr, inputs, sizes, declarations(result.function))


def test_short_chains_keep_their_gradient_written_out():
    assert "where" not in str(matcalc.grad(_chain(4), wrt="X"))


def test_the_gradient_of_a_sum_of_many_products_prints_in_time():
    """Runs are looked up by their first factor: printing is not products × terms."""
    result = matcalc.grad(" + ".join(f"a{i}ᵀ X B{i} X c{i}" for i in range(200)), wrt="X")
    printed, seconds = cpu_seconds(lambda: str(result))
    assert not isinstance(printed, Exception), printed
    assert seconds < budget(SECONDS)
