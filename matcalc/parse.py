"""Text to typed IR: the lark grammar, a transformer that only builds nodes, clear errors.

`parse(text, where)` reads an expression (with an optional trailing `where`
clause and/or separate declarations), builds the IR and types it with
`shapes.infer`. Every failure is a MatcalcError whose message quotes the input
with a caret under the offending position.
"""
import dataclasses
import re
from contextvars import ContextVar
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


#: How the current parse reads names (set per call of parse_raw).
_READING = ContextVar("matcalc_reading", default=(True, frozenset()))
_NEW_NAME = re.compile(r"(?<=[A-Za-z0-9])(?=[A-Z])")
_SUBSCRIPT_DIGITS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")


def split_word(word):
    """The names a written word stands for: a capital after a letter or digit starts a new one.

    `AWB` is A·W·B and `DD` is D·D, as on paper, while `Sigma`, `lambda`, `u1` and
    `H_R` stay whole; `dX`, a differential's name, is one name too.
    """
    stem, underscore, subscript = word.partition("_")
    pieces = _NEW_NAME.split(stem)
    if len(pieces) > 1 and pieces[0] == "d":
        pieces[:2] = [pieces[0] + pieces[1]]
    pieces[-1] += underscore + subscript
    return pieces


class _Tokens(lark.lark.PostLex):
    """Between lexer and parser: tell norm bars apart, and split words into names.

    A bar closes a norm when one is open and the token before it ends an operand;
    otherwise it opens one. So `λ‖w‖²` and `‖A‖_F + ‖B‖_F` read as meant. Words are
    split by `split_word` before `where` (a declaration names one variable), except
    the names declared whole.
    """

    always_accept = ("NORM_BAR",)
    ENDS_OPERAND = {"NAME", "GREEK", "NUMBER", "ONES", "RPAR", "RSQB", "NORM_CLOSE", "NORM_SUBSCRIPT",
                    "TRANSPOSE", "ADJOINT", "INVERSE", "INVERSE_TRANSPOSE", "SUPERSCRIPT"}

    def process(self, stream):
        open_norms, previous = 0, None
        splitting, whole = _READING.get()
        for token in stream:
            if token.type == "WHERE":
                splitting = False
            if token.type == "NAME" and splitting and str(token) not in whole:
                yield from self._names(token)
                previous = token
                continue
            if token.type == "NORM_BAR":
                closes = open_norms > 0 and previous is not None and previous.type in self.ENDS_OPERAND
                open_norms += -1 if closes else 1
                token = lark.Token.new_borrow_pos("NORM_CLOSE" if closes else "NORM_OPEN",
                                                  token.value, token)
            previous = token
            yield token

    @staticmethod
    def _names(token):
        pieces = split_word(str(token))
        if len(pieces) == 1:
            yield token
            return
        offset = 0
        for piece in pieces:
            start = token.start_pos + offset
            yield lark.Token("NAME", piece, start_pos=start, line=token.line,
                             column=token.column + offset, end_line=token.line,
                             end_column=token.column + offset + len(piece), end_pos=start + len(piece))
            offset += len(piece)


@lru_cache(maxsize=None)
def _parser():
    return lark.Lark(grammar_path().read_text(encoding="utf-8"), parser="lalr",
                     lexer="contextual", postlex=_Tokens(),
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


MAX_NUMBER_LENGTH = 40
MAX_EXPONENT = 100


def _number(token, source):
    """The exact value of a number as written: 0.5 is 1/2, 2j is 2i, 1e-3 is 1/1000."""
    text = str(token)
    mantissa, _, exponent = text.rstrip("j").lower().partition("e")
    if len(mantissa) > MAX_NUMBER_LENGTH or (exponent and abs(int(exponent)) > MAX_EXPONENT):
        shown = text if len(text) <= 20 else text[:20] + "…"
        raise _limit_at(source, token.start_pos, f"the number {shown} is too long or too large to read")
    value = sympy.Rational(text.rstrip("j"))
    return value * sympy.I if text.endswith("j") else value


def _size(token, source):
    """A dimension written as a number: a positive integer."""
    value = _number(token, source)
    if not (value.is_Integer and value > 0):
        raise _error_at(source, token.start_pos, f"a size must be a positive whole number, not {token}")
    return value


def _name(token):
    """A name as the IR keeps it: subscript digits written as digits, u₁ → u1."""
    return str(token).translate(_SUBSCRIPT_DIGITS)


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
            if operator in ("*", "@", "·"):
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
        return _spanned(ir.Number(-_number(children[1], self.text)), meta)

    def exponent_name(self, meta, children):
        return self.name(meta, children)

    # -- atoms
    def name(self, meta, children):
        token = children[0]
        text = _name(token)
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
        """‖x‖, ‖X‖_F; ‖·‖₂ says "2-norm", which shape inference allows only of a vector."""
        subscript = str(children[3]) if len(children) > 3 else ""
        kind = "2" if "2" in subscript or "₂" in subscript else "F"
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
        return children[0]

    # -- declarations
    def declarations(self, meta, children):
        return [d for group in children for d in group]

    def declared_names(self, meta, children):
        return [_name(c) for c in children]

    def declare(self, meta, children):
        names, specs = children[0], children[1:]
        shapes_ = [s for s in specs if isinstance(s, tuple)]
        words = [s for s in specs if isinstance(s, str)]
        return [decl.from_words(name, shapes_, words) for name in names]

    def declare_positive(self, meta, children):
        name, bound = _name(children[0]), _number(children[-1], self.text)
        if bound != 0:
            raise DeclarationError(f"only '{name} > 0' is understood, not '{name} > {bound}'")
        return [decl.from_words(name, [], ["positive"])]

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
        return _dimension(_name(children[0]))

    def dim_multiple(self, meta, children):
        if decl.looks_like_word(str(children[1])):  # `3×3 symetric`: a misspelt word, not 3·symetric
            raise DeclarationError(decl.unknown_word(str(children[1])))
        return _size(children[0], self.text) * _dimension(_name(children[1]))

    def dim_sum(self, meta, children):
        return sympy.Add(*[c for c in children if not isinstance(c, lark.Token)])

    def dim_product(self, meta, children):
        for operator in (c for c in children if isinstance(c, lark.Token)):
            if str(operator) not in ("*", "·"):
                raise _error_at(self.text, operator.start_pos,
                                f"a size is a sum of products such as 2n or m*k; {operator} has no place in it")
        return sympy.Mul(*[c for c in children if not isinstance(c, lark.Token)])


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

def parse_raw(text, start="start", whole=frozenset()):
    """The untyped tree (and declarations) of `text`, or a ParseError.

    Words in `whole` are names even where `split_word` would split them.
    """
    if not isinstance(text, str):
        raise ParseError(f"an expression must be text, not {type(text).__name__}")
    _check_limits(text)
    if not text.strip():
        raise ParseError("the expression is empty")
    reading = _READING.set((start == "start", frozenset(whole)))
    try:
        tree = _tree(text, start)
    finally:
        _READING.reset(reading)
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


def _tree(text, start):
    parser = _parser()
    try:
        tokens = list(parser.lex(text, dont_ignore=False)) if start == "start" else []
    except lark.exceptions.LarkError:
        tokens = []
    if len(tokens) > MAX_TOKENS:
        raise LimitError(f"the expression has {len(tokens)} tokens; at most {MAX_TOKENS} are read")
    _unknown_function_check(text, tokens)
    try:
        return parser.parse(text, start=start)
    except lark.exceptions.LarkError as error:
        raise _syntax_error(text, error) from None


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
    separate = list(parse_declarations(where))
    expression, inline = parse_raw(text)
    whole = {d.name for d in list(inline) + separate if len(split_word(d.name)) > 1}
    if whole:  # a declared AB is the matrix AB, not A·B
        expression, inline = parse_raw(text, whole=whole)
    declared = _exponents_are_scalars(expression, decl.collect(list(inline) + separate))
    if ir.contains(expression, lambda n: isinstance(n, ir.Diff)):
        raise ParseError("d(·) stands for a differential and only appears in rules; "
                         "to differentiate, use grad or jacobian")
    return type_expression(expression, declared, text)


def _exponents_are_scalars(expression, declared):
    """A name written as an exponent (X^k, X.^p) is a scalar unless declared otherwise."""
    for node in ir.walk(expression):
        if isinstance(node, (ir.Power, ir.ElementPower)) and isinstance(node.exponent, ir.Symbol):
            name = node.exponent.name
            known = declared.get(name) or decl.Declaration(name)
            if known.shape is None and known.kind is None:
                declared[name] = dataclasses.replace(known, kind="scalar")
    return declared


def type_expression(expression, declared, text=""):
    """Shapes, fields and properties for every node of a parsed expression."""
    return shapes.infer(expression, lambda s, u: decl.typed_symbol(s, declared, u), text)
