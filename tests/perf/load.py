"""The production set-up under load, on loopback: nginx in front of two gunicorn instances.

Not collected by pytest. It runs the files in deploy/ as they are (the nginx site is
rendered for loopback ports, a self-signed certificate and this checkout's paths):

    .venv/bin/python tests/perf/load.py \
        --database-url postgresql://postgres@127.0.0.1:5432/transition_load --reset \
        --people 10000 --duration 60

1. builds the database in bulk (as tests/perf/bench.py does; --reuse keeps one built before),
2. starts two gunicorn instances in production mode on PostgreSQL with limits in Redis,
   and nginx (TLS, static files, redacted access log) in front of them,
3. signs in a realistic mix of users (workers, managers, adult teams, the young person;
   some of them as the same account at the same moment) plus calendar feed pollers,
   and runs them for --duration seconds: about 20% of requests are writes,
4. half way through stops one gunicorn instance (SIGTERM, as systemd does) and starts
   it again, to show that nginx passes every request it can on to the other,
5. prints requests/s, p50/p95/p99, errors (5xx and failed connections) and lost writes
   (evidence the app said it saved that is not in the database), the largest worker's
   memory, and checks the access log holds no feed token.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import requests
import urllib3

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench  # noqa: E402

BIN = Path(sys.executable).parent
PORTS = (18001, 18002)
HTTPS_PORT = 18443
HTTP_PORT = 18080
BASE = f"https://127.0.0.1:{HTTPS_PORT}"
PASSWORD = "demo-password-2027"  # noqa: S105 - the demo accounts' published password
HIDDEN = re.compile(r'<input[^>]*type="hidden"[^>]*>')
NAME = re.compile(r'name="([^"]+)"')
VALUE = re.compile(r'value="([^"]*)"')
PERSON_LINK = re.compile(r'href="/young-people/(\d+)"')
MILESTONE_LINK = re.compile(r'href="/young-people/(\d+)/milestones/(\d+)"')

urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)


# Set-up ---------------------------------------------------------------------------------


def _render_nginx(tmp: Path) -> Path:
    """deploy/nginx/transition.conf for loopback, inside a minimal nginx.conf."""
    site = (ROOT / "deploy/nginx/transition.conf").read_text()
    site = site.replace("127.0.0.1:8001", f"127.0.0.1:{PORTS[0]}")
    site = site.replace("127.0.0.1:8002", f"127.0.0.1:{PORTS[1]}")
    site = site.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{HTTPS_PORT} ssl http2;")
    site = site.replace("listen 80;", f"listen 127.0.0.1:{HTTP_PORT};")
    site = re.sub(r"\n\s*listen \[::\]:\d+( ssl http2)?;", "", site)
    site = site.replace("/etc/ssl/transition/", f"{tmp}/")
    site = site.replace("/var/log/nginx/", f"{tmp}/")
    site = site.replace("/opt/transition/transition/static/", f"{ROOT}/transition/static/")
    (tmp / "site.conf").write_text(site)
    conf = tmp / "nginx.conf"
    conf.write_text(
        f"""
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-main.error.log warn;
worker_processes 1;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    client_body_temp_path {tmp}/client_body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {tmp}/site.conf;
}}
"""
    )
    return conf


def _certificate(tmp: Path) -> None:
    subprocess.run(  # noqa: S603
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
            str(tmp / "privkey.pem"),
            "-out",
            str(tmp / "fullchain.pem"),
        ],
        check=True,
        capture_output=True,
    )


def _environment(url: str, redis_url: str) -> dict:
    env = dict(os.environ)
    env.update(
        {
            "TRANSITION_ENV": "production",
            "SECRET_KEY": "load-test-secret-key-0123456789abcdef0123456789abcdef",
            "DATABASE_URL": url,
            "REDIS_URL": redis_url,
            "RATELIMIT_STORAGE_URI": redis_url,
            "TRUSTED_PROXIES": "1",
            "PUBLIC_URL": BASE,
            # A load test signs many users in from one address: raise that one limit.
            "LOGIN_FAILURES_PER_ADDRESS": "10000 per 15 minutes",
            # Simulated users have no authenticator app: the one setting that differs
            # from a real deployment is that the second factor is asked elsewhere.
            "STAFF_SECOND_FACTOR": "offered",
            "SECOND_FACTOR_AT_IDENTITY_PROVIDER": "true",
        }
    )
    return env


def _gunicorn(port: int, env: dict, workers: int, threads: int, log: Path) -> subprocess.Popen:
    command = [str(BIN / "gunicorn")]
    if (ROOT / "deploy/gunicorn.conf.py").exists():
        command += ["-c", "deploy/gunicorn.conf.py"]
    command += [
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--access-logfile",
        "/dev/null",
        "wsgi:app",
    ]
    return subprocess.Popen(  # noqa: S603
        command, cwd=ROOT, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT
    )


def _wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=2, verify=False).status_code < 500:  # noqa: S501
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise SystemExit(f"{url} did not answer in {seconds} s")


def _worker_rss_mb(parent: subprocess.Popen) -> list[float]:
    sizes = []
    for child in Path("/proc").glob("[0-9]*"):
        try:
            status = (child / "status").read_text()
        except OSError:
            continue
        if f"\nPPid:\t{parent.pid}\n" in status:
            rss = re.search(r"VmRSS:\s+(\d+) kB", status)
            if rss:
                sizes.append(int(rss.group(1)) / 1024)
    return sizes


# Users ----------------------------------------------------------------------------------


@dataclass
class Results:
    lock: threading.Lock = field(default_factory=threading.Lock)
    times: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    writes: list[str] = field(default_factory=list)  # markers the app said it saved
    writes_tried: int = 0

    def note(self, seconds: float, status: int, what: str) -> None:
        with self.lock:
            self.times.append(seconds)
            self.statuses[status] = self.statuses.get(status, 0) + 1
            if status >= 500 or status == 0:
                self.errors.append(f"{status} {what}")


def _hidden_fields(html: str) -> dict[str, str]:
    fields = {}
    for tag in HIDDEN.findall(html):
        name, value = NAME.search(tag), VALUE.search(tag)
        if name:
            fields[name.group(1)] = value.group(1) if value else ""
    return fields


class User(threading.Thread):
    def __init__(self, email: str, role: str, results: Results, stop: threading.Event, seed):
        super().__init__(daemon=True)
        self.email, self.role, self.results, self.stop = email, role, results, stop
        self.rng = random.Random(seed)  # noqa: S311 - load mix, not security
        self.http = requests.Session()
        self.http.verify = False
        self.milestones: list[tuple[int, int]] = []

    def call(self, method: str, path: str, what: str, **kw) -> requests.Response | None:
        started = time.perf_counter()
        try:
            # verify per request: a CA bundle in the environment overrides the session's.
            response = self.http.request(
                method, BASE + path, timeout=30, allow_redirects=False, verify=False, **kw
            )
        except requests.RequestException as exc:
            self.results.note(time.perf_counter() - started, 0, f"{what}: {exc}")
            return None
        self.results.note(time.perf_counter() - started, response.status_code, what)
        return response

    def sign_in(self) -> bool:
        page = self.call("GET", "/login", "sign-in page")
        if page is None:
            return False
        form = _hidden_fields(page.text)
        form.update({"email": self.email, "password": PASSWORD})
        answer = self.call(
            "POST", "/login", "sign in", data=form, headers={"Referer": f"{BASE}/login"}
        )
        return answer is not None and answer.status_code == 302

    def reads(self) -> list[str]:
        return {
            "worker": ["/caseload", "/caseload?scope=team", "/caseload?scope=team&sort=rag"],
            "manager": ["/team", "/team/people?rag=red", "/reports", "/team/people?overdue=yes"],
            "adult_services": ["/handovers"],
            "young_person": ["/my-pathway", "/my-pathway/voice"],
        }[self.role]

    def read(self) -> None:
        path = self.rng.choice(self.reads())
        response = self.call("GET", path, path)
        if response is not None and self.role == "worker" and response.status_code == 200:
            people = PERSON_LINK.findall(response.text)
            if people and not self.milestones:
                record = self.call("GET", f"/young-people/{people[0]}", "a record")
                if record is not None:
                    self.milestones = [
                        (int(p), int(m)) for p, m in MILESTONE_LINK.findall(record.text)
                    ]

    def write(self) -> None:
        """Evidence on one of their people's milestones: a write a worker makes all day."""
        if not self.milestones:
            self.read()
            return
        person, milestone = self.rng.choice(self.milestones)
        path = f"/young-people/{person}/milestones/{milestone}/evidence"
        form_page = self.call("GET", path, "evidence form")
        if form_page is None or form_page.status_code != 200:
            return
        marker = f"load-{uuid.uuid4().hex}"
        today = date.today()
        data = [*_hidden_fields(form_page.text).items(), ("text", f"Load test {marker}")]
        data += [("evidence_date", str(part)) for part in (today.day, today.month, today.year)]
        with self.results.lock:
            self.results.writes_tried += 1
        answer = self.call(
            "POST", path, "add evidence", data=data, headers={"Referer": BASE + path}
        )
        if answer is not None and answer.status_code in (302, 303):
            with self.results.lock:
                self.results.writes.append(marker)

    def run(self) -> None:
        if not self.sign_in():
            return
        while not self.stop.is_set():
            if self.role == "worker" and self.rng.random() < 0.4:
                self.write()  # workers are about half the users: about 20% of requests
            else:
                self.read()
            time.sleep(self.rng.uniform(0.05, 0.3))  # a person reading the page


class Poller(threading.Thread):
    """A calendar application polling a feed with its ETag, as they do every few minutes."""

    def __init__(self, token: str, results: Results, stop: threading.Event):
        super().__init__(daemon=True)
        self.path, self.results, self.stop = f"/calendar/{token}.ics", results, stop

    def run(self) -> None:
        http = requests.Session()
        http.verify = False
        etag = None
        while not self.stop.is_set():
            headers = {"If-None-Match": etag} if etag else {}
            started = time.perf_counter()
            try:
                response = http.get(BASE + self.path, headers=headers, timeout=30, verify=False)
                status = response.status_code
                etag = response.headers.get("ETag", etag)
            except requests.RequestException:
                status = 0
            self.results.note(time.perf_counter() - started, status, "feed")
            # Calendars poll every few minutes; all pollers here share one address, whose
            # limit is 60 a minute, so each polls every 5 seconds.
            time.sleep(5)


# The run --------------------------------------------------------------------------------


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _accounts(url: str) -> list[tuple[str, str]]:
    from sqlalchemy import create_engine, text

    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT email, role FROM users WHERE role IN ('worker', 'manager', "
                "'adult_services', 'young_person') ORDER BY id"
            )
        ).all()
    engine.dispose()
    return [(email, role) for email, role in rows]


def _saved(url: str, markers: list[str]) -> int:
    from sqlalchemy import create_engine, text

    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as connection:
        texts = set(
            connection.scalars(
                text("SELECT text FROM milestone_evidence WHERE text LIKE 'Load test load-%'")
            )
        )
    engine.dispose()
    return sum(1 for marker in markers if f"Load test {marker}" in texts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True, help="PostgreSQL")
    parser.add_argument("--reset", action="store_true", help="empty the database and build it")
    parser.add_argument("--reuse", action="store_true", help="use a database built before")
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--users", type=int, default=40)
    parser.add_argument("--pollers", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers an instance")
    parser.add_argument("--threads", type=int, default=4, help="threads a gunicorn worker")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/15")
    parser.add_argument("--no-failover", action="store_true")
    args = parser.parse_args(argv)

    if not args.reuse:
        bench.main(
            [
                "--people",
                str(args.people),
                "--database-url",
                args.database_url,
                *(["--reset"] if args.reset else []),
                "--build-only",
            ]
        )
    tmp = Path(tempfile.mkdtemp(prefix="transition-load-"))
    _certificate(tmp)
    conf = _render_nginx(tmp)
    env = _environment(args.database_url, args.redis_url)
    subprocess.run(["redis-cli", "-u", args.redis_url, "FLUSHDB"], check=False, capture_output=True)  # noqa: S607
    log = tmp / "gunicorn.log"
    instances = [_gunicorn(port, env, args.workers, args.threads, log) for port in PORTS]
    nginx = subprocess.Popen(  # noqa: S603
        ["nginx", "-c", str(conf), "-p", str(tmp), "-g", "daemon off;"],  # noqa: S607
        stdout=(tmp / "nginx.out").open("wb"),
        stderr=subprocess.STDOUT,
    )
    try:
        for port in PORTS:
            _wait_for(f"http://127.0.0.1:{port}/healthz")
        _wait_for(f"{BASE}/healthz")
        static = requests.get(f"{BASE}/login", verify=False, timeout=10)  # noqa: S501
        css = re.search(r'href="(/static/[^"]+\.css\?v=[^"]+)"', static.text)
        if css:
            cached = requests.get(BASE + css.group(1), verify=False, timeout=10)  # noqa: S501
            cache = cached.headers.get("Cache-Control")
            print(f"Static file through nginx: {cached.status_code}, {cache}")

        accounts = _accounts(args.database_url)
        by_role: dict[str, list[str]] = {}
        for email, role in accounts:
            by_role.setdefault(role, []).append(email)
        mix = (
            [("worker", n) for n in range(int(args.users * 0.55))]
            + [("manager", n) for n in range(int(args.users * 0.1))]
            + [("adult_services", n) for n in range(int(args.users * 0.15))]
        )
        mix += [("young_person", n) for n in range(args.users - len(mix))]
        results, stop = Results(), threading.Event()
        users = []
        for index, (role, n) in enumerate(mix):
            emails = by_role[role]
            # The first three workers all sign in as worker@example.org at the same moment.
            email = emails[0] if (role != "worker" or n < 3) else emails[n % len(emails)]
            users.append(User(email, role, results, stop, index))
        pollers = [
            Poller(token, results, stop)
            for token in list(bench.FEED_TOKENS.values())[: args.pollers]
        ]
        started = time.monotonic()
        for thread in [*users, *pollers]:
            thread.start()
        failover = ""
        if not args.no_failover:
            time.sleep(args.duration / 2)
            before = len(results.errors)
            instances[0].send_signal(signal.SIGTERM)
            instances[0].wait(timeout=60)
            time.sleep(3)
            instances[0] = _gunicorn(PORTS[0], env, args.workers, args.threads, log)
            _wait_for(f"http://127.0.0.1:{PORTS[0]}/healthz")
            failover = (
                f"errors while instance 1 was stopped and restarted: {len(results.errors) - before}"
            )
        time.sleep(max(0.0, args.duration - (time.monotonic() - started)))
        memory = [size for instance in instances for size in _worker_rss_mb(instance)]
        stop.set()
        for thread in [*users, *pollers]:
            thread.join(timeout=40)
        elapsed = time.monotonic() - started
    finally:
        for instance in instances:
            instance.send_signal(signal.SIGTERM)
        nginx.send_signal(signal.SIGQUIT)
        for process in [*instances, nginx]:
            try:
                process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                process.kill()

    saved = _saved(args.database_url, results.writes)
    times = results.times
    print(
        f"{len(users)} users and {len(pollers)} feed pollers for {elapsed:.0f} s, "
        f"2 gunicorn instances x {args.workers} workers x {args.threads} threads behind nginx"
    )
    print(f"requests: {len(times)} ({len(times) / elapsed:.1f}/s)")
    if times:
        p50, p95, p99 = (_percentile(times, share) * 1000 for share in (0.5, 0.95, 0.99))
        print(f"p50 {p50:.0f} ms, p95 {p95:.0f} ms, p99 {p99:.0f} ms")
    print(f"statuses: {dict(sorted(results.statuses.items()))}")
    print(f"errors (5xx or no answer): {len(results.errors)} {results.errors[:5]}")
    print(
        f"writes: {results.writes_tried} tried, {len(results.writes)} saved by the app, "
        f"{saved} found in the database, lost: {len(results.writes) - saved}"
    )
    if failover:
        print(failover)
    if memory:
        print(
            f"gunicorn worker memory (RSS): largest {max(memory):.0f} MB, "
            f"{', '.join(f'{m:.0f}' for m in sorted(memory))} MB"
        )
    access = (
        (tmp / "transition.access.log").read_text()
        if (tmp / "transition.access.log").exists()
        else ""
    )
    leaked = [token for token in bench.FEED_TOKENS.values() if token in access]
    print(f"access log: {len(access.splitlines())} lines, feed tokens in it: {len(leaked)}")
    return 1 if results.errors or leaked or len(results.writes) != saved else 0


if __name__ == "__main__":
    raise SystemExit(main())
