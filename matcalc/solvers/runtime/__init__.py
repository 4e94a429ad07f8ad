"""The code a generated solver module carries: NumPy and SciPy only.

Each module here is importable on its own inside matcalc, and is also copied into
every generated module (its relative imports dropped), so the solver that matcalc
runs is the very text it hands out.
"""
