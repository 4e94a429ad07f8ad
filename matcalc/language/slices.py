"""Block slices `X[r0:r1, c0:c1]`: the bounds, read as symbolic sizes.

A bound is a sum of products of whole numbers and size names (`0`, `n`, `2n`,
`n + k`, `(n+k)`), as sizes are written in declarations; a start left out is 0 and
a stop left out is the whole size, which shape inference fills in.
"""
import re

import sympy
from sympy.parsing.sympy_parser import implicit_multiplication, parse_expr, standard_transformations

from ..core.dimensions import dimension
from ..errors import ParseError, pointing

_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_BOUND = re.compile(r"^[0-9A-Za-z_+\-*()\s]*$")
_TRANSFORMATIONS = standard_transformations + (implicit_multiplication,)


def read_slice(token, text):
    """The (rows, cols) bound pairs of a slice token `[r0:r1, c0:c1]`; None for a stop left out."""
    body, offset = str(token)[1:-1], token.start_pos + 1
    pairs = []
    for part in body.split(","):
        start, stop = part.split(":")
        pairs.append((_bound(start, offset, text) or sympy.Integer(0),
                      _bound(stop, offset + len(start) + 1, text)))
        offset += len(part) + 1
    return tuple(pairs)


def _bound(written, position, text):
    """A bound as a SymPy size, or None when nothing is written."""
    if not written.strip():
        return None
    where = position + len(written) - len(written.lstrip())
    names = {name: dimension(name) for name in _NAME.findall(written)}
    try:
        value = sympy.expand(parse_expr(written.strip(), local_dict=names, global_dict={"Integer": sympy.Integer},
                                        transformations=_TRANSFORMATIONS, evaluate=True))
    except (SyntaxError, TypeError, ValueError, AttributeError):
        value = None
    if (value is None or not _BOUND.match(written) or not value.is_polynomial(*names.values())
            or any(not c.is_Integer for c in sympy.Poly(value, *names.values() or [sympy.Dummy()]).coeffs())):
        raise pointing(ParseError, text, where,
                       f"a slice bound is a whole number or a size such as n, 2n or n + k, not {written.strip()!r}")
    if value.is_negative:
        raise pointing(ParseError, text, where, f"a slice bound counts from 0, so it cannot be {value}")
    return value
