"""Web load: 50 concurrent clients for 30 s against the main API reads, then against the pages,
then 60 s of reads and writes mixed (one request in five adds an observation with an API token),
then the API reads again while hostile workbooks (1,000,000 rows, 5 MB packed) are uploaded one
after another, and again during a flood of wrong-password sign-ins.

Run: .venv/bin/python benchmarks/bench_web.py  (writes benchmarks/results/web.json)
Needs wrk (Debian package `wrk`; installed here when missing and running as root). The server is
`planwatch serve` with two workers on a copy of the demo database, on loopback.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import httpx

from _results import write_results

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent / "tests"))
from hostile import many_rows_xlsx  # noqa: E402  (the same hostile file the tests upload)

PLANWATCH = Path(sys.executable).parent / "planwatch"
CLIENTS, SECONDS, WORKERS = 50, 30, 2
KEYS = ("shenzhen", "longgang", "nanshan", "baoan", "guangming")
API = [
    "/api/v1/plans",
    "/api/v1/catalog",
    *(f"/api/v1/plans/{k}/targets" for k in KEYS),
    *(f"/api/v1/plans/{k}/outline" for k in KEYS),
    *(f"/api/v1/plans/{k}/assessment?year=2023" for k in KEYS),
    "/api/v1/observations?region=深圳市",
]
PAGES = ["/", *(f"/plans/{k}" for k in KEYS), *(f"/plans/{k}/targets/1" for k in KEYS)]


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, env=os.environ | {"DEBIAN_FRONTEND": "noninteractive"})
        return "wrk"
    raise SystemExit("wrk is needed: apt-get install wrk")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run_wrk(wrk: str, base: str, paths: list[str], *, seconds: int = SECONDS, token: str | None = None) -> dict[str, object]:
    quoted = [urllib.request.quote(p, safe="/?=&") for p in paths]
    extra = [f"token={token}"] if token else []
    command = [wrk, "-t2", f"-c{CLIENTS}", f"-d{seconds}s", "--timeout", "10s", "-s", str(HERE / "wrk_load.lua"), base, "--", *extra, *quoted]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    result: dict[str, object] = json.loads(output.strip().splitlines()[-1])
    result["requests_per_s"] = round(int(result["requests"]) / float(result["seconds"]), 1)  # type: ignore[call-overload]
    result["paths"] = len(paths)
    return result


class Beside(threading.Thread):
    """Repeats ``attack`` until stopped, counting how often and how it ended."""

    def __init__(self, attack: object) -> None:
        super().__init__(daemon=True)
        self.attack, self.stop, self.outcomes = attack, threading.Event(), {}  # type: ignore[var-annotated]

    def run(self) -> None:
        while not self.stop.is_set():
            status = self.attack()  # type: ignore[operator]
            self.outcomes[status] = self.outcomes.get(status, 0) + 1


def hostile_uploads(base: str, token: str, bomb: Path) -> Beside:
    def upload() -> int:
        files = {"file": ("rows.xlsx", bomb.read_bytes(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")}
        return httpx.post(f"{base}/api/v1/observations/import", files=files, headers={"Authorization": f"Bearer {token}"}, timeout=300).status_code

    return Beside(upload)


def login_flood(base: str) -> Beside:
    client = httpx.Client(base_url=base, timeout=60)

    def attempt() -> int:
        form = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
        data = {"username": "editor", "password": "not the password", "csrf_token": form.group(1) if form else ""}
        return client.post("/login", data=data).status_code

    return Beside(attempt)


def under(attack: Beside, wrk: str, base: str) -> dict[str, object]:
    attack.start()
    try:
        result = run_wrk(wrk, base, API)
    finally:
        attack.stop.set()
        attack.join(timeout=600)
    result["attacks"] = attack.outcomes
    return result


def main() -> None:
    wrk = ensure_wrk()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/web.db"
        subprocess.run([str(PLANWATCH), "--db", url, "demo"], check=True, capture_output=True)
        token = subprocess.run([str(PLANWATCH), "--db", url, "user", "token", "add", "editor", "--name", "load test"], check=True, capture_output=True, text=True).stdout.strip()
        port = free_port()
        server = subprocess.Popen(
            [str(PLANWATCH), "--db", url, "serve", "--port", str(port), "--workers", str(WORKERS)], stdout=subprocess.DEVNULL
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(200):
                try:
                    urllib.request.urlopen(base + "/api/v1/plans", timeout=1)
                    break
                except OSError:
                    time.sleep(0.1)
            for path in API + PAGES:  # every path answers 200 before load starts
                assert urllib.request.urlopen(base + urllib.request.quote(path, safe="/?=&"), timeout=10).status == 200, path
            api = run_wrk(wrk, base, API)
            pages = run_wrk(wrk, base, PAGES)
            mixed = run_wrk(wrk, base, API[:8], seconds=60, token=token)
            bomb = many_rows_xlsx(Path(tmp) / "rows.xlsx", 1_000_000)
            hostile = under(hostile_uploads(base, token, bomb), wrk, base)
            flood = under(login_flood(base), wrk, base)
            written = json.loads(urllib.request.urlopen(base + "/api/v1/observations?indicator=tech_contract_turnover&region=" + urllib.request.quote("南山区") + "&limit=1").read())["total"]
        finally:
            server.terminate()
            server.wait(timeout=10)
    mixed["observations_written"] = written
    write_results("web", {"clients": CLIENTS, "seconds": SECONDS, "workers": WORKERS, "api_reads": api, "pages": pages, "reads_and_writes_60s": mixed, "api_reads_during_hostile_uploads": hostile, "api_reads_during_login_flood": flood})


if __name__ == "__main__":
    main()
