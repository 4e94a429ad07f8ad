"""Generated solvers: from an objective to its minimizer.

`matcalc.solver(objective, wrt=[...])` analyses the objective symbolically (its
gradients, a closed-form Hessian-vector product, whether it is quadratic along a
line and so has an exact step), writes one self-contained NumPy/SciPy module
holding all of it, and minimizes with that module. The modules read as the work:
problem (what is solved), analysis (the symbolic facts), constraints, generated
(the module's text), api (the result); runtime/ is the code the generated module
carries with it.
"""
