"""Every benchmark table, side by side, as markdown.

    python benchmarks/run.py                 # every table (an hour or more)
    python benchmarks/run.py --quick         # a smoke run: does each table run? (CI)
    python benchmarks/run.py derivation      # the named tables only

A table is a module benchmarks/bench_<name>.py with `table(quick) -> timing.Table`;
listing it in TABLES adds it here. A benchmark listed in SCRIPTS prints its own table
as a script: it runs as a process of its own (it sets its own thread counts), and its
output is shown as it is.
"""
import argparse
import ast
import importlib
import os
import platform
import subprocess
import sys
import time

import numpy as np
import scipy
import sympy

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.dirname(HERE)]  # this checkout's matcalc, not an installed one

#: The tables, in the order they print: bench_<name>.py each.
TABLES = ("derivation", "generated", "scaling", "call_sizes")
#: The benchmarks that are scripts: bench_<name>.py each, taking --quick.
SCRIPTS = ("hessians", "custom_gradient", "expm", "solvers", "input_checks")


def machine():
    """One line saying where the figures come from."""
    load = os.getloadavg()[0]
    return (f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, load average {load:.1f}; "
            f"Python {platform.python_version()}, NumPy {np.__version__}, SciPy {scipy.__version__}, "
            f"SymPy {sympy.__version__}; {time.strftime('%Y-%m-%d', time.gmtime())}")


def script_table(name, quick):
    """The markdown of a benchmark script's output: its docstring's first line, then what it prints."""
    path = os.path.join(HERE, f"bench_{name}.py")
    with open(path, encoding="utf-8") as source:
        title = ast.get_docstring(ast.parse(source.read())).splitlines()[0]
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([os.path.dirname(HERE), os.environ.get("PYTHONPATH", "")])}
    finished = subprocess.run([sys.executable, path, *(["--quick"] if quick else [])], capture_output=True,
                              text=True, encoding="utf-8", env=environment, cwd=os.path.dirname(HERE))
    if finished.returncode != 0:
        raise RuntimeError(f"bench_{name}.py failed:\n{finished.stderr[-2000:]}")
    return f"### {title}\n\n```\n{finished.stdout.rstrip()}\n```\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tables", nargs="*", choices=[[], *TABLES, *SCRIPTS], metavar="TABLE",
                        help=f"which tables (default all): {', '.join(TABLES + SCRIPTS)}")
    parser.add_argument("--quick", action="store_true", help="a few small cases each: only that they run")
    args = parser.parse_args(argv)
    print(f"Machine: {machine()}\n", flush=True)
    for name in args.tables or TABLES + SCRIPTS:
        started = time.perf_counter()
        if name in SCRIPTS:
            print(script_table(name, args.quick), flush=True)
        else:
            print(importlib.import_module(f"bench_{name}").table(quick=args.quick).markdown(), flush=True)
        print(f"({name}: {time.perf_counter() - started:.0f} s)\n", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
