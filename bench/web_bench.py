"""Load on the jurisdiction page: p50 and p95 latency with ~300 findings, 20 clients, loopback.

Usage: .venv/bin/python bench/web_bench.py [REQUESTS_PER_ROUTE] [MAX_SECONDS_PER_ROUTE]

Builds a scratch SQLite database through the store API: the bundled example laws are
assessed by the engine and the assessment is saved; since one assessment has one finding per
standard (fewer than 300), the rest are copies of those real findings under suffixed standard
ids, so the page renders 300 rows of real text. ``coplaw serve`` then runs in its own process
on 127.0.0.1, 20 client threads log in and fetch, round by round, first a baseline route
(the OpenAPI JSON, cached by FastAPI: routing, middleware and session cost only) and then the
jurisdiction page, then the page again while a reviewer accepts findings through the API
(each decision changes the data version, so the app's cached rendering of the findings is
thrown away and the page renders afresh). Each round stops after a bounded number of requests
or seconds. The first request of each filter is timed alone (uncached; the very first also
loads the catalogue). Aim: p95 of the page under 150 ms.
The clients share the machine's cores with the server, so figures are pessimistic.
"""

from __future__ import annotations

import copy
import os
import re
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

CLIENTS = 20
FINDINGS = 300
PASSWORD = "bench password 300"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
PAGE = "/j/VLD"
BASELINE = "/api/openapi.json"
REVIEW_EVERY = 0.25  # seconds between a reviewer's decisions in the third round


def prepare(folder: Path) -> str:
    """A database with one jurisdiction of FINDINGS findings and a viewer account."""
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
    store = open_store(db)
    accounts = Accounts(store)
    accounts.add("bench", PASSWORD, "viewer")
    accounts.add("reviewer", PASSWORD, "reviewer")
    store.close()
    return db


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def logged_in(base: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=30)
    token = CSRF.search(client.get("/login").text)
    reply = client.post("/login", data={"name": "bench", "password": PASSWORD,
                                        "csrf_token": token.group(1) if token else ""})
    if reply.status_code != 303 or "/login" in reply.headers.get("location", "/login"):
        raise SystemExit(f"bench: login failed ({reply.status_code})")
    return client


def wait_up(base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"bench: coplaw serve exited with {server.returncode}")
        try:
            httpx.get(f"{base}/login", timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise SystemExit("bench: coplaw serve did not answer in 60 s")


def round_of(clients: list[httpx.Client], path: str, total: int, seconds: float
             ) -> tuple[list[float], int, float]:
    """All clients fetch ``path`` until ``total`` requests are made or time runs out."""
    times: list[float] = []
    errors: list[int] = []
    lock = threading.Lock()
    left = [total]
    stop = time.perf_counter() + seconds

    def work(client: httpx.Client) -> None:
        while time.perf_counter() < stop:
            with lock:
                if left[0] <= 0:
                    return
                left[0] -= 1
            t0 = time.perf_counter()
            reply = client.get(path)
            took = time.perf_counter() - t0
            with lock:
                times.append(took)
                if reply.status_code != 200:
                    errors.append(reply.status_code)

    threads = [threading.Thread(target=work, args=(c,)) for c in clients]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return times, len(errors), time.perf_counter() - t0


def reviewing(base: str, token: str, every: float, stop: threading.Event,
              done: list[int]) -> None:
    """A reviewer accepting one finding after another through the API, so the page's data
    (and its cached rendering) changes every ``every`` seconds."""
    auth = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=base, timeout=30, headers=auth) as api:
        ids = [f["id"] for fw in api.get(f"/api/jurisdictions/{PAGE.rsplit('/', 1)[1]}").json()[
            "frameworks"] for area in fw["areas"] for f in area["findings"]]
        for finding_id in ids:
            if stop.wait(every):
                return
            version = api.get(f"/api/findings/{finding_id}").json()["version"]
            reply = api.post(f"/api/findings/{finding_id}/review",
                             json={"action": "accept", "version": version})
            if reply.status_code == 200:
                done.append(finding_id)


def pct(times: list[float], q: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))] * 1000


def main() -> None:
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 60.0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        db = prepare(folder)
        print(f"database: {FINDINGS} findings stored in {time.perf_counter() - t0:.1f} s")
        port = free_port()
        env = {**os.environ, "COPLAW_SECRET": "bench-secret-" + "x" * 20}
        server = subprocess.Popen(
            [sys.executable, "-m", "coplaw.cli", "serve", "--host", "127.0.0.1", "--port",
             str(port), "--db", db, "--web-dir", str(folder / "web")],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_up(base, server)
            probe = logged_in(base)
            cold = []
            for query in ("", "?status=met", "?status=not_met"):
                t0 = time.perf_counter()
                reply = probe.get(PAGE + query)
                cold.append((query or "(all)", (time.perf_counter() - t0) * 1000,
                             reply.text.count('href="/findings/')))
            probe.close()
            clients = [logged_in(base) for _ in range(CLIENTS)]
            rows = [(BASELINE, *round_of(clients, BASELINE, total, seconds)),
                    (PAGE, *round_of(clients, PAGE, total, seconds))]
            store = open_store(db)
            token = Accounts(store).new_token("reviewer")
            store.close()
            stop = threading.Event()
            accepted: list[int] = []
            writer = threading.Thread(target=reviewing,
                                      args=(base, token, REVIEW_EVERY, stop, accepted))
            writer.start()
            try:
                rows.append((PAGE + " +reviews", *round_of(clients, PAGE, total, seconds)))
            finally:
                stop.set()
                writer.join()
            for c in clients:
                c.close()
        finally:
            server.terminate()
            server.wait(10)
    print("first (uncached) request of the page: " + ", ".join(
        f"{q} {ms:.0f} ms for {n} rows" for q, ms, n in cold))
    print(f"{CLIENTS} concurrent clients, at most {total} requests or {seconds:.0f} s per route")
    print(f"{'route':<22} {'requests':>8} {'errors':>6} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7}")
    for path, times, errors, wall in rows:
        print(f"{path:<22} {len(times):>8} {errors:>6} {len(times) / wall:>7.0f} "
              f"{statistics.median(times) * 1000:>7.1f} {pct(times, 0.95):>7.1f}")
    print(f"third round: a reviewer accepted {len(accepted)} findings meanwhile (one every "
          f"{REVIEW_EVERY} s), each one making the page render afresh")
    page_p95 = pct(rows[1][1], 0.95)
    print(f"aim: p95 of {PAGE} under 150 ms: {'met' if page_p95 < 150 else 'NOT met'} "
          f"({page_p95:.0f} ms)")


if __name__ == "__main__":
    main()
