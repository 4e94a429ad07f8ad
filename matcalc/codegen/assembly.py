"""A plan written out as a Python module by one backend: named lines, comments, entry checks.

Each generated function computes what its outputs need in dependency order, one
named line per intermediate (named after the result's abbreviations where it has
them), after checking its inputs' shapes. The backend's printer writes each line;
its prelude and helpers open the module.
"""
from dataclasses import dataclass
from functools import cached_property

from ..core import ir
from .backend import resolve
from .backends import BACKENDS
from .code_printer import INLINE, Namer, comment, is_scaling, python_name
from .entry import EntryChecks, dimensions_of
from .operations import Factor, StackedSolve
from ..errors import guarded
from .plan import COMMENTED_STEPS, plan
from ..printing.text import to_text
from .schedule import computed, saved_for, schedule, stack_solves
from ..core.shapes import SCALAR

COMMENT_LIMIT = 90
#: A factorization's kind → the stem of its name and the words of its comment.
FACTOR_NAMES = {"cholesky": ("chol", "Cholesky factor of "), "lu": ("lu", "LU factors of "),
                "ldl": ("ldl", "LDLᵀ factors of ")}


@dataclass(frozen=True)
class GeneratedCode:
    """A generated module: its source and the names of its functions."""
    source: str
    value: str
    value_and_grad: str
    gradients: dict  # variable spelling -> function name
    #: With a `value` to backpropagate through: `forward(**inputs)` gives (value, saved),
    #: `backward(saved, **inputs)` every gradient, a tuple in order, from what the forward saved.
    forward: str = ""
    backward: str = ""

    @cached_property
    def compiled(self):
        return compile(self.source, "<matcalc generated>", "exec")

    def namespace(self):
        """The module run in a fresh namespace of its own."""
        namespace = {"__name__": "matcalc_generated"}
        exec(self.compiled, namespace)
        return namespace


@guarded
def generate(gradients, identities, backend="numpy", value=None, alternative=None, condition=None):
    """GeneratedCode for the Gradient results of one function, written by `backend`
    (a name of BACKENDS or a Backend); `identities` is what the lowering may rewrite
    (the derivation's `lowering_identity`); `value` what `value` computes (see `plan`).
    `alternative`, (gradients, value) of another form of the same function, adds its
    passes as `forward_alternative` and `backward_alternative` when backpropagating;
    with a `condition` on the sizes (a SymPy relation), every function of the module
    computes by the other form's code, `<name>_alternative`, where it holds at the call."""
    backend = resolve(backend, BACKENDS)
    planned = plan(gradients, identities, value)
    module = _Module(planned, backend)
    grad_names = {g.variable.name: module.namer.fresh("grad_" + python_name(g.variable.name))
                  for g in gradients}
    other = None if alternative is None else _Module(plan(alternative[0], identities, alternative[1]), backend)
    instead = {}
    if condition is not None and other is not None:
        instead = {name: (condition, module.namer.fresh(name + "_alternative"))
                   for name in ["value", *grad_names.values(), "value_and_grad"]}
    blocks = _functions(module, grad_names, instead)
    passes, helpers, notes = {}, set(module.printer.helpers), []
    if planned.backpropagation:
        passes = {"forward": "forward", "backward": "backward"}
        blocks += _passes(module, planned, "")
    if instead:
        blocks += _functions(other, {g.variable.name: instead[name][1] for g, name in
                                     zip(alternative[0], grad_names.values())}, {},
                             names=[instead[name][1] for name in ("value", "value_and_grad")])
        notes.append(f"# *_alternative: f = {comment(_text(other.planned.function))}, "
                     f"taken where {comment(str(condition))}")
    elif other is not None:
        blocks += _passes(other, other.planned, "_alternative")
        notes.append(f"# forward_alternative, backward_alternative: f = {comment(_text(other.planned.function))}")
    if other is not None:
        helpers |= other.printer.helpers
    helpers |= module.printer.helpers
    header = [f"# f = {comment(_text(planned.function))}"] + [
        f"# {grad_names[g.variable.name]}: ∂f/∂{comment(g.variable.name)} = {comment(_text(g))}"
        for g in gradients] + notes
    source = (backend.header(helpers) + "\n" + "\n".join(header) + "\n\n\n"
              + "\n\n\n".join(blocks) + "\n")
    return GeneratedCode(source, "value", "value_and_grad", grad_names, **passes)


def _functions(module, grad_names, instead, names=("value", "value_and_grad")):
    """The module's `value`, one function per gradient (`grad_names`: variable spelling →
    function name) and `value_and_grad`, called `names`; `instead` maps a function's name to
    (condition, the function that computes it where the condition holds at the call)."""
    planned = module.planned
    value, derivatives = planned.value, list(planned.derivatives)
    value_name, both_name = names
    blocks = [module.function(value_name, [value], "The value of the expression.",
                              instead=instead.get("value"))]
    for g, lowered in zip(planned.gradients, derivatives):
        name = grad_names[g.variable.name]
        blocks.append(module.function(name, [lowered], "The gradient with respect to one variable "
                                      "(see the comment above).", instead=instead.get(name)))
    blocks.append(module.function(both_name, [value] + derivatives, "The value and every gradient, sharing their work.",
                                  instead=instead.get("value_and_grad")))
    return blocks


def _passes(module, planned, suffix):
    """`forward{suffix}`, giving the value and what the backward needs, and `backward{suffix}`,
    giving every gradient from what the forward saved."""
    value, derivatives = planned.value, list(planned.derivatives)
    saved = saved_for(derivatives, computed(stack_solves([value], planned.lowering.math)))
    return [module.function(f"forward{suffix}", [value], "The value, and what the backward needs.",
                            saving=saved),
            module.function(f"backward{suffix}", derivatives, "Every gradient, from what the forward saved.",
                            given=saved)]


def _text(item):
    """The text notation of a node or result for a comment; nothing where it has none."""
    try:
        return str(item) if not isinstance(item, ir.Node) else to_text(item)
    except Exception:  # a comment is never worth failing the code for
        return ""


def _substitute(node, names):
    """node written with the short names of its parts (not of itself)."""
    def combine(n, args):
        if n is not node and n in names:
            return names[n]
        return n.rebuild(args) if args else n
    return ir.fold(node, combine, key=lambda n: n)


class _Module:
    """The names shared by the functions of one module, and the printing of each function."""

    def __init__(self, planned, backend):
        self.planned = planned
        self.lowering, self.names, self.variables = planned.lowering, planned.names, planned.variables
        self.namer = Namer(backend.reserved_names())
        self.alias = {v.name: self.namer.fresh(v.name) for v in self.variables}
        self.dimensions = {}
        self.printer = backend.printer(_Dimensions(self))
        self.entry = EntryChecks(self.variables, self.alias, self.printer, backend)
        self.node_names = {}

    # -- one function
    def function(self, name, outputs, doc, saving=None, given=None, instead=None):
        """def name(**inputs) returning the outputs, and (a forward pass) the `saving` nodes as a
        tuple; with `given` (a backward pass), def name(saved, **inputs), the given nodes read from
        `saved` and the outputs a tuple. Either may be empty: a pass saves nothing where its
        backward needs only the inputs. `instead`, (condition, function), returns
        function(**inputs) where the condition on the sizes holds."""
        backward = given is not None
        given = tuple(given or ())
        outputs = stack_solves(outputs, self.lowering.math, frozenset(given))
        order, uses = schedule(outputs, frozenset(given))
        printer = self.printer
        printer.names = {v: self.alias[v.name] for v in order if isinstance(v, ir.Symbol)}
        printer.names |= {node: self.name_of(node) for node in given}
        factored = {n.matrix for n in order if isinstance(n, Factor)}
        printer.overwritable = {n for n in factored if uses.get(n) == 1 and not isinstance(n, INLINE)}
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
        if instead is not None:
            condition, function = instead
            body = [f"    if {printer.dim(condition)}:  # the other form factors a smaller matrix",
                    f"        return {function}(**inputs)"] + body
        symbols = [v for v in self.variables if any(isinstance(n, ir.Symbol) and n.name == v.name
                                                      for n in order)]
        entry = self.entry.lines(symbols, printer.used_dimensions | dimensions_of(symbols),
                                 printer.dtype_used)
        if saving is not None:
            results.append("(" + "".join(f"{printer.saved(node, printer.expr(node))}, " for node in saving) + ")")
        if given:
            entry += [f"    {', '.join(printer.names[node] for node in given)}, = saved"]
            restored = {printer.names[node]: printer.restored(node, printer.names[node]) for node in given}
            entry += [f"    {name} = {text}" for name, text in restored.items() if text != name]
        returned = ", ".join(results) + ("," if backward and len(results) == 1 else "")  # always a tuple
        signature = "saved, **inputs" if backward else "**inputs"
        lines = [f"def {name}({signature}):", f'    """{doc}"""'] + entry + body + [f"    return {returned}"]
        return "\n".join(lines)

    def name_of(self, node):
        if node not in self.node_names:
            hint = self.lowering.hints.get(node)
            if isinstance(node, Factor):
                base = FACTOR_NAMES[self.printer.factor_kind(node)][0] + (f"_{hint}" if hint else "")
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
            text = FACTOR_NAMES[self.printer.factor_kind(node)][1] + text
        elif hint:
            text = f"{hint} = {text}"
        if len(text) > COMMENT_LIMIT:
            text = text[:COMMENT_LIMIT - 1] + "…"
        return "  # " + comment(text)

    def result(self, printer, node):
        text = printer.expr(node)
        if node.shape == SCALAR:
            if isinstance(node, ir.Number) and not node.value.is_real:
                return f"{printer.typed_scalar('0')} + {text}"
            if isinstance(node, (ir.Number, ir.Zero)):
                return printer.typed_scalar(text)
            return text
        if 1 in (node.shape[0], node.shape[1]):  # a vector, also a row in numerator layout
            return printer.reshaped(printer.atom(node), "-1")
        return text


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
