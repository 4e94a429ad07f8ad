"""Declarations: what `where X: n×n spd, λ > 0` says, and the types names get by default.

Without a declaration a name's kind comes from its spelling: an uppercase first
letter (Latin or Greek) makes a matrix, a lowercase Latin letter a column vector,
a lowercase Greek letter or a spelled-out Greek name a scalar.
"""
import difflib
from dataclasses import dataclass

from ..core import ir
from ..core.alphabet import GREEK_NAMES
from ..errors import DeclarationError
from ..core.dimensions import ONE, show_shape

#: Words of a declaration other than shapes, and the properties each one implies
#: (the grammar's WORD terminal is filled in from these).
WORDS = {
    "symmetric": {"symmetric"},
    "hermitian": {"hermitian"},
    "spd": {"spd", "invertible"},
    "pd": {"spd", "invertible"},
    "hpd": {"spd", "invertible"},
    "diagonal": {"diagonal"},
    "positive": {"positive"},
    "integer": {"integer"},
    "simplex": {"simplex"},
    "probability": {"simplex"},
    "invertible": {"invertible"},
    "complex": set(),
    "real": set(),
    "scalar": set(),
    "vector": set(),
    "matrix": set(),
}


@dataclass(frozen=True)
class Declaration:
    """What is declared of one name; None means "not said"."""
    name: str
    shape: tuple = None
    complex: bool = None
    properties: frozenset = frozenset()
    kind: str = None  # "scalar", "vector" or "matrix" when said in words

    def merge(self, other):
        """Both declarations of one name together, or a DeclarationError if they clash."""
        for attribute in ("shape", "complex", "kind"):
            mine, theirs = getattr(self, attribute), getattr(other, attribute)
            if mine is not None and theirs is not None and mine != theirs:
                raise DeclarationError(f"{self.name} is declared twice, differently: "
                                       f"{_describe(self)} and {_describe(other)}")
        return Declaration(self.name, self.shape or other.shape,
                           self.complex if self.complex is not None else other.complex,
                           self.properties | other.properties, self.kind or other.kind)


def _describe(declaration):
    words = []
    if declaration.complex:
        words.append("complex")
    if declaration.shape is not None:
        words.append(show_shape(declaration.shape))
    words.extend(sorted(declaration.properties))
    if declaration.kind:
        words.append(declaration.kind)
    return " ".join(words) or "nothing"


def from_words(name, shapes, words, span=None):
    """A Declaration from its parsed parts: shapes (tuples) and words."""
    if len(shapes) > 1:
        raise DeclarationError(f"{name} is given {len(shapes)} shapes in one declaration; "
                               f"a matrix's shape is written n×m, n x m or (n, m), not with 'by'")
    unknown = [w for w in words if w not in WORDS]
    if unknown:
        raise DeclarationError(unknown_word(unknown[0], name))
    properties = frozenset().union(*(WORDS[w] for w in words))
    kinds = {w for w in words if w in ("scalar", "vector", "matrix")}
    if len(kinds) > 1:
        raise DeclarationError(f"{name} is declared both {' and '.join(sorted(kinds))}")
    kind = kinds.pop() if kinds else None
    shape = shapes[0] if shapes else None
    if kind == "scalar" or (shape is None and {"positive", "integer"} & properties and kind is None):
        shape = _agree(name, shape, (ONE, ONE))
    field_ = True if "complex" in words else False if "real" in words else None
    return Declaration(name, shape, field_, properties, kind)


def _agree(name, shape, wanted):
    if shape is not None and shape != wanted:
        raise DeclarationError(f"{name} is declared a scalar but given a shape")
    return wanted


def collect(declarations):
    """One Declaration per name from a list that may name a variable twice."""
    merged = {}
    for declaration in declarations:
        if declaration.name in merged:
            declaration = merged[declaration.name].merge(declaration)
        merged[declaration.name] = declaration
    for declaration in merged.values():
        _check_consistent(declaration)
    return merged


def _check_consistent(d):
    if "integer" in d.properties and (d.complex or d.shape not in (None, (ONE, ONE))):
        raise DeclarationError(f"{d.name} is declared integer, which only a real scalar can be")
    if "simplex" in d.properties and (d.complex or d.kind in ("scalar", "matrix")
                                      or (d.shape is not None and (d.shape[1] != ONE or d.shape[0] == ONE))):
        raise DeclarationError(f"{d.name} is declared simplex (entries > 0 summing to 1), which only a real "
                               f"vector can be")
    square_only = {"symmetric", "hermitian", "spd", "diagonal", "invertible"} & d.properties
    if d.shape is not None and square_only and d.shape[0] != d.shape[1]:
        raise DeclarationError(f"{d.name} is declared {sorted(square_only)[0]} but its shape "
                               f"{show_shape(d.shape)} is not square")


def unknown_word(word, name=None):
    """The message for a word a declaration does not know, with the nearest known one."""
    close = difflib.get_close_matches(word, WORDS, n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    where = f" in the declaration of {name}" if name else " in a declaration"
    return (f"unknown word {word!r}{where}; {hint}known: {', '.join(sorted(WORDS))}, "
            f"or a shape such as n×m")


def looks_like_word(text):
    """Whether a lone word in a declaration is meant as a word (spd, symmetric), not a size."""
    return len(text) >= 3 and text.isalpha() and text.islower() and text not in GREEK_NAMES


def default_kind(name):
    """"scalar", "vector" or "matrix", from the spelling of a name.

    `dX`, the name of a differential, is typed like X: a matrix.
    """
    stem = name.split("_")[0]
    first = name[0]
    if len(stem) > 1 and first == "d" and stem[1].isupper():
        return "matrix"
    if stem.lower() in GREEK_NAMES or stem.rstrip("0123456789").lower() in GREEK_NAMES:
        return "matrix" if first.isupper() else "scalar"
    if "\u0391" <= first <= "\u03A9":
        return "matrix"
    if first.isalpha() and not first.isascii():
        return "scalar"
    return "matrix" if first.isupper() else "vector"


def typed_symbol(symbol, declarations, unifier):
    """The parsed Symbol with its shape, field and properties filled in."""
    declaration = declarations.get(symbol.name) or Declaration(symbol.name)
    shape = declaration.shape
    if shape is None:
        kind = declaration.kind or default_kind(symbol.name)
        square = bool({"symmetric", "hermitian", "spd", "diagonal", "invertible"}
                      & declaration.properties)
        shape = _fresh_shape(kind, square, symbol.name, unifier)
    shape = tuple(unifier.resolve(d) for d in shape)
    return ir.Symbol(symbol.name, shape, bool(declaration.complex),
                     frozenset(declaration.properties), span=symbol.span)


def _fresh_shape(kind, square, name, unifier):
    # One set of unknowns per name, kept on the unifier so every use of a name agrees.
    sizes = unifier.sizes_by_name
    if name not in sizes:
        if kind == "scalar":
            sizes[name] = (ONE, ONE)
        elif kind == "vector":
            sizes[name] = (unifier.fresh(), ONE)
        else:
            rows = unifier.fresh()
            sizes[name] = (rows, rows if square else unifier.fresh())
    return sizes[name]


def declarations_text(where):
    """Declarations as text, from text, a dict of name → specification, or a list of declarations."""
    if where is None or isinstance(where, str):
        return where or ""
    if isinstance(where, dict):
        return ", ".join(f"{name}{'' if str(spec).lstrip().startswith('>') else ':'} {_specification(spec)}"
                         for name, spec in where.items())
    if isinstance(where, (list, tuple)) and all(isinstance(item, str) for item in where):
        return ", ".join(where)
    raise DeclarationError(f"where= takes declarations as text (\"X: n×n spd, λ > 0\") or a dict "
                           f"{{\"X\": \"n×n spd\"}}, not {type(where).__name__}")


def _specification(spec):
    """A dict value as declaration text: "n×n spd", or a shape (3, 3) or 5."""
    if isinstance(spec, str):
        return spec
    if isinstance(spec, int) and not isinstance(spec, bool):
        return str(spec)
    if isinstance(spec, tuple) and len(spec) == 2 and all(isinstance(d, (int, str)) for d in spec):
        return f"{spec[0]}×{spec[1]}"
    raise DeclarationError(f"a declaration in where= is text such as \"n×n spd\" or a shape such as (3, 3), "
                           f"not {spec!r:.40}")
