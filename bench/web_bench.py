"""Load on the jurisdiction page: p50 and p95 latency with 300 findings, 20 clients.

Usage: .venv/bin/python bench/web_bench.py [REQUESTS]
Starts ``coplaw serve`` on loopback over a scratch database holding the bundled example's
assessment padded to 300 findings (the catalogue has fewer standards, so the extra rows are
copies of real findings under suffixed standard ids), logs 20 clients in, and has them fetch
``/j/VLD`` concurrently. Aim: p95 under 150 ms.
"""

from __future__ import annotations

import copy
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from coplaw.assess.engine import assess_instruments  # noqa: E402
from coplaw.store.db import open_store  # noqa: E402
from coplaw.store.records import save_assessment  # noqa: E402
from coplaw.structure.load import load_paths  # noqa: E402
from coplaw.web.accounts import Accounts  # noqa: E402
from coplaw.web.testing import PASSWORD, csrf_of  # noqa: E402

CLIENTS = 20
FINDINGS = 300


def prepare(folder: Path) -> str:
    db = f"sqlite:///{folder / 'bench.db'}"
    loaded = load_paths([ROOT / "examples" / "valdoria"])
    result = assess_instruments(loaded.instruments, "VLD")
    real = list(result.findings)
    n = 0
    while len(result.findings) < FINDINGS:
        clone = copy.deepcopy(real[n % len(real)])
        clone.standard = f"{clone.standard}.bench{n // len(real) + 1}"
        result.findings.append(clone)
        n += 1
    store = open_store(db)
    with store.session() as session:
        save_assessment(session, result, loaded.instruments)
    store.close()
    Accounts(folder / "web" / "accounts.json").add("bench", PASSWORD, "viewer")
    return db


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def client_loop(base: str, count: int, out: list[float], errors: list[str]) -> None:
    with httpx.Client(base_url=base, timeout=30) as client:
        page = client.get("/login")
        client.post("/login", data={"name": "bench", "password": PASSWORD,
                                    "csrf_token": csrf_of(page.text)})
        for _ in range(count):
            t0 = time.perf_counter()
            reply = client.get("/j/VLD")
            out.append(time.perf_counter() - t0)
            if reply.status_code != 200:
                errors.append(str(reply.status_code))


def main() -> None:
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 600
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = prepare(folder)
        port = free_port()
        env = {**os.environ, "COPLAW_SECRET": "bench-secret-" + "x" * 20}
        server = subprocess.Popen(
            [sys.executable, "-m", "coplaw.cli", "serve", "--port", str(port), "--db", db,
             "--web-dir", str(folder / "web")],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(200):
                try:
                    httpx.get(f"{base}/login", timeout=1)
                    break
                except httpx.HTTPError:
                    time.sleep(0.1)
            rows = httpx.Client(base_url=base)
            page = rows.get("/login")
            rows.post("/login", data={"name": "bench", "password": PASSWORD,
                                      "csrf_token": csrf_of(page.text)})
            shown = rows.get("/j/VLD").text.count('href="/findings/')
            times: list[float] = []
            errors: list[str] = []
            threads = [threading.Thread(target=client_loop,
                                        args=(base, total // CLIENTS, times, errors))
                       for _ in range(CLIENTS)]
            t0 = time.perf_counter()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            wall = time.perf_counter() - t0
        finally:
            server.terminate()
            server.wait(10)
    times.sort()
    p50 = statistics.median(times) * 1000
    p95 = times[int(len(times) * 0.95) - 1] * 1000
    print(f"jurisdiction page with {shown} findings, {CLIENTS} clients, {len(times)} requests "
          f"({len(errors)} errors) in {wall:.1f} s: {len(times) / wall:.0f} req/s")
    print(f"p50 {p50:.0f} ms  p95 {p95:.0f} ms  (aim: p95 < 150 ms)")


if __name__ == "__main__":
    main()
