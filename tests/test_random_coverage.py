"""The random expressions reach the whole language: every operator, function, constant,
declaration and block form shows up among a few hundred drawn functions."""
import re

from hypothesis import HealthCheck, given, settings

from strategies import any_expression, scalar_function

#: Spellings that must appear, by what they stand for.
FORMS = {
    "sum": ["+"], "difference": [" - ", " − "], "negation": ["-("], "product": ["*", "@"],
    "hadamard": ["⊙", ".*", "∘"], "division": ["⊘", "./"], "scalar division": [" / "],
    "kronecker": ["⊗", "kron("], "frobenius": [" : "], "transpose": ["ᵀ", "^T", ".'"],
    "adjoint": ["ᴴ", "'", "^H"], "inverse": ["⁻¹", "^-1", "inv("], "power": ["^2", "²", "^3", "³"],
    "element power": [".^2", ".^3", ".^0.5"], "trace": ["tr(", "trace(", "Tr("], "det": ["det("],
    "logdet": ["logdet("], "Sym": ["Sym("], "diag": ["diag("], "vec": ["vec("], "sum()": ["sum("],
    "conj": ["conj("], "Re": ["Re(", "real("], "Im": ["Im("], "exp": ["exp("], "log": ["log("],
    "sqrt": ["sqrt("], "sin": ["sin("], "cos": ["cos("], "tanh": ["tanh("], "sigmoid": ["sigmoid("],
    "softplus": ["softplus("], "norms": ["‖", "||", "norm("], "identity": [" I", "I_n", "I_m"],
    "zero": [" 0"], "ones": ["ones("], "blocks": ["[", ";"], "complex numbers": ["j)", "2j"],
}
#: Variables that must appear, by their declaration (see strategies.DECLARATIONS).
NAMES = {"spd": ["S", "R"], "symmetric": ["T"], "diagonal": ["D"], "complex": ["C", "K", "z"],
         "positive": ["λ"], "2n": ["p", "P"]}


def test_the_strategies_reach_every_form():
    seen = []

    @settings(max_examples=250, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(scalar_function(depth=2), any_expression(depth=2))
    def draw(function, expression):
        seen.append(function)
        seen.append(expression)

    draw()
    text = "\n".join(seen)
    missing = [name for name, spellings in FORMS.items() if not any(s in text for s in spellings)]
    missing += [kind for kind, names in NAMES.items()
                if not any(re.search(rf"(?<![A-Za-z]){name}(?![A-Za-z(])", text) for name in names)]
    assert not missing, f"never drawn: {missing}"
