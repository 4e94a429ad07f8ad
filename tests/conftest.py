import os
import sys

# The tests compute with small matrices, where a pool of BLAS, OpenMP, XLA or TensorFlow
# threads only spins against the other processes on the machine: one thread each is several
# times faster on a loaded runner. Set before NumPy or any framework is first imported; a
# value already in the environment is kept.
for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS",
                 "TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS"):
    os.environ.setdefault(variable, "1")
os.environ.setdefault("XLA_FLAGS", "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1")

from hypothesis import settings  # noqa: E402  (after the thread settings: it may import NumPy)

# The same examples on every run, so that a run of the suite is reproducible;
# HYPOTHESIS_PROFILE=random draws new ones.
settings.register_profile("reproducible", derandomize=True, database=None)
settings.register_profile("random")
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "reproducible"))

sys.path.insert(0, os.path.dirname(__file__))
