"""`make bench`: the portal under load, as production runs it, on a generated county.

    python tests/bench/load.py [--cases 10000] [--seconds 10] [--no-pdf]

Makes its own PostgreSQL database (ssr_portal_bench, or ssr_portal_bench_<N> for
another size), migrates it, fills it with `manage.py bench_seed` unless it
already holds that many cases, collects the static files, starts gunicorn with
the project's gunicorn.conf.py (4 workers, debug off: the settings of `make
serve`), logs in once through the login page and drives each URL with wrk on
loopback (16 connections, --seconds each). It prints one table: per URL the
median and p95 latency, requests per second, the ratio to the cheapest view
(/healthz, one `SELECT 1` and no session), the SQL queries of one warm request
(Django's test client in this process, on the same database) and the peak
resident memory of the workers during the URL's run. Then the PDF pipeline
against LibreOffice (tests/bench/pdf_compare.py).

The URLs are found as a visitor finds them: the deep page and the filters from
the list page's own links and choices, so the driver keeps working while the
list, its pagination and the search change. A benchmark, not a test: no time is
asserted; `make test` leaves tests/bench out.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
WRK = shutil.which("wrk") or "/usr/bin/wrk"
SERVER_URL = "postgres://postgres@127.0.0.1:5432"
PASSWORD = "ssr-bench"  # noqa: S105 - the generated bench login, on loopback only
WORKERS = 4
CONNECTIONS = 16
SEARCH_WORD = "beredskap"
WARMUP_SECONDS = 2
LUA = Path(__file__).with_name("wrk_report.lua")


@dataclass
class Target:
    label: str
    path: str
    # "session", "token" or "" (anonymous)
    auth: str = "session"
    # Several paths taken in turn (the fresh PDF: each request a document not
    # rendered before).
    paths: list[str] = field(default_factory=list)
    before: object = None  # called before the run and before counting queries


@dataclass
class Result:
    target: Target
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    rps: float = 0.0
    requests: int = 0
    errors: int = 0
    queries: int | None = None
    status: int | None = None
    rss_mb: float = 0.0
    restarts: int = 0
    alone_ms: float | None = None
    note: str = ""


def server_env(database_url: str, port: int) -> dict[str, str]:
    """`make serve`'s SERVE_ENV, with 4 workers and the test client's host."""
    secret = ROOT / "var" / "demo-secret-key"
    if not secret.exists() or not secret.read_text().strip():
        secret.parent.mkdir(exist_ok=True)
        secret.write_text(secrets.token_urlsafe(60) + "\n")
        secret.chmod(0o600)
    env = dict(os.environ)
    for name in ("SSR_DEBUG", "DJANGO_SETTINGS_MODULE"):
        env.pop(name, None)
    env.update(
        DATABASE_URL=database_url,
        SSR_DEBUG="false",
        SSR_SECRET_KEY_FILE=str(secret),
        SSR_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SSR_SECURE_SSL_REDIRECT="false",
        SSR_BIND=f"127.0.0.1:{port}",
        SSR_WEB_WORKERS=str(WORKERS),
    )
    return env


def libreoffice_install() -> subprocess.Popen | None:
    """Debian's LibreOffice Writer, installed in the background while the
    database is prepared (a few minutes), when it is missing."""
    if shutil.which("soffice"):
        return None
    print("Installing libreoffice-writer-nogui in the background (var/bench-apt.log)")
    log = (ROOT / "var" / "bench-apt.log").open("w")
    return subprocess.Popen(
        "apt-get update -q && DEBIAN_FRONTEND=noninteractive "
        "apt-get install -y -q libreoffice-writer-nogui",
        shell=True,  # noqa: S602 - a fixed command line
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True)


def case_count(database_url: str) -> int | None:
    import psycopg

    try:
        with psycopg.connect(database_url, connect_timeout=3) as connection:
            return connection.execute("SELECT count(*) FROM cases_case").fetchone()[0]
    except psycopg.errors.UndefinedTable:
        return None


def drop_database(database_url: str) -> None:
    import psycopg
    from psycopg import sql

    name = urllib.parse.urlsplit(database_url).path.lstrip("/")
    with psycopg.connect(f"{SERVER_URL}/postgres", autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)
            )
        )


def prepare(database_url: str, env: dict[str, str], cases: int) -> float | None:
    """The database migrated and seeded at `cases` cases; gives bench_seed's
    seconds when it ran."""
    from ssr_portal.lib.pg_create import main as pg_create

    if pg_create(database_url):
        raise SystemExit(1)
    count = case_count(database_url)
    # The demo adds a handful of cases of its own.
    seeded = count is not None and cases <= count < cases + 100
    if count and not seeded:
        print(f"The bench database has {count} cases, not {cases}: made anew.")
        drop_database(database_url)
        pg_create(database_url)
    manage(env, "compilemessages", "--ignore=.venv", "-v", "0")
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "collectstatic", "--no-input", "-v", "0")
    if seeded:
        print(f"The bench database already holds {count} cases.")
        return None
    started = time.perf_counter()
    manage(env, "bench_seed", "--cases", str(cases), "--password", PASSWORD)
    return time.perf_counter() - started


# The server -----------------------------------------------------------------------


class Server:
    def __init__(self, env: dict[str, str], port: int, log: Path):
        self.base = f"http://127.0.0.1:{port}"
        self.log = log.open("w")
        self.process = subprocess.Popen(
            [GUNICORN, "ssr_portal.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=self.log,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=2):
                    break
            except OSError:
                time.sleep(0.3)
        else:
            self.stop()
            raise SystemExit(f"gunicorn did not answer; see {log}")
        # All four workers up.
        while len(self.workers()) < WORKERS and time.monotonic() < deadline:
            time.sleep(0.2)

    def workers(self) -> list[int]:
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in path.read_text().split()]
        except OSError:
            return []

    def peak_rss_mb(self) -> dict[int, float]:
        peaks = {}
        for pid in self.workers():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            match = re.search(r"VmHWM:\s+(\d+) kB", status)
            if match:
                peaks[pid] = int(match.group(1)) / 1024
        return peaks

    def wait_quiet(self, limit: float = 300.0) -> None:
        """Until the requests wrk left queued are served: wrk's connections close
        at the end of its run, but the workers still work off what was sent, which
        would slow the next URL's run. Quiet: /healthz answers at once twice."""
        deadline, quick = time.monotonic() + limit, 0
        while quick < 2 and time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=limit):
                    pass
            except OSError:
                time.sleep(0.5)
                continue
            quick = quick + 1 if time.perf_counter() - started < 0.1 else 0
            time.sleep(0.1)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


class RssSampler(threading.Thread):
    """The highest VmHWM of any worker while a URL is driven (a worker replaced
    after max_requests takes its peak with it, so it is read every 0.2 s)."""

    def __init__(self, server: Server):
        super().__init__(daemon=True)
        self.server, self.peak, self.per_worker = server, 0.0, {}
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.is_set():
            for pid, mb in self.server.peak_rss_mb().items():
                self.per_worker[pid] = max(self.per_worker.get(pid, 0.0), mb)
                self.peak = max(self.peak, mb)
            self.stopping.wait(0.2)

    def stop(self) -> float:
        self.stopping.set()
        self.join()
        return self.peak


# The visitor's side: log in, find the URLs -----------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A visitor over plain HTTP. The cookies are kept by hand: production's are
    Secure, which urllib's cookie jar keeps off plain HTTP (a browser sends them
    to 127.0.0.1, a secure context)."""

    def __init__(self, base: str):
        self.base = base
        self.cookies: dict[str, str] = {}
        self.opener = urllib.request.build_opener(_NoRedirect)

    def _open(self, path: str, data: bytes | None = None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = self.cookie_header()
        request = urllib.request.Request(self.base + path, data=data, headers=headers)
        try:
            response = self.opener.open(request, timeout=120)
        except urllib.error.HTTPError as error:
            response = error
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _sep, rest = value.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response

    def get(self, path: str, headers: dict | None = None) -> tuple[int, str]:
        for _hop in range(5):
            response = self._open(path, headers=headers)
            body = response.read().decode("utf-8", "replace")
            location = response.headers.get("Location")
            if response.status in (301, 302, 303, 307) and location:
                path = _with_query(path, location)
                continue
            return response.status, body
        return response.status, body

    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def login(self, username: str, password: str) -> str:
        _status, page = self.get("/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        data = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token.group(1) if token else "",
                "username": username,
                "password": password,
            }
        ).encode()
        response = self._open(
            "/login/", data=data, headers={"Referer": self.base + "/login/"}
        )
        response.read()
        if "sessionid" not in self.cookies:
            raise SystemExit(
                f"The bench login did not give a session cookie ({response.status})."
            )
        return self.cookie_header()


def _links(page: str) -> list[str]:
    return [unescape(href) for href in re.findall(r'href="([^"]+)"', page)]


def _with_query(path: str, href: str) -> str:
    """An href of the page at `path` as a path with its query."""
    absolute = urllib.parse.urljoin("http://x" + path, href)
    parts = urllib.parse.urlsplit(absolute)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def deep_page(browser: Browser, first: str, hops: int = 40) -> tuple[str, str]:
    """The deepest page the list offers: the highest ?page=N it links to, else
    the page `hops` "next" links on."""
    _status, page = browser.get(first)
    numbers = [
        (int(m.group(1)), href)
        for href in _links(page)
        if (m := re.search(r"[?&]page=(\d+)", href))
    ]
    if numbers:
        number, href = max(numbers)
        return _with_query(first, href), f"page {number}"
    path = first
    for hop in range(hops):
        found = re.search(r'<a[^>]*href="([^"]+)"[^>]*rel="next"', page) or re.search(
            r'<a[^>]*rel="next"[^>]*href="([^"]+)"', page
        )
        if not found:
            return path, f"{hop} next links on"
        path = _with_query(path, unescape(found.group(1)))
        _status, page = browser.get(path)
    return path, f"{hops} next links on"


def select_options(page: str, name: str) -> list[tuple[str, str]]:
    match = re.search(
        rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, flags=re.S
    )
    if not match:
        return []
    return [
        (unescape(value), re.sub(r"<[^>]+>", "", unescape(label)).strip())
        for value, label in re.findall(
            r'<option[^>]*value="([^"]*)"[^>]*>(.*?)</option>', match.group(1), re.S
        )
        if value
    ]


def filtered_list(browser: Browser, first: str) -> tuple[str, str]:
    """The list with a board, a year and a status chosen from its own filter form."""
    _status, page = browser.get(first)
    params, said = {}, []
    boards = select_options(page, "board")
    if boards:
        value, label = next(
            ((v, lab) for v, lab in boards if "Huddinge" in lab and "KS" in lab),
            boards[0],
        )
        params["board"] = value
        said.append(label.split(",")[0])
    years = [v for v, _l in select_options(page, "year")]
    if years:
        params["year"] = "2024" if "2024" in years else years[len(years) // 2]
        said.append(params["year"])
    statuses = [v for v, _l in select_options(page, "status")]
    if statuses:
        params["status"] = "closed" if "closed" in statuses else statuses[0]
        said.append(params["status"])
    return f"{first}?{urllib.parse.urlencode(params)}", ", ".join(said)


# Driving a URL ----------------------------------------------------------------------


def drive(
    server: Server,
    target: Target,
    headers: dict[str, str],
    seconds: int,
    warmup: int = WARMUP_SECONDS,
) -> Result:
    """wrk on the target: `warmup` seconds unmeasured (every worker has served
    it, and a worker replaced after max_requests by the previous URL has booted),
    then `seconds` measured."""
    result = Result(target)
    env = dict(os.environ)
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as paths:
        paths.write("\n".join(target.paths or [target.path]) + "\n")
    env["BENCH_PATHS"] = paths.name
    command = [
        WRK,
        "-t2",
        f"-c{CONNECTIONS}",
        f"-d{seconds}s",
        "--timeout",
        "60s",
        "--latency",
        "-s",
        str(LUA),
    ]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    command.append(server.base + (target.paths or [target.path])[0])
    if warmup:
        warm = [*command]
        warm[3] = f"-d{warmup}s"
        subprocess.run(warm, capture_output=True, env=env)
        server.wait_quiet()
        deadline = time.monotonic() + 30
        while len(server.workers()) < WORKERS and time.monotonic() < deadline:
            time.sleep(0.2)
    if callable(target.before):
        target.before()
    sampler = RssSampler(server)
    sampler.start()
    run = subprocess.run(command, capture_output=True, text=True, env=env)
    result.rss_mb = sampler.stop()
    server.wait_quiet()
    # Workers replaced during the run (gunicorn's max_requests): each boot is
    # in the figures, as in production.
    result.restarts = max(0, len(sampler.per_worker) - WORKERS)
    Path(paths.name).unlink()
    line = next((x for x in run.stdout.splitlines() if x.startswith("BENCH ")), None)
    if line is None:
        result.note = f"wrk failed: {run.stderr.strip()[:100]}"
        return result
    report = json.loads(line[6:])
    result.requests = report["requests"]
    result.rps = report["requests"] / (report["duration_us"] / 1e6)
    result.p50_ms = report["p50"] / 1000
    result.p95_ms = report["p95"] / 1000
    result.errors = sum(report[k] for k in report if k.startswith("errors_"))
    return result


# Queries per request, in this process --------------------------------------------


def count_queries(target: Target, bench_user, token: str) -> tuple[int, int, float]:
    """The queries, status and time of one warm request, alone, in this process."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    extra = {}
    if target.auth == "session":
        client.force_login(bench_user)
    elif target.auth == "token":
        extra["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    path = (target.paths or [target.path])[-1]
    client.get(path, **extra)  # warm: the caches of this process filled
    if callable(target.before):
        target.before()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(path, **extra)
        alone = time.perf_counter() - started
    return len(queries), response.status_code, alone * 1000


# The run ----------------------------------------------------------------------------


def build_targets(browser: Browser, token_header: dict) -> list[Target]:
    from django.urls import reverse

    from cases.models import Case, Document
    from ssr_portal.lib.pdf_cache import pdf_cache_forget
    from targets.models import Vision

    malbild = Case.objects.get(
        board__organisation__municipality_code="0126", number="KS 2023/236"
    )
    drafting = (
        Document.objects.filter(
            case__board__organisation__municipality_code="0126",
            case__status=Case.Status.DRAFTING,
            case__handler__isnull=False,
        )
        .order_by("-case__year", "-case__serial")
        .values_list("case_id", flat=True)
        .first()
    )
    fresh_ids = list(
        Document.objects.filter(
            case__board__organisation__municipality_code="0126",
            case__secrecy="public",
        )
        .exclude(case=malbild)
        .order_by("?")
        .values_list("case_id", flat=True)[:400]
    )

    def forget_fresh() -> None:
        for case_id in fresh_ids:
            document_id = Document.objects.filter(case_id=case_id).values_list(
                "pk", flat=True
            )[0]
            pdf_cache_forget(scope=f"document:{document_id}")

    first = reverse("cases:list")
    deep, deep_said = deep_page(browser, first)
    filtered, filtered_said = filtered_list(browser, first)
    vision = Vision.objects.order_by("pk").first()
    stored_pdf = reverse("cases:document-pdf", args=[malbild.pk])
    browser.get(stored_pdf)  # rendered and stored once
    targets = [
        Target("/healthz (ceiling: SELECT 1, no session)", "/healthz", auth=""),
        Target("Case list, first page", first),
        Target(f"Case list, deepest ({deep_said})", deep),
        Target(f"Case list filtered ({filtered_said})", filtered),
        Target(f"Portal search ?q={SEARCH_WORD}", f"/sok/?q={SEARCH_WORD}"),
        Target(
            f"Public diarium search ?q={SEARCH_WORD} (anonymous)",
            f"/diarium/?q={SEARCH_WORD}",
            auth="",
        ),
        Target(
            f"Case page ({malbild.number})", reverse("cases:detail", args=[malbild.pk])
        ),
    ]
    if drafting:
        targets.append(
            Target(
                "Document editor (a draft)",
                reverse("cases:document-edit", args=[drafting]),
            )
        )
    targets.append(Target("API case list (token)", "/api/cases/", auth="token"))
    if vision:
        targets.append(
            Target("SSR matrix", reverse("targets:matrix", args=[vision.pk]))
        )
    targets.append(Target("Tjänsteskrivelse PDF, stored (Målbild)", stored_pdf))
    targets.append(
        Target(
            "Tjänsteskrivelse PDF, fresh (each request another)",
            "",
            paths=[reverse("cases:document-pdf", args=[pk]) for pk in fresh_ids],
            before=forget_fresh,
        )
    )
    return targets


def print_table(results: list[Result], cases: int, seconds: int) -> None:
    ceiling = results[0].rps or 1.0
    width = max(len(r.target.label) for r in results)
    print()
    print(
        f"{cases} cases · gunicorn {WORKERS} workers, debug off · wrk {CONNECTIONS} "
        f"connections, {seconds} s per URL · {os.cpu_count()} cores"
    )
    header = (
        f"{'URL':<{width}}  {'p50 ms':>8}  {'p95 ms':>8}  {'req/s':>8}  "
        f"{'× ceiling':>9}  {'SQL':>4}  {'alone ms':>8}  {'RSS MB':>6}  notes"
    )
    print(header)
    print("-" * len(header))
    legend = (
        "SQL and alone: one warm request by itself (Django's test client in the "
        "driver, same database); RSS: the highest VmHWM of a worker during the run"
    )
    for r in results:
        notes = []
        if r.restarts:
            notes.append(f"{r.restarts} worker(s) replaced (max_requests)")
        if r.errors:
            notes.append(f"{r.errors} errors/non-2xx of {r.requests}")
        if r.status and r.status != 200:
            notes.append(f"status {r.status}")
        if r.note:
            notes.append(r.note)
        queries = "" if r.queries is None else str(r.queries)
        alone = "" if r.alone_ms is None else f"{r.alone_ms:8.1f}"
        if r.requests:
            p50, p95 = f"{r.p50_ms:8.1f}", f"{r.p95_ms:8.1f}"
        else:
            p50 = p95 = f"{'—':>8}"
            notes.append(f"no request finished within {seconds} s")
        print(
            f"{r.target.label:<{width}}  {p50}  {p95}  "
            f"{r.rps:8.1f}  {r.rps / ceiling:9.3f}  {queries:>4}  {alone:>8}  "
            f"{r.rss_mb:6.0f}  " + "; ".join(notes)
        )
    print(legend)
    print()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=10, help="wrk's time per URL")
    parser.add_argument(
        "--warmup", type=int, default=WARMUP_SECONDS, help="unmeasured seconds per URL"
    )
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--database", help="PostgreSQL URL (default: made per size)")
    parser.add_argument(
        "--no-pdf", action="store_true", help="skip the LibreOffice part"
    )
    parser.add_argument(
        "--pdf-only", action="store_true", help="only the LibreOffice part"
    )
    parser.add_argument("--only", help="drive only the URLs whose label has this text")
    parser.add_argument("--repeats", type=int, default=5, help="PDF comparison rounds")
    options = parser.parse_args()

    name = (
        "ssr_portal_bench"
        if options.cases == 10_000
        else f"ssr_portal_bench_{options.cases}"
    )
    database_url = options.database or f"{SERVER_URL}/{name}"
    env = server_env(database_url, options.port)
    installer = None if options.no_pdf else libreoffice_install()
    seed_seconds = prepare(database_url, env, options.cases)
    if seed_seconds is not None:
        print(f"bench_seed --cases {options.cases}: {seed_seconds:.1f} s")

    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "ssr_portal.settings.base"
    import django

    django.setup()
    from members.models import Organisation, User
    from members.tokens import api_token_create

    bench_user = User.objects.get(username="bench")
    _row, token = api_token_create(
        user=User.objects.system(),
        name=f"bench {time.strftime('%Y-%m-%d %H:%M:%S')}",
        organisation=Organisation.objects.get(municipality_code="0126"),
        scope="read",
    )

    if installer is not None:
        # Not while the pages are measured: apt would take a core from them.
        print("Waiting for the LibreOffice install …", flush=True)
        installer.wait()
    if options.pdf_only:
        from tests.bench.pdf_compare import compare

        compare(env=env, repeats=options.repeats)
        return 0
    server = Server(env, options.port, ROOT / "var" / "bench-gunicorn.log")
    try:
        browser = Browser(server.base)
        cookie = browser.login("bench", PASSWORD)
        targets = build_targets(browser, {"Authorization": f"Bearer {token}"})
        if options.only:
            targets = [targets[0]] + [
                t for t in targets[1:] if options.only.lower() in t.label.lower()
            ]
        results = []
        for target in targets:
            headers = {}
            if target.auth == "session":
                headers["Cookie"] = cookie
            elif target.auth == "token":
                headers["Authorization"] = f"Bearer {token}"
            result = drive(
                server, target, headers, options.seconds, warmup=options.warmup
            )
            try:
                result.queries, result.status, result.alone_ms = count_queries(
                    target, bench_user, token
                )
            except Exception as error:  # a benchmark reports, it does not stop
                result.note = f"query count failed: {error!r}"[:120]
            results.append(result)
            print(
                f"  {target.label}: {result.rps:.1f} req/s, p95 {result.p95_ms:.1f} ms",
                flush=True,
            )
        peaks = server.peak_rss_mb()
    finally:
        server.stop()
    print_table(results, options.cases, options.seconds)
    print(
        "Peak RSS (VmHWM) of the workers at the end: "
        + ", ".join(f"{mb:.0f} MB" for mb in sorted(peaks.values()))
        + f"; highest during any URL: {max(r.rss_mb for r in results):.0f} MB"
    )
    if seed_seconds is not None:
        print(f"bench_seed --cases {options.cases} took {seed_seconds:.1f} s")
    if not options.no_pdf:
        from tests.bench.pdf_compare import compare

        compare(env=env, repeats=options.repeats)
    return 0


if __name__ == "__main__":
    sys.exit(main())
