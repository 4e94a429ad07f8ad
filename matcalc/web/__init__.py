"""A local page for people who never open a terminal: `matcalc serve`.

server.py serves the page (static/) and the JSON API; api.py answers a request with
the same functions as the command line; workers.py runs each derivation in a worker
process under time and memory limits.
"""
