"""Marks of where each piece of translated text was written, so that errors point into the text as given.

The LaTeX reader writes the language's text; when marking, each piece it writes is
wrapped in a mark holding the span of the LaTeX it was read from, in private-use
characters no text holds. `unmark` takes them out again and keeps the spans.
"""
import re

from ..core import ir
from ..errors import pointing

#: A piece's mark: MARK_OPEN start,end MARK_TEXT the piece MARK_CLOSE, in private-use characters.
MARK_OPEN, MARK_TEXT, MARK_CLOSE = "\uE002", "\uE003", "\uE004"
_MARK = re.compile(f"{MARK_OPEN}([0-9]+),([0-9]+){MARK_TEXT}|{MARK_CLOSE}")


def mark(text, start, end):
    return f"{MARK_OPEN}{start},{end}{MARK_TEXT}{text}{MARK_CLOSE}"


def unmark(text):
    """The text without marks, and for each of its characters the (start, end) of the LaTeX
    it was read from (the innermost marked piece holding it), or None."""
    clean, spans, stack, position = [], [], [], 0
    for found in _MARK.finditer(text):
        piece = text[position:found.start()]
        clean.append(piece)
        spans.extend([stack[-1] if stack else None] * len(piece))
        if found.group(1) is None:
            stack.pop()
        else:
            stack.append((int(found.group(1)), int(found.group(2))))
        position = found.end()
    clean.append(text[position:])
    spans.extend([None] * (len(text) - position))
    return "".join(clean), spans


def pointing_into(error, translated, positions, original):
    """`error`, pointing into the text `translated` at a piece read from `original`, pointed again
    into `original` at that piece (what it found quoted as written there); else `error` itself."""
    position = getattr(error, "position", None)
    if position is None or getattr(error, "source", None) != translated:
        return error
    span = _span_at(positions, position)
    if span is None:
        return error
    found = re.match(r"unexpected ('[^']*'|\"[^\"]*\")", error.reason)
    reason = error.reason
    at_start_of_piece = position < len(positions) and positions[position] == span and (
        position == 0 or positions[position - 1] != span)
    if found and at_start_of_piece:
        reason = f"unexpected '{original[span[0]:span[1]]}'" + reason[found.end():]
    return pointing(type(error), original, span[0] if position < len(positions) else span[1], reason)


def _span_at(positions, position):
    """The span of the piece at `position`, or at the end the last piece's."""
    if position < len(positions):
        return positions[position]
    return next((span for span in reversed(positions) if span is not None), None)


def spans_into(expression, positions):
    """Every node's span, an interval of the translated text, made the interval of the LaTeX it was read from."""
    for node in ir.walk(expression):
        span = getattr(node, "span", None)
        if span and span[1] <= len(positions) and positions[span[0]] and positions[span[1] - 1]:
            object.__setattr__(node, "span", (positions[span[0]][0], positions[span[1] - 1][1]))
    return expression
