"""Opt-in checks around a generated function: `check_finite` refuses inputs with NaN or inf and
results that are not finite (a singular matrix inverted, the log of a non-positive number);
`real_inputs` refuses complex data for the variables declared real.

The generated code stays as it is and the checks wrap it only when asked, so that the
default function runs exactly as fast as without them. They run on concrete arrays
(NumPy, PyTorch, JAX outside jit).
"""
import functools
import warnings

import numpy as np

from ..core.alphabet import other_spellings
from ..errors import MatcalcError


def with_checks(function, variables, check_finite=False, real_inputs=False):
    """`function` (and its `value`, `value_and_grad`) with the checks asked for, or itself."""
    if not (check_finite or real_inputs):
        return function
    real = {name for v in variables if not v.complex for name in (v.name, *other_spellings(v.name))}
    checked = _checking(function, real, check_finite, real_inputs)
    for attribute in ("value", "value_and_grad"):
        if hasattr(function, attribute):
            setattr(checked, attribute, _checking(getattr(function, attribute), real, check_finite, real_inputs))
    return checked


def _checking(function, real, check_finite, real_inputs):
    @functools.wraps(function)
    def checked(**inputs):
        for name, value in inputs.items():
            array = _as_array(value)
            if real_inputs and name in real and np.iscomplexobj(array):
                raise MatcalcError(f"{name} is declared real, but complex values were given for it")
            if check_finite and not _finite(array):
                raise MatcalcError(f"{name} has entries that are not finite (NaN or inf)")
        if not check_finite:
            return function(**inputs)
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the result is refused below, with a reason
            try:
                result = function(**inputs)
            except np.linalg.LinAlgError as error:
                raise MatcalcError(f"a matrix the expression inverts or factors is singular ({error})") from None
        for part in result if isinstance(result, tuple) else (result,):
            if not _finite(_as_array(part)):
                raise MatcalcError("the result is not finite: a matrix the expression inverts may be singular, "
                                   "or a log or square root is taken of a number outside its domain")
        return result
    return checked


def _finite(array):
    """Whether every entry is finite: a NaN or inf makes the sum so, which is quicker to
    take than testing each entry; only a sum that overflows needs the entries looked at."""
    return bool(np.isfinite(array.sum())) or bool(np.all(np.isfinite(array)))


def _as_array(value):
    """A NumPy view of an input or result: arrays and numbers as they are, tensors detached."""
    detach = getattr(value, "detach", None)
    return np.asarray(detach().cpu() if detach is not None else value)
