"""Time budgets for the limit tests: CPU time, scaled by a calibration made in the same run.

Wall-clock time depends on whatever else the machine runs; the process's own CPU time
hardly does. What remains (a slower machine, a cache shared with a busy neighbour) is
absorbed by the calibration: the same kind of work, a derivation, timed in the same
run. A budget of s seconds means s seconds where the calibration takes REFERENCE
seconds, proportionally more where it takes longer, never less.
"""
import functools
import signal
import time
from contextlib import contextmanager

import matcalc

#: CPU seconds the calibration takes on an idle machine of the kind the budgets were set on.
REFERENCE = 0.04
#: Terms of the sum the calibration derives.
TERMS = 40


class Overtime(BaseException):
    """Raised into a call that runs past its budget (a BaseException, so no handler swallows it)."""


@functools.cache
def calibration():
    """The least CPU time of three derivations of a sum of TERMS bilinear terms."""
    matcalc.grad("tr(X)", wrt="X")  # loads the grammar and the rules first
    times = []
    for run in range(3):
        text = " + ".join(f"c{run}_{i}ᵀ X d{run}_{i}" for i in range(TERMS))
        start = time.process_time()
        matcalc.grad(text, wrt="X")
        times.append(time.process_time() - start)
    return min(times)


def budget(seconds):
    """`seconds` of CPU time at the reference speed, in CPU seconds at this run's speed."""
    return seconds * max(1.0, calibration() / REFERENCE)


@contextmanager
def deadline(seconds):
    """Raise Overtime into the block once it has used budget(seconds) of CPU time."""
    allowed = budget(seconds)

    def expire(signum, frame):
        raise Overtime(f"not finished within {allowed:.2g} s of CPU time")
    previous = signal.signal(signal.SIGPROF, expire)
    signal.setitimer(signal.ITIMER_PROF, allowed)
    try:
        yield
    except Overtime:
        raise Overtime(f"not finished within {allowed:.2g} s of CPU time") from None  # without the deep stack
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def cpu_seconds(function, *args, **kwargs):
    """(outcome, CPU seconds) of a call: its result, or the MatcalcError it raised."""
    start = time.process_time()
    try:
        outcome = function(*args, **kwargs)
    except matcalc.MatcalcError as error:
        outcome = error
    return outcome, time.process_time() - start
