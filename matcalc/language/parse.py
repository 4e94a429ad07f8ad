"""Text to typed IR: the lark grammar, a transformer that only builds nodes, clear errors.

`parse(text, where)` reads an expression (with an optional trailing `where`
clause and/or separate declarations), builds the IR and types it with
`shapes.infer`. Every failure is a MatcalcError whose message quotes the input
with a caret under the offending position.
"""
import dataclasses
import difflib
import hashlib
import os
import re
import unicodedata
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path

import lark

from . import declarations as decl, hints
from ..core import ir, registry
from ..core.alphabet import GREEK_NAMES
from ..errors import LimitError, MatcalcError, ParseError, ShapeError, pointing
from .definitions import Definition, substitute_definitions, with_numbers
from .latex_input import looks_like_latex, may_be_latex
from .marks import pointing_into, spans_into
from .pasted import plain_question, read_latex
from .tree_to_ir import Builder, canonical_name

MAX_LENGTH = 100_000
MAX_DEPTH = 200
MAX_TOKENS = 10_000

#: Every terminal of the grammar in words, in the order "expected …" lists them.
TERMINAL_WORDS = {
    "NAME": "a name", "GREEK": "a name", "NUMBER": "a number", "FUNCTION": "a function such as tr(",
    "LPAR": "'('", "LSQB": "'['", "NORM_OPEN": "'‖'", "NORM_BAR": "'‖'", "ONES": "'𝟙'",
    "RPAR": "')'", "RSQB": "']'", "NORM_CLOSE": "a closing '‖'", "COMMA": "','", "SEMICOLON": "';'",
    "PLUS": "'+'", "MINUS": "'-'", "PRODUCT_OPERATOR": "an operator such as '*'", "KRON": "'⊗'",
    "COLON": "':'", "TRANSPOSE": "'ᵀ'", "ADJOINT": "'ᴴ'", "INVERSE": "'⁻¹'",
    "INVERSE_TRANSPOSE": "'⁻ᵀ'", "SUPERSCRIPT": "an exponent such as '²'", "CIRCUMFLEX": "'^'",
    "ELEMENT_POWER": "'.^'", "LBRACE": "'{'", "RBRACE": "'}'", "NORM_SUBSCRIPT": "'_F'", "WHERE": "'where'",
    "WORD": "a property such as spd", "SLICE": "a block slice such as [0:m, 0:n]", "TIMES": "'×'", "TIMES_X": "'x'", "MORETHAN": "'>'", "EQUAL": "'='",
    "$END": "the end of the text", "WS": "a space",
    "SUM_INDEX": "a sum 'Σⱼ₌₀^'", "INDEX_SUPERSCRIPT": "'ʲ'",
}
MAX_EXPECTED = 6


def grammar_path():
    """The grammar file: inside the installed package, or at the top of a checkout."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "grammar" / "matcalc.lark", package.parent / "grammar" / "matcalc.lark"):
        if candidate.is_file():
            return candidate
    raise MatcalcError("the grammar file matcalc.lark is missing from the installation")


#: How the current parse reads names (set per call of parse_raw).
_READING = ContextVar("matcalc_reading", default=(True, frozenset()))
_NEW_NAME = re.compile(r"(?<=[A-Za-z0-9])(?=[A-Z])")


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
    OPENING, CLOSING = {"LPAR", "LSQB", "LBRACE"}, {"RPAR", "RSQB", "RBRACE"}
    ENDS_OPERAND = {"NAME", "GREEK", "NUMBER", "ONES", "RPAR", "RSQB", "NORM_CLOSE", "NORM_SUBSCRIPT", "RBRACE",
                    "TRANSPOSE", "ADJOINT", "INVERSE", "INVERSE_TRANSPOSE", "SUPERSCRIPT", "SLICE"}

    def process(self, stream):
        open_norms, previous, depth = 0, None, 0
        splitting, whole = _READING.get()
        defining = False  # inside `where B = (WEWᵀ + λI)⁻¹`: an expression, whose words split
        for token in stream:
            depth += (token.type in self.OPENING) - (token.type in self.CLOSING)
            if token.type == "WHERE":
                splitting = False
            elif token.type == "EQUAL" and not splitting:
                splitting, defining, depth = True, True, 0
            elif token.type == "COMMA" and defining and depth == 0:
                splitting = defining = False
            if token.type == "NAME" and splitting and canonical_name(token) not in whole:
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


def grammar_text():
    """The grammar file with the names it leaves to the registry and the declarations filled in."""
    words = "|".join(sorted(decl.WORDS, key=lambda w: (-len(w), w)))
    return (grammar_path().read_text(encoding="utf-8")
            .replace("{words}", words).replace("{functions}", registry.function_pattern()))


@lru_cache(maxsize=None)
def _parser():
    grammar = grammar_text()
    return lark.Lark(grammar, parser="lalr", lexer="contextual", postlex=_Tokens(),
                     start=["start", "declarations_only"], propagate_positions=True,
                     maybe_placeholders=False, cache=_parser_cache(grammar))


def _parser_cache(grammar):
    """Where lark keeps the built parser between runs, or False: building it is most of a cold start.

    The name carries a digest of the grammar as filled in from the registry, and lark checks its own digest of grammar,
    options and versions inside the file, so a changed grammar never loads a stale
    parser; lark also carries on without the cache when the file cannot be read or written.
    """
    digest = hashlib.sha256(grammar.encode("utf-8")).hexdigest()[:16]
    folder = cache_folder()
    if folder is None:  # no home, or a read-only one: build the parser each run
        return False
    return str(folder / f"grammar-{digest}-lark{lark.__version__}.pickle")


def cache_folder():
    """The folder where what is built once (the parser, the compiled rules) is kept between
    runs, made if need be, or None where there is none to be had."""
    try:
        folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "matcalc"
        folder.mkdir(parents=True, exist_ok=True)
    except (OSError, RuntimeError):
        return None
    return folder


# ------------------------------------------------------------------ errors

def _syntax_error(text, error):
    """A ParseError in plain words: what was found, what could stand there, and where."""
    if isinstance(error, lark.exceptions.UnexpectedCharacters):
        position = error.pos_in_stream
        char = text[position] if position < len(text) else ""
        return pointing(ParseError, text, position,
                        f"unexpected character {char!r}{_expected(error.allowed, text[:position])}")
    if isinstance(error, lark.exceptions.UnexpectedToken):
        token = error.token
        position = token.start_pos if token.start_pos is not None else len(text)
        expected = _expected(error.expected, text[:position])
        if token.type == "$END":
            return pointing(ParseError, text, len(text), f"the text ends too early{expected}")
        return pointing(ParseError, text, position, f"unexpected {str(token)!r}{expected}")
    if isinstance(error, lark.exceptions.UnexpectedEOF):
        return pointing(ParseError, text, len(text), f"the text ends too early{_expected(error.expected, text)}")
    return ParseError("cannot read the expression")


def _expected(terminals, before):
    """What could stand at the position, in words; a closing bracket only if it closes one open."""
    closing = {"RPAR": "(", "RSQB": "[", "RBRACE": "{"}
    innermost = _innermost_open_bracket(before)
    words = sorted({TERMINAL_WORDS[t] for t in terminals or () if t in TERMINAL_WORDS and t != "NORM_BAR"
                    and closing.get(t, innermost) == innermost},  # a bar is always let through, to be told apart
                   key=list(TERMINAL_WORDS.values()).index)
    if not words:
        return ""
    more = ", …" if len(words) > MAX_EXPECTED else ""
    return f"; expected {', '.join(words[:MAX_EXPECTED])}{more}"


def _plain_letters(text):
    """Math-alphabet and fullwidth characters, as PDFs and some keyboards paste them (𝑋, 𝐀, 𝜆, Ｘ),
    read as the plain ones they stand for; 𝟙, the all-ones matrix, stays itself."""
    if text.isascii():
        return text
    return "".join(_plain_letter(char) for char in text)


@lru_cache(maxsize=4096)
def _plain_letter(char):
    code = ord(char)
    if (0x1D400 <= code <= 0x1D7FF and char != "𝟙") or 0xFF01 <= code <= 0xFF5E:
        plain = unicodedata.normalize("NFKC", char)
        return plain if len(plain) == 1 else char
    return char


def _innermost_open_bracket(text):
    stack = []
    for char in text:
        if char in "([{":
            stack.append(char)
        elif char in ")]}" and stack:
            stack.pop()
    return stack[-1] if stack else None


def _check_limits(text):
    if len(text) > MAX_LENGTH:
        raise LimitError(f"the expression has {len(text)} characters; at most {MAX_LENGTH} are read")
    level, deepest, where = 0, 0, 0
    for position, char in enumerate(text):
        if char in "([{":
            level += 1
            if level > deepest:
                deepest, where = level, position
        elif char in ")]}":
            level -= 1
    if deepest > MAX_DEPTH:
        raise pointing(LimitError, text, where, f"brackets nested {deepest} deep; at most {MAX_DEPTH} are read")


def _function_check(text, tokens):
    """Calls as meant: a lowercase word of 3+ letters right before '(' is an unknown function,
    and a function's name without '(' (`tr X`, as in papers) is a call missing its parentheses."""
    known = set(registry.BY_SPELLING)
    for token, following in zip(tokens, tokens[1:] + [None]):
        word = str(token)
        if token.type == "WHERE":
            return
        if token.type != "NAME":
            continue
        calls = following is not None and following.type == "LPAR" and following.start_pos == token.end_pos
        if (calls and word.isalpha() and word.islower() and len(word) >= 3
                and word not in GREEK_NAMES and word not in known):
            close = difflib.get_close_matches(word, registry.known_functions(), n=1)
            meant = f"did you mean {close[0]}? " if close else ""
            raise pointing(ParseError, text, token.start_pos,
                           f"unknown function {word!r}; {meant}known functions: "
                           f"{', '.join(registry.known_functions())}")
        if not calls and word in known and len(word) > 1:
            raise pointing(ParseError, text, token.start_pos,
                           f"{word} is a function: write {word}(…), its argument in parentheses")


# ------------------------------------------------------------------ public

def parse_raw(text, start="start", whole=frozenset()):
    """The untyped tree (and declarations) of `text`, or a ParseError.

    Words in `whole` are names even where `split_word` would split them.
    """
    if not isinstance(text, str):
        raise ParseError(f"an expression must be text, not {type(text).__name__}")
    text = _plain_letters(text)
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
    _function_check(text, tokens)
    try:
        return parser.parse(text, start=start)
    except lark.exceptions.LarkError as error:
        raise _syntax_error(text, error) from None


def parse_declarations(text):
    """The declarations in `text` (as after `where`, which may begin it), or in a dict
    {"X": "n×n spd", "λ": "> 0"} or a list of declarations as text."""
    text = decl.declarations_text(text)
    if not text.strip():
        return []
    return parse_raw(text, start="declarations_only")


def parse(text, where=None, latex=None):
    """The typed expression of `text`, with declarations from its where clause and `where`.

    LaTeX (`latex=True`; when None, text with a command, or with a braced script the
    language cannot read) is read into the language first.
    """
    if isinstance(text, ir.Node):  # an expression built already, or returned by matcalc
        return text
    if not isinstance(text, str):
        raise ParseError(f"an expression must be text such as \"tr(A X)\", not {type(text).__name__}")
    remembered = where is None or isinstance(where, str)  # declarations that can be a key

    def read(text, where, latex):
        return _parse_remembered(text, where, latex, _parser()) if remembered else _parse(text, where, latex)
    if latex is None and not looks_like_latex(text):
        try:
            return read(text, where, latex=False)
        except ParseError as plain_error:
            if not may_be_latex(text):
                raise
            try:
                return read(text, where, latex=True)
            except MatcalcError:
                raise plain_error from None
    return read(text, where, latex is not False)


#: Texts read lately, with their declarations. A page or an editor sends one expression again
#: and again, and a typed expression is immutable: it is read once (errors are not kept), by
#: each built parser (a grammar rebuilt, with a function registered, reads texts anew).
REMEMBERED_TEXTS = 256


@lru_cache(maxsize=REMEMBERED_TEXTS)
def _parse_remembered(text, where, latex, parser):
    return _parse(text, where, latex)


def _parse(text, where, latex):
    if not latex:
        return _parse_language(plain_question(text)[0] if isinstance(text, str) else text, where)
    reading = read_latex(text)  # a name LaTeX writes whole (\\mathrm{AB}) stays one name
    if not reading.positions:
        return _parse_language(reading.text, where, reading.whole)
    try:
        return _parse_language(reading.text, where, reading.whole, positions=(reading.positions, text))
    except MatcalcError as error:
        raise pointing_into(error, reading.text, reading.positions, text) from None


def _parse_language(text, where, written_whole=frozenset(), positions=None):
    """The typed expression of text in the language; `positions`, (the spans of its characters
    in the LaTeX it was read from, that LaTeX), make shape errors quote the LaTeX."""
    separate = list(parse_declarations(where))
    expression, inline = parse_raw(text, whole=written_whole)
    whole = {d.name for d in list(inline) + separate if len(split_word(d.name)) > 1}
    if whole - written_whole:  # a declared AB is the matrix AB, not A·B
        expression, inline = parse_raw(text, whole=whole | written_whole)
    definitions = [d for d in list(inline) + separate if isinstance(d, Definition)]
    expression = substitute_definitions(expression, definitions)
    declarations = [d for d in list(inline) + separate if not isinstance(d, Definition)]
    declared = _exponents_are_scalars(expression, decl.collect(declarations))
    if ir.contains(expression, lambda n: isinstance(n, ir.Diff)):
        raise ParseError("d(·) stands for a differential and only appears in rules; "
                         "to differentiate, use grad or jacobian")
    if positions is not None:
        return type_expression(spans_into(expression, positions[0]), declared, positions[1])
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
    """Shapes, fields and properties for every node of a parsed expression.

    When the shapes cannot agree and names that are scalars by their spelling (μ, mu) are
    added to something, they are read as vectors if that makes every shape agree; otherwise
    the error says which declaration or spacing would settle it.
    """
    expression = with_numbers(expression, declared)
    try:
        return hints.typed(expression, declared, text)
    except ShapeError as error:
        reading = hints.vector_reading(expression, declared, text)
        if reading is not None:
            return reading
        raise ShapeError(f"{error}{hints.cause(expression, declared)}") from None
