"""Errors that point at the cause: a pasted name, a Greek scalar used as a vector, an elementwise
operator without parentheses, a misspelt function, a shape written with 'by', and input
that is not text. Where the use settles a shape, the expression is read and its gradient checked."""
import numpy as np
import pytest
import sympy

import matcalc
from matcalc.core import ir


def message(function, *args, **kwargs):
    with pytest.raises(matcalc.MatcalcError) as caught:
        function(*args, **kwargs)
    return str(caught.value)


@pytest.mark.parametrize("text, wrt, name, spaced", [
    ("xᵀAx", "x", "Ax", "A x"),
    ("x^TAx", "x", "Ax", "A x"),
    ("||Xw - y||^2", "w", "Xw", "X w"),
    ("−(yᵀ log(sigmoid(Xw)) + (𝟙 − y)ᵀ log(𝟙 − sigmoid(Xw)))", "w", "Xw", "X w"),  # 'w' does not occur
])
def test_a_pasted_name_is_named_and_the_spaced_product_suggested(text, wrt, name, spaced):
    said = message(matcalc.grad, text, wrt=wrt)
    assert f"{name} was read as one name: for a product write {spaced}" in said
    fixed = matcalc.grad(text.replace(name, spaced), wrt=wrt)
    assert fixed.check(seed=0).passed


def test_a_declared_pasted_name_is_not_blamed():
    said = message(matcalc.parse, "Xw + y", where="Xw: n×m")
    assert "read as one name" not in said and "cannot add" in said


@pytest.mark.parametrize("text", ["(x - μ)ᵀ S (x - μ)", "(x - mu)' S (x - mu)", "‖x − μ‖²"])
def test_a_greek_name_added_to_a_vector_is_read_as_a_vector(text):
    expression = matcalc.parse(text)
    shapes = {symbol.name: symbol.shape for symbol in ir.walk(expression) if isinstance(symbol, ir.Symbol)}
    mean = "mu" if "mu" in text else "μ"
    assert shapes[mean] == shapes["x"] and shapes[mean][1] == 1
    for wrt in ("x", mean):
        assert matcalc.grad(text, wrt=wrt).check(seed=1).passed


def test_a_greek_name_whose_shape_no_reading_settles_names_the_declaration():
    said = message(matcalc.parse, "X - μ")
    assert "μ is a scalar unless declared" in said and "where μ: n" in said


def test_a_declared_scalar_stays_a_scalar():
    said = message(matcalc.parse, "x - μ", where="μ: scalar")
    assert "a scalar adds to a matrix as λI or λ𝟙" in said


def test_a_hadamard_shape_error_suggests_parentheses():
    said = message(matcalc.grad, "sum(y ⊙ X w)", wrt="w")
    assert "cannot Hadamard-multiply y (n×1) and X (n×m)" in said
    assert "write it in parentheses: y ⊙ (X …)" in said
    assert matcalc.grad("sum(y ⊙ (X w))", wrt="w").check(seed=0).passed


@pytest.mark.parametrize("text, meant", [("logdett(X)", "logdet"), ("sigmod(x)", "sigmoid"), ("trce(X)", "trace")])
def test_an_unknown_function_says_which_one_is_meant(text, meant):
    assert f"did you mean {meant}?" in message(matcalc.parse, text)


def test_an_unknown_function_like_none_suggests_none():
    said = message(matcalc.parse, "zzzzz(X)")
    assert "did you mean" not in said and "known functions" in said


def test_a_shape_with_by_is_explained():
    said = message(matcalc.parse, "tr(X)", where="X: 3 by 3")
    assert "written n×m, n x m or (n, m), not with 'by'" in said


@pytest.mark.parametrize("where, shape", [
    ({"X": "n×n spd", "λ": "> 0"}, None),
    ({"X": (3, 3)}, (3, 3)),
    ({"X": "3×3 symmetric"}, (3, 3)),
    (["X: 4×4", "λ > 0"], (4, 4)),
])
def test_declarations_may_be_a_dict_or_a_list(where, shape):
    expression = matcalc.parse("tr(X) + λ", where=where)
    X = next(s for s in ir.walk(expression) if isinstance(s, ir.Symbol) and s.name == "X")
    if shape:
        assert X.shape == shape
    else:
        assert X.shape[0] == X.shape[1] and "spd" in X.properties


@pytest.mark.parametrize("where", [5, {"X": object()}, {"X": 2.5}, [1, 2]])
def test_other_declarations_are_a_declaration_error(where):
    with pytest.raises(matcalc.DeclarationError):
        matcalc.parse("tr(X)", where=where)


@pytest.mark.parametrize("value", [np.eye(2), sympy.Symbol("x"), sympy.MatrixSymbol("X", 2, 2), 3, None, b"X"])
@pytest.mark.parametrize("function", ["grad", "jacobian", "hessian", "derive", "vjp"])
def test_every_non_string_expression_is_a_matcalc_error(value, function):
    with pytest.raises(matcalc.MatcalcError, match="must be text"):
        getattr(matcalc, function)(value, wrt="X")


def test_an_expression_built_already_is_taken_as_it_is():
    expression = matcalc.parse("tr(A X)")
    assert str(matcalc.grad(expression, wrt="X")) == str(matcalc.grad("tr(A X)", wrt="X"))
