"""Text notations: Unicode as written on paper, and ASCII that parses back.

`to_text` gives 2(AWB − BWᵀAWBWE): juxtaposition without spaces between
single-letter factors, subscript digits (u₁), superscript postfix operators,
minimal parentheses. `to_ascii` gives input text, A W B^T .* C, that `parse`
reads back as the same tree, with a `where` clause for what names alone do not say.
"""
import unicodedata

from ..core import ir, sum_forms
from ..language.declarations import default_kind
from ..language.parse import parse
from ..errors import MatcalcError, guarded
from .base import ATOM, GREEK, POSTFIX, NotationPrinter, shape_or_none, split_name

SUPERSCRIPTS = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_RAISED = "ᵀᴴ⁻⁰¹²³⁴⁵⁶⁷⁸⁹₀₁₂₃₄₅₆₇₈₉"
_SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"


class TextPrinter(NotationPrinter):
    """Unicode notation: 2(AWB − BWᵀAWBWE), ‖X‖_F², X⁻ᵀ, (1/2)X, A ⊙ B."""

    PLUS, MINUS, NEG, SLASH = " + ", " − ", "−", "/"
    HADAMARD, DIVIDE, KRON, FROBENIUS = " ⊙ ", " ⊘ ", " ⊗ ", " : "
    TRANSPOSE, ADJOINT, INVERSE, INVERSE_TRANSPOSE = "ᵀ", "ᴴ", "⁻¹", "⁻ᵀ"
    NOTATION = "text"
    BLOCK_PART = "{m}[{rows}, {cols}]"
    NORM_BARS = ("‖", "‖")

    # -- leaves
    def _print_Symbol(self, node):
        stem, subscript = split_name(node.name)
        stem = GREEK.get(stem, stem)
        if subscript.isdigit():
            return stem + subscript.translate(SUBSCRIPTS)
        return f"{stem}_{subscript}" if subscript else stem

    def _print_Number(self, node):
        real, imaginary = node.value.as_real_imag()
        if imaginary == 0:
            return self._signed(str(real))
        if real == 0:
            return self._signed(self.unit if imaginary == 1 else "-" + self.unit if imaginary == -1
                                else self._imaginary(imaginary))
        sign = self.MINUS if imaginary < 0 else self.PLUS
        return self._signed(str(real)) + sign + self._imaginary(abs(imaginary))

    def doprint(self, node):
        """The imaginary unit prints as j, as on paper (j a), unless a variable is named j."""
        named_j = ir.contains(node, lambda n: isinstance(n, ir.Symbol) and n.name == "j")
        self.unit = "1j" if named_j else self.IMAGINARY_UNIT
        return super().doprint(node)

    IMAGINARY_UNIT = unit = "j"

    def _imaginary(self, value):
        """bj, written pj/q for a fraction so that it reads back as one number."""
        if value.is_Rational and value.q != 1:
            return self._signed(f"{value.p}j/{value.q}")
        return self._signed(f"{value}j")

    def _signed(self, text):
        return text.replace("-", self.NEG)

    def _print_Identity(self, node):
        size = _written(node.size) if self.sized_constants else None
        return f"I_{size}" if size else "I"

    def _print_Zero(self, node):
        return "0"

    def _print_Ones(self, node):
        sizes = _written_shape(node.shape_) if self.sized_constants else None
        return f"ones({sizes})" if sizes else self.ones(node, "𝟙")

    def _print_Diff(self, node):
        if isinstance(node.arg, ir.Symbol):
            return "d" + self._print(node.arg)
        return self.call("d", node.arg)

    def _print_Block(self, node):
        rows = ("; ".join(", ".join(self._print(entry) for entry in row) for row in node.rows))
        return f"[{rows}]"

    inside_norm = False

    def _print_Norm(self, node):
        """‖X‖_F; a norm inside another is set apart, where its bar could close the outer one."""
        if self.inside_norm:
            return self.nested_norm(node)
        self.inside_norm = True
        try:
            opening, closing = self.NORM_BARS
            subscript = "" if 1 in (shape_or_none(node.arg) or ()) else f"_{node.kind}"
            return f"{opening}{self._print(node.arg)}{closing}{subscript}"
        finally:
            self.inside_norm = False

    def nested_norm(self, node):
        self.inside_norm = False
        try:
            return self.paren(self._print_Norm(node))
        finally:
            self.inside_norm = True

    # -- powers
    def postfix(self, arg, suffix):
        """As in the base printer, but (X⁻²)² rather than X⁻²², which reads as X to the −22."""
        text = self.parenthesize(arg, POSTFIX)
        if text[-1] in _SUPERSCRIPT_DIGITS and suffix[0] in _SUPERSCRIPT_DIGITS:
            text = self.paren(text)
        return text + suffix

    def _print_Power(self, node):
        exponent = node.exponent
        if exponent == sum_forms.INDEX:  # a term of a printed sum Σⱼ: Xʲ
            return self.postfix(node.arg, "ʲ")
        if isinstance(exponent, ir.Number) and exponent.value.is_Integer:
            return self.postfix(node.arg, str(exponent.value).translate(SUPERSCRIPTS))
        return self.postfix(node.arg, "^" + self._exponent(exponent))

    def _print_Transpose(self, node):
        """(X⁻³)ᵀ for the transpose of X⁻³, which X⁻³ᵀ would leave open to X^(−3ᵀ)."""
        power = node.arg
        if (isinstance(power, ir.Power) and isinstance(power.exponent, ir.Number)
                and power.exponent.value.is_Integer and power.exponent.value < 0):
            return self.paren(self._print(power)) + self.TRANSPOSE
        return super()._print_Transpose(node)

    def _print_ElementPower(self, node):
        return self.postfix(node.arg, ".^" + self._exponent(node.exponent))

    def _exponent(self, exponent):
        """An exponent after ^ or .^: an integer as is (2, -2), anything else an atom."""
        if isinstance(exponent, ir.Number) and exponent.value.is_Integer:
            return self._signed(str(exponent.value))
        if isinstance(exponent, ir.Symbol) and exponent.name[0] in "TH":
            return self.paren(self._print(exponent))  # X^T is a transpose, X^(T) a power
        return self.parenthesize(exponent, ATOM)

    # -- products
    def join_factors(self, factors, texts):
        return texts[0] + "".join(_separator(left, right) + right for left, right in zip(texts, texts[1:]))


def _separator(left, right):
    """Nothing between one-letter factors (AWB, λI, u₁u₂ᵀ); a space next to a longer word
    and before a lowercase letter that would run on into the name before it (A x, x yᵀ)."""
    if right[0].isascii() and right[0].isdigit():
        return "·"
    if right[0].isascii() and right[0].islower() and left[-1].isascii() and left[-1].isalpha():
        return " "  # xy and Ax would read as one name; a capital starts a new one (AW, xA)
    return " " if _ends_with_word(left) or _starts_with_word(right) else ""


def _is_letter(char):
    return unicodedata.category(char) in ("Lu", "Ll")


def _starts_with_word(text):
    run = next((i for i, c in enumerate(text) if not _is_letter(c)), len(text))
    return run >= 2 or (run == 1 and text[1:2] == "_")


def _ends_with_word(text):
    text = text.rstrip(_RAISED)
    run = next((i for i, c in enumerate(reversed(text)) if not _is_letter(c)), len(text))
    return run >= 2 or (run >= 1 and text[-run - 1:-run] == "_")


class AsciiPrinter(TextPrinter):
    """Input notation: what `parse` reads back as the same tree.

    `explicit` writes the sizes of I, 0 and ones where they can be written
    (I_n, zeros(n, m)) instead of leaving them to shape inference.
    """

    PLUS, MINUS, NEG, SLASH = " + ", " - ", "-", " / "
    HADAMARD, DIVIDE, FROBENIUS = " .* ", " ./ ", " : "
    TRANSPOSE, ADJOINT, INVERSE, INVERSE_TRANSPOSE = "^T", "^H", "^-1", "^-T"
    IMAGINARY_UNIT = "1j"  # as Python writes it
    NOTATION = "ascii"
    NORM_BARS = ("||", "||")

    def __init__(self, explicit=False):
        self.explicit = explicit

    def precedence(self, node):
        return ATOM if isinstance(node, ir.Kron) else super().precedence(node)

    def _print_Symbol(self, node):
        return node.name

    def _print_Kron(self, node):
        return self.call("kron", node.left, node.right)

    def _print_Diff(self, node):
        return self.call("d", node.arg)

    def _print_Identity(self, node):
        size = _written(node.size) if self.explicit or self.sized_constants else None
        return f"I_{size}" if size else "I"

    def _print_Zero(self, node):
        sizes = _written_shape(node.shape_) if self.explicit else None
        return f"zeros({sizes})" if sizes else "0"

    def _print_Ones(self, node):
        sizes = _written_shape(node.shape_)
        return f"ones({sizes})" if sizes else self.ones(node, "𝟙")

    def nested_norm(self, node):
        return self.call("norm", node.arg)

    def _print_Power(self, node):
        return self.postfix(node.arg, "^" + self._exponent(node.exponent))

    def join_factors(self, factors, texts):
        return " ".join(texts)


def _written(dim):
    """A dimension as the input language writes it in I_n or ones(n, m), or None."""
    if dim is not None and (dim.is_Symbol or (dim.is_Integer and dim > 0)):
        return str(dim)
    return None


def _written_shape(shape):
    if shape is None:
        return None
    rows, cols = (_written(d) for d in shape)
    if not (rows and cols):
        return None
    return rows if cols == "1" else f"{rows}, {cols}"


# ----------------------------------------------------------- where clause

def _kind(shape):
    if shape == (1, 1):
        return "scalar"
    return "vector" if shape[1] == 1 else "matrix"


def _declaration(symbol):
    """`name: complex (n, m) symmetric`: the field, shape and properties of one variable."""
    words = ["complex"] if symbol.complex else []
    shape, kind = symbol.shape_, _kind(symbol.shape_)
    written = [_written(d) or _written_multiple(d) for d in shape]
    if kind == "scalar":
        words.append("scalar")
    elif all(written):
        words.append(written[0] if kind == "vector" else f"({written[0]}, {written[1]})")
    elif all(_written_sum(d) for d in shape):
        words.append(f"({_written_sum(shape[0])}, {_written_sum(shape[1])})")
    elif kind != default_kind(symbol.name):
        words.append(kind)
    implied = {"invertible"} if "spd" in symbol.properties else set()
    words.extend(sorted(symbol.properties - implied))
    return f"{symbol.name}: {' '.join(words)}"


def _written_multiple(dim):
    """2n as a declaration writes it ("2 n": a space keeps 2j from reading as a number)."""
    coefficient, rest = dim.as_coeff_Mul()
    if coefficient.is_Integer and coefficient > 1 and rest.is_Symbol:
        return f"{coefficient} {rest}"
    return None


def _written_sum(dim):
    """A size such as m + k, 2*n*p or n*n, as (rows, columns) in a declaration writes it, or None."""
    written = []
    for term in dim.as_ordered_terms():
        coefficient, rest = term.as_coeff_Mul()
        factors = [] if rest == 1 else [_written_factor(f) for f in rest.as_ordered_factors()]
        if not (coefficient.is_Integer and coefficient > 0) or None in factors:
            return None
        written.append("*".join(([str(coefficient)] if coefficient != 1 or not factors else []) + factors))
    return " + ".join(written)


def _written_factor(factor):
    """n, or n**2 written n*n (the declarations have no powers); None for anything else."""
    if factor.is_Symbol:
        return str(factor)
    if factor.is_Pow and factor.base.is_Symbol and factor.exp.is_Integer and 1 < factor.exp <= 4:
        return "*".join([str(factor.base)] * int(factor.exp))
    return None


def _needs_declaring(symbol):
    """Whether the name alone could type the variable differently: properties, field, a
    kind its spelling does not give, sizes such as 3 or 2n that inference does not invent."""
    shape = symbol.shape_
    return shape is not None and bool(symbol.complex or symbol.properties
                or _kind(shape) != default_kind(symbol.name)
                or any(not (d.is_Symbol or d == 1) for d in shape))


def _where(symbols):
    declarations = [_declaration(s) for s in symbols if s.shape_ is not None]
    return f" where {', '.join(declarations)}" if declarations else ""


def _reads_back(text, node):
    try:
        return parse(text) == node
    except MatcalcError:
        return False


# ------------------------------------------------------------------ public

@guarded
def to_text(node):
    """The expression in Unicode, as written on paper: 2(AWB − BWᵀAWBWE)."""
    return TextPrinter().doprint(node)


@guarded
def to_ascii(node, where=True):
    """ASCII input text that `matcalc.parse` reads back as `node`.

    With `where`, a clause declares the variables whose names alone do not
    give their type. The short form is checked by parsing it; when it does not
    read back (sizes fixed by eye(p), declared dimensions), every variable is
    declared and every size written.
    """
    plain = AsciiPrinter().doprint(node)
    if not where:
        return plain
    symbols = {}
    for n in ir.walk(node):
        if isinstance(n, ir.Symbol):
            symbols.setdefault(n.name, n)
    short = plain + _where(s for s in symbols.values() if _needs_declaring(s))
    if _reads_back(short, node):
        return short
    return AsciiPrinter(explicit=True).doprint(node) + _where(symbols.values())

