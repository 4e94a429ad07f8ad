"""Resource limits: large or deep input is derived or rejected quickly, never a crash."""
import time

import pytest

import matcalc


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    try:
        outcome = function(*args, **kwargs)
    except matcalc.MatcalcError as error:
        outcome = error
    return outcome, time.perf_counter() - start


@pytest.mark.parametrize("text", [
    "(" * 10_000 + "X" + ")" * 10_000,
    "tr(" * 10_000 + "X" + ")" * 10_000,
    "-" * 10_000 + "tr(X)",
    "tr(X" + "'" * 10_000 + ")",
    "tr(" + " + ".join(["X"] * 20_000) + ")",
    "x" * 100_000,
    "tr(" + "X " * 50_000 + ")",
], ids=["parentheses", "calls", "minus-chain", "postfix-chain", "long-sum", "long-name", "long-product"])
def test_large_inputs_finish_within_two_seconds(text):
    outcome, seconds = timed(matcalc.grad, text, wrt="X")
    assert seconds < 2.0
    if isinstance(outcome, matcalc.MatcalcError):
        assert len(str(outcome)) <= 400


def test_input_over_the_length_limit_is_rejected():
    with pytest.raises(matcalc.LimitError):
        matcalc.parse("x" * 100_001)


def test_a_sum_of_500_terms_derives_within_five_seconds():
    text = " + ".join(f"a{i}ᵀ X b{i}" for i in range(500))
    result, seconds = timed(matcalc.grad, text, wrt="X")
    assert not isinstance(result, Exception)
    assert seconds < 5.0
    assert result.check(points=1, seed=1)
