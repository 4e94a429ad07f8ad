"""`matcalc serve`: the page and its JSON API on a local HTTP server.

GET / and /static/… serve the page; GET /api/examples the seeds' examples; GET
/api/rule/<id> what a step's rule states; POST /api/derive answers a request (see
api.py) in a worker process. The server never runs code it receives: requests are data.
"""
import ipaddress
import json
import mimetypes
import select
import socket
import sys
import webbrowser
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from urllib.parse import unquote, urlsplit

from ..errors import MatcalcError
from .api import rule
from .workers import WorkerPool

MAX_BODY = 100 * 1024
STATIC = resources.files(__package__) / "static"


class Handler(BaseHTTPRequestHandler):
    """One request; the pool and the quiet flag come from the server."""

    server_version = "matcalc"

    def do_GET(self):
        path = unquote(urlsplit(self.path).path)
        if path in ("/", "/index.html"):
            return self._static("index.html")
        if path.startswith("/static/"):
            return self._static(path[len("/static/"):])
        if path == "/api/examples":
            return self._file(STATIC / "examples.json", "application/json")
        if path.startswith("/api/rule/"):
            try:
                return self._json(HTTPStatus.OK, rule(path[len("/api/rule/"):]))
            except MatcalcError as error:
                return self._json(HTTPStatus.NOT_FOUND, {"error": str(error), "column": None})
        return self._json(HTTPStatus.NOT_FOUND, {"error": f"no page {path}", "column": None})

    def do_POST(self):
        if urlsplit(self.path).path != "/api/derive":
            return self._json(HTTPStatus.NOT_FOUND, {"error": "POST goes to /api/derive", "column": None})
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            return self._json(HTTPStatus.LENGTH_REQUIRED, {"error": "say the body's Content-Length", "column": None})
        if int(length) > MAX_BODY:
            self.close_connection = True
            return self._json(HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                              {"error": f"the request is larger than {MAX_BODY // 1024} kB", "column": None})
        try:
            request = json.loads(self.rfile.read(int(length)).decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            return self._json(HTTPStatus.BAD_REQUEST, {"error": "the body is not JSON", "column": None})
        answered = self.server.pool.answer(request, wanted=self._client_waits)
        if answered is not None:
            ok, body = answered
            self._json(HTTPStatus.OK if ok else HTTPStatus.BAD_REQUEST, body)

    def _client_waits(self):
        """Whether the client still waits: a page that sent a newer request has closed this one."""
        readable, _, _ = select.select([self.connection], [], [], 0)
        try:
            return not readable or self.connection.recv(1, socket.MSG_PEEK) != b""
        except OSError:
            return False

    def _static(self, name):
        file = STATIC / name
        if "/" in name or name.startswith(".") or not file.is_file():
            return self._json(HTTPStatus.NOT_FOUND, {"error": f"no file {name}", "column": None})
        self._file(file, mimetypes.guess_type(name)[0] or "application/octet-stream")

    def _file(self, file, content_type):
        self._send(HTTPStatus.OK, file.read_bytes(), content_type)

    def _json(self, status, body):
        self._send(status, json.dumps(body, ensure_ascii=False).encode("utf-8"), "application/json")

    def _send(self, status, data, content_type):
        self.send_response(status)
        self.send_header("Content-Type", f"{content_type}; charset=utf-8" if content_type.startswith(
            ("text/", "application/json", "application/javascript")) else content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args):
        if not self.server.quiet:
            super().log_message(format, *args)


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        """A client that left before its answer is not an error; anything else is reported."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)

    def __init__(self, address, pool, quiet=False):
        super().__init__(address, Handler)
        self.pool, self.quiet = pool, quiet


def start(host="127.0.0.1", port=8765, workers=2, time_limit=10.0, quiet=False):
    """A server bound to host:port (port 0 picks a free one), not yet serving."""
    return Server((host, port), WorkerPool(workers, time_limit), quiet)


def serve(host="127.0.0.1", port=8765, open_browser=False, workers=2, time_limit=10.0):
    """Serve until Ctrl-C; prints the URL (and a warning when others on the network can reach it)."""
    server = start(host, port, workers, time_limit, quiet=True)
    url = f"http://{host if ':' not in host else f'[{host}]'}:{server.server_address[1]}/"
    if not _is_loopback(host):
        print(f"warning: serving on {host}, so other machines on the network can reach it", file=sys.stderr)
    print(f"matcalc serving on {url}  (Ctrl-C stops it)", flush=True)
    if open_browser:
        webbrowser.open(url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
    finally:
        server.server_close()
        server.pool.close()


def _is_loopback(host):
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"
