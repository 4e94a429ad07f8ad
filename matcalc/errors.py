"""The errors matcalc raises: every one is a MatcalcError, itself a ValueError.

Messages are for people: plain words, the text as it was written, at most
MAX_MESSAGE characters.
"""

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


def guarded(function):
    """Run function; an expression too deep for Python's stack becomes a LimitError."""
    import functools

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except RecursionError:
            raise LimitError("the expression is nested too deeply to derive; "
                             "split it into named parts") from None
    return wrapper
