"""What the commands print: the formats of a result, its JSON description, and characters
spelled out where the terminal cannot show them (λ → lambda, ᵀ → ^T).

Loading is lazy, as in the rest of the command line: the engine is imported by the
function that needs it, so that `matcalc --help` answers at once.
"""
import codecs
import json
import math
import sys
import unicodedata


def formatted(result, form):
    if form == "text":
        return text(result)
    if form == "ascii":
        return result.result.ascii()
    if form == "latex":
        return result.latex()
    if form == "sympy":
        return str(result.sympy)
    return result.source


def text(result):
    """The Unicode notation, or the ASCII one where standard output cannot show it."""
    return str(result) if stdout_is_unicode() else result.result.ascii()


def description(result, report=None, steps=False):
    """What a program reading --format json wants to know about a gradient."""
    description = {"variable": result.variable.name, "layout": result.layout, type(result).__name__.lower(): str(result),
                   "ascii": result.result.ascii(), "latex": result.latex(), "sympy": str(result.sympy),
                   "shape": dims(result.result.shape)}
    if steps:
        description["steps"] = str(result.steps).split("\n")
    if report is not None:
        error = report.max_relative_error
        description["check"] = {"passed": report.passed, "points": report.points, "tolerance": report.tolerance,
                                "max_relative_error": error if math.isfinite(error) else None}  # strict JSON
        if report.reason:
            description["check"]["reason"] = report.reason
    return description


def dims(shape):
    from ..core.shapes import show_dim
    return [show_dim(d) for d in shape]


def print_json(value):
    print(json.dumps(value, ensure_ascii=not stdout_is_unicode(), indent=2))


def stdout_is_unicode():
    return shows_unicode(sys.stdout)


def shows_unicode(stream):
    try:
        "ᵀ⁻¹‖⊙−λ×".encode(getattr(stream, "encoding", None) or "utf-8")  # no encoding: it holds text
        return True
    except (UnicodeError, LookupError):
        return False


# ------------------------------------------------------------------ ASCII terminals

SPELLED = {"−": "-", "‖": "||", "⊙": ".*", "⊘": "./", "⊗": " kron ", "×": " x ", "…": "...", "·": "*",
           "→": "->", "∂": "d", "𝟙": "ones", "≻": ">", "≥": ">=", "≤": "<="}
RAISED = dict(zip("ᵀᴴ⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "TH-0123456789"))


def spell_out_what_output_cannot_encode():
    """Make standard output and error spell out, never fail on, characters their encoding lacks."""
    codecs.register_error("matcalc-spell-out", _spell_out)
    for stream in (sys.stdout, sys.stderr):
        if not shows_unicode(stream) and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="matcalc-spell-out")


def _spell_out(error):
    """Codec error handler: ᵀ → ^T, ⁻¹ → ^-1, x² → x^2, u₁ → u1, λ → lambda, and '?' for
    what has no spelling."""
    from ..core.alphabet import SPELLED as names
    text, out = error.object[error.start:error.end], []
    for i, char in enumerate(text):
        if char in RAISED:  # a run of raised characters is one exponent: ⁻ᵀ → ^-T
            out.append(("" if i > 0 and text[i - 1] in RAISED else "^") + RAISED[char])
        elif char in names:
            follows = error.object[error.start + i + 1:error.start + i + 2]
            out.append(names[char] + (" " if follows.isalnum() else ""))
        else:
            out.append(SPELLED.get(char) or unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
                       or "?")
    return "".join(out), error.end
