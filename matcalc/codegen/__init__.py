"""Generated code: backend-neutral planning (lowering, shared work, chain order) and the
backends that print a plan as a module."""
