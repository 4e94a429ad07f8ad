"""The registry of primitives: every entry complete, and every table derived from it.

The first test names, per primitive, what a new entry still lacks (a spelling, an
evaluator, a printer or backend spelling, a differential rule). The others take each
entrywise function through the whole pipeline (parse, print back, evaluate,
differentiate, generated code) and compare its gradient with central differences of
the entry's own evaluator.
"""
import tomllib

import numpy as np
import pytest

from matcalc.errors import MAX_MESSAGE
import sympy

from matcalc import ParseError, ShapeError, grad, parse
from matcalc.checking import numeric
from matcalc.codegen.backends import numpy_printer
from matcalc.codegen.lower import Lowering
from matcalc.codegen.backends.numpy_printer import NumPyPrinter
from matcalc.core import ir, registry
from matcalc.core.primitive import Primitive, fill, is_template
from matcalc.core.sum_forms import PARTS, printed_operands
from matcalc.derivation.rulebook import rules_path
from matcalc.language import parse as parse_module
from matcalc.language.parse import parse_raw
from matcalc.printing.latex import to_latex
from matcalc.printing.sympy import SympyPrinter, from_sympy, to_sympy
from matcalc.printing.text import AsciiPrinter, to_ascii, to_text
from frameworks import FRAMEWORKS, as_numpy, framework

DIFFERENTIAL_RULES = {rule["id"] for rule in tomllib.loads(
    (rules_path() / "differential.toml").read_text(encoding="utf-8"))["rule"]}
#: Node types shape inference replaces before anything evaluates or prints them.
RESOLVED_BY_INFERENCE = {ir.Diag}
#: The arguments each primitive is shown with; matrices A, B … where not listed.
ARGUMENTS = {"eye": "n", "ones": "n", "zeros": "n", "diag": "x", "unvec": "v, n, m", "power_sum": "A, 2, B", "powm": "A, 3"}


def _missing(entry):
    """What `entry` lacks, in words; the differential d(·) itself has no value, code or rule."""
    missing = [f"a spelling in {notation}" for notation in ("text", "ascii", "latex") if not entry.spelling(notation)]
    if not entry.spellings:
        missing.append("a spelling the parser reads")
    if entry.name == registry.DIFFERENTIAL:
        return missing
    nodes = [node for node in entry.nodes if node not in RESOLVED_BY_INFERENCE]
    own_node = not {ir.Func, ir.Apply} & set(nodes)
    if entry.evaluate is None and not (own_node and all(node in numeric._EVALUATE for node in nodes)):
        missing.append("an evaluator")
    if entry.sympy is None and not (own_node and all(hasattr(SympyPrinter, f"_print_{n.__name__}") for n in nodes)):
        missing.append("a SymPy form")
    if "numpy" not in entry.backends and not (own_node and all(
            hasattr(NumPyPrinter, f"_print_{n.__name__}") or hasattr(Lowering, f"_lower_{n.__name__}") for n in nodes)):
        missing.append("a numpy spelling")
    if "numpy" in entry.backends:  # what NumPy writes, every framework writes
        missing.extend(f"a {framework} spelling" for framework in FRAMEWORKS if framework not in entry.backends)
    if not entry.differential:
        missing.append("a differential rule")
    missing.extend(f"the rule {rule} in rules/differential.toml"
                   for rule in entry.differential if rule not in DIFFERENTIAL_RULES)
    return missing


def test_every_primitive_declares_everything_it_needs():
    incomplete = {entry.name: _missing(entry) for entry in registry.ENTRIES if _missing(entry)}
    assert not incomplete, "; ".join(f"{name} lacks {', '.join(what)}" for name, what in incomplete.items())


def test_an_incomplete_entry_is_named_with_what_it_lacks():
    bare = Primitive("bare", ("bare",), (ir.Func,), lambda a: ir.Func("bare", a), text="bare", ascii="",
                     latex="bare", entrywise=True, differential=("d.bare",))
    assert _missing(bare) == ["a spelling in ascii", "an evaluator", "a SymPy form", "a numpy spelling",
                              "the rule d.bare in rules/differential.toml"]


def test_every_spelling_is_one_primitive():
    spellings = [spelling for entry in registry.ENTRIES for spelling in entry.spellings]
    assert len(spellings) == len(set(spellings))


@pytest.mark.parametrize("entry", [e for e in registry.ENTRIES if e.name != registry.DIFFERENTIAL],
                         ids=lambda e: e.name)
def test_every_spelling_parses_and_prints_as_the_entry_says(entry):
    arguments = ARGUMENTS.get(entry.name) or ", ".join("ABCD"[:entry.counts[0]])
    for spelling in entry.spellings:
        expression = parse(f"{spelling}({arguments})")
        assert registry.entry_of(expression) is entry
        shown = [a.strip() for a in arguments.split(",")]
        summed = entry.name in PARTS  # a sum Σⱼ shows its term and limit, not its operands
        parts = printed_operands(expression)
        assert to_text(expression) == _spelled(entry, "text", list(map(to_text, parts)) if summed else shown)
        assert AsciiPrinter().doprint(expression) == _spelled(entry, "ascii", shown)
        assert to_latex(expression) == _spelled(entry, "latex", list(map(to_latex, parts)) if summed else shown,
                                                r"\left({}\right)")


def _spelled(entry, notation, arguments, brackets="({})"):
    """What the entry says `notation` prints: a template filled in, a constant as it stands, or a call."""
    spelling = entry.spelling(notation)
    if is_template(spelling):
        return fill(spelling, arguments)
    return spelling if entry.takes_dimensions else spelling + brackets.format(", ".join(arguments))


def test_the_differential_prints_as_its_entry_says():
    entry = registry.BY_NAME[registry.DIFFERENTIAL]
    differential = parse_raw("d(A) : B")[0].left
    assert (to_text(differential), AsciiPrinter().doprint(differential), to_latex(differential)) == tuple(
        fill(entry.spelling(notation), ["A"]) for notation in ("text", "ascii", "latex"))


def test_the_grammar_names_every_function_of_the_registry_and_its_cache_follows_it(monkeypatch):
    grammar = parse_module.grammar_text()
    assert registry.function_pattern() in grammar and "{functions}" not in grammar and "{words}" not in grammar
    pattern = registry.function_pattern
    monkeypatch.setattr(registry, "function_pattern", lambda: r"softsign(?=\()|" + pattern())
    assert parse_module.grammar_text() != grammar
    assert parse_module._parser_cache(parse_module.grammar_text()) != parse_module._parser_cache(grammar)


def test_an_unknown_function_lists_the_known_ones_from_the_registry():
    with pytest.raises(ParseError) as error:
        parse("softsign(X)")
    message = str(error.value).split("\n")[0]
    listed = message.partition("known functions: ")[2].rstrip("…").split(", ")
    assert "did you mean softplus?" in message and len(message) <= MAX_MESSAGE
    assert listed[:-1] == registry.known_functions()[:len(listed) - 1]  # as many as the message holds


# ------------------------------------------------- entrywise functions, end to end

ENTRYWISE = {entry.name: entry for entry in registry.ENTRYWISE}


def _point(rng):
    """Positive entries, where every entrywise function is defined, away from abs's kink."""
    return {"X": rng.uniform(0.5, 2.0, (3, 4)), "A": rng.standard_normal((3, 4))}


@pytest.mark.parametrize("name", ENTRYWISE)
def test_an_entrywise_function_reads_back_from_every_printer(name):
    expression = parse(f"{name}(X) where X: 3×4")
    assert parse(to_text(expression), "X: 3×4") == expression
    assert parse(to_ascii(expression)) == expression
    assert from_sympy(to_sympy(expression), [expression.arg]) == expression
    assert to_latex(expression) == _spelled(ENTRYWISE[name], "latex", ["X"], r"\left({}\right)")


@pytest.mark.parametrize("name", ENTRYWISE)
def test_an_entrywise_function_evaluates_by_its_entry(name):
    rng = np.random.default_rng(sum(map(ord, name)))
    x = rng.uniform(0.5, 2.0, (3, 4))
    value = numeric.evaluate(parse(f"{name}(X) where X: 3×4"), {"X": x})
    expected = sympy.lambdify("z", ENTRYWISE[name].sympy(sympy.Symbol("z")), "numpy")(x)
    np.testing.assert_allclose(value, ENTRYWISE[name].evaluate(x, np), rtol=1e-12)
    np.testing.assert_allclose(value, expected, rtol=1e-12)


@pytest.mark.parametrize("name", ENTRYWISE)
def test_an_entrywise_function_differentiates_as_central_differences_of_its_evaluator(name):
    evaluate = ENTRYWISE[name].evaluate
    point = _point(np.random.default_rng(sum(map(ord, name))))
    result = grad(f"sum(A ⊙ {name}(X))", "X", where="A, X: 3×4")

    def function(x):
        return np.sum(point["A"] * evaluate(x, np))

    step, differences = 1e-6, np.zeros((3, 4))
    for index in np.ndindex(3, 4):
        direction = np.zeros((3, 4))
        direction[index] = step
        differences[index] = (function(point["X"] + direction) - function(point["X"] - direction)) / (2 * step)
    np.testing.assert_allclose(result.evaluator()(**point), differences, rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(result.numpy()(**point), differences, rtol=1e-6, atol=1e-8)
    assert result.check(seed=0)


@pytest.mark.parametrize("backend", FRAMEWORKS)
@pytest.mark.parametrize("name", ENTRYWISE)
def test_an_entrywise_function_is_written_by_every_framework(name, backend):
    framework(backend)
    point = _point(np.random.default_rng(sum(map(ord, name))))
    result = grad(f"sum(A ⊙ {name}(X))", "X", where="A, X: 3×4")
    value, gradient = getattr(result, backend)().value_and_grad(**point)
    expected_value, expected_gradient = result.numpy().value_and_grad(**point)
    np.testing.assert_allclose(as_numpy(value), expected_value, rtol=1e-12)
    np.testing.assert_allclose(as_numpy(gradient), expected_gradient, rtol=1e-12, atol=1e-15)


# -------------------------------------------- the generic node of a matrix function

CUBE = Primitive("cube", ("cube",), (ir.Apply,), lambda a: ir.Apply("cube", (a,)), text="cube", ascii="cube",
                 latex=r"\operatorname{cube}", sympy=lambda a: sympy.MatPow(a, 3),
                 backends={"numpy": "np.linalg.matrix_power({0}, 3)"}, evaluate=lambda a, xp: a @ a @ a,
                 square=True)


@pytest.fixture
def cube(monkeypatch):
    """The registry with a toy matrix function X ↦ X³ added, as an entry of MATRIX_FUNCTIONS would be."""
    monkeypatch.setitem(registry.BY_NAME, "cube", CUBE)
    monkeypatch.setitem(registry.BY_SPELLING, "cube", CUBE)
    monkeypatch.setitem(numeric._FUNCTIONS, "cube", CUBE.evaluate)
    monkeypatch.setitem(numpy_printer.FUNCTIONS, "cube", CUBE.backends["numpy"])
    monkeypatch.setattr(registry, "function_pattern", lambda pattern=registry.function_pattern:
                        r"cube(?=\s*\()|" + pattern())
    parse_module._parser.cache_clear()
    yield CUBE
    parse_module._parser.cache_clear()


def test_a_registered_matrix_function_is_parsed_checked_printed_and_evaluated_from_its_entry(cube):
    expression = parse("tr(A cube(X))")
    assert isinstance(expression.arg.factors[1], ir.Apply) and expression.shape == (1, 1)
    assert (to_text(expression), to_latex(expression)) == (
        "tr(A cube(X))", r"\operatorname{tr}\left(A \operatorname{cube}\left(X\right)\right)")
    assert to_sympy(expression) == sympy.Trace(sympy.MatMul(
        sympy.MatrixSymbol("A", *expression.arg.factors[0].shape), sympy.MatPow(
            sympy.MatrixSymbol("X", *expression.arg.factors[1].shape), 3)))
    x, a = np.random.default_rng(1).standard_normal((2, 3, 3))
    value = numeric.evaluate(expression, {"X": x, "A": a})
    np.testing.assert_allclose(value[0, 0], np.trace(a @ x @ x @ x))
    printer = NumPyPrinter({})
    printer.names = {expression.arg.factors[1].args[0]: "X"}
    assert printer.doprint(expression.arg.factors[1]) == "np.linalg.matrix_power(X, 3)"


def test_a_registered_matrix_function_checks_its_operand_is_square(cube):
    with pytest.raises(ShapeError, match="cube"):
        parse("cube(X) where X: 2×3")
