"""Bad input: always a MatcalcError (a ValueError) with a short message in plain words.

Parse errors show the text with a caret under the position and say what could
stand there, never a grammar's token name.
"""
import re
import sys
from pathlib import Path

import pytest

import matcalc
from budgets import deadline
from matcalc.errors import MAX_MESSAGE
from matcalc.language.parse import TERMINAL_WORDS, _parser

#: The shared corpus, beside the checkout; only its own cases need it.
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

#: What the grammar calls its tokens: none of it may reach a message.
TOKEN_NAMES = re.compile(r"__ANON|\b(RPAR|LPAR|RSQB|LSQB|NAME|GREEK|NUMBER|PRODUCT_OPERATOR|NORM_OPEN|NORM_CLOSE"
                         r"|NORM_BAR|TRANSPOSE|ADJOINT|SUPERSCRIPT|FUNCTION|COMMA|SEMICOLON|COLON|\$END)\b")


def failure(function, *args, **kwargs):
    with pytest.raises(matcalc.MatcalcError) as caught:
        function(*args, **kwargs)
    message = str(caught.value)
    assert len(message) <= MAX_MESSAGE
    assert not TOKEN_NAMES.search(message), message
    return caught.value


# ------------------------------------------------------------ the hierarchy

@pytest.mark.parametrize("kind", [matcalc.ParseError, matcalc.ShapeError, matcalc.DeclarationError,
                                  matcalc.DerivationError, matcalc.LimitError])
def test_every_error_is_a_matcalc_error_and_a_value_error(kind):
    assert issubclass(kind, matcalc.MatcalcError) and issubclass(kind, ValueError)


def test_a_long_message_is_cut_to_the_limit():
    assert len(str(matcalc.MatcalcError("x" * 1000))) == MAX_MESSAGE


# ------------------------------------------------------ the corpus' bad input

def corpus_errors():
    """The corpus's bad-input cases, or one skipped case where the corpus is absent."""
    sys.path.insert(0, str(CORPUS))
    try:
        import corpus
    except ImportError:
        return [pytest.param(None, id="corpus", marks=pytest.mark.skip(reason=f"no corpus at {CORPUS}"))]
    finally:
        sys.path.remove(str(CORPUS))
    return [pytest.param(case, id=case.id) for case in corpus.CASES if case.kind == "error"]


@pytest.mark.parametrize("case", corpus_errors())
def test_corpus_errors_raise_matcalc_errors(case):
    failure(matcalc.grad, case.expr, wrt=case.wrt, where=case.where)


@pytest.mark.parametrize("text, where, kind, words", [
    ("tr(A X B", None, matcalc.ParseError, "ends too early; expected ')'"),
    ("tr(frobnicate(X))", "X: n×n", matcalc.ParseError, "unknown function 'frobnicate'"),
    ("a' X b", "X: n×m, a: m, b: n", matcalc.ShapeError, "cannot multiply a' (1×m) by X (n×m)"),
    ("", None, matcalc.ParseError, "the expression is empty"),
    ("   ", None, matcalc.ParseError, "the expression is empty"),
    ("A X", None, matcalc.DerivationError, ""),
])
def test_corpus_errors_say_what_is_wrong(text, where, kind, words):
    error = failure(matcalc.grad, text, wrt="X", where=where)
    assert isinstance(error, kind) and words in str(error)


# ------------------------------------------------------------- parse errors

@pytest.mark.parametrize("text, position, words", [
    ("tr(A X B", 8, "expected ')'"),
    ("A X +", 5, "the text ends too early; expected a name"),
    ("(A", 2, "expected ')'"),
    ("A)", 1, "unexpected ')'"),
    ("[A, B", 5, "expected ']'"),
    ("X @@ Y", 3, "unexpected '@'"),
    ("A € B", 2, "unexpected character '€'"),
    ("‖X", 2, "expected a closing '‖'"),
    ("x where x: n,", 13, "expected a name"),
    ("X^", 2, "expected a name, a number"),
    ("A ⊗ ⊗ B", 4, "unexpected '⊗'"),
])
def test_a_parse_error_points_at_the_position(text, position, words):
    error = failure(matcalc.parse, text)
    assert isinstance(error, matcalc.ParseError)
    message, shown, caret = str(error).split("\n")
    assert words in message
    assert shown == "  " + text and caret == "  " + " " * position + "^"


def test_expected_tokens_are_words_and_closing_brackets_match():
    message = str(failure(matcalc.parse, "(A + [B"))
    assert "expected ']'" in message and "')'" not in message
    assert "')'" not in str(failure(matcalc.parse, "A)")).split("; expected")[1]


def test_every_terminal_of_the_grammar_has_words():
    assert {t.name for t in _parser().terminals} <= set(TERMINAL_WORDS)


def test_the_caret_stands_under_the_spot_after_tabs():
    lines = str(failure(matcalc.parse, "A\t+\t€")).split("\n")
    assert lines[1] == "  A?+?€" and lines[2] == "      ^"


def test_a_long_line_is_shown_around_the_position():
    text = "A + " * 100 + "€" + " + B" * 100
    lines = str(failure(matcalc.parse, text)).split("\n")
    assert len(lines[1]) < 80 and lines[1][lines[2].index("^")] == "€"


def test_a_multiline_text_shows_the_line_of_the_error():
    lines = str(failure(matcalc.parse, "A +\nB €\n+ C")).split("\n")
    assert lines[1] == "  B €" and lines[2] == "  " + "  ^"


@pytest.mark.parametrize("text, words", [
    ("tr(X, Y)", "tr() takes 1 argument, not 2"),
    ("kron(A)", "kron() takes 2 arguments, not 1"),
    ("eye(2.5)", "eye() takes dimensions"),
    ("ones(0)", "ones() takes dimensions"),
    ("1e400 X", "too long or too large"),
    ("1" * 60 + " X", "too long or too large"),
    ("d(X)", "d(·) stands for a differential"),
    ("tr X", "tr is a function: write tr(…)"),
    ("det A + 1", "det is a function"),
    ("x' A x + log λ", "log is a function"),
])
def test_misused_forms(text, words):
    assert words in str(failure(matcalc.parse, text))


# ------------------------------------------------------- declaration errors

@pytest.mark.parametrize("where, words", [
    ("X: n×m spd", "X is declared invertible but its shape n×m is not square"),
    ("X: n×n symetric", "unknown word 'symetric' in the declaration of X; did you mean 'symmetric'?"),
    ("X: 3×3 symetric", "unknown word 'symetric'"),
    ("X: n×n, X: m×m", "X is declared twice, differently"),
    ("X: scalar matrix", "X is declared both matrix and scalar"),
    ("λ > 1", "only 'λ > 0' is understood"),
    ("X: 0×n", "a size must be a positive whole number"),
    ("X: (n / 2, n)", "has no place in it"),
])
def test_declaration_errors(where, words):
    error = failure(matcalc.parse, "tr(X) + x'x + λ", where=where)
    assert isinstance(error, (matcalc.DeclarationError, matcalc.ParseError))
    assert words in str(error)


# ------------------------------------------------------------------ limits

def test_ten_thousand_nested_parentheses_are_refused_quickly():
    with deadline(2.0):
        error = failure(matcalc.parse, "(" * 10_000 + "X" + ")" * 10_000)
    assert isinstance(error, matcalc.LimitError)


def test_ten_thousand_open_parentheses_are_refused_quickly():
    failure(matcalc.parse, "(" * 10_000)


def test_five_thousand_characters_of_garbage():
    import random
    rng = random.Random(5)
    garbage = "".join(rng.choice("()[]{}|‖^'ᵀ⁻¹*+-/:;,.λXx0129 €#$%&?!") for _ in range(5000))
    failure(matcalc.parse, garbage)
    failure(matcalc.grad, garbage, wrt="X")


JUNK = {
    "emoji": "X 😀 Y",
    "emoji-name": "😀",
    "combining-mark": "X\u0301 + Y",
    "lone-combining-mark": "\u0301",
    "right-to-left": "\u202eX + Y",
    "right-to-left-text": "א + ב",
    "nul": "X\x00Y",
    "nul-only": "\x00",
    "surrogate": "X\ud800",
    "surrogate-escape": "X \udcff Y",
    "escaped-surrogate-text": "X \\ud800 + \\udfff",
    "fullwidth": "Ｘ ＋ Ｙ",
    "fullwidth-digits": "２X",
    "double-struck-one": "𝟙 X",
    "double-struck-alone": "𝟙𝟙",
    "zero-width-space": "X\u200bY",
    "byte-order-mark": "\ufeffX",
    "private-use": "X\ue000",
    "bidi-isolate": "\u2066X\u2069",
    "tab-and-newlines": "X\t+\r\n\x0bY\x0c",
    "math-italic": "𝑋 + 𝑌",
    "superscript-alone": "ᵀ⁻¹²",
    "non-characters": "\uffff\ufffe",
}


@pytest.mark.parametrize("text", JUNK.values(), ids=JUNK.keys())
def test_unicode_junk_is_a_matcalc_error_or_parses(text):
    for call in (lambda: matcalc.parse(text), lambda: matcalc.grad(text, wrt="X")):
        try:
            call()
        except matcalc.MatcalcError as error:
            assert len(str(error)) <= MAX_MESSAGE
            str(error).encode("utf-8")  # printable: no lone surrogate echoed back


def test_a_message_echoes_no_control_characters():
    message = str(failure(matcalc.parse, "X\x00Y €"))
    assert "\x00" not in message and "?" in message.split("\n")[1]


@pytest.mark.parametrize("value", [None, 3, b"X", ["X"]])
def test_an_expression_must_be_text(value):
    failure(matcalc.parse, value)


def test_a_declaration_error_shows_the_declarations_as_given():
    lines = str(failure(matcalc.parse, "tr(X)", where="where X: n×n,")).split("\n")
    assert lines[1] == "  where X: n×n," and lines[2].endswith("^") and "'‖'" not in lines[0]
