"""A bounded load test of `matcalc serve`, on 127.0.0.1 only.

    python benchmarks/load_serve.py                 # 200 requests from 8 clients
    python benchmarks/load_serve.py --requests 40   # a smaller run

It starts a server on a free loopback port, then 8 client threads send a shuffled mix of
good requests (each answer compared with the engine's own gradient text), bad ones (each
must be a 400) and pathological ones (a 10,000-factor product, nesting 200 deep: each must
be answered within the time limit). A ninth thread asks GET / throughout and records its
slowest answer, which must stay under 1 s.
"""
import argparse
import http.client
import json
import random
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import matcalc
from matcalc.web.server import start

GOOD = [("tr(A X B)", "X", ""), ("u1ᵀ W (W E Wᵀ + λI)⁻¹ Wᵀ u2", "W", "E: n×n symmetric"),
        ("‖y − Φ θ‖²", "θ", "Φ: N×D, θ: D, y: N"), ("logdet(S) + tr(S⁻¹ C)", "S", "S: n×n spd"),
        ("sum(log(sigmoid(X w)))", "w", "")]
BAD = [("tr(A X B", "X"), ("a + X", "X"), ("logdett(X)", "X"), ("tr(A X)", "Y")]
PATHOLOGICAL = [("tr(" + " ".join(["A"] * 10_000) + " X)", "X"),
                ("tr(" + "inv(" * 200 + "X" + ")" * 200 + ")", "X")]


def ask(port, method, path, body=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    started = time.perf_counter()
    connection.request(method, path, body=None if body is None else json.dumps(body).encode())
    response = connection.getresponse()
    payload = response.read()
    connection.close()
    return response.status, payload, time.perf_counter() - started


def requests(count, rng):
    """(kind, request, expected) triples: good, bad and pathological, shuffled."""
    mix = []
    for i in range(count):
        kind = rng.choices(["good", "bad", "pathological"], weights=[6, 3, 1])[0]
        if kind == "good":
            expr, wrt, where = rng.choice(GOOD)
            expected = str(matcalc.grad(expr, wrt=wrt, where=where or None))
            mix.append((kind, {"expr": expr, "wrt": wrt, "where": where}, expected))
        else:
            expr, wrt = rng.choice(BAD if kind == "bad" else PATHOLOGICAL)
            mix.append((kind, {"expr": expr, "wrt": wrt}, None))
    return mix


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--time-limit", type=float, default=10.0)
    args = parser.parse_args()
    server = start(port=0, workers=2, time_limit=args.time_limit, quiet=True)
    port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    mix = requests(args.requests, random.Random(0))
    page_times, done = [], threading.Event()

    def poll_page():
        while not done.is_set():
            status, _, seconds = ask(port, "GET", "/")
            page_times.append(seconds if status == 200 else float("inf"))
            time.sleep(0.05)

    def run(item):
        kind, request, expected = item
        status, payload, seconds = ask(port, "POST", "/api/derive", request)
        body = json.loads(payload)
        if kind == "good":
            ok = status == 200 and body["text"] == expected and body["check"]["passed"]
        elif kind == "bad":
            ok = status == 400 and bool(body["error"])
        else:
            ok = status in (200, 400) and seconds < args.time_limit + 60  # its limit, plus its wait in line
        return kind, ok, seconds

    poller = threading.Thread(target=poll_page, daemon=True)
    poller.start()
    started = time.perf_counter()
    with ThreadPoolExecutor(args.clients) as clients:
        results = list(clients.map(run, mix))
    elapsed = time.perf_counter() - started
    done.set()
    poller.join()
    server.shutdown()
    server.pool.close()
    print(f"{len(results)} requests from {args.clients} clients in {elapsed:.1f} s")
    print("| kind | requests | answered as expected | median s | max s |\n|---|---|---|---|---|")
    for kind in ("good", "bad", "pathological"):
        rows = [r for r in results if r[0] == kind]
        if rows:
            times = [r[2] for r in rows]
            print(f"| {kind} | {len(rows)} | {sum(r[1] for r in rows)} | {statistics.median(times):.2f} | "
                  f"{max(times):.2f} |")
    print(f"GET / answered {len(page_times)} times during the run, slowest {max(page_times):.3f} s")
    failed = [r for r in results if not r[1]] or max(page_times) >= 1.0
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
