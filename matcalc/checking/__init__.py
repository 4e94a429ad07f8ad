"""Checking: a plain reference evaluator, random points in a function's domain, and finite
differences, the referee of every derived result."""
