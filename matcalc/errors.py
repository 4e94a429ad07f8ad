"""The errors matcalc raises: every one is a MatcalcError, itself a ValueError.

Messages are for people: plain words, the text as it was written, at most
MAX_MESSAGE characters.
"""

import functools
import unicodedata

MAX_MESSAGE = 400


class MatcalcError(ValueError):
    """Anything wrong with what was asked of matcalc."""

    def __init__(self, message):
        message = str(message)
        if len(message) > MAX_MESSAGE:
            message = message[: MAX_MESSAGE - 1] + "…"
        super().__init__(message)


class ParseError(MatcalcError):
    """The text is not in the expression language."""


class ShapeError(MatcalcError):
    """The shapes of the operands cannot agree."""


class DeclarationError(MatcalcError):
    """A declaration is malformed or contradicts another one."""


class DerivationError(MatcalcError):
    """The derivative asked for does not exist or cannot be derived."""


class LimitError(MatcalcError):
    """The input exceeds what matcalc accepts (size, nesting depth)."""


def pointing(kind, text, position, message):
    """A `kind` error whose message shows the line of `text` with a caret under `position`.

    The line is cut to a window around the position, and characters that cannot be
    shown (tabs and other controls, lone surrogates, direction marks) print as '?',
    so the caret stands under the spot and the message prints anywhere.
    """
    line_start = text.rfind("\n", 0, position) + 1
    line_end = text.find("\n", position)
    line = text[line_start: line_end if line_end >= 0 else len(text)]
    column = position - line_start
    if len(line) > 70:
        left = max(0, column - 35)
        line, column = ("…" if left else "") + line[left:left + 70], column - left + (1 if left else 0)
    line = "".join(_shown(char) for char in line)
    caret = " " * column + "^"
    budget = MAX_MESSAGE - len(line) - len(caret) - 6
    error = kind(f"{message[:max(budget, 80)]}\n  {line}\n  {caret}")
    error.source, error.position, error.reason = text, position, message  # to point again, into other text
    return error


def located(error):
    """(message, column): an error's first line, and the column its caret points at, or None."""
    lines = str(error).split("\n")
    if len(lines) == 3 and set(lines[2].strip()) == {"^"}:  # message, "  text", "  " + caret under it
        return lines[0], lines[2].index("^") - 2
    return " ".join(line.strip() for line in lines if line.strip()), None


def _shown(char):
    return "?" if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn") else char


def guarded(function):
    """Run function; an expression too deep for Python's stack becomes a LimitError."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except RecursionError:
            raise LimitError("the expression is nested too deeply to derive or print; "
                             "split it into named parts") from None
    return wrapper
