"""`matcalc serve`: the page, the API over HTTP, and the limits that keep the server answering."""
import http.client
import json
import os
import signal
import subprocess
import sys
import threading

import pytest

from matcalc.web.server import MAX_BODY, start

SEED_001 = {"expr": "‖Z − I ⊙ (H_RᵀA + H_IᵀB)‖_F² + ‖W − [H_R, −H_I; H_I, H_R] P Sᵀ‖_F²", "wrt": "H_R,H_I",
            "where": "H_R: n×n, H_I: n×n", "targets": ["numpy", "jax", "torch"]}


@pytest.fixture(scope="module")
def server():
    """A server on a free port with one worker; a test may lower its time limit."""
    running = start(port=0, workers=1, quiet=True)
    thread = threading.Thread(target=running.serve_forever, daemon=True)
    thread.start()
    yield running
    running.shutdown()
    running.server_close()
    running.pool.close()


def ask(server, method, path, body=None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=120)
    data = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
    connection.request(method, path, body=data, headers=headers or {})
    response = connection.getresponse()
    payload = response.read()
    connection.close()
    kind = response.getheader("Content-Type", "")
    return response.status, json.loads(payload) if kind.startswith("application/json") else payload.decode()


def test_the_page_and_its_files_are_served(server):
    status, page = ask(server, "GET", "/")
    assert status == 200 and "<textarea id=\"expr\"" in page and "/static/app.js" in page
    for name in ("app.js", "style.css"):
        assert ask(server, "GET", f"/static/{name}")[0] == 200
    status, examples = ask(server, "GET", "/api/examples")
    assert status == 200 and all({"title", "expr", "wrt", "kind"} <= set(e) for e in examples)


def test_the_page_loads_nothing_from_elsewhere(server):
    for name in ("/", "/static/app.js", "/static/style.css"):
        text = ask(server, "GET", name)[1]
        assert "http://" not in text.replace("http://www.w3.org", "") and "https://" not in text


def test_a_derivation_over_http(server):
    status, body = ask(server, "POST", "/api/derive", {"expr": "tr(A X B)", "wrt": "X"})
    assert status == 200 and body["text"] == "AᵀBᵀ" and body["check"]["passed"]


def test_bad_input_is_a_400_with_the_column(server):
    status, body = ask(server, "POST", "/api/derive", {"expr": "tr(A X B", "wrt": "X"})
    assert status == 400 and body["column"] == 8


@pytest.mark.parametrize("body, headers, status", [
    (b"{not json", {}, 400),
    (b"x" * (MAX_BODY + 1), {}, 413),
])
def test_bodies_that_are_not_requests(server, body, headers, status):
    assert ask(server, "POST", "/api/derive", body, headers)[0] == status


def test_unknown_paths_and_rules_are_404(server):
    assert ask(server, "GET", "/etc/passwd")[0] == 404
    assert ask(server, "GET", "/static/../cli.py")[0] == 404
    assert ask(server, "GET", "/api/rule/d.nonsense")[0] == 404
    assert ask(server, "GET", "/api/rule/d.inverse")[1]["source"]


def test_a_derivation_past_its_time_limit_is_stopped_and_the_server_goes_on(server):
    limit = server.pool.time_limit
    server.pool.time_limit = 0.01
    try:
        status, body = ask(server, "POST", "/api/derive", SEED_001)
    finally:
        server.pool.time_limit = limit
    assert status == 400 and "took too long" in body["error"]
    assert ask(server, "GET", "/")[0] == 200
    assert ask(server, "POST", "/api/derive", {"expr": "tr(X)", "wrt": "X"})[0] == 200  # a fresh worker


def test_the_command_prints_its_url_and_stops_on_ctrl_c():
    process = subprocess.Popen([sys.executable, "-m", "matcalc", "serve", "--port", "0", "--host", "0.0.0.0"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        line = process.stdout.readline()
        assert line.startswith("matcalc serving on http://0.0.0.0:")
        process.send_signal(signal.SIGINT)
        _, errors = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 0
    assert "other machines on the network can reach it" in errors and "stopped" in errors
