"""Every benchmark table, side by side, as markdown.

    python benchmarks/run.py                 # every table (tens of minutes)
    python benchmarks/run.py --quick         # a smoke run: does each table run? (CI)
    python benchmarks/run.py derivation      # the named tables only

A table is a module benchmarks/bench_<name>.py with `table(quick) -> timing.Table`;
listing it in TABLES adds it here.
"""
import argparse
import importlib
import os
import platform
import sys
import time

import numpy as np
import scipy
import sympy

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.dirname(HERE)]  # this checkout's matcalc, not an installed one

#: The tables, in the order they print: bench_<name>.py each.
TABLES = ("derivation", "generated", "scaling", "call_sizes")


def machine():
    """One line saying where the figures come from."""
    load = os.getloadavg()[0]
    return (f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, load average {load:.1f}; "
            f"Python {platform.python_version()}, NumPy {np.__version__}, SciPy {scipy.__version__}, "
            f"SymPy {sympy.__version__}; {time.strftime('%Y-%m-%d', time.gmtime())}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tables", nargs="*", choices=[[], *TABLES], metavar="TABLE",
                        help=f"which tables (default all): {', '.join(TABLES)}")
    parser.add_argument("--quick", action="store_true", help="a few small cases each: only that they run")
    args = parser.parse_args(argv)
    print(f"Machine: {machine()}\n", flush=True)
    for name in args.tables or TABLES:
        started = time.perf_counter()
        table = importlib.import_module(f"bench_{name}").table(quick=args.quick)
        print(table.markdown(), flush=True)
        print(f"({name}: {time.perf_counter() - started:.0f} s)\n", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
