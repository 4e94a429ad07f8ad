"""The interface between planning and one array library: how a planned module is spelled.

Planning (lowering, shared factorizations, chain order, scheduling, which inputs
fix which dimensions) is the same for every target. A backend supplies only:

- `printer`: a `CodePrinter` subclass with one `_print_<Node>` per lowered node,
  the factorization calls among them (`Factor`, `Solve`, `StackedSolve`,
  `InverseOf`, `DetOf`, `LogDetOf`), and `typed_scalar(text)`, a number of the
  inputs' real dtype;
- `prelude`: the module's imports and error class, and its entry helpers
  `_array(value, name, ndim)` (an array whose `.shape` is a tuple, a vector as an
  n×1 column), `_scalar(value, name)`, `_shape_error(name, actual, expected, spelled)`
  and `_missing(key_error)`, which the generated functions call to check their inputs;
- `helpers`: helper functions by name, defined by the module when its code uses them
  (the printer adds the name to its `helpers` set);
- `imported_names`: every name the prelude binds, so that no variable takes one;
- `dtype_expression`: the dtype policy, the real dtype of I, 0 and 𝟙 from the inputs'
  names, which `dtype_line(arrays)` binds to `dtype` (`no_inputs` stands for them when
  the gradient is a constant).

The JAX and PyTorch backends are such printers (jax.scipy.linalg's cho_factor/cho_solve,
torch.linalg.cholesky/cholesky_solve), each with a prelude and a dtype policy.
"""

from ..errors import MatcalcError

#: The entry helpers every prelude defines: the generated functions call them.
ENTRY_HELPERS = ("_array", "_scalar", "_shape_error", "_missing")


class Backend:
    """One target library; subclasses set the class attributes."""
    name = ""
    printer = None
    prelude = ""
    helpers = {}
    imported_names = ()

    def reserved_names(self):
        """Names a variable or intermediate of the module must not take."""
        return tuple(self.imported_names) + tuple(self.helpers) + ENTRY_HELPERS

    def header(self, used_helpers):
        """The prelude and the helper functions the module's code uses."""
        return self.prelude + "".join(self.helpers[h] + "\n" for h in sorted(used_helpers))

    #: The real dtype of I, 0 and 𝟙 as an expression of the inputs' names, which stand for {}.
    dtype_expression = "{}"
    #: What stands for the inputs where there are none (a constant gradient).
    no_inputs = "float"

    def dtype_line(self, arrays):
        """The line binding `dtype` from the inputs' names (a comma-separated list, maybe empty)."""
        return f"    dtype = {self.dtype_expression.format(arrays or self.no_inputs)}  # of I, 0 and 𝟙"


def resolve(backend, known):
    """The Backend for a name of `known` (name → Backend class) or a Backend itself."""
    if isinstance(backend, Backend):
        return backend
    if isinstance(backend, str) and backend in known:
        return known[backend]()
    names = ", ".join(sorted(known))
    raise MatcalcError(f"unknown code-generation backend {backend!r}; the known ones are: {names}")
