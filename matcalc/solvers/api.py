"""matcalc.solver: an objective in, a generated solver out."""
from dataclasses import dataclass, field
from functools import cached_property

from ..errors import guarded
from .parts import Parts, derive_parts, describe
from .generated import solver_source
from .problem import Problem, read_problem


@guarded
def solver(objective, wrt, where=None, subject_to=None, bounds=None):
    """A Solver minimizing the real scalar `objective` over the variables named in `wrt`.

    subject_to: constraints as text ("‖x‖² = 1", "A x ≤ b", "X ≥ 0"), one text
    separated by ';' or a list; bounds: {name: (low, high)}, None for no limit.
    """
    problem = read_problem(objective, wrt, where, subject_to, bounds)
    parts = derive_parts(problem)
    return Solver(problem, parts, solver_source(problem, parts, offered_methods(problem, parts)))


def offered_methods(problem, parts):
    """The methods this problem can be solved by, the one "auto" picks among them."""
    if problem.constraints:
        return ("trust-constr",)
    if problem.bounds:
        return ("L-BFGS-B", "trust-constr")
    methods = []
    if None in parts.curvature:
        methods += ["cg", "steepest"]
    if len(problem.variables) > 1 and all(v.name in parts.curvature for v in problem.variables):
        methods.append("alternating")
    methods.append("L-BFGS-B")
    if parts.hessian_vector is not None:
        methods += ["trust-krylov", "Newton-CG"]
    return tuple(methods)


@dataclass(frozen=True)
class Solver:
    """A generated solver: `source`, its symbolic facts, and `minimize` (which runs that source)."""
    problem: Problem
    parts: Parts = field(repr=False)
    source: str = field(repr=False)

    @cached_property
    def module(self):
        """The generated module, run in a namespace of its own."""
        namespace = {"__name__": "matcalc_solver"}
        exec(compile(self.source, "<matcalc solver>", "exec"), namespace)
        return namespace

    def minimize(self, x0=None, *, method="auto", tol=1e-8, max_iter=1000, verbose=False, callback=None, **data):
        """The minimizer (see the generated module's minimize): x, fun, grad_norm, nit, nfev,
        success, message, history."""
        return self.module["minimize"](x0, method=method, tol=tol, max_iter=max_iter, verbose=verbose,
                                       callback=callback, **data)

    @property
    def methods(self):
        return offered_methods(self.problem, self.parts)

    @property
    def quadratic(self):
        """Whether the objective is quadratic along every line, so that the exact step applies."""
        return None in self.parts.curvature

    @property
    def step(self):
        """α* = −(G : D) / (2q(D)) along a direction D of all variables, or None where f is not
        quadratic along lines."""
        along = self.parts.lines[None]
        return along.step if along.quadratic else None

    def __str__(self):
        lines = [f"minimize {describe(self.problem.objective)} over "
                 f"{', '.join(v.name for v in self.problem.variables)}"]
        lines += [f"  subject to {c.text}" for c in self.problem.constraints]
        if self.step is not None:
            lines.append(f"  exact step along D: α* = {describe(self.step)}")
        lines.append(f"  methods: {', '.join(self.methods)}")
        return "\n".join(lines)
