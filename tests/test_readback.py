"""Every printed form reads back: results with their `where A = …` definitions, unvec with its
shape, the block sums of Kronecker gradients; in text, ASCII and LaTeX. Checked on the printing
cases, on gradients derived across the suite and the corpus, by value at random points."""
import sys
from pathlib import Path

import numpy as np
import pytest
import sympy

import matcalc
from matcalc.checking import numeric, sampling
from matcalc.core import ir, kron_forms
from matcalc.core.shapes import dimension
from matcalc.printing.latex import to_latex
from matcalc.printing.text import TextPrinter, to_ascii, to_text
from printing_cases import CASES
from test_cookbook import CASES as COOKBOOK
from test_gradients import PINNED, SEED_001
from test_shortest_forms import FORMS

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


# ------------------------------------------------------------------ helpers

def declarations(expression):
    """Every variable of the expression declared with its field and shape, so that sizes agree."""
    said = {}
    for symbol in (n for n in ir.walk(expression) if isinstance(n, ir.Symbol)):
        rows, cols = (str(sympy.sympify(d)) for d in symbol.shape_)
        shape = "scalar" if symbol.shape_ == (1, 1) else f"({rows}, {cols})"
        said[symbol.name] = f"{symbol.name}: {'complex ' if symbol.complex else ''}{shape}"
    return ", ".join(said.values())


def printed_names(symbol):
    """The names a printed variable reads back as: lambda prints as λ, and u1 in LaTeX as u_{1}
    (declared, since a lone j would be the imaginary unit)."""
    alone, said = ir.Symbol(symbol.name, (1, 1)), f"{symbol.name}: scalar"
    return {matcalc.parse(TextPrinter().doprint(alone), where=said).name,
            matcalc.parse(to_latex(alone), where=said, latex=True).name}


def context_sizes(expression, reference):
    """Sizes of the dimensions no variable fixes (a lone I, 0 or 𝟙), read off the reference value."""
    fixed = {sympy.sympify(d) for v in sampling.variables(expression) for d in v.shape}
    return {sympy.sympify(d): size for d, size in zip(expression.shape, np.shape(reference))
            if sympy.sympify(d).is_Symbol and sympy.sympify(d) not in fixed}


def assert_reads_back(printed, original, inputs, sizes, where, latex=False):
    expected = numeric.evaluate(original, inputs, sizes)
    aliases = {name: inputs[v.name] for v in sampling.variables(original) for name in printed_names(v)}
    again = matcalc.parse(printed, where=where, latex=latex or None)
    value = numeric.evaluate(again, {**inputs, **aliases}, {**sizes, **context_sizes(again, expected)})
    assert np.shape(value) == np.shape(expected), f"{printed!r} reads back as {again}, shaped {again.shape}"
    assert np.allclose(value, expected, rtol=1e-9, atol=1e-9), f"{printed!r} reads back as {again}"


def forms(node):
    return {"text": (to_text(node), False), "ascii": (to_ascii(node, where=False), False),
            "latex": (to_latex(node), True)}


# ------------------------------------------------------- where-definitions

def test_a_definition_in_a_where_clause_stands_for_its_expression():
    defined = matcalc.parse("2(AWB − BWᵀAWBWE) where A = Sym(u₁u₂ᵀ), B = (WEWᵀ + λI)⁻¹, E: n×n")
    written = matcalc.parse("2(Sym(u1 u2ᵀ) W (W E Wᵀ + λI)⁻¹ − (W E Wᵀ + λI)⁻¹ Wᵀ Sym(u1 u2ᵀ) W "
                            "(W E Wᵀ + λI)⁻¹ W E) where E: n×n")
    assert defined == written


def test_a_definition_may_use_one_given_after_it_and_separate_declarations():
    assert matcalc.parse("A x where A = B B, B = Sym(X)") == matcalc.parse("Sym(X) Sym(X) x")
    assert matcalc.parse("A x", where="A = Xᵀ X, X: 3×2") == matcalc.parse("Xᵀ X x", where="X: 3×2")


@pytest.mark.parametrize("text, words", [
    ("A where A = A B", "A is defined in terms of itself"),
    ("A where A = B, B = A", "is defined in terms of itself"),
    ("A where A = X, A = Y", "A is defined twice"),
])
def test_a_circular_or_repeated_definition_is_a_declaration_error(text, words):
    with pytest.raises(matcalc.DeclarationError, match=words):
        matcalc.parse(text)


def test_the_seed_answer_with_its_definitions_reads_back_as_the_gradient():
    result = matcalc.grad("u1ᵀ W (W E Wᵀ + λI)⁻¹ Wᵀ u2", wrt="W", where="E: n×n symmetric")
    assert "  where  A = " in str(result)
    assert matcalc.parse(str(result), where="E: n×n symmetric") == result.expr


# ------------------------------------------------------------------- unvec

def test_unvec_reads_with_its_shape_and_differentiates():
    expression = matcalc.parse("tr(A unvec(v, n, m))")
    v = next(s for s in ir.walk(expression) if isinstance(s, ir.Symbol) and s.name == "v")
    assert v.shape[0] == dimension("n") * dimension("m")
    for text, wrt in [("tr(A unvec(v, n, m))", "v"), ("‖unvec(v, 2n, m) − X‖²", "v"), ("‖unvec(v, 3, 2)‖²", "v")]:
        assert matcalc.grad(text, wrt=wrt).check(seed=0).passed


def test_unvec_of_a_vector_of_the_wrong_length_is_a_shape_error():
    with pytest.raises(matcalc.ShapeError, match="needs a vector of 6 entries"):
        matcalc.parse("unvec(v, 3, 2)", where="v: 5")


# ----------------------------------------------------- Kronecker block sums

@pytest.mark.parametrize("complex_", [False, True])
def test_block_sums_equal_their_printed_kronecker_forms(complex_):
    p, q, n, m = (dimension(c) for c in "pqnm")
    rng = np.random.default_rng(3)
    sizes = {p: 2, q: 3, n: 4, m: 2}

    def draw(shape):
        return rng.standard_normal(shape) + (1j * rng.standard_normal(shape) if complex_ else 0)

    blocks = ir.Symbol("M", (p * n, q * m), complex_)
    inputs = {"A": draw((2, 3)), "B": draw((4, 2)), "M": draw((8, 6))}
    for node, form in [(ir.KronBlockSum(ir.Symbol("A", (p, q), complex_), blocks), kron_forms.block_sum_form),
                       (ir.KronBlockInner(ir.Symbol("B", (n, m), complex_), blocks), kron_forms.block_inner_form)]:
        reference = numeric.evaluate(node, inputs, sizes)
        assert np.allclose(numeric.evaluate(form(node), inputs, sizes), reference)


@pytest.mark.parametrize("text, wrt, where", [
    ("Y : (I_p ⊗ X)", "X", None), ("Y : (A ⊗ X)", "X", None), ("Y : (X ⊗ B)", "X", None),
    ("Re(Y : (X ⊗ B))", "X", "X: complex n×m, B: complex k×l, Y: complex"), ("tr(Yᵀ kron(A, X))", "A", None),
    ("‖(A ⊗ B) vec(X) − c‖²", "X", None), ("vec(X)ᵀ (A ⊗ B) y", "X", None),
])
def test_kronecker_gradients_read_back_in_every_notation(text, wrt, where):
    result = matcalc.grad(text, wrt=wrt, where=where)
    inputs, sizes = sampling.sample_inputs(result.function, np.random.default_rng(0))
    for printed, latex in [(str(result), False), *forms(result.expr).values()]:
        assert_reads_back(printed, result.expr, inputs, sizes, declarations(result.function), latex)


# ------------------------------------------- the printing cases, every form

def printing_cases():
    """The printing cases that are typed expressions: differentials (dX) only appear in steps,
    never as input, and an untyped diag(·) has no value."""
    for name, node in CASES.items():
        if ir.contains(node, lambda n: type(n) in (ir.Diff, ir.Diag)):
            continue
        yield pytest.param(node, id=name)


@pytest.mark.parametrize("node", printing_cases())
@pytest.mark.parametrize("notation", ["text", "ascii", "latex"])
def test_every_printing_case_reads_back(node, notation):
    printed, latex = forms(node)[notation]
    inputs, sizes = sampling.sample_inputs(node, np.random.default_rng(1))
    assert_reads_back(printed, node, inputs, sizes, declarations(node), latex)


# ----------------------------------------- gradients derived across the suite

def corpus_gradients():
    sys.path.insert(0, str(CORPUS))
    try:
        import corpus
    except ImportError:
        return []
    finally:
        sys.path.remove(str(CORPUS))
    return [(case.expr, case.wrt, case.where) for case in corpus.CASES if case.kind == "gradient"]


def suite_gradients():
    """The gradients the suite derives and pins: the pinned regressions and seeds, the Matrix
    Cookbook, the textbook forms and the corpus, each problem once."""
    problems = ([(text, wrt, where) for text, wrt, where, _ in PINNED]
                + [(SEED_001, "H_R", None), (SEED_001, "H_I", None)]
                + [(case.text, case.wrt, case.where) for case in COOKBOOK]
                + [(form.text, form.wrt, form.where) for form in FORMS] + corpus_gradients())
    return list(dict.fromkeys(problems))


PROBLEMS = suite_gradients()


@pytest.mark.parametrize("text, wrt, where", PROBLEMS, ids=[f"{p[0]} wrt {p[1]}" for p in PROBLEMS])
def test_every_derived_gradient_reads_back(text, wrt, where):
    result = matcalc.grad(text, wrt=wrt, where=where)
    inputs, sizes = sampling.sample_inputs(result.function, np.random.default_rng(0))
    said = declarations(result.function)
    for printed, latex in [(str(result), False), (result.text(abbreviate=False), False), *forms(result.expr).values()]:
        assert_reads_back(printed, result.expr, inputs, sizes, said, latex)
