"""What one entry of the registry declares: everything about a primitive but its derivative.

A primitive is a named function of the language (tr, exp, kron, eye, d …). Its entry
says how the parser reads it, which node it builds, where it is defined, how the
reference evaluator computes it and how every printer and code-generation backend
spells it. Its differential lives in rules/differential.toml, named here by rule id.
"""
import re
from dataclasses import dataclass, field
from typing import Callable

#: What a backend spelling or a LaTeX template writes in the place of the argument(s).
ARGUMENT = "{0}"
_PLACE = re.compile(r"\{(\d+)\}")


@dataclass(frozen=True)
class Primitive:
    """One primitive.

    `spellings` are the names the parser reads, the canonical one first. `nodes` are
    the IR node types it builds (an entrywise function builds `ir.Func`, a registered
    matrix function `ir.Apply`); `build(*arguments)` builds one. The printers' text,
    ASCII and LaTeX spellings are a name called as name(…) or a template with {0},
    {1} … for the arguments (\\sqrt{{0}}); a constructor's (eye, ones) is its leaf as
    printed, sizes aside. `sympy` is the SymPy function or class;
    `backends` maps a code-generation backend ("numpy", later "jax" …) to its spelling.
    `evaluate(*arrays, xp)` computes it with any array namespace; primitives that
    build a node of their own are evaluated, shaped and checked by that node's rules.
    """
    name: str
    spellings: tuple
    nodes: tuple
    build: Callable
    text: str
    ascii: str
    latex: str
    differential: tuple = ()
    arity: int | tuple = 1
    sympy: object = None
    backends: dict = field(default_factory=dict)
    evaluate: Callable = None
    entrywise: bool = False
    takes_dimensions: bool = False
    #: Where its arguments turn into sizes: unvec(v, m, n) reshapes v to m×n (None: none do).
    dimensions_from: int = None
    #: Where it is defined: "positive" (real arguments must be positive), "invertible"
    #: (a well-conditioned square matrix), "positive determinant" (one with det > 0),
    #: "principal" (no eigenvalue on the closed negative real axis: logm, sqrtm) and the
    #: spectral words of core/spectral.py (a simple extreme eigenvalue, full column rank).
    domain: tuple = ()
    analytic: bool = True
    #: Differentiable wherever it is defined (abs is not, at 0): what a solver's constraints need.
    smooth: bool = True
    real_valued: bool = False
    #: Its values are ≥ 0 at real arguments (exp, sigmoid): a weight whose square root is real.
    nonnegative: bool = False
    #: Real on a (hermitian) positive definite argument, as det and logdet are.
    real_on_definite: bool = False
    #: For a registered matrix function: its shape from its operands' shapes (None: the
    #: first operand's), and whether its operands must be square matrices of one size.
    shape: Callable = None
    square: bool = False
    #: The positions of operands that are scalars, not matrices (the exponent of power_sum).
    scalar_operands: tuple = ()
    #: What a result that uses it should say, where its derivative may not exist.
    note: str = ""

    @property
    def counts(self):
        """The numbers of arguments it takes."""
        return self.arity if isinstance(self.arity, tuple) else (self.arity,)

    def spelling(self, backend):
        """How `backend` ("text", "ascii", "latex", "numpy" …) writes it, or None."""
        if backend in ("text", "ascii", "latex"):
            return getattr(self, backend)
        return self.backends.get(backend)


def is_template(spelling):
    """Whether a spelling is a template with {0} … rather than a name to call."""
    return ARGUMENT in spelling


def fill(template, arguments):
    """A template with the printed `arguments` in place of {0}, {1} …, in one pass: an argument
    that itself holds "{1}" (a LaTeX \\frac{1}{2}) is not filled in again."""
    def argument(match):
        index = int(match.group(1))
        return arguments[index] if index < len(arguments) else match.group(0)
    return _PLACE.sub(argument, template)
