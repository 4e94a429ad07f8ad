"""Hypothesis strategies: random well-typed expressions over the whole language.

Shapes are consistent by construction: every generator is asked for an
expression of a given shape over the dimensions n and m. Inverses and log
determinants only ever see matrices that are positive definite by construction
(S + MMᵀ with S spd), so every generated function is defined at the sampled points.
"""
from hypothesis import strategies as st

N, M = "n", "m"
#: Variables by shape; S is spd, T symmetric, λ positive.
VARIABLES = {
    (N, N): ["X", "S", "T"],
    (N, M): ["Y", "Z"],
    (M, N): [],
    (M, M): ["V"],
    (N, "1"): ["a", "b"],
    (M, "1"): ["c"],
    ("1", "1"): ["λ", "α"],
}
DECLARATIONS = ("X: n×n, S: n×n spd, T: n×n symmetric, Y: n×m, Z: n×m, V: m×m, a: n, b: n, c: m, "
                "d: 2n, λ > 0, α: scalar")
ELEMENTWISE = ["exp", "sin", "cos", "tanh", "sigmoid", "softplus"]


def _variables(shape):
    return VARIABLES.get(shape, [])


@st.composite
def matrix(draw, shape, depth):
    """Text of an expression of `shape` (a pair of "n", "m", "1")."""
    rows, cols = shape
    leaves = _variables(shape)
    options = ["leaf"] if leaves else []
    if depth > 0:
        options += ["add", "product", "transpose", "scale", "hadamard"]
        if rows == cols and rows != "1":
            options += ["inverse", "sym", "identity_sum", "power"]
        if rows != "1" or cols != "1":
            options += ["elementwise"]
    if not options:
        options = ["product"]
    choice = draw(st.sampled_from(options))
    if choice == "leaf":
        return draw(st.sampled_from(leaves))
    sub = depth - 1
    if choice == "add":
        return f"({draw(matrix(shape, sub))} + {draw(matrix(shape, sub))})"
    if choice == "product":
        inner = draw(st.sampled_from([N, M]))
        return f"{_wrap(draw(matrix((rows, inner), sub)))} {_wrap(draw(matrix((inner, cols), sub)))}"
    if choice == "transpose":
        return f"{_wrap(draw(matrix((cols, rows), sub)))}ᵀ"
    if choice == "scale":
        return f"{draw(st.sampled_from(['2', 'λ', '0.5']))} {_wrap(draw(matrix(shape, sub)))}"
    if choice == "hadamard":
        operator = draw(st.sampled_from(["⊙", ".*"]))
        return f"({_wrap(draw(matrix(shape, sub)))} {operator} {_wrap(draw(matrix(shape, sub)))})"
    if choice == "inverse":
        return f"inv({_definite(draw, sub, rows)})"
    if choice == "sym":
        return f"Sym({draw(matrix(shape, sub))})"
    if choice == "identity_sum":
        return f"({draw(matrix(shape, sub))} + 3 I)"
    if choice == "power":
        return f"{_wrap(draw(matrix(shape, sub)))}^2"
    function = draw(st.sampled_from(ELEMENTWISE))
    return f"{function}(0.3 {_wrap(draw(matrix(shape, sub)))})"


def _definite(draw, depth, size):
    spd = "S" if size == N else "(V Vᵀ + I)"
    factor = draw(matrix((size, draw(st.sampled_from([N, M]))), depth))
    return f"{spd} + {_wrap(factor)} {_wrap(factor)}ᵀ"


def _wrap(text):
    """Parenthesize unless text is a name or one parenthesized whole."""
    return text if text.isidentifier() or _enclosed(text) else f"({text})"


def _enclosed(text):
    if not text.startswith("("):
        return False
    level = 0
    for position, char in enumerate(text):
        level += {"(": 1, ")": -1}.get(char, 0)
        if level == 0:
            return position == len(text) - 1
    return False


@st.composite
def scalar_function(draw, depth=3):
    """Text of a real scalar function of the variables."""
    kind = draw(st.sampled_from(["trace", "bilinear", "frobenius", "norm", "logdet", "quadratic",
                                 "kron", "sum", "block"]))
    if kind == "trace":
        return f"tr({draw(matrix((N, N), depth))})"
    if kind == "bilinear":
        return f"aᵀ {_wrap(draw(matrix((N, M), depth)))} c"
    if kind == "frobenius":
        return f"{_wrap(draw(matrix((N, M), depth)))} : {_wrap(draw(matrix((N, M), depth)))}"
    if kind == "norm":
        return f"‖{draw(matrix((N, M), depth))}‖_F²"
    if kind == "logdet":
        return f"logdet({_definite(draw, depth - 1, N)})"
    if kind == "quadratic":
        return f"bᵀ {_wrap(draw(matrix((N, N), depth)))} b"
    if kind == "kron":
        return f"vec(a cᵀ)ᵀ ({_wrap(draw(matrix((M, M), 1)))} ⊗ {_wrap(draw(matrix((N, N), 1)))}) vec(a cᵀ)"
    if kind == "block":
        a, b = draw(matrix((N, N), depth - 1)), draw(matrix((N, N), depth - 1))
        return f"‖[{a}, -{_wrap(b)}; {b}, {a}] d‖²"
    return f"sum({draw(matrix((N, M), depth))})"
