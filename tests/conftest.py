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

sys.path.insert(0, os.path.dirname(__file__))
