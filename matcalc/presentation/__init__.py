"""Presentation of results: the derivation as steps, and short names for subexpressions."""
