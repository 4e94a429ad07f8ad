"""Fuzzing the front end: whatever the text, parse and grad raise only MatcalcError.

Three sources of input: any Unicode text; token soup sampled from the grammar's own
terminals (read from the lark parser, so new tokens are fuzzed as soon as they
exist); and valid expressions with tokens deleted, duplicated or swapped. A few
hundred inputs run by default, 10,000 under `-m slow`. Inputs these tests once
found broken are kept as named regression cases at the end.
"""
import re

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import matcalc
from matcalc.core import ir
from matcalc.errors import MAX_MESSAGE
from matcalc.language.parse import _parser
from test_roundtrip import texts as well_typed_texts

DEFAULT = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
SLOW = settings(max_examples=3_334, deadline=None, suppress_health_check=list(HealthCheck))  # 3 runs: 10,002

#: Valid expressions the mutations start from: the worked problems of examples/ and the language's forms.
VALID = [
    "u1ᵀ W (W E Wᵀ + λI)⁻¹ Wᵀ u2 where E: n×n symmetric",
    "‖Z − I ⊙ (H_Rᵀ A + H_Iᵀ B)‖_F² + ‖W − [H_R, −H_I; H_I, H_R] P_d Sᵀ‖_F²",
    "(ρI + DᴴD)⁻¹ x where D: complex m×n, x: complex n",
    "inv(rho*I + D*D^H)*x",
    "aᵀ X⁻¹ b", "xᵀ B x", "(x − A s)ᵀ W (x − A s) where W: n×n symmetric", "||y - Φ θ||^2 where θ: d",
    "logdet(Σ) + (x − μ)ᵀ Σ⁻¹ (x − μ) where Σ: n×n spd, μ: n",
    "tr(A X B) + det(X) - logdet(X' X)", "sum(exp(x) .* log(x)) + ||X||_F^2 + norm(X)",
    "Y : (I_3 ⊗ X) + kron(A, B) : C", "2M:dM + 2N:dN", "x' diag(X) + diag(x) : X",
    "sigmoid(Xᵀ w)ᵀ y + softplus(x)ᵀ ones(n) where X: m×n", "tr(Sym(X) X.^2 / α) + λ where λ > 0",
    "[A, B; C, D] x where A: n×n", "vec(X)ᵀ vec(Y) + Re(conj(z)ᵀ z) where z: complex n",
    "tr(X^2) + tr(X^-T) + sqrt(λ) tanh(x)ᵀ cos(sin(x))",
]


def tokens_of(text):
    """The text cut into its tokens (and the spaces between) by the language's own lexer."""
    try:
        spans = [(t.start_pos, t.end_pos) for t in _parser().lex(text, dont_ignore=True)]
    except Exception:  # noqa: BLE001 - a text the standalone lexer cannot cut is cut by characters
        return list(text)
    return [text[a:b] for a, b in spans]


def terminal_samples():
    """A strategy for one token of each terminal of the grammar: literals as they are,
    patterns as random strings matching them (lookarounds and word boundaries dropped)."""
    strategies = []
    for terminal in _parser().terminals:
        pattern = terminal.pattern
        if pattern.type == "str":
            strategies.append(st.just(pattern.value))
        else:
            plain = re.sub(r"\(\?[=!<][^)]*\)|\\b", "", pattern.value)
            strategies.append(st.from_regex(plain, fullmatch=True))
    for extra in ("NORM_OPEN", "NORM_CLOSE"):  # declared, made by the post-lexer from bars
        strategies.append(st.sampled_from(["||", "‖"]))
    return st.one_of(strategies)


token_soup = st.lists(st.tuples(terminal_samples(), st.sampled_from(["", " "])), max_size=25).map(
    lambda pairs: "".join(token + space for token, space in pairs))


@st.composite
def mutations(draw):
    """A valid expression with a few tokens deleted, duplicated or swapped."""
    tokens = tokens_of(draw(st.sampled_from(VALID)))
    for _ in range(draw(st.integers(1, 3))):
        if not tokens:
            break
        i = draw(st.integers(0, len(tokens) - 1))
        j = draw(st.integers(0, len(tokens) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "swap", "insert"]))
        if action == "delete":
            del tokens[i]
        elif action == "duplicate":
            tokens.insert(i, tokens[i])
        elif action == "swap":
            tokens[i], tokens[j] = tokens[j], tokens[i]
        else:
            tokens.insert(i, draw(terminal_samples()))
    return "".join(tokens)


any_text = st.text(max_size=60)


def only_matcalc_errors(text):
    """parse(text), and grad by one of its variables, succeed or raise a short MatcalcError."""
    try:
        expression = matcalc.parse(text)
    except matcalc.MatcalcError as error:
        assert len(str(error)) <= MAX_MESSAGE
        return
    names = sorted({n.name for n in ir.walk(expression) if isinstance(n, ir.Symbol)})
    try:
        matcalc.grad(text, wrt=names[0] if names else "X")
    except matcalc.MatcalcError as error:
        assert len(str(error)) <= MAX_MESSAGE


# ---------------------------------------------------------- default runs

@DEFAULT
@given(any_text)
def test_any_text(text):
    only_matcalc_errors(text)


@DEFAULT
@given(token_soup)
def test_token_soup(text):
    only_matcalc_errors(text)


@DEFAULT
@given(mutations())
def test_mutated_expressions(text):
    only_matcalc_errors(text)


def test_the_valid_expressions_are_valid():
    for text in VALID:
        matcalc.parse(text)


# ----------------------------------------------------------- slow runs

@pytest.mark.slow
@SLOW
@given(any_text)
def test_any_text_long_run(text):
    only_matcalc_errors(text)


@pytest.mark.slow
@SLOW
@given(token_soup)
def test_token_soup_long_run(text):
    only_matcalc_errors(text)


@pytest.mark.slow
@SLOW
@given(mutations())
def test_mutated_expressions_long_run(text):
    only_matcalc_errors(text)


@pytest.mark.slow
@settings(max_examples=1_000, deadline=None, suppress_health_check=list(HealthCheck))
@given(well_typed_texts(), st.integers(0, 99))
def test_well_typed_expressions_long_run(text, pick):
    """Every variable of a random well-typed expression: grad answers or says why not."""
    expression = matcalc.parse(text)
    names = sorted({n.name for n in ir.walk(expression) if isinstance(n, ir.Symbol)})
    if names:
        try:
            matcalc.grad(text, wrt=names[pick % len(names)])
        except matcalc.MatcalcError as error:
            assert len(str(error)) <= MAX_MESSAGE


# ------------------------------------------------------------ regressions

REGRESSIONS = {
    "number-with-leading-zero": "λ²ᴴ01",
    "huge-number": "1e999999999 X",
    "number-of-many-digits": "9" * 5000 + " X",
    "inverse-before-an-exponent": "tr(X)^-1e100",
    "dimension-overflow": "x where x: 1e400",
    "zero-dimension": "X where X: 0×n",
    "declared-word-after-a-number": "A where A: 3×3 symmetric",
    "product-dot-as-division": "A·B",
    "matrix-power-too-large": "tr(X^100000)",
    "size-bound-to-a-fraction": "((SΣ𝟙^α) ⊗ (Vᵀ : 𝟙ᵀ))/(vec(diag(𝟙)^α)ᵀ vec((−Σ).^2))",
    "long-chain-of-sizes": " + ".join(f"a{i}" for i in range(1500)),
    "misspelt-word-after-a-size": "X where X: 3×3 symetric",
}


@pytest.mark.parametrize("text", REGRESSIONS.values(), ids=REGRESSIONS.keys())
def test_regressions(text):
    only_matcalc_errors(text)
