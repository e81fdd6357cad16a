"""Web load: 50 concurrent clients for 30 s against the main API reads, then against the pages,
then 60 s of reads and writes mixed (one request in five adds an observation with an API token) —
once over the plan reads of the issue's figure (plans, catalog, targets, an outline), once over
every API read including the assessments and observation lists the writes change — then the API
reads again while hostile workbooks (1,000,000 rows, 5 MB packed) are uploaded one after another,
and again during a flood of wrong-password sign-ins.

Run: .venv/bin/python benchmarks/bench_web.py [--parts mixed,mixed_all] [--postgres URL] [--clients 4]
(writes benchmarks/results/web.json, one section per backend; parts not run keep their last figures;
with --clients other than 50 a part is recorded under its name + "_N_clients").
Beside wall-clock latencies each part records the CPU time the server's processes (the uvicorn
master, its workers and their parsing children) spent per request, from /proc/<pid>/stat: a figure
that other work on the shared machine inflates far less than the latencies (with --postgres, that
of the PostgreSQL server's processes apart, when it runs on this machine).
With --postgres the server uses a fresh database created on that PostgreSQL server (and dropped
after). Each part records the load average before it: the machine is shared.
Needs wrk (Debian package `wrk`; installed here when missing and running as root). The server is
`planwatch serve` with two workers on a copy of the demo database, on loopback.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import httpx

from _results import RESULTS_DIR, write_results

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent / "tests"))
from hostile import many_rows_xlsx  # noqa: E402  (the same hostile file the tests upload)

PLANWATCH = Path(sys.executable).parent / "planwatch"
CLIENTS, SECONDS, WORKERS = 50, 30, 2
DATABASE_SERVER: int | None = None  # the PostgreSQL postmaster's pid, with --postgres
KEYS = ("shenzhen", "longgang", "nanshan", "baoan", "guangming")
API = [
    "/api/v1/plans",
    "/api/v1/catalog",
    *(f"/api/v1/plans/{k}/targets" for k in KEYS),
    *(f"/api/v1/plans/{k}/outline" for k in KEYS),
    *(f"/api/v1/plans/{k}/assessment?year=2023" for k in KEYS),
    "/api/v1/observations?region=深圳市",
]
PAGES = ["/", *(f"/plans/{k}" for k in KEYS)]


def indicator_pages(base: str) -> list[str]:
    """Each plan's first rated target's page (a plan's target 1 may be one it does not rate)."""
    pages = []
    for key in KEYS:
        assessment = json.loads(urllib.request.urlopen(f"{base}/api/v1/plans/{key}/assessment?year=2023", timeout=10).read())
        pages.append(f"/plans/{key}/targets/{assessment['targets'][0]['number']}")
    return pages


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


def tree_cpu_seconds(root: int) -> float:
    """CPU seconds (user + system, with reaped children's) of ``root`` and every live descendant."""
    parents: dict[int, int] = {}
    times: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        pid = int(stat.parent.name)
        parents[pid] = int(fields[1])
        times[pid] = sum(int(f) for f in fields[11:15])  # utime stime cutime cstime
    tree, grown = {root}, True
    while grown:
        found = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= found
        grown = bool(found)
    return sum(times.get(pid, 0) for pid in tree) / os.sysconf("SC_CLK_TCK")


def run_wrk(wrk: str, base: str, paths: list[str], *, server: int, seconds: int = SECONDS, token: str | None = None) -> dict[str, object]:
    quoted = [urllib.parse.quote(p, safe="/?=&") for p in paths]
    extra = [f"token={token}"] if token else []
    command = [wrk, "-t2", f"-c{CLIENTS}", f"-d{seconds}s", "--timeout", "10s", "-s", str(HERE / "wrk_load.lua"), base, "--", *extra, *quoted]
    cpu, database_cpu = tree_cpu_seconds(server), tree_cpu_seconds(DATABASE_SERVER) if DATABASE_SERVER else 0.0
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    cpu = tree_cpu_seconds(server) - cpu
    database_cpu = tree_cpu_seconds(DATABASE_SERVER) - database_cpu if DATABASE_SERVER else 0.0
    result: dict[str, object] = json.loads(output.strip().splitlines()[-1])
    requests = int(result["requests"])  # type: ignore[call-overload]
    result["requests_per_s"] = round(requests / float(result["seconds"]), 1)  # type: ignore[arg-type]
    result["server_cpu_s"] = round(cpu, 2)
    result["cpu_ms_per_request"] = round(1000 * cpu / max(requests, 1), 3)
    if DATABASE_SERVER:  # PostgreSQL's own processes (on this machine), apart from the server's
        result["database_cpu_ms_per_request"] = round(1000 * database_cpu / max(requests, 1), 3)
    result["clients"] = CLIENTS
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


def under(attack: Beside, wrk: str, base: str, server: int) -> dict[str, object]:
    attack.start()
    try:
        result = run_wrk(wrk, base, API, server=server)
    finally:
        attack.stop.set()
        attack.join(timeout=600)
    result["attacks"] = attack.outcomes
    return result


PARTS = ("api", "pages", "mixed", "mixed_all", "hostile", "flood")


def fresh_postgres(server_url: str) -> tuple[str, object]:
    """A new empty database on the server of ``server_url``, and a function that drops it."""
    from sqlalchemy import create_engine, make_url, text

    name = f"planwatch_bench_{os.getpid()}"
    admin = create_engine(make_url(server_url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
        backend = int(connection.execute(text("SELECT pg_backend_pid()")).scalar_one())
    global DATABASE_SERVER
    with contextlib.suppress(OSError):  # the postmaster, whose processes' CPU time is counted apart (a server on this machine)
        DATABASE_SERVER = int(Path(f"/proc/{backend}/stat").read_text().rsplit(")", 1)[1].split()[1])

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return make_url(server_url).set(database=name).render_as_string(hide_password=False), drop


def main() -> None:
    global CLIENTS
    parser = argparse.ArgumentParser()
    parser.add_argument("--parts", default=",".join(PARTS), help=f"comma-separated, of {', '.join(PARTS)}")
    parser.add_argument("--postgres", metavar="URL", help="a PostgreSQL server to run on (a fresh database is created there)")
    parser.add_argument("--clients", type=int, default=CLIENTS, help="concurrent connections (few suffer less from a busy CPU)")
    args = parser.parse_args()
    CLIENTS = args.clients
    parts = [p for p in args.parts.split(",") if p]
    if unknown := set(parts) - set(PARTS):
        raise SystemExit(f"unknown parts: {', '.join(sorted(unknown))}")
    wrk = ensure_wrk()
    drop = None
    with tempfile.TemporaryDirectory() as tmp:
        url, drop = fresh_postgres(args.postgres) if args.postgres else (f"sqlite:///{tmp}/web.db", None)
        subprocess.run([str(PLANWATCH), "--db", url, "demo"], check=True, capture_output=True)
        token = subprocess.run([str(PLANWATCH), "--db", url, "user", "token", "add", "editor", "--name", "load test"], check=True, capture_output=True, text=True).stdout.strip()
        port = free_port()
        command = [str(PLANWATCH), "--db", url, "serve", "--port", str(port), "--workers", str(WORKERS)]
        server = subprocess.Popen(command, stdout=subprocess.DEVNULL, start_new_session=True)  # a group: nothing it starts outlives the run
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(1200):  # two workers can take 20 s to start on a loaded machine
                try:
                    urllib.request.urlopen(base + "/api/v1/plans", timeout=1)
                    break
                except OSError:
                    time.sleep(0.1)
            pages = PAGES + indicator_pages(base)
            for path in API + (pages if "pages" in parts else []):  # every path a run reads answers 200 before load starts
                assert urllib.request.urlopen(base + urllib.parse.quote(path, safe="/?=&"), timeout=10).status == 200, path
            pid = server.pid
            runs = {
                "api": lambda: run_wrk(wrk, base, API, server=pid),
                "pages": lambda: run_wrk(wrk, base, pages, server=pid),
                "mixed": lambda: run_wrk(wrk, base, API[:8], server=pid, seconds=60, token=token),
                "mixed_all": lambda: run_wrk(wrk, base, API, server=pid, seconds=60, token=token),
                "hostile": lambda: under(hostile_uploads(base, token, many_rows_xlsx(Path(tmp) / "rows.xlsx", 1_000_000)), wrk, base, pid),
                "flood": lambda: under(login_flood(base), wrk, base, pid),
            }
            results: dict[str, dict[str, object]] = {}
            for part in parts:
                load = os.getloadavg()[0]
                results[part] = runs[part]() | {"load_average_before": round(load, 2)}
                if part.startswith("mixed"):
                    query = "/api/v1/observations?indicator=tech_contract_turnover&region=" + urllib.parse.quote("南山区") + "&limit=1"
                    results[part]["observations_stored"] = json.loads(urllib.request.urlopen(base + query).read())["total"]
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            finally:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(server.pid, signal.SIGKILL)  # any worker or parsing child left behind
            if drop is not None:
                drop()  # type: ignore[operator]
    names = {"api": "api_reads", "pages": "pages", "mixed": "reads_and_writes_60s", "mixed_all": "all_reads_and_writes_60s"}
    names |= {"hostile": "api_reads_during_hostile_uploads", "flood": "api_reads_during_login_flood"}
    previous = RESULTS_DIR / "web.json"
    recorded = json.loads(previous.read_text(encoding="utf-8")) if previous.exists() else {}
    backend = "postgresql" if args.postgres else "sqlite"
    suffix = "" if CLIENTS == 50 else f"_{CLIENTS}_clients"
    section = recorded.get(backend, {}) | {names[p] + suffix: r for p, r in results.items()} | {"measured_at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    others = {k: v for k, v in recorded.items() if k in ("sqlite", "postgresql") and k != backend}
    write_results("web", {"clients": 50, "seconds": SECONDS, "workers": WORKERS, **others, backend: section})


if __name__ == "__main__":
    main()
