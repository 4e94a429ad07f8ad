"""Generated solvers against the same SciPy method driven by JAX.

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1 python benchmarks/bench_solvers.py
    python benchmarks/bench_solvers.py --quick          # n = 10, one repeat: does it run?

For seed 001, ridge and logistic regression at size n, each row runs one method
through `matcalc.solver(...).minimize` (the generated value_and_grad, Hessian-vector
product or exact step) and the same SciPy method with the gradient from
jax.jit(jax.value_and_grad(f)) of the objective (and, for trust-krylov, the
Hessian-vector product jax.jvp of jax.grad). The exact-step methods have no SciPy
counterpart: they are compared with JAX driving L-BFGS-B. Both start at zero with
the same stopping rule and must reach the same objective (relative 1e-6). The
table gives median wall times and their ratio, generated / JAX: below 1 is faster.
Without JAX installed, only the generated solvers are timed.
"""
import argparse
import statistics
import time

import numpy as np
import scipy.optimize

import matcalc

SEED_001 = "‖Z − I ⊙ (H_RᵀA + H_IᵀB)‖_F² + ‖W − [H_R, −H_I; H_I, H_R] P Sᵀ‖_F²"
TOLERANCE, MAX_ITER = 1e-8, 1000


def seed_001_problem(n, rng):
    m, k = 3 * n // 4, n // 2
    data = {"A": rng.standard_normal((n, n)), "B": rng.standard_normal((n, n)), "Z": rng.standard_normal((n, n)),
            "W": rng.standard_normal((2 * n, m)), "P": rng.standard_normal((2 * n, k)) / np.sqrt(n),
            "S": rng.standard_normal((m, k)) / np.sqrt(k)}

    def objective(xp, H_R, H_I, A, B, Z, W, P, S):
        inner = xp.eye(n) * (H_R.T @ A + H_I.T @ B)
        block = xp.concatenate([xp.concatenate([H_R, -H_I], 1), xp.concatenate([H_I, H_R], 1)], 0)
        return xp.sum((Z - inner) ** 2) + xp.sum((W - block @ P @ S.T) ** 2)
    return (SEED_001, ["H_R", "H_I"], "H_R: n×n, H_I: n×n"), {"H_R": (n, n), "H_I": (n, n)}, data, objective


def regression_data(n, rng):
    X = rng.standard_normal((10 * n, n)) / np.sqrt(n)
    return {"X": X, "y": np.sign(X @ rng.standard_normal(n) + 0.5 * rng.standard_normal(10 * n)), "λ": 1.0}


def ridge_problem(n, rng):
    def objective(xp, w, X, y, λ):
        return xp.sum((X @ w - y) ** 2) + λ * xp.sum(w ** 2)
    return ("‖X w − y‖² + λ‖w‖²", ["w"], None), {"w": (n,)}, regression_data(n, rng), objective


def logistic_problem(n, rng):
    def objective(xp, w, X, y, λ):
        return xp.sum(xp.logaddexp(0.0, -y * (X @ w))) + λ * xp.sum(w ** 2)
    return ("sum(softplus(−y ⊙ (X w))) + λ‖w‖²", ["w"], None), {"w": (n,)}, regression_data(n, rng), objective


#: (problem, generated method, SciPy method JAX drives)
ROWS = [("seed 001", seed_001_problem, "L-BFGS-B", "L-BFGS-B"), ("seed 001", seed_001_problem, "cg", "L-BFGS-B"),
        ("ridge", ridge_problem, "L-BFGS-B", "L-BFGS-B"), ("ridge", ridge_problem, "cg", "L-BFGS-B"),
        ("logistic", logistic_problem, "L-BFGS-B", "L-BFGS-B"),
        ("logistic", logistic_problem, "trust-krylov", "trust-krylov")]


def jax_driver():
    """A function running a SciPy method on the JAX gradient of an objective, or None without JAX."""
    try:
        import jax
        import jax.numpy as jnp
    except ImportError:
        return None
    jax.config.update("jax_enable_x64", True)

    def prepare(objective, shapes, data):
        names, sizes = list(shapes), [int(np.prod(shape)) for shape in shapes.values()]
        constants = {name: jnp.asarray(value) for name, value in data.items()}

        def packed(theta):
            parts = jnp.split(theta, np.cumsum(sizes)[:-1])
            return objective(jnp, **{n: p.reshape(shapes[n]) for n, p in zip(names, parts)}, **constants)
        value_and_grad = jax.jit(jax.value_and_grad(packed))
        gradient = jax.grad(packed)
        hvp = jax.jit(lambda theta, v: jax.jvp(gradient, (theta,), (v,))[1])

        def fg(theta):
            value, grad = value_and_grad(theta)
            return float(value), np.asarray(grad)
        start = np.zeros(sum(sizes))
        fg(start), hvp(start, start)  # compiled before timing
        return fg, (lambda theta, v: np.asarray(hvp(theta, v))), start

    def run(method, prepared):
        fg, hessp, start = prepared
        gtol = TOLERANCE * max(1.0, np.linalg.norm(fg(start)[1]))
        options = {"maxiter": MAX_ITER, "gtol": gtol}
        if method == "L-BFGS-B":
            options.update(ftol=1e-15, maxfun=20 * MAX_ITER + 100)
        extra = {"hessp": hessp} if method == "trust-krylov" else {}
        return scipy.optimize.minimize(fg, start, jac=True, method=method, options=options, **extra)
    return prepare, run


def median_seconds(functions, repeats):
    """The median time of each function and its last outcome, the functions taking turns so
    that a busy machine slows each alike."""
    times, outcomes = [[] for _ in functions], [None] * len(functions)
    for _ in range(repeats):
        for index, function in enumerate(functions):
            started = time.perf_counter()
            outcomes[index] = function()
            times[index].append(time.perf_counter() - started)
    return [statistics.median(each) for each in times], outcomes


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="n = 10, one repeat")
    parser.add_argument("-n", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    n, repeats = (10, 1) if args.quick else (args.n, args.repeats)
    jax = jax_driver()
    print(f"n = {n}; median of {repeats}; JAX {'present' if jax else 'absent: its columns are empty'}")
    print(f"{'problem':<10}{'generated method':<18}{'iter':>6}{'seconds':>10}   {'JAX drives':<14}"
          f"{'iter':>6}{'seconds':>10}{'ratio':>8}")
    solvers = {}
    for name, make, method, theirs in ROWS:
        (objective, wrt, where), shapes, data, function = make(n, np.random.default_rng(0))
        if objective not in solvers:
            solvers[objective] = matcalc.solver(objective, wrt=wrt, where=where)
            solvers[objective].module  # generated and compiled before timing, as JAX's code is
        solver = solvers[objective]
        timed = [lambda: solver.minimize(method=method, tol=TOLERANCE, max_iter=MAX_ITER, **data)]
        if jax:
            prepare, run = jax
            prepared = prepare(function, shapes, data)
            timed.append(lambda: run(theirs, prepared))
        seconds, outcomes = median_seconds(timed, repeats)
        result = outcomes[0]
        row = f"{name:<10}{method:<18}{result.nit:>6}{seconds[0]:>10.4f}   "
        if jax:
            reference = outcomes[1]
            assert abs(result.fun - reference.fun) <= 1e-6 * max(1.0, abs(reference.fun)), (name, method)
            row += f"{theirs:<14}{reference.nit:>6}{seconds[1]:>10.4f}{seconds[0] / seconds[1]:>8.2f}"
        print(row)


if __name__ == "__main__":
    main()
