r"""LaTeX: 2\left(A W B - B W^\top A W B W E\right), \|X\|_F^2, \operatorname{tr}\left(X\right).

The same layouts and precedence ladder as the text notation; fractions are
\frac (so they need no brackets), and a postfix operator applied to a
superscripted operand braces it, {X^\top}^{-1}, as TeX forbids a double superscript.
"""
import sympy

from ..core import ir
from ..errors import guarded
from .base import GREEK, POSTFIX, SPELLED, FractionNotation, shape_or_none, split_name

#: Greek letters LaTeX has no command for, as they look like Latin ones.
_LATIN_LOOKALIKES = dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΧο", "ABEZHIKMNOPTXo"))
_SUPERSCRIPTED = (ir.Transpose, ir.Adjoint, ir.Inverse, ir.Power, ir.ElementPower)


def _greek(letter):
    return _LATIN_LOOKALIKES.get(letter) or "\\" + SPELLED[letter]


def latex_name(name):
    r"""u1 → u_{1}, H_R → H_{R}, lambda and λ → \lambda, AB → \mathit{AB}."""
    stem, subscript = split_name(name)
    letter = GREEK.get(stem, stem)
    if letter in SPELLED:
        stem = _greek(letter)
    elif len(stem) > 1:
        stem = rf"\mathit{{{stem}}}"
    return f"{stem}_{{{subscript}}}" if subscript else stem


def _superscript(text):
    return f"^{text}" if len(text) == 1 else f"^{{{text}}}"


class LatexPrinter(FractionNotation):
    r"""LaTeX math: \odot, \otimes, ^\top, ^{H}, ^{-1}, \operatorname{tr}, bmatrix blocks."""

    PLUS, MINUS, NEG = " + ", " - ", "-"
    HADAMARD, DIVIDE, KRON, FROBENIUS = r" \odot ", r" \oslash ", r" \otimes ", " : "
    TRANSPOSE, ADJOINT, INVERSE, INVERSE_TRANSPOSE = r"^\top", "^{H}", "^{-1}", r"^{-\top}"
    NOTATION = "latex"
    NUMBER_TIMES, TIMES = r" \cdot ", " "
    BLOCK_PART = r"{{{m}}}_{{{rows},\, {cols}}}"
    UNVEC = r"\operatorname{{unvec}}\left({}, {}\right)"

    def size(self, dim):
        return super().size(dim).replace("*", " ")

    def paren(self, text):
        return rf"\left({text}\right)"

    # -- leaves
    def _print_Symbol(self, node):
        return latex_name(node.name)

    def _print_Number(self, node):
        value = node.value
        if value.is_Rational and value.q != 1:
            sign = "-" if value < 0 else ""
            return rf"{sign}\frac{{{abs(value.p)}}}{{{value.q}}}"
        return sympy.latex(value)

    def _print_Identity(self, node):
        size = node.size if self.sized_constants else None
        return f"I_{{{size}}}" if size is not None and (size.is_Symbol or size.is_Integer) else "I"

    def _print_Zero(self, node):
        return "0"

    def _print_Ones(self, node):
        shape = [sympy.sympify(d) for d in node.shape_ or ()] if self.sized_constants else []
        if shape and all(d.is_Symbol or d.is_Integer for d in shape):
            sizes = shape[:1] if shape[1] == 1 else shape
            return rf"\operatorname{{ones}}\left({', '.join(map(str, sizes))}\right)"
        return self.ones(node, r"\mathbf{1}")

    def _print_Diff(self, node):
        operand = self._print(node.arg) if isinstance(node.arg, ir.Symbol) else self.paren(self._print(node.arg))
        return r"\mathrm{d}" + operand

    def _print_Block(self, node):
        rows = r" \\ ".join(" & ".join(self._print(entry) for entry in row) for row in node.rows)
        return rf"\begin{{bmatrix}} {rows} \end{{bmatrix}}"

    def _print_Norm(self, node):
        subscript = "" if 1 in (shape_or_none(node.arg) or ()) else f"_{node.kind}"
        return rf"\|{self._print(node.arg)}\|{subscript}"

    # -- calls
    def call(self, name, *args):
        return name + self.paren(", ".join(self._print(a) for a in args))

    # -- postfix operators and powers
    def postfix(self, arg, suffix):
        text = self.parenthesize(arg, POSTFIX)
        return (f"{{{text}}}" if isinstance(arg, _SUPERSCRIPTED) else text) + suffix

    def _print_Power(self, node):
        return self.postfix(node.arg, _superscript(self._print(node.exponent)))

    def _print_ElementPower(self, node):
        return self.postfix(node.arg, rf"^{{\circ {self._print(node.exponent)}}}")

    # -- products
    def fraction(self, numerator, denominator):
        return rf"\frac{{{numerator}}}{{{denominator}}}"


@guarded
def to_latex(node):
    r"""The expression in LaTeX math mode (without the surrounding $…$)."""
    return LatexPrinter().doprint(node)
