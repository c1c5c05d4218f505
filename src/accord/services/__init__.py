"""The hub's use cases: registry, publish pipeline, checks, tokens.

Each function takes a :class:`accord.store.Database` and plain values, runs the
engines (kinds, lint, compat) and the store, and raises ``AccordError`` with a
stable code; the HTTP API and the CLI map those errors to their medium.
"""
