"""What a run shows while it runs: the history, verbose lines, the callback, a progress bar."""
import sys
import time

#: A run shorter than this shows no progress bar.
BAR_AFTER_SECONDS = 1.0


class Progress:
    """One record per iteration: kept in the history, printed if verbose, passed to the callback."""

    def __init__(self, layout, verbose=False, callback=None, max_iter=None, stream=None):
        self.layout, self.verbose, self.callback, self.max_iter = layout, verbose, callback, max_iter
        self.stream = stream or sys.stderr
        self.history = []
        self.started = time.monotonic()
        self.bar_shown = False
        if verbose:
            print(f"{'iteration':>9}  {'objective':>14}  {'gradient norm':>13}  {'step':>10}", file=sys.stdout)

    def record(self, iteration, value, gradient_norm, step, vector):
        self.history.append({"nit": iteration, "fun": value, "grad_norm": gradient_norm, "step": step})
        if self.verbose:
            print(f"{iteration:>9}  {value:>14.8g}  {gradient_norm:>13.3e}  {step:>10.3e}", file=sys.stdout)
        elif self._terminal() and time.monotonic() - self.started > BAR_AFTER_SECONDS:
            self._bar(iteration, value, gradient_norm)
        if self.callback is not None:
            self.callback(self.layout.unpack(vector))

    def close(self):
        if self.bar_shown:
            print(file=self.stream)

    def _terminal(self):
        return getattr(self.stream, "isatty", lambda: False)()

    def _bar(self, iteration, value, gradient_norm):
        width = 30
        done = int(width * min(iteration / self.max_iter, 1)) if self.max_iter else 0
        print(f"\r[{'#' * done}{'.' * (width - done)}] iteration {iteration}  f = {value:.6g}  "
              f"|g| = {gradient_norm:.2e}", end="", file=self.stream, flush=True)
        self.bar_shown = True
