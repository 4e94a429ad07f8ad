"""MathML, the notation the local page typesets: well-formed for every expression, with the
layouts a reader expects (superscripts, fractions, blocks) and a text fallback for the rest."""
import xml.etree.ElementTree as ElementTree

import pytest
from hypothesis import HealthCheck, given, settings

import matcalc
from matcalc.printing.mathml import math_element
from strategies import DECLARATIONS, scalar_function

MATHML = "{http://www.w3.org/1998/Math/MathML}"


def tree(text, where=None):
    """The parsed MathML of an expression, with the element names it uses."""
    root = ElementTree.fromstring(math_element(matcalc.parse(text, where=where).mathml(), True))
    return root, [element.tag.removeprefix(MATHML) for element in root.iter()]


@given(scalar_function())
@settings(max_examples=60, deadline=None, database=None, suppress_health_check=list(HealthCheck))
def test_every_expression_prints_as_well_formed_mathml(text):
    root, _ = tree(text, DECLARATIONS)
    assert root.tag == MATHML + "math"


def test_derived_gradients_print_as_well_formed_mathml():
    result = matcalc.grad("u1ᵀ W (W E Wᵀ + λI)⁻¹ Wᵀ u2", wrt="W", where="E: n×n symmetric")
    names = result.abbreviated()
    for node in [names.expression] + [definition for _, definition in names.names]:
        ElementTree.fromstring(math_element(node.mathml()))


@pytest.mark.parametrize("text, element, content", [
    ("Xᵀ", "msup", "T"),
    ("X⁻¹", "msup", "1"),
    ("u_1", "msub", "1"),
    ("X/2", "mfrac", "2"),
    ("[A, B; B, A]", "mtable", "A"),
    ("‖X‖_F", "msub", "F"),
    ("X .^ 3", "msup", "3"),
    ("λ X", "mi", "λ"),
])
def test_layouts(text, element, content):
    root, _ = tree(text)
    found = list(root.iter(MATHML + element))
    assert any(content in "".join(e.itertext()) for e in found), f"{text}: no <{element}> holding {content}"


def test_functions_are_applied_by_name():
    root, _ = tree("tr(A X) + logdet(S)", "S: n×n spd")
    names = [e.text for e in root.iter(MATHML + "mi")]
    assert "tr" in names and "logdet" in names


def test_forms_only_derivations_make_print_too():
    block_parts = matcalc.grad("‖W − [R, −Q; Q, R] P‖_F²", wrt="R").result  # blocks of a matrix
    kron_sums = matcalc.grad("sum(I_2 ⊗ X)", wrt="X").result
    for node in (block_parts, kron_sums):
        ElementTree.fromstring(math_element(node.mathml()))
