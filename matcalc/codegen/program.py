"""Generated NumPy code for a function and its gradients: planning and assembly.

Every output (the value, each gradient) is lowered by one `Lowering`, so equal
subexpressions and factorizations are one node, computed once per function;
solves with one factorization that do not depend on each other are stacked
into one call; each generated function computes what its outputs need in
dependency order, one named line per intermediate (named after the result's
abbreviations where it has them), after checking its inputs' shapes.
`printing/numpy.py` writes the lines.
"""
from dataclasses import dataclass
from functools import cached_property

import sympy

from ..core import ir
from ..checking.sampling import variables
from ..presentation.abbreviations import abbreviate
from .lower import Lowering
from .operations import Columns, Factor, Solve, StackedSolve
from ..errors import MatcalcError, guarded
from .prelude import ENTRY_HELPERS, HELPERS, PRELUDE
from .shared import shared_products
from .numpy_printer import INLINE, Namer, NumPyPrinter, comment, is_scaling, operands, python_name
from ..printing.text import to_text
from ..core.shapes import SCALAR, show_shape

ENTRY_HELPER_NAMES = ("_array", "_scalar", "_shape_error", "_missing")
COMMENT_LIMIT = 90
#: Beyond this many steps a function's lines go uncommented and its parts unnamed: naming
#: costs more than the code it describes.
COMMENTED_STEPS = 120


@dataclass(frozen=True)
class GeneratedCode:
    """A generated module: its source and the names of its functions."""
    source: str
    value: str
    value_and_grad: str
    gradients: dict  # variable spelling -> function name

    @cached_property
    def compiled(self):
        return compile(self.source, "<matcalc generated>", "exec")

    def namespace(self):
        """The module run in a fresh namespace of its own."""
        namespace = {"__name__": "matcalc_generated"}
        exec(self.compiled, namespace)
        return namespace


@guarded
def module_source(expression_text, wrt_list, where=None):
    """A self-contained module: `value`, one `grad_<name>` per variable of `wrt_list`, and
    `value_and_grad` returning (value, gradients…) with their work shared."""
    from ..derivation.gradient import grad
    from ..language.parse import parse
    expression = parse(expression_text, where) if isinstance(expression_text, str) else expression_text
    if isinstance(wrt_list, str):
        wrt_list = [wrt_list]
    if not wrt_list:
        raise MatcalcError("name at least one variable to differentiate by")
    return generate([grad(expression, wrt) for wrt in wrt_list]).source


@guarded
def generate(gradients):
    """GeneratedCode for the Gradient results of one function."""
    function = gradients[0].function
    names = _abbreviations(gradients)
    shared = shared_products([function] + [g.result for g in gradients])
    lowering = Lowering(((symbol, definition) for definition, symbol in names.items()), shared)
    value = lowering.lower(function)
    derivatives = [lowering.lower(g.result) for g in gradients]
    module = _Module(function, gradients, lowering, names)
    grad_names = {g.variable.name: module.namer.fresh("grad_" + python_name(g.variable.name))
                  for g in gradients}
    blocks = [module.function("value", [value], "The value of the expression.")]
    for g, lowered in zip(gradients, derivatives):
        blocks.append(module.function(grad_names[g.variable.name], [lowered],
                                      "The gradient with respect to one variable (see the comment above)."))
    blocks.append(module.function("value_and_grad", [value] + derivatives,
                                  "The value and every gradient, sharing their work."))
    helpers = "".join(HELPERS[h] + "\n" for h in sorted(module.printer.helpers))
    header = [f"# f = {comment(_text(function))}"] + [
        f"# {grad_names[g.variable.name]}: ∂f/∂{comment(g.variable.name)} = {comment(_text(g))}"
        for g in gradients]
    source = (PRELUDE + ENTRY_HELPERS + helpers + "\n" + "\n".join(header) + "\n\n\n"
              + "\n\n\n".join(blocks) + "\n")
    return GeneratedCode(source, "value", "value_and_grad", grad_names)


def _abbreviations(gradients):
    """Definition (written out in full) -> short name, from each result's abbreviations."""
    chosen, letters = {}, set()
    if sum(1 for g in gradients for _ in ir.walk(g.result)) > 4 * COMMENTED_STEPS:
        return chosen
    for g in gradients:
        abbreviated = abbreviate(g.result, [g.function])
        expanded = dict(abbreviated.names)
        full = {symbol: _expand(definition, expanded) for symbol, definition in abbreviated.names}
        for symbol, definition in full.items():
            if definition not in chosen and symbol.name not in letters:
                chosen[definition] = symbol
                letters.add(symbol.name)
    return {definition: symbol for definition, symbol in chosen.items()}


def _text(item):
    """The text notation of a node or result for a comment; nothing where it has none."""
    try:
        return str(item) if not isinstance(item, ir.Node) else to_text(item)
    except Exception:  # a comment is never worth failing the code for
        return ""


def _expand(node, definitions):
    """node with every abbreviation replaced by what it stands for, recursively."""
    def combine(n, args):
        if n in definitions:
            return _expand(definitions[n], definitions)
        return n.rebuild(args) if args else n
    return ir.fold(node, combine, key=lambda n: n)


def _substitute(node, names):
    """node written with the short names of its parts (not of itself)."""
    def combine(n, args):
        if n is not node and n in names:
            return names[n]
        return n.rebuild(args) if args else n
    return ir.fold(node, combine, key=lambda n: n)


class _Module:
    """The names shared by the functions of one module, and the printing of each function."""

    def __init__(self, function, gradients, lowering, names):
        self.lowering, self.names = lowering, names
        self.namer = Namer(tuple(HELPERS) + ENTRY_HELPER_NAMES)
        self.variables = variables(function)
        self.alias = {v.name: self.namer.fresh(v.name) for v in self.variables}
        self.dimensions = {}
        self.printer = NumPyPrinter(_Dimensions(self))
        self.node_names = {}

    # -- one function
    def function(self, name, outputs, doc):
        outputs = _stack_solves(outputs, self.lowering.math)
        order, uses = _schedule(outputs)
        printer = self.printer
        printer.names = {v: self.alias[v.name] for v in order if isinstance(v, ir.Symbol)}
        printer.overwritable = {n for n in order if uses.get(n) == 1 and not isinstance(n, INLINE)}
        printer.dtype_used = False
        printer.used_dimensions = set()
        body = []
        for node in order:
            if isinstance(node, INLINE) or node in printer.names or (
                    is_scaling(node) and uses.get(node, 0) <= 1):
                continue
            text = printer.expr(node)
            target = self.name_of(node)
            printer.names[node] = target
            remark = self.comment_for(node) if len(order) <= COMMENTED_STEPS else ""
            body.append(f"    {target} = {text}{remark}")
        results = [self.result(printer, node) for node in outputs]
        symbols = [v for v in self.variables if any(isinstance(n, ir.Symbol) and n.name == v.name
                                                      for n in order)]
        entry = self.entry(symbols, printer.used_dimensions | _dims_of(symbols), printer.dtype_used)
        returned = ", ".join(results)
        lines = [f"def {name}(**inputs):", f'    """{doc}"""'] + entry + body + [f"    return {returned}"]
        return "\n".join(lines)

    def name_of(self, node):
        if node not in self.node_names:
            hint = self.lowering.hints.get(node)
            if isinstance(node, Factor):
                base = ("chol" if node.kind == "cholesky" else "lu") + (f"_{hint}" if hint else "")
            else:
                base = hint or "t"
            self.node_names[node] = self.namer.fresh(base if base != "t" else f"t{len(self.node_names)}")
        return self.node_names[node]

    def comment_for(self, node):
        math = self.lowering.math.get(node)
        if isinstance(node, StackedSolve):
            return "  # solves with one factorization, side by side"
        if math is None:
            return ""
        text = _text(_substitute(math, self.names))
        if not text:
            return ""
        hint = self.lowering.hints.get(node)
        if isinstance(node, Factor):
            text = ("Cholesky factor of " if node.kind == "cholesky" else "LU factors of ") + text
        elif hint:
            text = f"{hint} = {text}"
        if len(text) > COMMENT_LIMIT:
            text = text[:COMMENT_LIMIT - 1] + "…"
        return "  # " + comment(text)

    def result(self, printer, node):
        text = printer.expr(node)
        if node.shape == SCALAR:
            if isinstance(node, ir.Number) and not node.value.is_real:
                return f"{printer.dtype()}.type(0) + {text}"
            if isinstance(node, (ir.Number, ir.Zero)):
                return f"{printer.dtype()}.type({text})"
            return text
        if 1 in (node.shape[0], node.shape[1]):  # a vector, also a row in numerator layout
            return f"{printer.atom(node)}.reshape(-1)"
        return text

    # -- arguments and their checks
    def entry(self, symbols, dimensions, needs_dtype):
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
        bound = set()
        for dim in sorted(dimensions | _dims_of(symbols), key=str):
            lines.append(self.bind(dim, symbols))
            bound.add(dim)
        for s in symbols:
            if s.shape_ != SCALAR:
                lines.append(self.check(s))
        if needs_dtype:
            arrays = ", ".join(self.alias[s.name] for s in symbols) or "float"  # a constant gradient
            lines.append(f"    dtype = np.result_type({arrays}).type(0).real.dtype  # of I, 0 and 𝟙")
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


class _Dimensions:
    """Python names of dimension symbols, given on first use and remembered."""

    def __init__(self, module):
        self.module = module

    def __getitem__(self, symbol):
        names = self.module.dimensions
        if symbol not in names:
            names[symbol] = self.module.namer.fresh(str(symbol))
        self.module.printer.used_dimensions.add(symbol)
        return names[symbol]


def _axis_fixing(dim, symbols):
    """(symbol, axis, c) with the symbol's size on that axis c·dim, plain sizes first; or None."""
    found = []
    for s in symbols:
        for axis, size in enumerate(s.shape_):
            coefficient, rest = sympy.sympify(size).as_coeff_Mul()
            if rest == dim and coefficient.is_Integer:
                found.append((coefficient != 1, s, axis, int(coefficient)))
    return min(found, key=lambda f: f[0])[1:] if found else None


def _symbols_of(symbol):
    return set().union(*(sympy.sympify(d).free_symbols for d in symbol.shape_))


def _dims_of(symbols):
    return set().union(set(), *(_symbols_of(s) for s in symbols))


# ------------------------------------------------------------- scheduling

def _schedule(outputs):
    """Every node the outputs need, children first, and how often each is used."""
    order, uses, seen = [], {}, set()
    stack = [(node, False) for node in reversed(outputs)]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            order.append(node)
            continue
        if node in seen:
            continue
        seen.add(node)
        stack.append((node, True))
        for child in reversed(operands(node)):
            uses[child] = uses.get(child, 0) + 1
            if child not in seen:
                stack.append((child, False))
    return order, uses


def _stack_solves(outputs, math):
    """Solves with one factorization and one op, none needing another, become one solve;
    `math` learns what the rebuilt nodes compute."""
    while True:
        order, _ = _schedule(outputs)
        batch = _independent_solves(order)
        if batch is None:
            return outputs
        outputs = _replace_batch(outputs, batch, math)


def _independent_solves(order):
    needs = {}
    for node in order:  # children come first, so their sets are ready
        needs[node] = frozenset().union(frozenset(), *(needs[c] | {c} for c in operands(node)))
    groups = {}
    for node in order:
        if isinstance(node, Solve):
            groups.setdefault((node.factor, node.op), []).append(node)
    for members in groups.values():
        batch = []
        for solve in members:
            if all(solve not in needs[other] and other not in needs[solve] for other in batch):
                batch.append(solve)
        if len(batch) > 1:
            return batch
    return None


def _replace_batch(outputs, batch, math):
    stacked = StackedSolve(batch[0].factor, tuple(s.rhs for s in batch), batch[0].op)
    replacement, start = {}, sympy.Integer(0)
    for solve in batch:
        stop = sympy.expand(start + solve.rhs.shape[1])
        replacement[solve] = Columns(stacked, start, stop)
        start = stop

    def combine(node, args):
        new = replacement.get(node) or (node.rebuild(args) if args else node)
        if node in math:
            math.setdefault(new, math[node])
        return new
    return [ir.fold(o, combine, key=lambda n: n) for o in outputs]
