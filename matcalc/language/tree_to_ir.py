"""Parse trees to IR: one Transformer method per grammar alias, and each only builds a node.

Numbers become exact SymPy values, `u₁` the name u1, `A - B` the sum A + (−1)B,
and `diag` stays `Diag` until shape inference knows whether it reads a vector
or a matrix.
"""
import lark
import sympy
from lark import v_args
from lark.visitors import Transformer_NonRecursive

from . import declarations as decl, sums
from .definitions import Definition
from ..core import ir, registry, shapes
from ..errors import DeclarationError, LimitError, ParseError, pointing
from .slices import read_slice

SUBSCRIPT_DIGITS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
MAX_NUMBER_LENGTH = 40
#: The spellings of the matrix product besides juxtaposition.
MATRIX_PRODUCT = ("*", "@", "·", "⋅", "∗")
MAX_EXPONENT = 100


def _span(*items):
    starts, ends = [], []
    for item in items:
        if isinstance(item, lark.Token):
            starts.append(item.start_pos)
            ends.append(item.end_pos)
        elif getattr(item, "span", None):
            starts.append(item.span[0])
            ends.append(item.span[1])
    return (min(starts), max(ends)) if starts else None


def _spanned(node, meta):
    if not getattr(meta, "empty", True) and "span" in type(node).__dataclass_fields__:
        object.__setattr__(node, "span", (meta.start_pos, meta.end_pos))
    return node


def _number(token, source):
    """The exact value of a number as written: 0.5 is 1/2, 2j is 2i, 1e-3 is 1/1000."""
    text = str(token)
    mantissa, _, exponent = text.rstrip("j").lower().partition("e")
    if len(mantissa) > MAX_NUMBER_LENGTH or (exponent and abs(int(exponent)) > MAX_EXPONENT):
        shown = text if len(text) <= 20 else text[:20] + "…"
        raise pointing(LimitError, source, token.start_pos, f"the number {shown} is too long or too large to read")
    value = sympy.Rational(text.rstrip("j"))
    return value * sympy.I if text.endswith("j") else value


def _size(token, source):
    """A dimension written as a number: a positive integer."""
    value = _number(token, source)
    if not (value.is_Integer and value > 0):
        raise pointing(ParseError, source, token.start_pos, f"a size must be a positive whole number, not {token}")
    return value


def canonical_name(text):
    """A name as the IR keeps it: subscript digits written as digits, u₁ → u1."""
    return str(text).translate(SUBSCRIPT_DIGITS)


def _negated(node):
    """−node, spanning node's text: a message quotes `y - Φ θ`'s operand as Φ θ."""
    if isinstance(node, ir.Number):
        return ir.Number(-node.value, span=node.span)
    if isinstance(node, ir.Mul) and isinstance(node.factors[0], ir.Number):
        return ir.Mul((ir.Number(-node.factors[0].value),) + node.factors[1:], span=node.span)
    factors = node.factors if isinstance(node, ir.Mul) else (node,)  # `A - B C` is A + (−B C), as `-B C`
    return ir.Mul((ir.Number(sympy.Integer(-1)),) + factors, span=getattr(node, "span", None))


@v_args(meta=True)
class Builder(Transformer_NonRecursive):
    """One method per grammar alias; each only builds a node."""

    def __init__(self, text):
        super().__init__()
        self.text = text

    # -- sums and products
    def sum(self, meta, children):
        terms = [children[0]]
        for sign, operand in zip(children[1::2], children[2::2]):
            terms.append(operand if sign.type == "PLUS" else _negated(operand))
        flat = [t for term in terms for t in (term.terms if isinstance(term, ir.Add) else (term,))]
        return _spanned(ir.Add(tuple(flat)), meta)

    def negate(self, meta, children):
        return _spanned(_negated(children[1]), meta)

    def product(self, meta, children):
        """Left to right at one level: runs of matrix products become one flat Mul;
        `/` and `\\` divide as in MATLAB (A/B = AB⁻¹, A\\B = A⁻¹B)."""
        factors, operator = [children[0]], "*"
        for item in children[1:]:
            if isinstance(item, lark.Token):
                operator = str(item)
                continue
            if operator in MATRIX_PRODUCT:
                factors.append(item)
            elif operator == "/" and isinstance(factors[-1], ir.Number) and isinstance(item, ir.Number):
                factors[-1] = ir.Number(factors[-1].value / item.value, span=_span(factors[-1], item))  # 1/2
            elif operator == "/":
                factors.append(_reciprocal(item))
            elif operator == "\\":
                left = _flat_product(factors)  # MATLAB's left division: A \ b is A⁻¹b
                factors = [ir.Inverse(left, span=getattr(left, "span", None)), item]
            else:
                left = _flat_product(factors)
                kind = ir.Hadamard if operator in ("⊙", ".*", "∘") else ir.Divide
                factors = [kind(left, item, span=_span(left, item))]
            operator = "*"
        return _flat_product(factors)

    def kron(self, meta, children):
        return _spanned(ir.Kron(children[0], children[-1]), meta)

    def frobenius(self, meta, children):
        return _spanned(ir.Frobenius(children[0], children[-1]), meta)

    # -- postfix operators
    def transpose(self, meta, children):
        return _spanned(ir.Transpose(children[0]), meta)

    def adjoint(self, meta, children):
        return _spanned(ir.Adjoint(children[0]), meta)

    def inverse(self, meta, children):
        return _spanned(ir.Inverse(children[0]), meta)

    def inverse_transpose(self, meta, children):
        return _spanned(ir.Transpose(ir.Inverse(children[0], span=getattr(children[0], "span", None))), meta)

    def superscript_power(self, meta, children):
        exponent = int(str(children[1]).translate(SUPERSCRIPT_DIGITS))
        return self._power(meta, children[0], ir.Number(sympy.Integer(exponent)))

    def index_power(self, meta, children):
        return self._power(meta, children[0], ir.Symbol(sums.INDEX))

    def power_sum(self, meta, children):
        return _spanned(sums.power_sum(children[1], children[2]), meta)

    def power(self, meta, children):
        return self._power(meta, children[0], children[-1])

    def _power(self, meta, base, exponent):
        if isinstance(exponent, ir.Number) and exponent.value == -1:
            return _spanned(ir.Inverse(base), meta)
        return _spanned(ir.Power(base, exponent), meta)

    def block_part(self, meta, children):
        rows, cols = read_slice(children[1], self.text)
        return _spanned(ir.BlockPart(children[0], rows, cols), meta)

    def element_power(self, meta, children):
        return _spanned(ir.ElementPower(children[0], children[-1]), meta)

    def negative_number(self, meta, children):
        return _spanned(ir.Number(-_number(children[1], self.text)), meta)

    def exponent_name(self, meta, children):
        return self.name(meta, children)

    # -- atoms
    def braced(self, meta, children):
        return self.group(meta, children[1:2])

    def group(self, meta, children):
        """(A): A itself, spanning its parentheses, so that messages quote them."""
        node = children[0]
        if "span" in type(node).__dataclass_fields__:
            object.__setattr__(node, "span", (meta.start_pos, meta.end_pos))
        return node

    def name(self, meta, children):
        token = children[0]
        text = canonical_name(token)
        span = (token.start_pos, token.end_pos)
        if text == "I":
            return ir.Identity(None, span=span)
        if text.startswith("I_"):
            return ir.Identity(_dimension(text[2:].strip("{}")), span=span)
        return ir.Symbol(text, span=span)

    def ones(self, meta, children):
        return ir.Ones(None, span=(children[0].start_pos, children[0].end_pos))

    def number(self, meta, children):
        value = _number(children[0], self.text)
        if value == 0:
            return ir.Zero(None, span=(children[0].start_pos, children[0].end_pos))
        return ir.Number(value, span=(children[0].start_pos, children[0].end_pos))

    def call(self, meta, children):
        function, arguments = str(children[0]), children[1]
        node = self._call(function, arguments, children[0])
        return _spanned(node, meta)

    def _call(self, function, arguments, token):
        entry = registry.BY_SPELLING[function]
        counts = entry.counts
        if len(arguments) not in counts:
            expected = " or ".join(str(c) for c in counts)
            raise pointing(ParseError, self.text, token.start_pos,
                            f"{function}() takes {expected} argument{'s' if counts[-1] > 1 else ''}, "
                            f"not {len(arguments)}")
        sizes_from = 0 if entry.takes_dimensions else entry.dimensions_from
        if sizes_from is not None:
            arguments = arguments[:sizes_from] + [self._dimension_argument(a, token) for a in arguments[sizes_from:]]
        return entry.build(*arguments)

    def _dimension_argument(self, argument, token, inner=False):
        """A size: a name or a positive whole number, or sums, products and powers of them (2n, m*k)."""
        if isinstance(argument, ir.Symbol):
            return _dimension(argument.name)
        if isinstance(argument, ir.Number) and argument.value.is_integer and (argument.value > 0 or inner):
            return sympy.Integer(argument.value)  # inside a size, a term may be subtracted: n - 1
        parts = {ir.Add: sympy.Add, ir.Mul: sympy.Mul}
        if type(argument) in parts:
            return parts[type(argument)](*[self._dimension_argument(a, token, True) for a in argument.children()])
        if isinstance(argument, ir.Power) and isinstance(argument.exponent, ir.Number):
            return self._dimension_argument(argument.arg, token, True) ** argument.exponent.value
        raise pointing(ParseError, self.text, token.start_pos,
                        f"{token}() takes dimensions, such as n or 3")

    def arguments(self, meta, children):
        return list(children)

    def norm(self, meta, children):
        """‖x‖, ‖X‖_F; ‖·‖₂ and ‖·‖_* say "spectral" and "nuclear", which shape inference tells
        from the Frobenius norm of a vector."""
        subscript = str(children[3]) if len(children) > 3 else ""
        kind = "2" if "2" in subscript or "₂" in subscript else "*" if "*" in subscript else "F"
        return _spanned(ir.Norm(children[1], kind), meta)

    def block(self, meta, children):
        return _spanned(ir.Block(tuple(tuple(row) for row in children[0])), meta)

    def block_rows(self, meta, children):
        return list(children)

    def block_row(self, meta, children):
        return list(children)

    # -- the whole text
    def start(self, meta, children):
        expression = children[0]
        declared = children[2] if len(children) > 2 else []
        return expression, declared

    def declarations_only(self, meta, children):
        return children[-1]

    # -- declarations
    def declarations(self, meta, children):
        return [d for group in children for d in group]

    def declared_names(self, meta, children):
        return [canonical_name(c) for c in children]

    def declare(self, meta, children):
        names, specs = children[0], children[1:]
        shapes_ = [s for s in specs if isinstance(s, tuple)]
        words = [s for s in specs if isinstance(s, str)]
        return [decl.from_words(name, shapes_, words) for name in names]

    def declare_positive(self, meta, children):
        name, bound = canonical_name(children[0]), _number(children[-1], self.text)
        if bound != 0:
            raise DeclarationError(f"only '{name} > 0' is understood, not '{name} > {bound}'")
        return [decl.from_words(name, [], ["positive"])]

    def define(self, meta, children):
        return [Definition(canonical_name(children[0]), children[-1])]

    def matrix_shape(self, meta, children):
        dims = [c for c in children if not isinstance(c, lark.Token)]
        return (dims[0], dims[1])

    def word(self, meta, children):
        return str(children[0])

    def vector_shape(self, meta, children):
        dim = children[0]
        if isinstance(dim, sympy.Symbol) and decl.looks_like_word(dim.name):
            return dim.name  # a misspelt word, reported with the declaration
        return (dim, shapes.ONE)

    def dim_number(self, meta, children):
        return _size(children[0], self.text)

    def dim_name(self, meta, children):
        return _dimension(canonical_name(children[0]))

    def dim_multiple(self, meta, children):
        if decl.looks_like_word(str(children[1])):  # `3×3 symetric`: a misspelt word, not 3·symetric
            raise DeclarationError(decl.unknown_word(str(children[1])))
        return _size(children[0], self.text) * _dimension(canonical_name(children[1]))

    def dim_sum(self, meta, children):
        return sympy.Add(*[c for c in children if not isinstance(c, lark.Token)])

    def dim_product(self, meta, children):
        for operator in (c for c in children if isinstance(c, lark.Token)):
            if str(operator) not in MATRIX_PRODUCT:
                raise pointing(ParseError, self.text, operator.start_pos,
                                f"a size is a sum of products such as 2n or m*k; {operator} has no place in it")
        return sympy.Mul(*[c for c in children if not isinstance(c, lark.Token)])


def _reciprocal(node):
    if isinstance(node, ir.Number) and node.value != 0:
        return ir.Number(1 / node.value, span=node.span)
    return ir.Inverse(node, span=getattr(node, "span", None))


def _flat_product(factors):
    if len(factors) == 1:
        return factors[0]
    first = factors[0]
    flat = (list(first.factors) if isinstance(first, ir.Mul) else [first]) + factors[1:]
    return ir.Mul(tuple(flat), span=_span(factors[0], factors[-1]))


def _dimension(text):
    return sympy.Integer(int(text)) if text.isdigit() else shapes.dimension(text)
