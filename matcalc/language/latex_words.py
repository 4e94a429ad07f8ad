r"""The LaTeX words the reader knows: spacing, fonts, operators, superscripts, and the
commands of the registry's LaTeX spellings (so a function added there is read here too)."""
import re

from ..core import registry

SPACING = {r"\,", r"\;", r"\!", r"\:", "\\ ", "~", r"\quad", r"\qquad"}
#: Sizes of delimiters, which change nothing: \big( is (.
SIZING = {rf"\{size}{side}" for size in ("big", "Big", "bigg", "Bigg") for side in ("", "l", "r", "m")}
FONTS = {r"\mathbf", r"\boldsymbol", r"\bm", r"\mathit", r"\mathsf", r"\mathcal", r"\vec"}
#: Number sets, as a declaration writes them: x \in \mathbb{R}^n, A \in \mathbb{C}^{m \times n}.
NUMBER_SETS = {"R": "", "C": "complex "}
NAMING = {r"\mathrm", r"\operatorname", r"\text", r"\textrm", r"\mathop"}
#: Product operators: Hadamard, Kronecker and the plain product.
OPERATORS = {r"\odot": "⊙", r"\circ": "⊙", r"\oslash": "⊘", r"\otimes": "⊗", r"\cdot": "*", r"\times": "*",
             r"\ast": "*"}
NORM_BARS = {r"\|", r"\Vert", r"\lVert", r"\rVert"}
MATRIX_ENVIRONMENTS = {"pmatrix", "bmatrix", "matrix", "Bmatrix", "vmatrix", "array"}
#: A superscript's text, its spaces and fonts taken out, to the postfix it means.
POSTFIXES = {"T": "ᵀ", r"\top": "ᵀ", r"\intercal": "ᵀ", r"\mathsfT": "ᵀ", "H": "ᴴ", "*": "ᴴ", r"\ast": "ᴴ",
             "-1": "⁻¹", "-T": "⁻ᵀ", r"-\top": "⁻ᵀ", r"-\intercal": "⁻ᵀ"}
PSEUDO_INVERSE = {r"\dagger", "+"}
ABSOLUTE_VALUE = r"\left|"
#: The imaginary unit, as the LaTeX printer writes it (2 i) or upright (2\mathrm{i}).
IMAGINARY_UNITS = {"i", "j"}
#: Letters that, right before '(', name a function (f(\mathbf{X})), not a factor.
FUNCTION_LETTERS = {"f", "g", "h"}


def command_functions():
    r"""The commands of the registry's LaTeX spellings: \exp → exp, (\log, \det) → logdet, \sqrt{…} → sqrt."""
    plain, braced = {}, {}
    for entry in registry.ENTRIES:
        commands = re.fullmatch(r"((?:\\[A-Za-z]+)+)", entry.latex)
        if commands:
            plain[tuple(re.findall(r"\\[A-Za-z]+", entry.latex))] = entry.name
        template = re.fullmatch(r"(\\[A-Za-z]+)\{\{0\}\}", entry.latex)
        if template:
            braced[template.group(1)] = entry.name
        if entry.latex == r"\left|{0}\right|":
            braced[ABSOLUTE_VALUE] = entry.name
    return plain, braced
