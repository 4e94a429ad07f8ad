"""Derivations in worker processes, so that no input can stall or exhaust the server.

Each worker answers one request at a time under a memory limit and a time limit. The
time limit counts the worker's CPU time (a profiling timer), so a busy machine does not
turn a good request into a refused one; past it the worker stops the derivation and
answers that it took too long. A derivation stuck where the timer cannot interrupt it
(inside one long library call) is caught by a wall-clock backstop: its worker is killed
and replaced. The pool is bounded: with every worker busy, further requests wait their
turn while the server itself (the page, the static files) keeps answering.
"""
import multiprocessing
import queue
import resource
import signal

from ..errors import MatcalcError
from .api import answer, error_answer

DEFAULT_TIME_LIMIT = 10.0
DEFAULT_MEMORY_LIMIT = 4 * 2**30  # bytes of address space per worker
WARM_UP = {"expr": "a' inv(X) b", "wrt": "X", "targets": ["numpy"]}
BACKSTOP = 10  # the wall-clock backstop, in time limits (plus half a minute for a worker's start)


class TookTooLong(BaseException):  # not an Exception: no `except Exception` in the engine may swallow it
    """Raised in a worker when its request has used up its CPU time."""


class Worker:
    """One process answering requests sent down a pipe."""

    def __init__(self, memory_limit):
        context = multiprocessing.get_context("spawn")  # no copy of the server's threads and sockets
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_work, args=(child, memory_limit), daemon=True)
        self.process.start()
        child.close()

    def ask(self, request, time_limit):
        """(ok, body) for one request; TimeoutError when the worker does not answer by the backstop."""
        self.connection.send((request, time_limit))
        if not self.connection.poll(BACKSTOP * time_limit + 30):
            raise TimeoutError
        return self.connection.recv()

    def stop(self):
        self.process.kill()
        self.process.join()
        self.connection.close()


class WorkerPool:
    """`size` workers; `answer(request)` gives (ok, body) within the time limit, or says it took too long."""

    def __init__(self, size=2, time_limit=DEFAULT_TIME_LIMIT, memory_limit=DEFAULT_MEMORY_LIMIT):
        self.time_limit, self.memory_limit = time_limit, memory_limit
        self._idle = queue.Queue()
        for _ in range(size):
            self._idle.put(Worker(memory_limit))

    def answer(self, request, wanted=lambda: True):
        """(ok, body), or None when the asker left (`wanted()` false) while the request waited."""
        worker = self._idle.get()
        try:
            if not wanted():
                return None
            return worker.ask(request, self.time_limit)
        except TimeoutError:
            worker = self._replace(worker)
            return False, _too_long(self.time_limit)
        except (EOFError, OSError):  # the worker died: out of memory, or killed
            worker = self._replace(worker)
            return False, {"error": "the derivation needed more memory than a request may use", "column": None}
        finally:
            self._idle.put(worker)

    def _replace(self, worker):
        worker.stop()
        return Worker(self.memory_limit)

    def close(self):
        while not self._idle.empty():
            self._idle.get().stop()


def _work(connection, memory_limit):
    """A worker's life: answer requests until the pipe closes."""
    resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
    signal.signal(signal.SIGPROF, _out_of_time)
    _answered(WARM_UP, None)  # the parser, the rules and the code generators, made before the first visitor
    while True:
        try:
            request, time_limit = connection.recv()
        except EOFError:
            return
        try:
            reply = _answered(request, time_limit)
        except TookTooLong:  # the timer fired as the answer was being returned
            reply = False, _too_long(time_limit)
        connection.send(reply)


def _out_of_time(signum, frame):
    raise TookTooLong


def _too_long(time_limit):
    return {"error": f"the derivation took too long (more than {time_limit:g} s); "
                     "split the expression into named parts", "column": None}


def _answered(request, time_limit):
    """(True, the answer) or (False, {error, column}) within `time_limit` CPU seconds: never a traceback."""
    if time_limit:
        signal.setitimer(signal.ITIMER_PROF, time_limit)
    try:
        return True, answer(request)
    except TookTooLong:
        return False, _too_long(time_limit)
    except MatcalcError as error:
        return False, error_answer(error)
    except MemoryError:
        return False, {"error": "the derivation needed more memory than a request may use", "column": None}
    except RecursionError:
        return False, {"error": "the expression is nested too deeply; split it into named parts", "column": None}
    except Exception as error:  # noqa: BLE001 — a bug must still answer in words
        return False, {"error": f"internal error ({type(error).__name__}: {error})", "column": None}
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
