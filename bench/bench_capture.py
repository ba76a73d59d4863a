"""Capture benchmark: refresh of many tracked URLs served from localhost, 5% of them changed."""

from __future__ import annotations

import html
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from common import ROOT, mib, print_table, textdiff_argv, time_process

LATENCY = 0.03
WORDS = (ROOT / "tests" / "fixtures" / "seed" / "article.txt").read_text(encoding="utf-8").split()


def serve(count: int, port_file: Path, version_file: Path) -> None:
    """Serve ``count`` news pages; pages listed in ``version_file`` have a second version."""
    rng = random.Random(3)
    bodies = {}
    for number in range(count):
        paragraphs = [" ".join(rng.choice(WORDS) for _ in range(60)) for _ in range(12)]
        bodies[number] = paragraphs

    def page(number: int, version: int) -> bytes:
        paragraphs = list(bodies[number])
        if version > 1:
            paragraphs[3] = f"Update: the toll rose to {number + 7}. " + paragraphs[3]
        text = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
        return (
            f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Story {number}</title>"
            f"<script>var tracking = 1;</script></head><body><nav><a href='/'>Home</a></nav>"
            f"<article><h1>Story {number}</h1>{text}</article>"
            f"<footer>All rights reserved</footer></body></html>"
        ).encode()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            time.sleep(LATENCY)  # a real news site answers in tens of milliseconds, not zero
            number = int(self.path.strip("/").split("-")[-1])
            changed = version_file.exists() and str(number) in version_file.read_text().split()
            version = 2 if changed else 1
            etag = f'"{number}-{version}"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            body = page(number, version)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    port_file.write_text(str(server.server_address[1]))
    server.serve_forever()


def run(quick: bool) -> None:
    """Track N URLs, change 5% of the pages, then time refresh, concurrent and one at a time."""
    sizes = (250, 1000) if not quick else (100, 400)
    rows = []
    for count in sizes:
        with tempfile.TemporaryDirectory() as folder:
            work = Path(folder)
            port_file, version_file = work / "port", work / "changed"
            server = subprocess.Popen(
                [sys.executable, __file__, "serve", str(count), str(port_file), str(version_file)]
            )
            try:
                while not port_file.exists() or not port_file.read_text():
                    time.sleep(0.05)
                base = f"http://127.0.0.1:{port_file.read_text()}"
                env = {**os.environ, "HOME": str(work), "GIT_CONFIG_NOSYSTEM": "1"}
                store = work / "store"
                urls = [f"{base}/story-{n}" for n in range(count)]
                subprocess.run(
                    [*textdiff_argv(), "track", "--store", str(store), *urls],
                    env=env,
                    check=True,
                    capture_output=True,
                )
                concurrent = work / "concurrent"
                shutil.copytree(store, concurrent)
                version_file.write_text(
                    " ".join(str(n) for n in random.Random(1).sample(range(count), count // 20))
                )
                ours = time_process(
                    [
                        *textdiff_argv(),
                        "refresh",
                        "--store",
                        str(concurrent),
                        "--jobs",
                        "8",
                        "--per-host",
                        "8",
                    ],
                    1,
                    env=env,
                )
                sequential = time_process(
                    [*textdiff_argv(), "refresh", "--store", str(store), "--jobs", "1"],
                    1,
                    env=env,
                )
            finally:
                server.terminate()
                server.wait()
            rows.append(
                [
                    f"{count:,} URLs, {count // 20} changed",
                    f"{ours.seconds:.2f} s ({count / ours.seconds:,.0f} articles/s), "
                    f"{mib(ours.peak_mib)}",
                    f"{sequential.seconds:.2f} s ({count / sequential.seconds:,.0f}/s), "
                    f"{mib(sequential.peak_mib)}",
                    f"{sequential.seconds / ours.seconds:.1f}×",
                ]
            )
    print_table(
        f"Refresh of tracked URLs served from localhost with {LATENCY * 1000:.0f} ms latency "
        "(conditional requests; target ≥ 50/s)",
        ["watch list", "refresh --jobs 8", "refresh --jobs 1 (one URL at a time)", "speed-up"],
        rows,
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["serve"]:
        serve(int(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]))
    else:
        run(quick="--quick" in sys.argv)
