"""The first lines of a generated function: read its inputs, check their shapes, bind the
dimensions they fix and, where I, 0 or 𝟙 appear, the dtype.

Which inputs are read and which axis fixes each dimension is planned here, the same
for every backend; the lines call the entry helpers every backend's prelude defines
(`_array`, `_scalar`, `_shape_error`, `_missing`), and the dtype line is the backend's.
"""
import sympy

from ..errors import MatcalcError
from ..core.shapes import SCALAR, show_shape


class EntryChecks:
    """Entry lines for the functions of one module: `variables` are its inputs, `alias`
    their Python names, `printer` spells dimensions, `backend` the dtype policy."""

    def __init__(self, variables, alias, printer, backend):
        self.variables, self.alias, self.printer, self.backend = variables, alias, printer, backend

    def lines(self, symbols, dimensions, needs_dtype):
        """Lines reading and checking the inputs, binding the dimensions they fix."""
        symbols = list(symbols)
        for dim in sorted(dimensions, key=str):
            if _axis_fixing(dim, symbols) is None:
                carrier = next((v for v in self.variables if _axis_fixing(dim, [v])), None)
                if carrier is None:
                    raise MatcalcError(f"no input fixes the dimension {dim} on its own")
                symbols.append(carrier)
        lines = []
        if symbols:
            targets = ", ".join(self.alias[s.name] for s in symbols)
            reads = ", ".join(f"inputs[{s.name!r}]" for s in symbols)
            lines += ["    try:", f"        {targets} = {reads}",
                      "    except KeyError as missing:", "        _missing(missing)"]
        for s in symbols:
            alias = self.alias[s.name]
            if s.shape_ == SCALAR:
                lines.append(f"    {alias} = _scalar({alias}, {s.name!r})")
            else:
                ndim = 1 if s.shape_[1] == 1 else 2
                lines.append(f"    {alias} = _array({alias}, {s.name!r}, {ndim})")
        for dim in sorted(dimensions | dimensions_of(symbols), key=str):
            lines.append(self.bind(dim, symbols))
        for s in symbols:
            if s.shape_ != SCALAR:
                lines.append(self.check(s))
        if needs_dtype:
            lines.append(self.backend.dtype_line(", ".join(self.alias[s.name] for s in symbols)))
        return lines

    def bind(self, dim, symbols):
        symbol, axis, coefficient = _axis_fixing(dim, symbols)
        size = f"{self.alias[symbol.name]}.shape[{axis}]"
        name = self.printer.dimension_names[dim]
        return f"    {name} = {size}" if coefficient == 1 else f"    {name} = {size} // {coefficient}"

    def check(self, symbol):
        alias, dims = self.alias[symbol.name], [self.printer.dim(d) for d in symbol.shape_]
        vector = symbol.shape_[1] == 1
        expected = f"({dims[0]}, 1)" if vector else f"({dims[0]}, {dims[1]})"
        shown = f"({dims[0]},)" if vector else expected
        actual = f"{alias}.shape[:1]" if vector else f"{alias}.shape"
        spelled = show_shape(symbol.shape_[:1] if vector else symbol.shape_)
        return (f"    if {alias}.shape != {expected}:\n"
                f"        _shape_error({symbol.name!r}, {actual}, {shown}, {spelled!r})")


def dimensions_of(symbols):
    """The dimension symbols in the shapes of `symbols`."""
    return set().union(set(), *(sympy.sympify(d).free_symbols for s in symbols for d in s.shape_))


def _axis_fixing(dim, symbols):
    """(symbol, axis, c) with the symbol's size on that axis c·dim, plain sizes first; or None."""
    found = []
    for s in symbols:
        for axis, size in enumerate(s.shape_):
            coefficient, rest = sympy.sympify(size).as_coeff_Mul()
            if rest == dim and coefficient.is_Integer:
                found.append((coefficient != 1, s, axis, int(coefficient)))
    return min(found, key=lambda f: f[0])[1:] if found else None
