"""The JSON API behind the local page answers with the same functions as the command line."""
import numpy as np
import pytest

import matcalc
from matcalc.code import module_source
from matcalc.web.api import RequestError, answer, error_answer, rule
from matcalc.checking.sampling import sample_inputs

SEED_002 = {"expr": "u1ᵀ W (W E Wᵀ + λI)⁻¹ Wᵀ u2", "wrt": "W", "where": "E: n×n symmetric"}


def test_a_gradient_comes_with_every_notation_its_check_and_its_code():
    body = answer(dict(SEED_002, targets=["numpy", "jax", "torch"]))
    assert body["text"] == str(matcalc.grad(SEED_002["expr"], wrt="W", where=SEED_002["where"]))
    assert body["expression"]["variables"] == {"u1": ["n", "1"], "W": ["n", "n"], "E": ["n", "n"],
                                               "λ": ["1", "1"], "u2": ["n", "1"]}
    assert body["mathml"][0].startswith("<math") and len(body["mathml"]) == 3  # the result, A = …, B = …
    assert body["check"]["passed"] and body["check"]["max_relative_error"] < 1e-8
    assert any("d.inverse" in step["rules"] for step in body["steps"])
    assert body["code"]["numpy"] == module_source(SEED_002["expr"], ["W"], where=SEED_002["where"])
    assert set(body["code"]) == {"numpy", "jax", "torch"}


def test_the_numpy_code_shown_computes_the_gradient():
    namespace = {}
    exec(answer(SEED_002)["code"]["numpy"], namespace)  # noqa: S102 — the engine's own code
    expression = matcalc.parse(SEED_002["expr"], where=SEED_002["where"])
    inputs, _ = sample_inputs(expression, np.random.default_rng(1))
    shown = namespace["grad_W"](**inputs)
    reference = matcalc.grad(expression, wrt="W").numpy()(**inputs)
    assert np.allclose(shown, reference, rtol=1e-10)


@pytest.mark.parametrize("kind, expr, wrt", [
    ("jacobian", "A x", "x"),
    ("hessian", "xᵀ B x", "x"),
    ("backprop", "(ρ I + Dᵀ D)⁻¹ x", "D"),
])
def test_each_kind_is_derived_and_checked(kind, expr, wrt):
    body = answer({"expr": expr, "wrt": wrt, "kind": kind, "where": "ρ > 0"})
    assert body["kind"] == kind and body["text"]
    assert body["check"] is None or body["check"]["passed"]


def test_a_question_names_its_own_variable():
    body = answer({"expr": r"\nabla_X \operatorname{tr}(A X B)"})
    assert body["wrt"] == ["X"] and body["check"]["passed"]


def test_a_single_variable_needs_no_wrt_and_several_do():
    assert answer({"expr": "sum(exp(X))"})["wrt"] == ["X"]
    with pytest.raises(RequestError, match="with respect to which variable: A, X"):
        answer({"expr": "tr(A X)"})


def test_claims_get_a_verdict():
    right = answer(dict(SEED_002, claim="2(AWB − BWᵀAWBWE) where A = Sym(u1 u2ᵀ), B = (WEWᵀ + λI)⁻¹"))
    wrong = answer(dict(SEED_002, claim="2(AWB + BWᵀAWBWE) where A = Sym(u1 u2ᵀ), B = (WEWᵀ + λI)⁻¹"))
    assert right["verdict"]["verdict"] == "correct" and right["verdict"]["ok"]
    assert wrong["verdict"]["verdict"] == "wrong" and not wrong["verdict"]["ok"]


def test_custom_gradient_layers_are_offered_for_each_framework():
    body = answer({"expr": "(ρ I + Dᴴ D)⁻¹ x", "wrt": "D", "kind": "backprop", "check": False,
                   "where": "D: complex m×n, x: complex n, ρ > 0",
                   "targets": ["tensorflow", "custom_jax", "custom_torch", "custom_tensorflow"]})
    assert "jax.custom_vjp" in body["code"]["custom_jax"]
    assert "torch.autograd.Function" in body["code"]["custom_torch"]
    assert "tf.custom_gradient" in body["code"]["custom_tensorflow"]
    assert "import tensorflow" in body["code"]["tensorflow"]


def test_a_solver_is_offered_for_a_real_scalar_objective():
    body = answer({"expr": "‖A x − b‖²", "wrt": "x", "targets": ["solver"], "check": False})
    assert "def minimize" in body["code"]["solver"] and body["check"] is None


@pytest.mark.parametrize("request_, message", [
    ([1, 2], "must be a JSON object"),
    ({"expr": ""}, "type an expression"),
    ({"expr": "tr(X)", "kind": "integral"}, "unknown kind 'integral'"),
    ({"expr": "tr(X)", "targets": ["fortran"]}, "unknown code target 'fortran'"),
    ({"expr": "tr(X)", "shell": "rm -rf /"}, "unknown field 'shell'"),
    ({"expr": 3}, "the field 'expr' has the wrong type"),
])
def test_malformed_requests_say_what_is_wrong(request_, message):
    with pytest.raises(RequestError, match=message):
        answer(request_)


def test_a_parse_error_gives_the_column_of_its_caret():
    with pytest.raises(matcalc.ParseError) as raised:
        answer({"expr": "tr(A X B", "wrt": "X"})
    body = error_answer(raised.value)
    assert body["column"] == 8 and "expected ')'" in body["error"] and "\n" not in body["error"]


def test_a_shape_error_has_no_column():
    with pytest.raises(matcalc.ShapeError) as raised:
        answer({"expr": "a + X", "wrt": "X"})
    assert error_answer(raised.value)["column"] is None


def test_rules_are_shown_with_their_source():
    shown = rule("d.inverse")
    assert shown["file"] == "rules/differential.toml" and shown["lhs"] and shown["source"]
    with pytest.raises(RequestError, match="no rule"):
        rule("d.nonsense")
