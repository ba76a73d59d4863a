"""A real HTTP server on localhost that serves evolving news pages, for capture tests."""

from __future__ import annotations

import contextlib
import gzip
import html
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SEED = (Path(__file__).parent / "fixtures" / "seed" / "article.txt").read_text(encoding="utf-8")


def seed_parts() -> tuple[str, list[str]]:
    """The seed article's headline and body paragraphs."""
    blocks = [b.strip() for b in SEED.split("\n\n") if b.strip()]
    return blocks[0], blocks[2:]


def news_page(
    title: str,
    paragraphs: list[str],
    *,
    canonical: str = "",
    charset_meta: str = "utf-8",
) -> str:
    """An article wrapped in the chrome of a real news site: navigation, ads, scripts, footer."""
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    link = f'<link rel="canonical" href="{html.escape(canonical)}">' if canonical else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="{charset_meta}">
<title>{html.escape(title)} | Example News</title>{link}
<meta name="author" content="Gary Wilson">
<meta property="article:published_time" content="2024-05-28T10:00:00+00:00">
<script>window.dataLayer = []; function track() {{ return "TRACKING SCRIPT TEXT"; }}</script>
<style>.ad {{ color: red }}</style></head>
<body>
<header><nav><a href="/">Home</a> <a href="/world">World news</a>
<a href="/subscribe">Subscribe now for unlimited access</a></nav></header>
<div class="ad">ADVERTISEMENT Buy the amazing widget today</div>
<main><article><h1>{html.escape(title)}</h1>
<p class="byline">By Gary Wilson</p><time datetime="2024-05-28">May 28, 2024</time>
{body}
</article></main>
<aside><h3>Most read</h3><ul><li><a href="/x">Celebrity gossip you missed</a></li>
<li><a href="/y">Ten summer recipes</a></li></ul></aside>
<footer>Copyright Example News Group. All rights reserved. <a href="/privacy">Privacy</a></footer>
</body></html>"""


CHROME = [
    "TRACKING SCRIPT",
    "Subscribe now",
    "ADVERTISEMENT",
    "widget",
    "Most read",
    "Celebrity gossip",
    "summer recipes",
    "All rights reserved",
    "World news",
]


@dataclass
class Page:
    """How one path answers."""

    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    etag: str = ""
    gzip: bool = False
    hang: float = 0.0
    drip: float = 0.0
    redirect: str = ""


class Site:
    """The server's pages and what it was asked."""

    def __init__(self) -> None:
        self.pages: dict[str, Page] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.lock = threading.Lock()
        self.base = ""

    def url(self, path: str) -> str:
        return self.base + path

    def serve(self, path: str, page: Page) -> str:
        self.pages[path] = page
        return self.url(path)


def start(site: Site) -> ThreadingHTTPServer:
    """Start serving ``site`` on a free localhost port, in a background thread."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            path = self.path.split("?")[0]
            with site.lock:
                site.requests.append((self.path, dict(self.headers.items())))
            page = site.pages.get(path)
            if page is None:
                self._send(404, b"not found", "text/plain")
                return
            if page.hang:
                time.sleep(page.hang)
            if page.redirect:
                self.send_response(page.status or 302)
                self.send_header("Location", page.redirect)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if page.etag and self.headers.get("If-None-Match") == page.etag:
                self.send_response(304)
                self.send_header("ETag", page.etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            body = page.body
            headers = dict(page.headers)
            if page.etag:
                headers["ETag"] = page.etag
            if page.gzip:
                body = gzip.compress(body)
                headers["Content-Encoding"] = "gzip"
            if page.drip:
                self.send_response(page.status)
                self.send_header("Content-Type", page.content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                for byte in body:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(page.drip)
                return
            self._send(page.status, body, page.content_type, headers)

        def _send(
            self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None
        ) -> None:
            self.send_response(status)
            if content_type:
                self.send_header("Content-Type", content_type)
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)

    class Server(ThreadingHTTPServer):
        def handle_error(self, request: object, client_address: object) -> None:
            pass  # a client that hangs up early (as textdiff does on an error) is fine

    server = Server(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
