"""Derivation: the identities of rules/*.toml, the rewrite engine that applies them, and the
passes built on it — differential, adjoint, simplification — with the results they make."""
