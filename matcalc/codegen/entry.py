"""The first lines of a generated function: read its inputs, check their shapes, bind the
dimensions they fix and, where I, 0 or 𝟙 appear, the dtype.

Which inputs are read and which axis fixes each dimension is planned here, the same
for every backend; the lines call the entry helpers every backend's prelude defines
(`_array`, `_scalar`, `_shape_error`, `_missing`), and the dtype line is the backend's.
"""
import sympy

from ..core.alphabet import other_spellings
from ..errors import MatcalcError
from ..core.shapes import SCALAR, show_shape


class EntryChecks:
    """Entry lines for the functions of one module: `variables` are its inputs, `alias`
    their Python names, `printer` spells dimensions, `backend` the dtype policy."""

    def __init__(self, variables, alias, printer, backend):
        self.variables, self.alias, self.printer, self.backend = variables, alias, printer, backend

    def lines(self, symbols, dimensions, needs_dtype):
        """Lines reading and checking the inputs, binding the dimensions they fix."""
        symbols, order = self._inputs_fixing(list(symbols), dimensions)
        lines = []
        if symbols:
            targets = ", ".join(self.alias[s.name] for s in symbols)
            reads = ", ".join(f"inputs[{s.name!r}]" for s in symbols)
            aliases = self._aliases(symbols)
            recovery = (f"        {targets}{',' if len(symbols) == 1 else ''} = _aliased(inputs, "
                        f"{tuple(s.name for s in symbols)!r}, {aliases!r})" if aliases else "        _missing(missing)")
            lines += ["    try:", f"        {targets} = {reads}", "    except KeyError as missing:", recovery]
        for s in symbols:
            alias = self.alias[s.name]
            if s.shape_ == SCALAR:
                lines.append(f"    {alias} = _scalar({alias}, {s.name!r})")
            else:
                ndim = 1 if s.shape_[1] == 1 else 2
                lines.append(f"    {alias} = _array({alias}, {s.name!r}, {ndim})")
        for dim, fixing in order:
            lines.append(self.bind(dim, fixing))
        for s in symbols:
            if s.shape_ != SCALAR:
                lines.append(self.check(s))
        if needs_dtype:
            lines.append(self.backend.dtype_line(", ".join(self.alias[s.name] for s in symbols)))
        return lines

    def _aliases(self, symbols):
        """{name: its ASCII and Greek spellings} (lam and lambda for λ), looked up only when a
        name is missing, so that the inputs read as fast as without them; never another input's name."""
        taken = {v.name for v in self.variables}
        spelled = {s.name: tuple(a for a in other_spellings(s.name) if a not in taken) for s in symbols}
        return {name: forms for name, forms in spelled.items() if forms}

    def _inputs_fixing(self, symbols, dimensions):
        """The symbols, with the variables added that fix the dimensions they leave open, and
        the order to bind all the dimensions in."""
        while True:
            order, left = _binding_order(dimensions | dimensions_of(symbols), symbols)
            if not left:
                return symbols, order
            known = {dim for dim, _ in order}
            carrier = next((v for v in self.variables if v not in symbols
                            and any(_axis_fixing(dim, [v], known) for dim in left)), None)
            if carrier is None:
                raise MatcalcError(f"no input fixes the dimension {left[0]} on its own")
            symbols.append(carrier)

    def bind(self, dim, fixing):
        symbol, axis, coefficient = fixing
        size = f"{self.alias[symbol.name]}.shape[{axis}]"
        name = self.printer.dimension_names[dim]
        if coefficient == 1:
            return f"    {name} = {size}"
        divisor = self.printer.dim(coefficient)
        return f"    {name} = {size} // {divisor if coefficient.is_Integer else f'({divisor})'}"

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


def _binding_order(dimensions, symbols):
    """(dim, fixing) for the dimensions the symbols fix, each after the ones its fixing divides
    by (in `Y: pn×pm`, p is Y's rows over n once X has fixed n); and the dimensions left open."""
    order, known, left = [], set(), sorted(dimensions, key=str)
    while left:
        fixed = [(dim, _axis_fixing(dim, symbols, known)) for dim in left]
        fixed = [(dim, fixing) for dim, fixing in fixed if fixing is not None]
        if not fixed:
            break
        order += fixed
        known |= {dim for dim, _ in fixed}
        left = [dim for dim in left if dim not in known]
    return order, left


def _axis_fixing(dim, symbols, known=frozenset()):
    """(symbol, axis, c) with the symbol's size on that axis c·dim, c a whole number or a product
    of the `known` dimensions; plain sizes first, then multiples, then products; or None."""
    found = []
    for s in symbols:
        for axis, size in enumerate(s.shape_):
            coefficient = sympy.cancel(sympy.sympify(size) / dim)
            number, rest = coefficient.as_coeff_Mul()
            if (number.is_Integer and number > 0 and dim not in coefficient.free_symbols
                    and coefficient.free_symbols <= set(known) and rest.is_polynomial() and not rest.is_Add
                    and not sympy.fraction(coefficient)[1].free_symbols):
                rank = 0 if coefficient == 1 else 1 if coefficient.is_Integer else 2
                found.append((rank, s, axis, coefficient))
    return min(found, key=lambda f: f[0])[1:] if found else None
