"""Text to typed IR: the lark grammar, a transformer that only builds nodes, clear errors.

`parse(text, where)` reads an expression (with an optional trailing `where`
clause and/or separate declarations), builds the IR and types it with
`shapes.infer`. Every failure is a MatcalcError whose message quotes the input
with a caret under the offending position.
"""
from functools import lru_cache
from pathlib import Path

import lark
import sympy
from lark import Transformer, v_args
from lark.visitors import Transformer_NonRecursive

from . import declarations as decl
from . import ir, shapes
from .errors import DeclarationError, LimitError, MatcalcError, ParseError

MAX_LENGTH = 100_000
MAX_DEPTH = 200
MAX_TOKENS = 20_000
SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")

#: What each terminal is, in words, for "expected …" messages.
TERMINAL_WORDS = {
    "NAME": "a name", "GREEK": "a name", "NUMBER": "a number", "FUNCTION": "a function",
    "LPAR": "'('", "RPAR": "')'", "LSQB": "'['", "RSQB": "']'", "COMMA": "','",
    "SEMICOLON": "';'", "COLON": "':'", "PLUS": "'+'", "MINUS": "'-'", "STAR": "'*'",
    "SLASH": "'/'", "AT": "'@'", "PRODUCT_OPERATOR": "an operator such as '*'", "CIRCUMFLEX": "'^'",
    "NORM_OPEN": "'‖'", "NORM_CLOSE": "a closing '‖'", "WHERE": "'where'", "MORETHAN": "'>'",
    "TRANSPOSE": "'ᵀ'", "ADJOINT": "'ᴴ'", "INVERSE": "'⁻¹'", "$END": "the end of the text",
}


def grammar_path():
    """The grammar file: inside the installed package, or at the top of a checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "grammar" / "matcalc.lark", here.parent / "grammar" / "matcalc.lark"):
        if candidate.is_file():
            return candidate
    raise MatcalcError("the grammar file matcalc.lark is missing from the installation")


class _NormBars(lark.lark.PostLex):
    """Tell opening norm bars from closing ones, and catch calls of unknown functions.

    A bar closes a norm when one is open and the token before it ends an operand;
    otherwise it opens one. So `λ‖w‖²` and `‖A‖_F + ‖B‖_F` read as meant.
    """

    always_accept = ("NORM_BAR",)
    ENDS_OPERAND = {"NAME", "GREEK", "NUMBER", "ONES", "RPAR", "RSQB", "NORM_CLOSE", "NORM_SUBSCRIPT",
                    "TRANSPOSE", "ADJOINT", "INVERSE", "INVERSE_TRANSPOSE", "SUPERSCRIPT"}

    def process(self, stream):
        open_norms, previous = 0, None
        for token in stream:
            if token.type == "NORM_BAR":
                closes = open_norms > 0 and previous is not None and previous.type in self.ENDS_OPERAND
                open_norms += -1 if closes else 1
                token = lark.Token.new_borrow_pos("NORM_CLOSE" if closes else "NORM_OPEN",
                                                  token.value, token)
            previous = token
            yield token


@lru_cache(maxsize=None)
def _parser():
    return lark.Lark(grammar_path().read_text(encoding="utf-8"), parser="lalr",
                     lexer="contextual", postlex=_NormBars(),
                     start=["start", "declarations_only"], propagate_positions=True,
                     maybe_placeholders=False)


# ---------------------------------------------------------------- builder

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


def _number(text):
    text = text.strip()
    if text.endswith("j"):
        return sympy.nsimplify(text[:-1] or "1", rational=True) * sympy.I
    return sympy.nsimplify(text, rational=True)


def _negated(node):
    if isinstance(node, ir.Number):
        return ir.Number(-node.value)
    if isinstance(node, ir.Mul) and isinstance(node.factors[0], ir.Number):
        return ir.Mul((ir.Number(-node.factors[0].value),) + node.factors[1:])
    factors = node.factors if isinstance(node, ir.Mul) else (node,)  # `A - B C` is A + (−B C), as `-B C`
    return ir.Mul((ir.Number(sympy.Integer(-1)),) + factors)


_FUNCTIONS = {
    "tr": ir.Trace, "trace": ir.Trace, "Tr": ir.Trace, "det": ir.Det, "logdet": ir.LogDet,
    "inv": ir.Inverse, "Sym": ir.Sym, "sym": ir.Sym, "diag": ir.Diag, "vec": ir.Vec,
    "sum": ir.Sum, "conj": ir.Conj, "Re": ir.Real, "real": ir.Real, "Im": ir.Imag,
    "imag": ir.Imag, "d": ir.Diff,
}
_ARITY = {"kron": 2, "norm": 1, "eye": 1, "ones": (1, 2), "zeros": (1, 2)}


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
        """Left to right at one level: runs of matrix products become one flat Mul."""
        factors, operator = [children[0]], "*"
        for item in children[1:]:
            if isinstance(item, lark.Token):
                operator = str(item)
                continue
            if operator in ("*", "@"):
                factors.append(item)
            elif operator == "/" and isinstance(factors[-1], ir.Number) and isinstance(item, ir.Number):
                factors[-1] = ir.Number(factors[-1].value / item.value, span=_span(factors[-1], item))  # 1/2
            elif operator == "/":
                factors.append(_reciprocal(item))
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
        return _spanned(ir.Transpose(ir.Inverse(children[0], span=children[0].span)), meta)

    def superscript_power(self, meta, children):
        exponent = int(str(children[1]).translate(SUPERSCRIPT_DIGITS))
        return self._power(meta, children[0], ir.Number(sympy.Integer(exponent)))

    def power(self, meta, children):
        return self._power(meta, children[0], children[-1])

    def _power(self, meta, base, exponent):
        if isinstance(exponent, ir.Number) and exponent.value == -1:
            return _spanned(ir.Inverse(base), meta)
        return _spanned(ir.Power(base, exponent), meta)

    def element_power(self, meta, children):
        return _spanned(ir.ElementPower(children[0], children[-1]), meta)

    def negative_number(self, meta, children):
        return _spanned(ir.Number(-_number(children[1])), meta)

    def exponent_name(self, meta, children):
        return self.name(meta, children)

    # -- atoms
    def name(self, meta, children):
        token = children[0]
        text = str(token)
        span = (token.start_pos, token.end_pos)
        if text == "I":
            return ir.Identity(None, span=span)
        if text.startswith("I_"):
            return ir.Identity(_dimension(text[2:].strip("{}")), span=span)
        return ir.Symbol(text, span=span)

    def ones(self, meta, children):
        return ir.Ones(None, span=(children[0].start_pos, children[0].end_pos))

    def number(self, meta, children):
        value = _number(str(children[0]))
        if value == 0:
            return ir.Zero(None, span=(children[0].start_pos, children[0].end_pos))
        return ir.Number(value, span=(children[0].start_pos, children[0].end_pos))

    def call(self, meta, children):
        function, arguments = str(children[0]), children[1]
        node = self._call(function, arguments, children[0])
        return _spanned(node, meta)

    def _call(self, function, arguments, token):
        arity = _ARITY.get(function, 1)
        counts = arity if isinstance(arity, tuple) else (arity,)
        if len(arguments) not in counts:
            expected = " or ".join(str(c) for c in counts)
            raise _error_at(self.text, token.start_pos,
                            f"{function}() takes {expected} argument{'s' if counts[-1] > 1 else ''}, "
                            f"not {len(arguments)}")
        if function in _FUNCTIONS:
            return _FUNCTIONS[function](arguments[0])
        if function in ir.ELEMENTWISE:
            return ir.Func(function, arguments[0])
        if function == "kron":
            return ir.Kron(*arguments)
        if function == "norm":
            return ir.Norm(arguments[0])
        dims = [self._dimension_argument(a, token) for a in arguments]
        if function == "eye":
            return ir.Identity(dims[0])
        shape = (dims[0], dims[1] if len(dims) > 1 else shapes.ONE)
        return ir.Ones(shape) if function == "ones" else ir.Zero(shape)

    def _dimension_argument(self, argument, token):
        if isinstance(argument, ir.Symbol):
            return _dimension(argument.name)
        if isinstance(argument, ir.Number) and argument.value.is_integer and argument.value > 0:
            return sympy.Integer(argument.value)
        raise _error_at(self.text, token.start_pos,
                        f"{token}() takes dimensions, such as n or 3")

    def arguments(self, meta, children):
        return list(children)

    def norm(self, meta, children):
        return _spanned(ir.Norm(children[1]), meta)

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
        return children[0]

    # -- declarations
    def declarations(self, meta, children):
        return [d for group in children for d in group]

    def declared_names(self, meta, children):
        return [str(c) for c in children]

    def declare(self, meta, children):
        names, specs = children[0], children[1:]
        shapes_ = [s for s in specs if isinstance(s, tuple)]
        words = [s for s in specs if isinstance(s, str)]
        return [decl.from_words(name, shapes_, words) for name in names]

    def declare_positive(self, meta, children):
        name, bound = str(children[0]), _number(str(children[-1]))
        if bound != 0:
            raise DeclarationError(f"only '{name} > 0' is understood, not '{name} > {bound}'")
        return [decl.from_words(name, [], ["positive"])]

    def matrix_shape(self, meta, children):
        dims = [c for c in children if not isinstance(c, lark.Token)]
        return (dims[0], dims[1])

    def vector_shape(self, meta, children):
        dim = children[0]
        if isinstance(dim, sympy.Symbol) and dim.name in decl.WORDS:
            return dim.name
        return (dim, shapes.ONE)

    def dim_number(self, meta, children):
        return sympy.Integer(int(float(str(children[0]))))

    def dim_name(self, meta, children):
        return _dimension(str(children[0]))

    def dim_multiple(self, meta, children):
        return sympy.Integer(int(float(str(children[0])))) * _dimension(str(children[1]))


def _reciprocal(node):
    if isinstance(node, ir.Number) and node.value != 0:
        return ir.Number(1 / node.value, span=node.span)
    return ir.Inverse(node, span=node.span)


def _flat_product(factors):
    if len(factors) == 1:
        return factors[0]
    first = factors[0]
    flat = (list(first.factors) if isinstance(first, ir.Mul) else [first]) + factors[1:]
    return ir.Mul(tuple(flat), span=_span(factors[0], factors[-1]))


def _dimension(text):
    return sympy.Integer(int(text)) if text.isdigit() else shapes.dimension(text)


# ------------------------------------------------------------------ errors

def _error_at(text, position, message):
    line_start = text.rfind("\n", 0, position) + 1
    line_end = text.find("\n", position)
    line = text[line_start: line_end if line_end >= 0 else len(text)]
    column = position - line_start
    if len(line) > 70:  # show a window of the line around the position
        left = max(0, column - 35)
        line, column = ("…" if left else "") + line[left:left + 70], column - left + (1 if left else 0)
    budget = 400 - 2 * len(line) - 4
    return ParseError(f"{message[:max(budget, 80)]}\n  {line}\n  {' ' * column}^")


def _syntax_error(text, error):
    if isinstance(error, lark.exceptions.UnexpectedCharacters):
        char = text[error.pos_in_stream] if error.pos_in_stream < len(text) else ""
        return _error_at(text, error.pos_in_stream, f"unexpected character {char!r}")
    if isinstance(error, lark.exceptions.UnexpectedToken):
        token = error.token
        expected = sorted({TERMINAL_WORDS.get(t, t.lower().replace("_", " ")) for t in error.expected
                           if not t.startswith("__")})
        hint = f"; expected {', '.join(expected[:6])}" if expected else ""
        if token.type == "$END":
            return _error_at(text, len(text), f"the text ends too early{hint}")
        position = token.start_pos if token.start_pos is not None else len(text)
        return _error_at(text, position, f"unexpected {str(token)!r}{hint}")
    if isinstance(error, lark.exceptions.UnexpectedEOF):
        return _error_at(text, len(text), "the text ends too early")
    return ParseError(f"cannot read the expression: {error}")


def _check_limits(text):
    if len(text) > MAX_LENGTH:
        raise LimitError(f"the expression has {len(text)} characters; at most {MAX_LENGTH} are read")
    level, deepest, where = 0, 0, 0
    for position, char in enumerate(text):
        if char in "([":
            level += 1
            if level > deepest:
                deepest, where = level, position
        elif char in ")]":
            level -= 1
    if deepest > MAX_DEPTH:
        raise _limit_at(text, where, f"brackets nested {deepest} deep; at most {MAX_DEPTH} are read")


def _limit_at(text, position, message):
    error = _error_at(text, position, message)
    return LimitError(str(error))


def _unknown_function_check(text, tokens):
    """A lowercase word of 3+ letters written right before '(' is meant as a call."""
    known = set(_FUNCTIONS) | set(ir.ELEMENTWISE) | set(_ARITY)
    for token, following in zip(tokens, tokens[1:]):
        word = str(token)
        if (token.type == "NAME" and following.type == "LPAR" and following.start_pos == token.end_pos
                and word.isalpha() and word.islower() and len(word) >= 3
                and word not in decl.GREEK_NAMES and word not in known):
            raise _error_at(text, token.start_pos,
                            f"unknown function {word!r}; known functions: "
                            f"{', '.join(sorted(known - {'d'}))}")


# ------------------------------------------------------------------ public

def parse_raw(text, start="start"):
    """The untyped tree (and declarations) of `text`, or a ParseError."""
    if not isinstance(text, str):
        raise ParseError(f"an expression must be text, not {type(text).__name__}")
    _check_limits(text)
    if not text.strip():
        raise ParseError("the expression is empty")
    parser = _parser()
    try:
        tokens = list(parser.lex(text, dont_ignore=False)) if start == "start" else []
    except lark.exceptions.LarkError:
        tokens = []
    if len(tokens) > MAX_TOKENS:
        raise LimitError(f"the expression has {len(tokens)} tokens; at most {MAX_TOKENS} are read")
    _unknown_function_check(text, tokens)
    try:
        tree = parser.parse(text, start=start)
    except lark.exceptions.LarkError as error:
        raise _syntax_error(text, error) from None
    try:
        result = Builder(text).transform(tree)
    except lark.exceptions.VisitError as error:
        if isinstance(error.orig_exc, MatcalcError):
            raise error.orig_exc from None
        raise
    expression = result[0] if start == "start" else None
    if expression is not None and ir.depth(expression) > MAX_DEPTH:
        raise LimitError(f"the expression is nested {ir.depth(expression)} levels deep; "
                         f"at most {MAX_DEPTH} are read")
    return result


def parse_declarations(text):
    """The declarations in `text` (as after `where`), merged by name."""
    if not text or not text.strip():
        return []
    body = text.strip()
    if body.startswith("where "):
        body = body[len("where "):]
    return parse_raw(body, start="declarations_only")


def parse(text, where=None):
    """The typed expression of `text`, with declarations from its where clause and `where`."""
    expression, inline = parse_raw(text)
    declared = decl.collect(list(inline) + list(parse_declarations(where)))
    if ir.contains(expression, lambda n: isinstance(n, ir.Diff)):
        raise ParseError("d(·) stands for a differential and only appears in rules; "
                         "to differentiate, use grad or jacobian")
    return type_expression(expression, declared, text)


def type_expression(expression, declared, text=""):
    """Shapes, fields and properties for every node of a parsed expression."""
    return shapes.infer(expression, lambda s, u: decl.typed_symbol(s, declared, u), text)
