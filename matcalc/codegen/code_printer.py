"""What every backend's printer shares: Python names that cannot collide, safe comments,
and the expression-level bookkeeping of a printer of lowered nodes.

`Namer` gives every variable, dimension and intermediate a Python name that cannot
collide with another or with the code's own names, whatever the variable is called:
spellings are only ever written as string literals (repr) or in comments
(non-printable characters replaced), so no name can inject code. `operands` says
which nodes a printed expression names, which is what scheduling orders.
"""
import builtins
import keyword
import unicodedata

import sympy

from ..core import ir
from .layers import LAYER_NAMES
from .operations import ChainChoice, Columns, KronApply, KronInner
from ..printing.base import SPELLED, Printer

#: Names every generated module binds itself, whatever the backend.
GENERATED_NAMES = ("inputs", "dtype", "missing", "value", "value_and_grad", "saved") + LAYER_NAMES
#: Nodes written inline where they are used: names, literals and views.
INLINE = (ir.Symbol, ir.Number, ir.Transpose, ir.BlockPart, Columns)


def python_name(spelling):
    """An ASCII identifier suggested by a spelling: λ → lambda, u_1 → u_1, Ḡ → G."""
    parts = []
    for char in unicodedata.normalize("NFKD", spelling):
        if char in SPELLED:
            parts.append(SPELLED[char])
        elif char.isascii() and (char.isalnum() or char == "_"):
            parts.append(char)
    base = "".join(parts).strip("_") or "x"
    return "x" + base if base[0].isdigit() else base


class Namer:
    """Fresh Python names: none is a keyword, a builtin, a name the module binds or given twice."""

    def __init__(self, reserved=()):
        self.taken = set(keyword.kwlist) | set(keyword.softkwlist) | set(dir(builtins))
        self.taken |= set(GENERATED_NAMES) | set(reserved)

    def fresh(self, base):
        base = python_name(base)
        name, index = base, 1
        while name in self.taken or not name.isidentifier():
            name, index = f"{base}_{index}", index + 1
        self.taken.add(name)
        return name


def comment(text):
    """Text safe inside a # comment: one line, printable characters only."""
    return "".join(c if c.isprintable() else "?" for c in text)


class CodePrinter(Printer):
    """Python expressions for lowered nodes; `names` maps computed nodes to their names.

    A backend's printer adds one `_print_<Node>` per node it writes and `typed_scalar`,
    the dtype policy's spelling of a number of the inputs' real type.
    """

    def __init__(self, dimension_names):
        self.names = {}
        self.dimension_names = dimension_names
        self.helpers = set()
        self.dtype_used = False
        self.overwritable = set()  # matrices a factorization may overwrite: used by it alone
        self.used_dimensions = set()

    def expr(self, node):
        name = self.names.get(node)
        return name if name is not None else self._print(node)

    def atom(self, node):
        """The expression, bracketed unless it is a name or a plain literal."""
        text = self.expr(node)
        simple = node in self.names or isinstance(node, (ir.Symbol, ir.Transpose, ir.BlockPart, Columns))
        return text if simple or text.isidentifier() or text.replace(".", "").isdigit() else f"({text})"

    def dim(self, value):
        value = sympy.sympify(value)
        mapping = {s: sympy.Symbol(self.dimension_names[s]) for s in value.free_symbols}
        return str(value.xreplace(mapping))

    def shape(self, node):
        rows, cols = (self.dim(d) for d in node.shape)
        return f"({rows}, {cols})"

    def dtype(self):
        self.dtype_used = True
        return "dtype"

    def factor_kind(self, factor):
        """How the backend factors: the Factor's kind ("cholesky", "lu") or a kind of its own."""
        return factor.kind

    def _print_ChainChoice(self, node):
        """The alternatives as one conditional expression: the first whose flop count is least
        at the call's sizes. Their own parts are written out (only the chosen one runs), but
        for what the choice needs computed first and what no factorization may overwrite."""
        hidden = {n: self.names.pop(n) for n in list(self.names)
                  if n in self.overwritable and n not in node.common}
        try:
            texts = [self.expr(alternative) for alternative in node.alternatives]
        finally:
            self.names.update(hidden)
        costs = [self.dim(cost) for cost in node.costs]
        text = texts[-1]
        for position in reversed(range(len(texts) - 1)):
            rest = costs[position + 1:]
            least = rest[0] if len(rest) == 1 else f"min({', '.join(rest)})"
            text = f"{texts[position]}\n        if {costs[position]} <= {least}\n        else {text}"
        return f"({text})"

    def saved(self, node, text):
        """What a forward saves of a computed node for the backward: the node itself by default."""
        return text

    def restored(self, node, text):
        """The node again from what `saved` gave, in the backward."""
        return text


def operands(node):
    """The nodes the printed expression of `node` names: its children, but X for a term −X,
    no identity that a Kronecker einsum folds into its subscripts, and for a choice of
    bracketings what every alternative contains."""
    if isinstance(node, ir.Add):
        return tuple(negated(t) if negated(t) is not None else t for t in node.terms)
    if isinstance(node, ChainChoice):
        return node.common
    if isinstance(node, (KronApply, KronInner, ir.KronBlockSum)):
        return tuple(c for c in node.children() if not isinstance(c, ir.Identity))
    return node.children()


def is_scaling(node):
    """c·X with c a number: written inline where it is used once."""
    return isinstance(node, ir.Mul) and len(node.factors) == 2 and isinstance(node.factors[0], ir.Number)


def negated(node):
    """X when node is −X (a product with a negative number first), else None."""
    if isinstance(node, ir.Mul) and isinstance(node.factors[0], ir.Number):
        value = node.factors[0].value
        if value.is_real and value.is_negative:
            rest = node.factors[1:]
            if value == -1:
                return rest[0] if len(rest) == 1 else ir.Mul(rest)
            return ir.Mul((ir.Number(-value),) + rest)
    return None
