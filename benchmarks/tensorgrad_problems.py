"""The derivation problems written for tensorgrad, and its answers evaluated.

tensorgrad (a tensor-network library with symbolic derivatives, on PyTorch) names every
edge of a tensor instead of ordering rows and columns: a product contracts the edges two
factors share, `*` multiplies elementwise, and `F.inverse(X)` keeps X's edge names,
which makes it X⁻ᵀ read in X's order (so X⁻¹ is it with its edges swapped). Each source
below defines `f` from Variables named as in matcalc's text, their edges declared in
row, column order, so that matcalc's arrays feed them as they are. Problems it cannot
write (complex matrices) are left out.

Answers are evaluated with tensorgrad's own compiler, calling the generated PyTorch
function on plain tensors: its public evaluators take named tensors, which PyTorch 2.13
no longer has.
"""
import numpy as np

PRELUDE = ("from sympy import symbols\nfrom tensorgrad import Variable, Delta\nimport tensorgrad.functions as F\n"
           "m, n, p, q, n2 = symbols('m n p q n2')\n")

_INVERSE = """
X = Variable("X", i=n, j=n); a = Variable("a", i=n); b = Variable("b", j=n)
f = a @ F.inverse(X).rename(i="j", j="i") @ b
"""

#: {row name of bench_derivation: source defining f}
SOURCES = {
    "seed 001 wrt H_R": """
H_R = Variable("H_R", i=n, j=n); H_I = Variable("H_I", i=n, j=n); A = Variable("A", i=n, j=n)
B = Variable("B", i=n, j=n); Z = Variable("Z", j=n, k=n)
W = Variable("W", i=n2, l=q); P = Variable("P", j=n2, k=p); S = Variable("S", l=q, k=p)
H = F.concat(F.concat(H_R, -H_I, dim="j", size=n2), F.concat(H_I, H_R, dim="j", size=n2), dim="i", size=n2)
f = (F.frobenius2(Z - Delta(n, "j", "k") * (H_R @ A.rename(j="k") + H_I @ B.rename(j="k")))
     + F.frobenius2(W - H @ P @ S))
""",
    "seed 002": """
W = Variable("W", i=n, j=n); E = Variable("E", i=n, j=n); λ = Variable("λ")
u1 = Variable("u1", i=n); u2 = Variable("u2", i=n)
M = W.rename(j="a") @ E.rename(i="a", j="b") @ W.rename(i="l", j="b") + λ @ Delta(n, "i", "l")
f = u1.rename(i="p") @ W.rename(i="p", j="i") @ F.inverse(M).rename(i="l", l="i") @ W.rename(i="q", j="l") @ u2.rename(i="q")
""",
    "cookbook 49 det": 'X = Variable("X", i=n, j=n)\nf = F.det(X)\n',
    "cookbook 51 logdet": 'S = Variable("S", i=n, j=n)\nf = F.log(F.det(S))\n',
    "cookbook 61 inverse": _INVERSE,
    "cookbook 70 bilinear": 'X = Variable("X", i=m, j=n); a = Variable("a", i=m); b = Variable("b", j=n)\nf = a @ X @ b\n',
    "cookbook 81 quadratic": 'B = Variable("B", i=n, j=n); x = Variable("x", i=n)\nf = x @ B @ x.rename(i="j")\n',
    "cookbook 101 trace": """
A = Variable("A", k=p, i=m); X = Variable("X", i=m, j=n); B = Variable("B", j=n, k=p)
f = A @ X @ B
""",
    "cookbook 119 Frobenius": """
A = Variable("A", k=p, i=m); X = Variable("X", i=m, j=n); B = Variable("B", j=n, l=q); C = Variable("C", k=p, l=q)
f = F.frobenius2(A @ X @ B - C)
""",
    "ridge": """
X = Variable("X", i=m, j=n); w = Variable("w", j=n); y = Variable("y", i=m); λ = Variable("λ")
f = F.frobenius2(X @ w - y) + λ @ F.frobenius2(w)
""",
    "logistic": """
X = Variable("X", i=m, j=n); w = Variable("w", j=n); y = Variable("y", i=m); λ = Variable("λ")
f = F.sum(F.log(1 + F.exp(-y * (X @ w)))) + λ @ F.frobenius2(w)
""",
}


def derivation(name, wrt):
    """A function of no arguments building the problem and deriving its gradient (simplified as
    far as tensorgrad goes), returning (the function, the variable, the gradient)."""
    code = compile(PRELUDE + SOURCES[name], f"<tensorgrad {name}>", "exec")

    def derive():
        names = {}
        exec(code, names)
        return names["f"], names[wrt], names["f"].grad(names[wrt]).full_simplify()
    return derive


def cold_script(name, wrt):
    """A whole-process script: import tensorgrad, build the problem, derive and simplify."""
    return PRELUDE + SOURCES[name] + f"f.grad({wrt}).full_simplify()\n"


def value(tensor, arrays, edges=()):
    """The tensor evaluated at `arrays` (variable name → array, axes in the variable's edge
    order) by tensorgrad's compiler, as an array with axes in the order of `edges`."""
    import torch
    from tensorgrad.compiler.runtime import compile_to_callable
    program = compile_to_callable(tensor)
    inputs = [np.asarray(arrays[variable.name], dtype=float) for variable in program.vars]
    sizes = {variable.shape[edge]: size for variable, array in zip(program.vars, inputs)
             for edge, size in zip(variable.edges, array.shape)}
    (result,) = program.codegen.specialize(sizes, dtype=torch.float64)(*map(torch.as_tensor, inputs))
    permutation, names = program._wrap_plans[0]
    if permutation is not None:
        result = result.permute(permutation)
    return result.permute([names.index(edge) for edge in edges]).numpy()
