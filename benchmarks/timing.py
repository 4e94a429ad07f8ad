"""What every benchmark table shares: interleaved timing, worker processes, markdown.

Timings are taken in turns (one call of each contender per round, a different one
first each round) so that a change in the machine's load falls on all alike, and
reported as the median and the minimum over the rounds. A contender whose thread
pool would slow the others (JAX, PyTorch, a multi-threaded BLAS) runs in a worker
process of its own, started by `in_worker`, which hands back JSON.
"""
import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


@dataclass(frozen=True)
class Spread:
    """Median and minimum seconds of one contender's timed calls."""
    median: float
    minimum: float
    runs: int

    def ms(self):
        return f"{1000 * self.median:.2f} ({1000 * self.minimum:.2f})"

    def as_dict(self):
        return {"median": self.median, "minimum": self.minimum, "runs": self.runs}


def spread(seconds):
    return Spread(statistics.median(seconds), min(seconds), len(seconds))


def interleaved(contenders, rounds, budget=None, at_most=None):
    """{name: Spread} of calling each of `contenders` (name → function of no arguments) in
    turns, after one warm-up call each; fast calls get more rounds, up to `budget` seconds,
    and slow ones fewer (but three), down to `at_most` seconds."""
    times = {name: [] for name in contenders}
    start = time.perf_counter()
    for function in contenders.values():
        function()
    one_round = time.perf_counter() - start
    if budget is not None:
        rounds = max(rounds, min(200, int(budget / max(one_round, 1e-9))))
    if at_most is not None:
        rounds = min(rounds, max(3, int(at_most / max(one_round, 1e-9))))
    names = list(contenders)
    for round_ in range(rounds):
        for name in names[round_ % len(names):] + names[:round_ % len(names)]:
            function = contenders[name]
            started = time.perf_counter()
            function()
            times[name].append(time.perf_counter() - started)
    return {name: spread(seconds) for name, seconds in times.items()}


def whole_processes(commands, rounds, env=None, timeout=60):
    """{name: Spread} of wall seconds of whole processes (name → argv), started in turns."""
    times = {name: [] for name in commands}
    names = list(commands)
    for round_ in range(rounds):
        for name in names[round_ % len(names):] + names[:round_ % len(names)]:
            started = time.perf_counter()
            subprocess.run(commands[name], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           env=env, timeout=timeout, check=True, cwd=ROOT)
            times[name].append(time.perf_counter() - started)
    return {name: spread(seconds) for name, seconds in times.items()}


def in_worker(module, arguments, env=None, timeout=600):
    """What `python benchmarks/<module>.py --worker ARGS` prints as JSON, run in a fresh process
    (with `env` added to the environment: OPENBLAS_NUM_THREADS must be set before NumPy loads)."""
    environment = {**os.environ, "PYTHONPATH": ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""),
                   **(env or {})}
    finished = subprocess.run([sys.executable, os.path.join(HERE, f"{module}.py"), "--worker", *arguments],
                              capture_output=True, text=True, env=environment, timeout=timeout, cwd=ROOT)
    if finished.returncode != 0:
        raise RuntimeError(f"{module} worker failed:\n{finished.stderr[-2000:]}")
    return json.loads(finished.stdout.strip().splitlines()[-1])


def ratio(numerator, denominator):
    return f"{numerator / denominator:.2f}" if numerator and denominator else "—"


@dataclass
class Table:
    """One markdown table: a title, a note under it, its columns and rows of cells."""
    title: str
    columns: list
    rows: list = field(default_factory=list)
    note: str = ""

    def markdown(self):
        lines = [f"### {self.title}", ""]
        if self.note:
            lines += [self.note, ""]
        lines.append("| " + " | ".join(self.columns) + " |")
        lines.append("|" + "|".join("---" for _ in self.columns) + "|")
        lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in self.rows]
        return "\n".join(lines) + "\n"
