"""Checking, the referee of every derived result: the reference evaluator (numeric),
random points honoring declarations (sampling) and inside the domain (domain),
differences with their own error estimates (differences), and the check of a
gradient's generated code against them (gradient_check)."""
