"""Variable names cannot break or inject generated code, and each module runs in its own namespace.

A variable may be called like the code's own names (np, scipy, t0, inputs, lu…), like a
Python keyword or builtin (lambda, in, def, print, exec), be spelled in Unicode, or, built
directly as IR or named as an upstream gradient, hold any text at all.
"""
import os

import numpy as np
import pytest
import sympy

import matcalc
from matcalc.core import ir
from matcalc.checking import sampling
from matcalc.code import module_source
from matcalc.core.shapes import dimension

CODE_NAMES = ["np", "scipy", "in", "def", "print", "exec", "eval", "t0", "t1", "inputs", "dtype",
              "missing", "value", "grad_X", "lu", "chol", "cho_factor", "lu_solve", "os", "self",
              "x", "n", "m"]
HOSTILE = ["a'); import os; os.hostile_code_ran = 1; ('", "a\nimport os\nos.hostile_code_ran = 1",
           'a"""\nimport os\nos.hostile_code_ran = 1\n"""', "__import__('os').system('false')",
           "a\r\nb", "a\u2028b", "a\x00b", "# coding: rot13", "a\\", "'", "λ λ", "x y"]


def _check_values(result):
    inputs, _ = sampling.sample_inputs(result.function, np.random.default_rng(0))
    expected = result.evaluator()(**inputs)
    generated = result.numpy()(**inputs)
    np.testing.assert_allclose(np.reshape(generated, np.shape(expected)), expected, rtol=1e-9)
    return inputs


@pytest.mark.parametrize("name", CODE_NAMES)
def test_names_of_the_code_itself_are_only_keywords(name):
    for wrt in (name, "X"):
        result = matcalc.grad(f"{name}ᵀ X {name} + tr(X)", wrt=wrt)
        _check_values(result)


@pytest.mark.parametrize("name", ["lambda", "λ", "Σ", "u_1", "H_R", "rho", "ρ"])
def test_greek_and_subscripted_names_are_keyword_arguments(name):
    scalar = name in ("lambda", "λ", "rho", "ρ")
    text = f"{name} tr(X) + {name}^2" if scalar else f"tr({name} X) + ‖{name}‖_F²"
    result = matcalc.grad(text, wrt=name, where=None if scalar else f"{name}: n×n")
    inputs = _check_values(result)
    assert name in inputs


def test_names_that_read_alike_stay_distinct():
    result = matcalc.grad("λ tr(X) + lambda tr(X X)", wrt="X")
    inputs = _check_values(result)
    assert {"λ", "lambda"} <= set(inputs)


def _hostile_gradient(name):
    """The gradient, with respect to a variable called `name`, of name : X + ‖name‖²."""
    n = dimension("n")
    weird = ir.Symbol(name, (n, n))
    x = ir.Symbol("X", (n, n))
    expression = ir.Add((ir.Frobenius(weird, x), ir.Power(ir.Norm(weird), ir.Number(sympy.Integer(2)))))
    return matcalc.grad(expression, wrt=name)


@pytest.mark.parametrize("name", HOSTILE)
def test_no_name_injects_code(name):
    result = _hostile_gradient(name)
    compile(result.source, "<generated>", "exec")
    gradient = result.numpy()
    values = {name: np.eye(2), "X": np.ones((2, 2))}
    np.testing.assert_allclose(gradient(**values), np.ones((2, 2)) + 2 * np.eye(2))
    assert not hasattr(os, "hostile_code_ran")


def test_an_upstream_name_cannot_inject_code():
    upstream = "G'); import os; os.hostile_code_ran = 1; ('"
    result = matcalc.vjp("A x", wrt="x", upstream=upstream)
    gradient = result.numpy()
    a, g = np.arange(6.0).reshape(3, 2), np.ones(3)
    np.testing.assert_allclose(gradient(**{"A": a, "x": np.ones(2), upstream: g}), a.T @ g)
    assert not hasattr(os, "hostile_code_ran")


def test_each_module_runs_in_its_own_namespace():
    first = matcalc.grad("aᵀ X b", wrt="X").numpy()
    second = matcalc.grad("aᵀ X b", wrt="X").numpy()
    assert first.__globals__ is not second.__globals__
    assert "matcalc" not in first.__globals__ and first.__globals__["__name__"] != "matcalc.codegen"
    first.__globals__["np"] = None  # spoiling one module leaves the other working
    assert second(a=np.ones(2), X=np.eye(2), b=np.ones(2)).shape == (2, 2)


def test_a_module_runs_without_matcalc():
    source = module_source("‖X w − y‖² + λ‖w‖²", ["w"], where="λ > 0")
    namespace = {"__builtins__": __builtins__}
    code = compile(source.replace("from matcalc.errors import MatcalcError",
                                  "raise ImportError"), "<module>", "exec")
    exec(code, namespace)
    value, gradient = namespace["value_and_grad"](X=np.eye(2), w=np.ones(2), y=np.zeros(2), λ=0.5)
    np.testing.assert_allclose(gradient, 2 * np.ones(2) + 2 * 0.5 * np.ones(2))
    with pytest.raises(ValueError, match="w has shape"):
        namespace["value"](X=np.eye(2), w=np.ones(3), y=np.zeros(2), λ=0.5)
