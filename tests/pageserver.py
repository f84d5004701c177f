"""A local HTTP server standing in for CLAIR's site: each path answers what a test set (status, headers, body), or
holds the request until released (a page that never comes)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    hang: bool = False  # hold the request until the server stops
    length: bool = True  # send Content-Length (else the body ends when the connection closes)


@dataclass
class PageServer:
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)
    base: str = ""
    released: threading.Event = field(default_factory=threading.Event)

    def serve(self, path: str, body: bytes | str, status: int = 200, content_type: str = "text/html; charset=utf-8",
              length: bool = True) -> str:
        """Answer ``path`` with ``body`` from now on; its URL."""
        self.routes[path] = Route(body.encode() if isinstance(body, str) else body, status, content_type, length=length)
        return self.base + path

    def hang(self, path: str) -> str:
        self.routes[path] = Route(hang=True)
        return self.base + path


@contextmanager
def page_server() -> Iterator[PageServer]:
    pages = PageServer()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            pages.requests.append(self.path)
            route = pages.routes.get(self.path, Route(b"not found", 404, "text/plain"))
            if route.hang:
                pages.released.wait()
                return
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            if route.length:
                self.send_header("Content-Length", str(len(route.body)))
            else:
                self.close_connection = True
            self.end_headers()
            self.wfile.write(route.body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    pages.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield pages
    finally:
        pages.released.set()
        server.shutdown()
        server.server_close()
        thread.join()
