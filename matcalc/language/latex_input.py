r"""LaTeX as pasted from a paper, read into the language's own text.

`\left\| Z - I\odot(H_R^TA) \right\|_F^2` becomes `‖ Z - I ⊙ ( H_R ᵀ A ) ‖_F ^(2)`,
which the grammar then reads as any typed text. A backslash followed by letters is
always a command here (never left division), and an unknown command is an error
naming it. As in LaTeX, adjacent letters multiply (`AD` is A·D); one name is
several letters only as `\mathrm{…}` / `\operatorname{…}`, a known function name,
or a letter with its subscript (`H_R`). Function spellings come from the registry.
"""
import re

from ..core import registry
from ..core.alphabet import GREEK
from ..errors import ParseError, pointing
from .latex_questions import Questions
from .latex_words import (ABSOLUTE_VALUE, FONTS, FUNCTION_LETTERS, IMAGINARY_UNITS, MATRIX_ENVIRONMENTS, NAMING,
                          NORM_BARS, NUMBER_SETS, OPERATORS, POSTFIXES, PSEUDO_INVERSE, SIZING, SPACING,
                          command_functions)
from .marks import mark

#: What makes text LaTeX when not said: a command. A braced script (X^{-1}, H_{R}) is the
#: language's own too, so text with one is read as LaTeX only where the language cannot read it.
_COMMAND = re.compile(r"\\[A-Za-z,;!|]")
_BRACED_SCRIPT = re.compile(r"[\^_]\{")
_TOKEN = re.compile(r":=|\\[A-Za-z]+|\\.|[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?|[A-Za-z]+|\s+|.", re.DOTALL)

def looks_like_latex(text):
    r"""Whether text is LaTeX for certain: it has a command (\odot, \,)."""
    return bool(_COMMAND.search(text))


def may_be_latex(text):
    """Whether text the language cannot read may be LaTeX: it has a braced script (u^{T}_{1})."""
    return bool(_BRACED_SCRIPT.search(text))


#: What may stand after a complete operand, so that a one-letter function name (d) before it is a name.
NOTHING_FOLLOWS = {None, ")", "]", "}", r"\right", "+", "-", ",", ";", "&", r"\\", "="}
#: A subscript that names a function as a command: \max, \exp, \operatorname{sqrt}.
_SUBSCRIPT_COMMAND = re.compile(r"^\\(?:(max|min|exp|log)|(?:operatorname|mathrm)\{([A-Za-z]+)\})$")

class Reader(Questions):
    """One pass over the tokens of a LaTeX text, writing the language's text piece by piece."""

    def __init__(self, text, marking=False):
        self.text = text
        #: Whether pieces carry marks of where they were written (see `mark`), for errors to point there.
        self.marking = marking
        self.tokens = [(m.group(), m.start()) for m in _TOKEN.finditer(text)]
        self.position = 0
        self.whole = set()
        #: (order, variable) when the text asks for a derivative: 1 a gradient, 2 a Hessian.
        self.question = None
        #: The offsets of applications of functions the text does not say (f(X)), shared with sub-readers.
        self.unsaid = []
        self.functions, self.braced = command_functions()

    # -- tokens
    def peek(self, skip_spaces=True):
        index = self.position
        while skip_spaces and index < len(self.tokens) and self._blank(self.tokens[index][0]):
            index += 1
        return self.tokens[index][0] if index < len(self.tokens) else None

    def take(self):
        while self.position < len(self.tokens) and self._blank(self.tokens[self.position][0]):
            self.position += 1
        if self.position >= len(self.tokens):
            raise pointing(ParseError, self.text, len(self.text), "the LaTeX ends too early")
        token = self.tokens[self.position]
        self.position += 1
        return token

    @staticmethod
    def _blank(token):
        return token.isspace() or token in SPACING or token in SIZING

    def error(self, offset, message):
        return pointing(ParseError, self.text, offset, message)

    def expect(self, wanted):
        token, offset = self.take()
        if token != wanted:
            raise self.error(offset, f"expected {wanted!r} in the LaTeX, found {token!r}")

    def braced_tokens(self):
        """The raw text of a {…} argument, or of the one token standing for it."""
        token, offset = self.take()
        if token != "{":
            return self._first_character(token, offset), offset
        level, start = 1, self.position
        while level:
            if self.position >= len(self.tokens):
                raise self.error(offset, "this '{' is never closed")
            level += {"{": 1, "}": -1}.get(self.tokens[self.position][0], 0)
            self.position += 1
        return "".join(t for t, _ in self.tokens[start:self.position - 1]), offset

    def _first_character(self, token, offset):
        """A script or argument without braces is one character: ^TA is ^T then A, _dS is _d then S."""
        if len(token) > 1 and token.isalnum():
            self.tokens.insert(self.position, (token[1:], offset + 1))
            return token[0]
        return token

    def argument(self):
        """A {…} argument (or one token) read as an expression of its own."""
        start = self.position
        token, offset = self.take()
        if token != "{":
            self.position = start
            return self.operand()
        return self.sequence({"}"}, offset)

    # -- expressions
    def sequence(self, stops, opening_offset=None, marked=False):
        """Pieces up to one of `stops` (taken), or to the end when `stops` is empty; `marked`, each
        with the mark of where it was written, if the reader is marking."""
        pieces = []
        while True:
            following = self.peek()
            if following is None:
                if stops:
                    raise self.error(opening_offset if opening_offset is not None else len(self.text),
                                     f"this bracket is never closed (expected {' or '.join(sorted(stops))})")
                return " ".join(pieces)
            if following in stops:
                self.take()
                return " ".join(pieces)
            pieces.append(self.marked_piece() if marked else self.piece())

    def operand(self):
        """One operand with its scripts: X, H_R^T, \\Sigma, {…}, (…), \\frac{…}{…}."""
        token, offset = self.take()
        text, kind = self.atom(token, offset)
        if kind == "name" and text in FUNCTION_LETTERS and self.peek(skip_spaces=False) == "(":
            text, kind = self.unsaid_function(text, offset)
        return self.scripts(text, kind)

    def marked_piece(self):
        """A piece, marked with the span of the LaTeX it was read from when the reader is marking."""
        if not self.marking:
            return self.piece()
        start = next(offset for token, offset in self.tokens[self.position:] if not self._blank(token))
        text = self.piece()
        last, end = self.tokens[self.position - 1]
        return mark(text, start, end + len(last))

    def closing(self, text, tokens):
        """A closing bracket, marked with the span of the last `tokens` tokens taken (\\right and
        its delimiter)."""
        if not self.marking:
            return text
        taken = [(token, at) for token, at in self.tokens[:self.position] if not self._blank(token)][-tokens:]
        return mark(text, taken[0][1], taken[-1][1] + len(taken[-1][0]))

    def piece(self):
        token, offset = self.peek(), self.tokens[self.position][1]
        if token in ("+", "-", ",", ";", ":", "'", "/", "=", ":=", "]", "[") or token in OPERATORS:
            self.take()
            return "=" if token == ":=" else OPERATORS.get(token, token)
        if token in (")", "}") or token in (r"\right", "&", r"\\", r"\end"):
            _, offset = self.take()
            raise self.error(offset, f"unexpected {token!r} in the LaTeX")
        return self.operand()

    def atom(self, token, offset):
        """(text, kind) of the atom starting with `token`; kind "name" takes a subscript into its name."""
        if token[0].isdigit():
            return token + ("j" if self._imaginary_unit_follows() else ""), "number"
        if token == "i":
            return "1j", "number"
        if token.isalpha():
            return self.letters(token, offset)
        if token in ("(", "["):
            closing = ")" if token == "(" else "]"
            inner = self.sequence({closing}, offset, marked=True)
            return f"{token} {inner} {self.closing(closing, 1)}", "group"
        if token == "{":
            return f"( {self.sequence({'}'}, offset, marked=True)} {self.closing(')', 1)}", "group"
        if token == r"\left":
            return self.delimited(offset)
        if token in NORM_BARS:
            return f"‖ {self.sequence(NORM_BARS, offset, marked=True)} ‖", "norm"
        if token == r"\begin":
            return self.matrix(offset), "group"
        if not token.startswith("\\") or len(token) == 2 and not token[1].isalpha():
            return token, "other"  # Unicode input (ᵀ, ⊙, λ) stays as it is
        return self.command(token, offset)

    def _imaginary_unit_follows(self):
        """Whether \\mathrm{i} follows a number, which it makes imaginary (2\\mathrm{i} is 2j)."""
        start = self.position
        if self.peek() == "i":
            self.take()
            return True
        if self.peek() in NAMING:
            self.take()
            if self.braced_tokens()[0].strip() in IMAGINARY_UNITS:
                return True
        self.position = start
        return False

    def letters(self, word, offset):
        """Adjacent letters multiply, except a known function's name: AD is A·D, tr stays tr; a
        one-letter one (d) before nothing it could apply to is a name, as the d of (x + d)."""
        if word in registry.BY_SPELLING and (len(word) > 1 or self.peek() not in NOTHING_FOLLOWS):
            return self.call(word)
        if len(word) > 1:
            return " ".join(word[:-1]) + " " + word[-1], "name"
        return word, "name"

    def indexed_sum(self, offset):
        """\\sum_{j=0}^{U}, as a power sum prints: the language's Σⱼ₌₀^(U)."""
        start = self.position
        if self.take()[0] == "_" and self.braced_tokens()[0].replace(" ", "") == "j=0" and self.peek() == "^":
            self.take()
            return f"Σⱼ₌₀^( {self.argument()} )", "other"
        self.position = start
        raise self.error(offset, r"a \sum with limits reads only as \sum_{j=0}^{k-1} X^j E X^{k-1-j}; "
                                 r"\sum X is the sum of X's entries")

    def command(self, token, offset):
        name = token[1:]
        if name in GREEK:
            return GREEK[name], "name"
        if token in FONTS:
            return self.font(offset)
        if token == r"\in":
            return "∈", "other"
        if token == r"\mathbb":
            return self.number_set(offset), "other"
        if token in NAMING:
            word, where = self.braced_tokens()
            word = word.replace(" ", "").replace(r"\_", "_")  # \operatorname{softmax\_rows}
            if word == "where":
                return "where", "other"
            if word in IMAGINARY_UNITS:
                return "1j", "number"
            if word in registry.BY_SPELLING:
                return self.call(word)
            if not re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", word):
                raise self.error(where, f"cannot read {word!r} as a name")
            self.whole.add(word)
            return word, "name"
        if token == r"\nabla":
            return self.nabla(offset), "other"
        if token == r"\partial":
            return self.slashed_derivative(offset)
        if token in (r"\frac", r"\tfrac", r"\dfrac"):
            derivative = self.derivative(offset)
            if derivative is not None:
                return derivative
            numerator = self.argument()
            return f"( ( {numerator} ) / ( {self.argument()} ) )", "group"
        if token in self.braced:
            return f"{self.braced[token]}( {self.argument()} )", "group"
        if token == r"\sum":
            if self.peek() in ("_", "^"):
                return self.indexed_sum(offset)
            return self.call("sum")
        for commands, function in sorted(self.functions.items(), key=lambda item: -len(item[0])):
            if self._starts_with(commands):
                self.position += self._span(commands) - 1
                return self.call(function)
        if token == r"\overline":
            return f"conj( {self.argument()} )", "group"
        raise self.error(offset, f"unknown LaTeX command {token}")

    def sub(self, content):
        """The language's text for a piece of LaTeX read on its own (an argument's raw text)."""
        reader = Reader(content)
        reader.unsaid = self.unsaid
        text = reader.read()
        self.whole |= reader.whole
        return text

    def _starts_with(self, commands):
        index, found = self.position - 1, []
        while len(found) < len(commands) and index < len(self.tokens):
            if not self._blank(self.tokens[index][0]):
                found.append(self.tokens[index][0])
            index += 1
        return tuple(found) == commands

    def _span(self, commands):
        index, count = self.position - 1, 0
        while count < len(commands):
            count += not self._blank(self.tokens[index][0])
            index += 1
        return index - self.position + 1

    def font(self, offset):
        r"""\mathbf{x} is x; \mathbf{1} the all-ones matrix, \mathbf{I} and \mathbf{0} as written."""
        start = self.position
        content, _ = self.braced_tokens()
        if content.strip() == "1":
            return "𝟙", "other"
        self.position = start
        inner = self.argument()
        return inner, "name" if re.fullmatch(r"[A-Za-z]", inner) else "group"

    def number_set(self, offset):
        r"""\mathbb{R}^{m \times n} as a declaration's shape, m×n; \mathbb{C}^n as complex n."""
        field, where = self.braced_tokens()
        if field.strip() not in NUMBER_SETS:
            raise self.error(where, f"cannot read the set \\mathbb{{{field}}}; declare with \\mathbb{{R}} or \\mathbb{{C}}")
        if self.peek(skip_spaces=False) != "^":
            return NUMBER_SETS[field.strip()] + "scalar"
        self.take()
        size, _ = self.braced_tokens()
        return NUMBER_SETS[field.strip()] + re.sub(r"\s*(\\times|×)\s*", "×", size.strip())

    def call(self, function):
        """A function: its argument in (…), \\left(…\\right) or {…}, or the one operand after it (tr X)."""
        following = self.peek()
        if following in ("(", r"\left"):
            return f"{function} {self.operand()}", "group"
        return f"{function}( {self.operand()} )", "group"

    def delimited(self, offset):
        r"""\left( … \right), \left[ … \right], \left\| … \right\|, \left| … \right|."""
        delimiter, where = self.take()
        if delimiter not in ("(", "[", r"\{", "|", ".") and delimiter not in NORM_BARS:
            raise self.error(where, f"cannot read the delimiter {delimiter} after \\left")
        inner = self.sequence({r"\right"}, offset, marked=True)
        self.take()  # the closing delimiter, whichever it is: \left. … \right| is rare in formulas
        if delimiter in NORM_BARS:
            return f"‖ {inner} {self.closing('‖', 2)}", "norm"
        if delimiter == "|":
            return f"{self.braced[ABSOLUTE_VALUE]}( {inner} {self.closing(')', 2)}", "group"
        return f"( {inner} {self.closing(')', 2)}", "group"

    def matrix(self, offset):
        r"""\begin{pmatrix} a & b \\ c & d \end{pmatrix} is the block [a, b; c, d]."""
        environment, where = self.braced_tokens()
        if environment not in MATRIX_ENVIRONMENTS:
            raise self.error(where, f"cannot read the environment {environment!r}; "
                                    f"matrices are written with {', '.join(sorted(MATRIX_ENVIRONMENTS))}")
        if environment == "array":
            self.braced_tokens()  # the column alignment
        rows, row, cell = [], [], []
        while True:
            token = self.peek()
            if token is None:
                raise self.error(offset, f"\\begin{{{environment}}} is never ended")
            if token in ("&", r"\\", r"\end"):
                self.take()
                row.append(" ".join(cell))
                cell = []
                if token != "&":
                    rows.append(row if any(row) else [])
                    row = []
                if token == r"\end":
                    self.braced_tokens()
                    return "[ " + " ; ".join(", ".join(r) for r in rows if r) + " ]"
                continue
            cell.append(self.marked_piece())

    # -- scripts
    def scripts(self, text, kind):
        """Sub- and superscripts, in either order: u^T_1 is u₁ᵀ."""
        subscript, postfixes = "", []
        while self.peek(skip_spaces=False) in ("_", "^"):
            mark, offset = self.take()
            if mark == "_":
                content, _ = self.braced_tokens()
                content = re.sub(r"\s|\\[,;!]", "", content)
                if ":" in content:  # a block slice, as the LaTeX printer writes it: {C}_{0:n,\, n:2n}
                    postfixes.append(f"[{content.replace(',', ', ')}]")
                else:
                    subscript = self.subscript(content, kind, offset)
            else:
                postfixes.append(self.superscript())
        if kind == "name" and subscript:
            text = f"{text}_{subscript}"
        elif subscript:
            text = f"{text} _{subscript}"
        return " ".join([text] + postfixes)

    def subscript(self, content, kind, offset):
        content = _SUBSCRIPT_COMMAND.sub(lambda named: named[1] or named[2], content)  # λ_{\max}, L_{\exp}: λ_max, L_exp
        if kind == "norm" and content in ("*", r"\ast"):  # the nuclear norm
            return "*"
        if kind not in ("name", "norm") or not re.fullmatch(r"[A-Za-z0-9]+", content):
            raise self.error(offset, f"cannot read the subscript _{{{content}}} here")
        return content

    def superscript(self):
        start = self.position
        content, where = self.braced_tokens()
        key = re.sub(r"[\s{}]|\\math(?:rm|sf|bf)(?=[A-Za-z{])|\\text", "", content)
        key = r"\mathsfT" if key == "T" and r"\mathsf" in content else key
        if key in PSEUDO_INVERSE:
            raise self.error(where, "the pseudo-inverse is not supported")
        if key in POSTFIXES:
            return POSTFIXES[key]
        if content.strip().startswith(r"\circ"):  # ^{\circ 2}: an elementwise power
            return ".^( " + Reader(content.strip()[len(r"\circ"):]).read() + " )"
        self.position = start
        return "^( " + self.argument() + " )"

    def read(self):
        return self.sequence(set(), marked=True)
