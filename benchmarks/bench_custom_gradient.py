"""Custom gradients against each framework's own autodiff of the plain forward.

    python benchmarks/bench_custom_gradient.py              # n = 500 and 1000, one thread
    python benchmarks/bench_custom_gradient.py --quick      # n = 50: only that it runs

For y = (ρI + DᴴD)⁻¹x with complex n×n D (seed 000) and u1ᵀ W (W E Wᵀ + λI)⁻¹ Wᵀ u2
(seed 002), one step is a forward and a backward of the loss |y|² + Re(w·y): through
`matcalc.custom_gradient(..., target=framework)` (whose forward saves the Cholesky
factor and A⁻¹x for its backward), and through the framework's autodiff of the
plain forward written the careful way (Cholesky for the definite ρI + DᴴD, a solve for
the indefinite W E Wᵀ + λI). JAX steps are jitted. Both are first checked to agree;
the table gives medians over repeats as ratios custom / autodiff (below 1: the
custom gradient is faster). Then, for a wide D (m = 100, n = 2000), the custom gradient
that picks its form by the sizes at the call (the Woodbury form, factoring the m×m
ρI + DDᴴ) against the same with `choose_form=False` (factoring the n×n ρI + DᴴD), in the
same run; that ratio is the speed-up. Every library runs on one thread.
"""
import os

for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[variable] = "1"
os.environ["XLA_FLAGS"] = "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import argparse  # noqa: E402 (the thread settings above must come before the libraries)
import importlib  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

import matcalc  # noqa: E402

SEED_000 = ("(ρ I + Dᴴ D)⁻¹ x", "D: complex m×n, x: complex n, ρ > 0", ("D", "x"))
SEED_002 = ("u1ᵀ W (W E Wᵀ + λI)⁻¹ Wᵀ u2", "E: n×n symmetric, λ > 0", ("W",))
PROBLEMS = {"seed 000": SEED_000, "seed 002": SEED_002}


def sample(problem, n, rng, m=None):
    if problem is SEED_000:
        m = n if m is None else m
        return {"D": rng.standard_normal((m, n)) + 1j * rng.standard_normal((m, n)),
                "x": rng.standard_normal(n) + 1j * rng.standard_normal(n), "ρ": 0.5}
    E = rng.standard_normal((n, n))
    return {"W": rng.standard_normal((n, n)) / np.sqrt(n), "E": (E + E.T) / 2,
            "u1": rng.standard_normal(n), "u2": rng.standard_normal(n), "λ": 2.0}


# -------------------------------------------------------------- the plain forwards, per framework

def plain_jax(jnp, problem, v):
    from jax.scipy.linalg import cho_factor, cho_solve
    if problem is SEED_000:
        D = v["D"]
        return cho_solve(cho_factor(v["ρ"] * jnp.eye(D.shape[1], dtype=D.dtype) + D.conj().T @ D), v["x"])
    W = v["W"]
    gram = W @ v["E"] @ W.T + v["λ"] * jnp.eye(W.shape[0])
    return v["u1"] @ W @ jnp.linalg.solve(gram, W.T @ v["u2"])


def plain_torch(torch, problem, v):
    if problem is SEED_000:
        D = v["D"]
        factor = torch.linalg.cholesky(v["ρ"] * torch.eye(D.shape[1], dtype=D.dtype) + D.mH @ D)
        return torch.cholesky_solve(v["x"][:, None], factor)[:, 0]
    W = v["W"]
    gram = W @ v["E"] @ W.T + v["λ"] * torch.eye(W.shape[0], dtype=W.dtype)
    return v["u1"] @ W @ torch.linalg.solve(gram, W.T @ v["u2"])


def plain_tensorflow(tf, problem, v):
    if problem is SEED_000:
        D = v["D"]
        gram = tf.cast(v["ρ"], D.dtype) * tf.eye(D.shape[1], dtype=D.dtype) + tf.linalg.adjoint(D) @ D
        return tf.linalg.cholesky_solve(tf.linalg.cholesky(gram), v["x"][:, None])[:, 0]
    W = v["W"]
    gram = W @ v["E"] @ tf.transpose(W) + v["λ"] * tf.eye(W.shape[0], dtype=W.dtype)
    solved = tf.linalg.solve(gram, tf.transpose(W) @ v["u2"][:, None])
    return (v["u1"][None, :] @ W @ solved)[0, 0]


# -------------------------------------------------------------- one forward and backward, per framework

def jax_step(jax, forward, inputs, wrt, weight):
    jnp = jax.numpy
    fixed = {k: v for k, v in inputs.items() if k not in wrt}

    def loss(*arrays):
        y = forward(fixed | dict(zip(wrt, arrays)))
        return jnp.sum(jnp.abs(y) ** 2) + jnp.real(jnp.sum(weight * y))

    step = jax.jit(jax.grad(loss, argnums=tuple(range(len(wrt)))))
    arrays = [jnp.asarray(inputs[k]) for k in wrt]
    return lambda: [np.conj(np.asarray(g)) for g in jax.block_until_ready(step(*arrays))]


def torch_step(torch, forward, inputs, wrt, weight):
    tensors = {k: torch.as_tensor(v) if np.ndim(v) else v for k, v in inputs.items()}
    weight = torch.as_tensor(weight)

    def step():
        leaves = {k: tensors[k].clone().requires_grad_(True) for k in wrt}
        y = forward(tensors | leaves)
        loss = torch.sum(torch.abs(y) ** 2) + torch.real(torch.sum(weight.to(y.dtype) * y))
        loss.backward()
        return [leaves[k].grad.numpy() for k in wrt]
    return step


def tensorflow_step(tf, forward, inputs, wrt, weight):
    tensors = {k: tf.convert_to_tensor(v) if np.ndim(v) else v for k, v in inputs.items()}

    def step():
        with tf.GradientTape() as tape:
            tape.watch([tensors[k] for k in wrt])
            y = forward(tensors)
            loss = tf.reduce_sum(tf.abs(y) ** 2) + tf.math.real(tf.reduce_sum(tf.cast(weight, y.dtype) * y))
        return [g.numpy() for g in tape.gradient(loss, [tensors[k] for k in wrt])]
    return step


FRAMEWORKS = {"jax": (plain_jax, jax_step), "torch": (plain_torch, torch_step),
              "tensorflow": (plain_tensorflow, tensorflow_step)}


def framework(name):
    try:
        module = importlib.import_module(name)
    except ImportError:
        return None
    if name == "jax":
        module.config.update("jax_enable_x64", True)
    if name == "torch":
        module.set_num_threads(1)
    if name == "tensorflow":
        module.config.threading.set_intra_op_parallelism_threads(1)
        module.config.threading.set_inter_op_parallelism_threads(1)
    return module


def median_time(step, repeats):
    step()  # compile, warm caches
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def compare(name, module, problem, n, repeats):
    """(custom time, autodiff time) of one step, after checking both give the same gradients."""
    plain, make_step = FRAMEWORKS[name]
    text, where, wrt = problem
    rng = np.random.default_rng(n)
    inputs = sample(problem, n, rng)
    weight = rng.standard_normal(n) + 1j * rng.standard_normal(n) if problem is SEED_000 else 1.0
    custom = matcalc.custom_gradient(text, wrt=list(wrt), where=where, target=name)
    xp = module.numpy if name == "jax" else module
    steps = [make_step(module, lambda v: custom(**v), inputs, wrt, weight),
             make_step(module, lambda v: plain(xp, problem, v), inputs, wrt, weight)]
    for ours, theirs in zip(steps[0](), steps[1]()):
        scale = np.max(np.abs(theirs))
        assert np.max(np.abs(ours - theirs)) <= 1e-8 * scale, f"{name} {text}: the gradients differ"
    return tuple(median_time(step, repeats) for step in steps)


def compare_forms(name, module, m, n, repeats):
    """(size-chosen time, n×n time) of one step of seed 000 with an m×n D."""
    text, where, wrt = SEED_000
    rng = np.random.default_rng(m)
    inputs = sample(SEED_000, n, rng, m)
    weight = rng.standard_normal(n) + 1j * rng.standard_normal(n)
    steps = [FRAMEWORKS[name][1](module, lambda v, layer=layer: layer(**v), inputs, wrt, weight)
             for layer in (matcalc.custom_gradient(text, wrt=list(wrt), where=where, target=name, choose_form=choose)
                           for choose in (True, False))]
    for ours, theirs in zip(steps[0](), steps[1]()):
        assert np.max(np.abs(ours - theirs)) <= 1e-8 * np.max(np.abs(theirs)), f"{name}: the forms differ"
    return tuple(median_time(step, repeats) for step in steps)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="n = 50, a few repeats: only that it runs")
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 1000])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    sizes, repeats = ([50], 2) if args.quick else (args.sizes, args.repeats)
    wide = (10, 200) if args.quick else (100, 2000)
    print(f"{'framework':<11} {'problem':<9} {'n':>5} {'custom ms':>10} {'autodiff ms':>12} {'ratio':>6}")
    for name in FRAMEWORKS:
        module = framework(name)
        if module is None:
            print(f"{name:<11} skipped: not installed")
            continue
        for label, problem in PROBLEMS.items():
            for n in sizes:
                ours, theirs = compare(name, module, problem, n, repeats)
                print(f"{name:<11} {label:<9} {n:>5} {1e3 * ours:>10.1f} {1e3 * theirs:>12.1f} "
                      f"{ours / theirs:>6.2f}", flush=True)
    print(f"\nseed 000, wide D ({wide[0]}×{wide[1]}): the form chosen by the sizes against factoring n×n")
    print(f"{'framework':<11} {'chosen ms':>10} {'n×n ms':>8} {'speed-up':>9}")
    for name in FRAMEWORKS:
        module = framework(name)
        if module is not None:
            chosen, square = compare_forms(name, module, *wide, repeats)
            print(f"{name:<11} {1e3 * chosen:>10.1f} {1e3 * square:>8.1f} {square / chosen:>8.1f}×", flush=True)


if __name__ == "__main__":
    main()
