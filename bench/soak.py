#!/usr/bin/env python3
"""Soak test of `oversight serve`: 8 writer and 8 reader threads against a fresh database.

For each backend (SQLite, PostgreSQL or both): a fresh database, the seed documents imported,
users created with the CLI, the server started on a free port of 127.0.0.1. Writers sign in and
write through the JSON API (actions, progress updates, status moves, publishing, responses),
recording every acknowledged write; readers GET pages and API routes anonymously. Afterwards every
acknowledged write is looked up (`oversight export json`, `oversight response list`, the public
`/api/v1/actions`), and the figures are printed.

Exits non-zero if a write was lost, a request got a 5xx (or no answer), the audit chain does not
verify, or no write was acknowledged at all. p99 is reported, not asserted.

    bash bench/soak [--duration 60] [--backend sqlite|postgres|both] [--binary PATH]

Python 3.11 standard library only; traffic only to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import collections
import http.client
import json
import os
import random
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

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PASSWORD = "soak-password-0123456789"
WRITERS = 8
READERS = 8
HTTP_TIMEOUT = 30.0
STATUS_ORDER = ["open", "in_progress", "completed", "closed"]


def log(msg: str) -> None:
    print(f"[soak {time.strftime('%H:%M:%S')}] {msg}", flush=True)


class Failure(Exception):
    """A failed check or a broken setup: the message says which."""


# ------------------------------------------------------------------ processes and databases


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_cli(binary: str, db: str, *args: str, timeout: float = 300, env=None, check=True):
    cmd = [binary, "--database", db, *args]
    full_env = dict(os.environ)
    full_env.pop("DATABASE_URL", None)
    if env:
        full_env.update(env)
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=full_env)
    except subprocess.TimeoutExpired:
        raise Failure(f"`{' '.join(args[:3])}` did not finish within {timeout:.0f} s")
    if check and p.returncode != 0:
        raise Failure(
            f"`oversight {' '.join(args[:3])}` exited {p.returncode}: {p.stderr.strip()[-800:]}"
        )
    return p


def psql(sql: str, dbname: str = "postgres") -> None:
    user = os.environ.get("SOAK_PGUSER", "postgres")
    p = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-p", "5432", "-U", user, "-d", dbname, "-v",
         "ON_ERROR_STOP=1", "-qAtc", sql],
        capture_output=True, text=True, timeout=60,
    )
    if p.returncode != 0:
        raise Failure(f"psql {sql!r}: {p.stderr.strip()}")


class Database:
    """A fresh database: a SQLite file in a temp folder, or a uniquely named PostgreSQL database."""

    def __init__(self, backend: str, workdir: str):
        self.backend = backend
        self.name = None
        if backend == "sqlite":
            self.url = os.path.join(workdir, "soak.db")
        else:
            if shutil.which("psql") is None:
                raise Failure("psql is not installed: cannot create a PostgreSQL database")
            self.name = f"soak_{os.getpid()}_{random.randrange(1 << 30):x}"
            psql(f"CREATE DATABASE {self.name}")
            user = os.environ.get("SOAK_PGUSER", "postgres")
            self.url = f"postgres://{user}@127.0.0.1:5432/{self.name}"
        log(f"{backend}: fresh database {self.url}")

    def drop(self) -> None:
        if self.name:
            try:
                psql(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")
                log(f"{self.backend}: dropped database {self.name}")
            except Exception as e:  # noqa: BLE001 - cleanup must go on
                log(f"WARNING: could not drop database {self.name}: {e}")
            self.name = None


class Server:
    def __init__(self, binary: str, db: str, workdir: str):
        self.port = free_port()
        self.log_path = os.path.join(workdir, "serve.log")
        self.log_file = open(self.log_path, "wb")
        env = dict(os.environ)
        env.pop("DATABASE_URL", None)
        env.setdefault("RUST_BACKTRACE", "1")
        self.proc = subprocess.Popen(
            [binary, "--database", db, "serve", "--bind", f"127.0.0.1:{self.port}"],
            stdout=self.log_file, stderr=subprocess.STDOUT, env=env,
            start_new_session=True,
        )
        log(f"server pid {self.proc.pid} on 127.0.0.1:{self.port} (log {self.log_path})")

    def wait_ready(self, timeout: float = 60) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                raise Failure(f"the server exited with {self.proc.returncode} before answering; "
                              f"log: {self.tail()}")
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                c.request("GET", "/api/v1/cycles")
                r = c.getresponse()
                r.read()
                c.close()
                if r.status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise Failure(f"/api/v1/cycles did not answer 200 within {timeout:.0f} s")

    def rss_kib(self) -> int | None:
        try:
            with open(f"/proc/{self.proc.pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1])
        except OSError:
            return None
        return None

    def tail(self, n: int = 1500) -> str:
        try:
            with open(self.log_path, "rb") as f:
                return f.read()[-n:].decode("utf-8", "replace")
        except OSError:
            return ""

    def panics(self) -> list[str]:
        try:
            with open(self.log_path, "rb") as f:
                text = f.read().decode("utf-8", "replace")
        except OSError:
            return []
        return [line for line in text.splitlines() if "panicked" in line]

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self.log_file.close()


# ------------------------------------------------------------------ HTTP


class Client:
    """One keep-alive connection; reconnects after an error."""

    def __init__(self, port: int):
        self.port = port
        self.conn = None

    def request(self, method: str, path: str, body: bytes | None = None, headers=None):
        """(status or None on a transport error, headers, body bytes, seconds)."""
        headers = dict(headers or {})
        start = time.perf_counter()
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=HTTP_TIMEOUT)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                r = self.conn.getresponse()
                data = r.read()
                if r.getheader("connection", "").lower() == "close":
                    self.close()
                return r.status, r.headers, data, time.perf_counter() - start
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as e:
                # A keep-alive connection the server closed while idle: retry once, on a new one,
                # but only for a request that cannot have been applied twice (GET) or on the
                # first send of a fresh connection.
                self.close()
                if attempt == 0 and method == "GET":
                    start = time.perf_counter()
                    continue
                return None, {}, str(e).encode(), time.perf_counter() - start
            except OSError as e:
                self.close()
                return None, {}, str(e).encode(), time.perf_counter() - start
        return None, {}, b"unreachable", time.perf_counter() - start

    def close(self):
        if self.conn is not None:
            try:
                self.conn.close()
            except OSError:
                pass
            self.conn = None


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.read_lat: list[float] = []
        self.write_lat: list[float] = []
        self.codes: collections.Counter = collections.Counter()
        self.failures: list[str] = []  # 5xx and transport errors, first few kept
        self.refusals: dict = {}  # (status, route) -> first answer, for the 4xx
        self.by_route: dict = collections.defaultdict(list)  # read route -> latencies

    def record(self, kind: str, method: str, path: str, status, seconds: float, body: bytes):
        with self.lock:
            (self.read_lat if kind == "read" else self.write_lat).append(seconds)
            if kind == "read":
                self.by_route[re.sub(r"/[0-9a-f]{16}[-\w]*|\?page=\d+", "/{id}", path)].append(seconds)
            self.codes[status if status is not None else "no answer"] += 1
            if status is None or status >= 500:
                if len(self.failures) < 10:
                    self.failures.append(f"{method} {path} -> {status}: {body[:300]!r}")
            elif status >= 400:
                route = re.sub(r"/[0-9a-f]{16}[-\w]*", "/{id}", path)
                self.refusals.setdefault((status, method, route), body[:200].decode("utf-8", "replace"))


# ------------------------------------------------------------------ writers and readers


class Acks:
    """Every write the server acknowledged, to be looked up afterwards."""

    def __init__(self):
        self.lock = threading.Lock()
        self.actions: dict[str, dict] = {}  # id -> {title, finding}
        self.updates: list[tuple[str, str]] = []  # (action id, text)
        self.status: dict[str, str] = {}  # action id -> last acknowledged status
        self.moves: collections.Counter = collections.Counter()  # action id -> status moves
        self.published_actions: set[str] = set()
        self.responses: dict[str, str] = {}  # id -> "draft" or "published"
        self.published_responses = 0
        self.shared_actions: list[str] = []


def sign_in(client: Client, username: str) -> tuple[str, str]:
    body = urllib.parse.urlencode({"username": username, "password": PASSWORD, "next": "/"})
    status, headers, data, _ = client.request(
        "POST", "/login", body.encode(),
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    cookie = None
    for value in (headers.get_all("Set-Cookie") or []) if status else []:
        m = re.match(r"\s*oversight_session=([^;]+)", value)
        if m:
            cookie = m.group(1)
    if status not in (302, 303) or not cookie:
        raise Failure(f"sign-in of {username} failed: {status} {data[:300]!r}")
    h = {"Cookie": f"oversight_session={cookie}"}
    status, _, data, _ = client.request("GET", "/api/v1/session", None, h)
    if status == 200:
        csrf = json.loads(data)["csrf"]
    else:
        status, _, data, _ = client.request("GET", "/login", None, h)
        m = re.search(rb'name="csrf"\s+value="([^"]+)"', data)
        if status != 200 or not m:
            raise Failure(f"no CSRF token for {username}: /api/v1/session gave {status}, "
                          f"/login has no csrf input")
        csrf = m.group(1).decode()
    return cookie, csrf


def writer(i: int, port: int, username: str, findings: list[str], deadline_box: dict,
           stats: Stats, acks: Acks, start: threading.Barrier, errors: list):
    rnd = random.Random(1000 + i)
    client = Client(port)
    try:
        cookie, csrf = sign_in(client, username)
    except Exception as e:  # noqa: BLE001
        errors.append(f"writer {i}: {e}")
        start.abort()
        return
    try:
        start.wait()
    except threading.BrokenBarrierError:
        return
    deadline = deadline_box["t"]  # set by the main thread before it passes the barrier
    headers = {
        "Cookie": f"oversight_session={cookie}",
        "X-CSRF-Token": csrf,
        "Content-Type": "application/json",
    }
    mine: dict[str, dict] = {}  # id -> {status, version, published}
    drafts: dict[str, int] = {}  # response id -> version
    n = 0

    def post(path: str, payload: dict):
        status, _, data, secs = client.request("POST", path, json.dumps(payload).encode(), headers)
        stats.record("write", "POST", path, status, secs, data)
        if status is not None and 200 <= status < 300:
            try:
                return json.loads(data)
            except ValueError:
                return {}
        return None

    while time.monotonic() < deadline:
        n += 1
        roll = rnd.random()
        if not mine or roll < 0.25:
            finding = rnd.choice(findings)
            title = f"soak {username} action {n}"
            due = rnd.choice([None, "2017-05-01", "2031-01-31"])
            body = {"title": title, "owner": username}
            if due:
                body["due_on"] = due
            out = post(f"/api/v1/findings/{finding}/actions", body)
            if out and out.get("id"):
                aid = out["id"]
                mine[aid] = {"status": out.get("status", "open"),
                             "version": out.get("version"), "published": False}
                with acks.lock:
                    acks.actions[aid] = {"title": title, "finding": finding}
                    acks.status[aid] = out.get("status", "open")
                    acks.shared_actions.append(aid)
        elif roll < 0.45:
            aid = rnd.choice(list(mine))
            text = f"progress {username} {n}"
            out = post(f"/api/v1/actions/{aid}", {"text": text})
            if out is not None:
                mine[aid]["version"] = out.get("version")
                with acks.lock:
                    acks.updates.append((aid, text))
        elif roll < 0.55:
            # an update on another writer's action (same force, so allowed)
            with acks.lock:
                aid = rnd.choice(acks.shared_actions) if acks.shared_actions else None
            if aid:
                text = f"note {username} {n}"
                if post(f"/api/v1/actions/{aid}", {"text": text}) is not None:
                    with acks.lock:
                        acks.updates.append((aid, text))
        elif roll < 0.68:
            aid = rnd.choice(list(mine))
            a = mine[aid]
            if a["status"] in STATUS_ORDER[:-1]:
                to = STATUS_ORDER[STATUS_ORDER.index(a["status"]) + 1]
                body = {"status": to}
                if a["version"] is not None:
                    body["version"] = a["version"]
                out = post(f"/api/v1/actions/{aid}", body)
                if out is not None:
                    a["status"], a["version"] = out.get("status", to), out.get("version")
                    with acks.lock:
                        acks.status[aid] = a["status"]
                        acks.moves[aid] += 1
                else:
                    a["version"] = None  # conflict or refusal: move without a version next time
        elif roll < 0.78:
            unpublished = [k for k, v in mine.items() if not v["published"]]
            if unpublished:
                aid = rnd.choice(unpublished)
                out = post(f"/api/v1/actions/{aid}/operations", {"operation": "publish"})
                if out is not None:
                    mine[aid]["published"] = True
                    mine[aid]["version"] = out.get("version")
                    with acks.lock:
                        acks.published_actions.add(aid)
        elif roll < 0.90 or not drafts:
            finding = rnd.choice(findings)
            out = post(f"/api/v1/findings/{finding}/responses", {
                "text": f"response {username} {n}",
                "action_taken": f"action taken {username} {n}",
            })
            if out and out.get("id"):
                drafts[out["id"]] = out.get("version")
                with acks.lock:
                    acks.responses[out["id"]] = "draft"
        else:
            rid = rnd.choice(list(drafts))
            version = drafts.pop(rid)
            body = {} if version is None else {"version": version}
            if post(f"/api/v1/workflow-responses/{rid}/publish", body) is not None:
                with acks.lock:
                    acks.responses[rid] = "published"
                    acks.published_responses += 1
    client.close()


def reader(i: int, port: int, paths: list[str], deadline_box: dict, stats: Stats,
           start: threading.Barrier):
    rnd = random.Random(2000 + i)
    client = Client(port)
    try:
        start.wait()
    except threading.BrokenBarrierError:
        return
    deadline = deadline_box["t"]
    k = i
    while time.monotonic() < deadline:
        path = paths[k % len(paths)]
        k += 1
        if "{" in path:
            continue
        if path == "/findings?page=R":
            path = f"/findings?page={rnd.randint(1, 3)}"
        status, _, data, secs = client.request("GET", path)
        stats.record("read", "GET", path, status, secs, data)
    client.close()


# ------------------------------------------------------------------ one backend


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    idx = min(len(s) - 1, max(0, int(round(p / 100 * len(s) + 0.5)) - 1))
    return s[idx] * 1000


def soak_backend(backend: str, args, cleanup: list) -> dict:
    workdir = tempfile.mkdtemp(prefix=f"oversight-soak-{backend}-")
    cleanup.append(lambda: shutil.rmtree(workdir, ignore_errors=True))
    db = Database(backend, workdir)
    cleanup.append(db.drop)
    binary = args.binary

    seeds = sorted(os.path.join(args.seeds, f) for f in os.listdir(args.seeds) if f.endswith(".txt"))
    if not seeds:
        raise Failure(f"no seed documents in {args.seeds}")
    run_cli(binary, db.url, "import", *seeds)
    log(f"{backend}: imported {len(seeds)} seed documents")

    env = {"OVERSIGHT_PASSWORD": PASSWORD}
    run_cli(binary, db.url, "user", "add", "--username", "soak_admin", "--role", "admin", env=env)
    writers = []
    for i in range(WRITERS):
        role = "force_editor" if i % 2 == 0 else "opcc_editor"
        name = f"soak_w{i}"
        run_cli(binary, db.url, "user", "add", "--username", name, "--role", role,
                "--force", "hampshire", env=env)
        writers.append(name)
    log(f"{backend}: created soak_admin and {WRITERS} hampshire editors")

    before = json.loads(run_cli(binary, db.url, "export", "json").stdout)
    findings = [f["id"] for f in before["findings"] if f["force"] == "hampshire"]
    if not findings:
        raise Failure("the seeds gave no Hampshire findings to write against")
    docs = [d["id"] for d in before["documents"]]
    reviews = [r["id"] for r in before["reviews"]]
    inspections = [x["id"] for x in before["inspections"]]

    paths = ["/", "/forces/hampshire", "/findings", "/overdue", "/api/v1/actions",
             "/api/v1/findings", "/reviews", "/findings?page=R", "/api/v1/forces",
             "/api/v1/judgments", "/api/v1/reviews", "/overdue?force=hampshire",
             "/forces/hampshire/pack", "/documents", "/api/v1/cycles", "/indicators"]
    paths += [f"/findings/{f}" for f in findings[:6]] + [f"/api/v1/findings/{f}" for f in findings[:3]]
    paths += [f"/reviews/{r}" for r in reviews] + [f"/inspections/{x}" for x in inspections]
    paths += [f"/documents/{d}" for d in docs[:2]]
    random.Random(7).shuffle(paths)

    server = Server(binary, db.url, workdir)
    cleanup.append(server.stop)
    server.wait_ready()
    # a first pass over the read paths, so that "before" is a warm server
    warm = Client(server.port)
    for p in paths:
        warm.request("GET", p.replace("page=R", "page=1"))
    warm.close()
    rss_before = server.rss_kib()

    stats, acks, errors = Stats(), Acks(), []
    barrier = threading.Barrier(WRITERS + READERS + 1, timeout=120)
    threads = []
    deadline_box = {}
    for i, name in enumerate(writers):
        threads.append(threading.Thread(
            target=lambda i=i, name=name: writer(i, server.port, name, findings,
                                                 deadline_box, stats, acks, barrier, errors),
            daemon=True))
    for i in range(READERS):
        threads.append(threading.Thread(
            target=lambda i=i: reader(i, server.port, paths, deadline_box, stats, barrier),
            daemon=True))
    for t in threads:
        t.start()
    # The clock starts once every writer has signed in: the deadline is set before the main
    # thread passes the barrier, and the threads read it after passing it.
    while barrier.n_waiting < WRITERS + READERS and not barrier.broken:
        if not any(t.is_alive() for t in threads):
            break
        time.sleep(0.05)
    t0 = time.monotonic()
    deadline_box["t"] = t0 + args.duration
    try:
        barrier.wait()
    except threading.BrokenBarrierError:
        raise Failure("setup of the writers failed: " + "; ".join(errors))
    log(f"{backend}: {WRITERS} writers and {READERS} readers running for {args.duration} s")
    next_report = t0 + 10
    while any(t.is_alive() for t in threads):
        for t in threads:
            t.join(timeout=0.5)
        now = time.monotonic()
        if now >= next_report:
            with stats.lock:
                done = len(stats.read_lat) + len(stats.write_lat)
                bad = sum(v for k, v in stats.codes.items() if k == "no answer" or k >= 500)
            log(f"{backend}: {now - t0:.0f} s, {done} requests, {bad} 5xx/no answer, "
                f"server RSS {server.rss_kib()} KiB")
            next_report = now + 10
        if now > t0 + args.duration + HTTP_TIMEOUT + 30:
            raise Failure("client threads did not stop after the run (a request hangs)")
    elapsed = time.monotonic() - t0
    rss_after = server.rss_kib()
    alive = server.proc.poll() is None
    log(f"{backend}: traffic stopped after {elapsed:.1f} s; verifying acknowledged writes")

    # ---- verification
    stored = collect_stored(binary, db.url, server)
    lost_lines = []
    acked = {"actions": len(acks.actions), "updates": len(acks.updates),
             "status moves": sum(acks.moves.values()), "action publishes": len(acks.published_actions),
             "responses": len(acks.responses), "response publishes": acks.published_responses}
    got = dict.fromkeys(acked, 0)
    for aid, a in acks.actions.items():
        s = stored["actions"].get(aid)
        if s and s["title"] == a["title"] and s["finding"] == a["finding"]:
            got["actions"] += 1
        else:
            lost_lines.append(f"action {aid} ({a['title']}) is not stored")
    for aid, text in acks.updates:
        s = stored["actions"].get(aid)
        if s and text in {u.get("text") for u in s.get("updates", [])}:
            got["updates"] += 1
        else:
            lost_lines.append(f"update {text!r} of action {aid} is not stored")
    # Only an action's creator moves it, so its last acknowledged status must hold (or a later
    # one, if a move whose answer was lost went through); each move of an action that fails
    # this counts as lost.
    for aid, moves in acks.moves.items():
        status = acks.status[aid]
        s = stored["actions"].get(aid)
        if s and s["status"] in STATUS_ORDER and \
                STATUS_ORDER.index(s["status"]) >= STATUS_ORDER.index(status):
            got["status moves"] += moves
        else:
            lost_lines.append(f"action {aid}: acknowledged status {status}, stored "
                              f"{s['status'] if s else 'nothing'}")
    for aid in acks.published_actions:
        if aid in stored["published_actions"]:
            got["action publishes"] += 1
        else:
            lost_lines.append(f"action {aid} was published but /api/v1/actions does not list it")
    for rid, state in acks.responses.items():
        s = stored["responses"].get(rid)
        if s is None:
            lost_lines.append(f"response {rid} is not stored")
            continue
        got["responses"] += 1
        if state == "published":
            if s == "published":
                got["response publishes"] += 1
            else:
                lost_lines.append(f"response {rid} was published but is stored as {s}")
    audit = run_cli(binary, db.url, "audit", "verify", check=False)

    result = {
        "backend": backend, "elapsed": elapsed, "acked": acked, "stored": got,
        "lost": sum(acked.values()) - sum(got.values()), "lost_lines": lost_lines,
        "codes": dict(stats.codes), "failures": stats.failures, "refusals": stats.refusals,
        "slowest": sorted(((pct(v, 99), pct(v, 50), len(v), k) for k, v in stats.by_route.items()),
                          reverse=True)[:5],
        "five_xx": sum(v for k, v in stats.codes.items() if k == "no answer" or k >= 500),
        "reads": len(stats.read_lat), "writes": len(stats.write_lat),
        "read_ms": (pct(stats.read_lat, 50), pct(stats.read_lat, 99), max(stats.read_lat, default=0) * 1000),
        "write_ms": (pct(stats.write_lat, 50), pct(stats.write_lat, 99), max(stats.write_lat, default=0) * 1000),
        "rss": (rss_before, rss_after), "alive": alive, "panics": server.panics(),
        "audit_ok": audit.returncode == 0, "audit_msg": (audit.stdout + audit.stderr).strip()[-300:],
        "rps": (len(stats.read_lat) + len(stats.write_lat)) / elapsed if elapsed else 0,
    }
    server.stop()
    return result


def collect_stored(binary: str, db: str, server: Server) -> dict:
    export = json.loads(run_cli(binary, db, "export", "json").stdout)
    actions = {a["id"]: a for a in export.get("actions", [])}
    published = set()
    c = Client(server.port)
    offset = 0
    while True:
        # The list is paged: 1000 at a time, until a page comes back short.
        status, _, data, _ = c.request("GET", f"/api/v1/actions?limit=1000&offset={offset}")
        if status != 200:
            c.close()
            raise Failure(f"GET /api/v1/actions after the run gave {status}")
        page = json.loads(data)
        published |= {a["id"] for a in page}
        if len(page) < 1000:
            break
        offset += len(page)
    c.close()
    responses = {}
    out = run_cli(binary, db, "response", "list", "--as", "soak_admin").stdout
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 2:
            responses[parts[0]] = parts[1]
    return {"actions": actions, "published_actions": published, "responses": responses}


def report(r: dict) -> list[str]:
    """Prints the figures of one backend; returns the reasons it failed."""
    b = r["backend"]
    print()
    print(f"=== soak result: {b} ({r['elapsed']:.1f} s, {WRITERS} writers, {READERS} readers)")
    print(f"  writes acknowledged vs stored:")
    for k, v in r["acked"].items():
        print(f"    {k:20} {v:7d} acknowledged {r['stored'][k]:7d} stored   lost {v - r['stored'][k]}")
    print(f"  lost writes: {r['lost']}")
    rp, wp = r["read_ms"], r["write_ms"]
    print(f"  reads : {r['reads']:7d}  p50 {rp[0]:8.2f} ms  p99 {rp[1]:8.2f} ms  max {rp[2]:8.2f} ms")
    print(f"  writes: {r['writes']:7d}  p50 {wp[0]:8.2f} ms  p99 {wp[1]:8.2f} ms  max {wp[2]:8.2f} ms")
    print("  slowest read routes (p99):")
    for p99, p50, n, route in r["slowest"]:
        print(f"    {route:40} {n:6d} reads  p50 {p50:8.2f} ms  p99 {p99:8.2f} ms")
    codes = ", ".join(f"{k}: {v}" for k, v in sorted(r["codes"].items(), key=lambda kv: str(kv[0])))
    print(f"  status codes: {codes}")
    for (status, method, route), body in sorted(r["refusals"].items()):
        print(f"    e.g. {status} {method} {route}: {body}")
    print(f"  5xx or no answer: {r['five_xx']}")
    before, after = r["rss"]
    print(f"  server RSS before {before} KiB, after {after} KiB"
          + (f" ({(after - before) / 1024:+.1f} MiB)" if before and after else ""))
    print(f"  requests per second: {r['rps']:.0f}")
    print(f"  audit verify: {'ok' if r['audit_ok'] else 'FAILED'}")
    reasons = []
    if r["lost"]:
        reasons.append(f"{b}: {r['lost']} acknowledged writes are not stored")
        for line in r["lost_lines"][:10]:
            print(f"    LOST: {line}")
    if r["five_xx"]:
        reasons.append(f"{b}: {r['five_xx']} requests got a 5xx or no answer")
        for line in r["failures"]:
            print(f"    5xx: {line}")
    if sum(r["acked"].values()) == 0:
        reasons.append(f"{b}: no write was acknowledged (is the write API broken?)")
    if not r["alive"]:
        reasons.append(f"{b}: the server died during the run")
    if r["panics"]:
        reasons.append(f"{b}: the server log has {len(r['panics'])} panics, first: {r['panics'][0]}")
    if not r["audit_ok"]:
        reasons.append(f"{b}: `oversight audit verify` failed: {r['audit_msg']}")
    return reasons


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--duration", type=float, default=60, help="seconds of traffic per backend")
    ap.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    ap.add_argument("--binary", default=os.path.join(REPO, "target", "release", "oversight"))
    ap.add_argument("--seeds", default=os.path.join(os.path.dirname(REPO), "shared", "seeds"))
    args = ap.parse_args()
    args.binary = os.path.abspath(args.binary)
    if not os.access(args.binary, os.X_OK):
        print(f"soak: FAILED: no binary at {args.binary} "
              f"(build it: cargo build --release -p oversight-cli)", file=sys.stderr)
        return 2
    if not 1 <= args.duration <= 3600:
        print("soak: --duration must be between 1 and 3600 seconds", file=sys.stderr)
        return 2
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]

    # A hard bound on the whole run, whatever hangs: clean up and leave.
    cleanup: list = []
    limit = len(backends) * (args.duration + 420)

    def watchdog():
        log(f"FAILED: the soak did not finish within {limit:.0f} s; cleaning up")
        run_cleanup(cleanup)
        os._exit(3)

    timer = threading.Timer(limit, watchdog)
    timer.daemon = True
    timer.start()

    def on_signal(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, on_signal)
    reasons, results = [], []
    try:
        for b in backends:
            try:
                results.append(soak_backend(b, args, cleanup))
            finally:
                run_cleanup(cleanup)
        for r in results:
            reasons += report(r)
    except Failure as e:
        reasons.append(str(e))
    except KeyboardInterrupt as e:
        reasons.append(f"interrupted ({e or 'SIGINT'})")
    finally:
        run_cleanup(cleanup)
        timer.cancel()
    print()
    if reasons:
        for r in reasons:
            print(f"soak: FAILED: {r}")
        return 1
    print(f"soak: passed ({', '.join(backends)}): no lost writes, no 5xx")
    return 0


def run_cleanup(cleanup: list) -> None:
    while cleanup:
        fn = cleanup.pop()
        try:
            fn()
        except Exception as e:  # noqa: BLE001
            log(f"WARNING: cleanup step failed: {e}")


if __name__ == "__main__":
    sys.exit(main())
