"""``manage.py bench``: how the cost of each page grows with the data, in numbers.

For each factor (default 1 and 100) the runner clears the business tables, generates
the data set, starts gunicorn (``mobiliza.bench.bench_settings``: DEBUG off, a query
counter answering in the ``X-Bench-Queries`` header), logs in through the real login
form as the Secretariat, and times every page twice: *cold*, ``requests`` requests with
the cache emptied before each one (what a first visitor, or the first after a write,
waits), then *warm*, after three warm-up requests, ``requests`` requests in a row.
It also times, in the same run: one hand-written SQL query computing the totals (the
database floor), Django admin's change list with the same search as the directory (the
generic peer), and a 20,000-row XLSX import of partners through the import service
(preview, then confirm) against a bare openpyxl parse plus ``bulk_create``.

The ``client`` transport serves the smoke test: Django's test client in-process, on the
test database, with the query counter wrapped around each request.
"""

from __future__ import annotations

import http.cookiejar
import io
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import translation

from mobiliza.bench.middleware import HEADER, QueryCounter

SECRETARIAT = "secretariat@example.org"
DEMO_PASSWORD = "mobiliza-demo"  # noqa: S105 - the demo users' published password
ADMIN_EMAIL = "bench-admin@example.org"
ADMIN_PASSWORD = "bench-admin-only-password-7431"  # noqa: S105 - deleted after the run
SEARCH_WORD = "fundacion"
IMPORT_CASE = "partner import 20000 rows"
CASE_NAMES = [
    "directory list",
    "directory search",
    "partner page",
    "pipeline board",
    "opportunity page",
    "resources totals",
    "agreements list",
    "obligations calendar",
    "api partner list",
    "api contribution list",
    IMPORT_CASE,
]
WARMUP = 3
MAX_QUERIES = 15
MAX_GROWTH = 1.3
MAX_FLOOR = 1.5
MIN_PEER = 2.0
MIN_IMPORT = 0.5
MAX_SEARCH_MS = 200.0

Output = Callable[[str], Any]


@dataclass
class Figures:
    """Warm figures (``median_ms``...), and the cold ones when the case has them."""

    median_ms: float
    p95_ms: float
    queries: int | None
    cold: Figures | None = None

    def as_dict(self) -> dict[str, Any]:
        figures: dict[str, Any] = {
            "median_ms": round(self.median_ms, 2),
            "p95_ms": round(self.p95_ms, 2),
            "queries": self.queries,
        }
        if self.cold is not None:
            figures.update(
                cold_median_ms=round(self.cold.median_ms, 2),
                cold_p95_ms=round(self.cold.p95_ms, 2),
                cold_queries=self.cold.queries,
            )
        return figures


def figures(times: list[float], queries: int | None) -> Figures:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]
    return Figures(statistics.median(ordered) * 1000, p95 * 1000, queries)


# --- Transports -----------------------------------------------------------------------------


class Session:
    """One logged-in user agent: ``get(path)`` → (seconds, status, queries or None)."""

    def get(self, path: str) -> tuple[float, int, int | None]:
        raise NotImplementedError

    def login(self, email: str, password: str) -> None:
        raise NotImplementedError

    def empty_cache(self) -> None:
        """Empty the cache the application reads (sessions live in the database)."""
        raise NotImplementedError


class HttpSession(Session):
    """Real HTTP to gunicorn through urllib, keeping the session cookie."""

    def __init__(self, base: str, cache_dir: str) -> None:
        self.base = base
        self.cache_dir = cache_dir
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def empty_cache(self) -> None:
        from django.core.cache.backends.filebased import FileBasedCache

        # The workers' file cache (bench_settings), emptied as its own clear() would.
        FileBasedCache(self.cache_dir, {}).clear()

    def _cookie(self, name: str) -> str:
        for cookie in self.jar:
            if cookie.name == name:
                return cookie.value or ""
        return ""

    def login(self, email: str, password: str) -> None:
        url = self.base + "/es/accounts/login/"
        with self.opener.open(url, timeout=60) as response:
            response.read()
        body = urllib.parse.urlencode(
            {
                "username": email,
                "password": password,
                "csrfmiddlewaretoken": self._cookie("csrftoken"),
            }
        ).encode()
        request = urllib.request.Request(url, data=body, headers={"Referer": url})  # noqa: S310
        with self.opener.open(request, timeout=60) as response:
            response.read()
        if not self._cookie("sessionid"):
            raise RuntimeError(f"Could not log in as {email} through the login form.")

    def get(self, path: str) -> tuple[float, int, int | None]:
        started = time.perf_counter()
        try:
            with self.opener.open(self.base + path, timeout=300) as response:
                response.read()
                status = response.status
                header = response.headers.get(HEADER)
        except urllib.error.HTTPError as error:
            error.read()
            status, header = error.code, error.headers.get(HEADER)
        elapsed = time.perf_counter() - started
        return elapsed, status, int(header) if header is not None else None


class ClientSession(Session):
    """Django's test client in the same process (the smoke test's transport)."""

    def __init__(self) -> None:
        from django.test import Client

        self.client = Client()

    def empty_cache(self) -> None:
        from django.core.cache import cache

        cache.clear()

    def login(self, email: str, password: str) -> None:
        response = self.client.post(
            "/es/accounts/login/", {"username": email, "password": password}
        )
        if response.status_code != 302:
            raise RuntimeError(f"Could not log in as {email} through the login form.")

    def get(self, path: str) -> tuple[float, int, int | None]:
        counter = QueryCounter()
        started = time.perf_counter()
        with connection.execute_wrapper(counter):
            response = self.client.get(path)
            if getattr(response, "streaming", False):
                b"".join(response.streaming_content)  # type: ignore[attr-defined]
            else:
                _ = response.content
        elapsed = time.perf_counter() - started
        return elapsed, response.status_code, counter.count


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def gunicorn(log: Output) -> Iterator[tuple[str, str]]:
    """A gunicorn serving the application under the bench settings; always stopped.
    Yields its address and the directory of the cache its workers share."""
    import tempfile

    port = free_port()
    # A cache shared by the workers and new for each server: cold at the start.
    cache_dir = tempfile.mkdtemp(prefix="mobiliza-bench-cache-")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mobiliza.bench.bench_settings",
        "BENCH_COUNT_QUERIES": "1",
        "LOG_LEVEL": "WARNING",
        "BENCH_CACHE_DIR": cache_dir,
    }
    executable = Path(sys.executable).with_name("gunicorn")
    command = [
        str(executable),
        "config.wsgi",
        "--workers",
        "2",
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout",
        "600",
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, cwd=settings.BASE_DIR, env=env)  # noqa: S603
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError("gunicorn stopped before answering.")
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=5) as response:  # noqa: S310
                    response.read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("gunicorn did not answer within 60 s.") from None
                time.sleep(0.2)
        log(f"gunicorn (2 workers) at {base}, pid {process.pid}")
        yield base, cache_dir
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- The data each case needs ---------------------------------------------------------------


@dataclass
class Targets:
    """Ids and values the pages are asked about, chosen the same way at every factor."""

    partner_id: int
    opportunity_id: int
    status: str
    source_type: str
    paths: dict[str, str] = field(default_factory=dict)


def choose_targets() -> Targets:
    from mobiliza.directory.models import Partner
    from mobiliza.pipeline.models import Opportunity

    opportunity = Opportunity.objects.order_by("pk").first()
    partner = Partner.objects.filter(pk=opportunity.partner_id).first() if opportunity else None
    if partner is None:
        partner = Partner.objects.order_by("pk").first()
    if partner is None or opportunity is None:
        raise RuntimeError("The generated data set has no partner or no opportunity.")
    source_type = partner.source_type if partner.source_type_id else None  # type: ignore[attr-defined]
    source = source_type.code if source_type is not None else ""
    targets = Targets(partner.pk, opportunity.pk, "active", source)
    search = urllib.parse.urlencode(
        {"q": SEARCH_WORD, "status": targets.status, "source_type": targets.source_type}
    )
    targets.paths = {
        "directory list": "/es/directory/partners/",
        "directory search": f"/es/directory/partners/?{search}",
        "partner page": f"/es/directory/partners/{targets.partner_id}/",
        "pipeline board": "/es/pipeline/",
        "opportunity page": f"/es/pipeline/opportunities/{targets.opportunity_id}/",
        "resources totals": "/es/resources/totals/",
        "agreements list": "/es/resources/agreements/",
        "obligations calendar": "/es/resources/calendar/",
        "api partner list": "/api/v1/partners/",
        "api contribution list": "/api/v1/contributions/",
        "project list": "/es/portfolio/projects/",
        "project board": "/es/portfolio/board/",
        "portfolio totals": "/es/portfolio/totals/",
        "api project list": "/api/v1/projects/",
    }
    # The project the most records point to: its page and its partners that fit.
    from django.db.models import Count

    from mobiliza.portfolio.models import Project

    project = (
        Project.objects.annotate(links=Count("contributions"))
        .order_by("-links", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    if project is not None:
        targets.paths["project page"] = f"/es/portfolio/projects/{project}/"
        targets.paths["project's fitting partners"] = (
            f"/es/portfolio/projects/{project}/partners/top/"
        )
        targets.paths["api project matches"] = f"/api/v1/projects/{project}/matches/"
    return targets


def _timed(session: Session, path: str, requests: int, *, cold: bool) -> Figures:
    times: list[float] = []
    counts: list[int] = []
    for _ in range(requests):
        if cold:
            session.empty_cache()
        elapsed, status, queries = session.get(path)
        if status != 200:
            raise RuntimeError(f"GET {path} answered {status}, not 200.")
        times.append(elapsed)
        if queries is not None:
            counts.append(queries)
    return figures(times, max(counts) if counts else None)


def time_path(session: Session, path: str, requests: int, *, cold: bool = True) -> Figures:
    """The warm figures of ``path``, with its cold ones (cache emptied before each request)
    unless ``cold`` is false."""
    cold_figures = _timed(session, path, requests, cold=True) if cold else None
    for _ in range(WARMUP):
        _elapsed, status, _queries = session.get(path)
        if status != 200:
            raise RuntimeError(f"GET {path} answered {status}, not 200.")
    warm = _timed(session, path, requests, cold=False)
    warm.cold = cold_figures
    return warm


def totals_floor_seconds(requests: int) -> float:
    """Median time of one hand-written query computing the totals by kind and status."""
    from mobiliza.agreements.models import Contribution

    table = connection.ops.quote_name(Contribution._meta.db_table)
    sql = (
        "SELECT kind_id, status, SUM(amount_reporting), COUNT(*) "  # noqa: S608
        f"FROM {table} WHERE amount_reporting IS NOT NULL AND reporting_currency = %s "
        "GROUP BY kind_id, status"
    )
    currency = settings.REPORTING_CURRENCY
    times = []
    with connection.cursor() as cursor:
        for index in range(WARMUP + requests):
            started = time.perf_counter()
            cursor.execute(sql, [currency])
            cursor.fetchall()
            if index >= WARMUP:
                times.append(time.perf_counter() - started)
    return statistics.median(times)


# --- The import -----------------------------------------------------------------------------


def import_file(rows: int) -> bytes:
    """An XLSX in the import template's columns (Spanish titles) with ``rows`` valid partners."""
    import openpyxl

    from mobiliza.coalition.models import MemberState
    from mobiliza.directory.transfer import services as transfer
    from mobiliza.plan.models import SourceType

    sources = list(SourceType.objects.order_by("position", "pk").values_list("code", flat=True))
    states = list(MemberState.objects.order_by("pk").values_list("code", flat=True))
    with translation.override("es"):
        header = transfer.template_header()
    names = [column.name for column in transfer.COLUMNS]
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Socios")
    sheet.append(header)
    for number in range(rows):
        values = {
            "name_es": f"Fundación Banco Importado Número {number:05d}",
            "name_en": f"Imported Bank Foundation Number {number:05d}",
            "acronym": f"BIMP{number:05d}",
            "scope": "regional" if number % 2 else "extra_regional",
            "source_type": sources[number % len(sources)] if sources else "",
            "status": "prospect",
            "general_objective_es": "Apoyar la gestión integral del riesgo en la región.",
            "website": f"https://importado-{number:05d}.example.org",
            "member_state": states[number % len(states)] if states else "",
            "contact_full_name": f"María José Núñez {number:05d}",
            "contact_email": f"contacto{number:05d}@importado.example.org",
        }
        sheet.append([values.get(name, "") for name in names])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _delete_partners_after(last_pk: int) -> None:
    from mobiliza.directory.models import Contact, Partner

    Contact._base_manager.filter(partner_id__gt=last_pk).delete()
    for model in (Partner.areas.through, Partner.contribution_kinds.through, Partner.axes.through):
        model.objects.filter(partner_id__gt=last_pk).delete()
    Partner._base_manager.filter(pk__gt=last_pk).delete()


def _last_partner_pk() -> int:
    from mobiliza.directory.models import Partner

    return Partner._base_manager.order_by("-pk").values_list("pk", flat=True).first() or 0


def time_import(user: Any, data: bytes) -> tuple[float, int, int]:
    """Our import as a user meets it, through the import wizard (``core.imports``): the
    upload (read safely, header found), the columns (guessed, chosen, remembered), the
    preview (every row checked, the checked rows kept), then the confirm's writing (what
    the background job runs for a file this size). Returns (seconds, rows created,
    queries); the rows are then deleted."""
    from mobiliza.core.imports import registry
    from mobiliza.core.imports import services as wizard

    importer = registry.get("partners")
    assert importer is not None, "the directory registers the partners' importer"
    last_pk = _last_partner_pk()
    counter = QueryCounter()
    started = time.perf_counter()
    with translation.override("es"), connection.execute_wrapper(counter):
        preview = wizard.preview_start(user=user, importer=importer, name="socios.xlsx", data=data)
        sheet = wizard.preview_sheet(preview)
        offered, _remembered = wizard.columns_offered(
            user=user, importer=importer, preview=preview, sheet=sheet
        )
        chosen = [""] * len(wizard.header_of(preview, sheet))
        for column in offered:
            chosen[column.position] = column.field
        wizard.columns_choose(
            user=user, importer=importer, preview=preview, sheet=sheet, chosen=chosen
        )
        outcome = wizard.preview_check(user=user, importer=importer, preview=preview, language="es")
        if not outcome.ready:
            first = outcome.bad_rows[0] if outcome.bad_rows else None
            raise RuntimeError(
                f"The benchmark file is refused: {first.number if first else ''}: "
                f"{first.errors if first else outcome.questions}"
            )
        with preview.checked.open("rb") as handle:
            payloads = wizard.checked_payloads(handle.read())
        created, _updated = importer.write(user=user, payloads=payloads, progress=None)
        wizard.preview_discard(preview)
    elapsed = time.perf_counter() - started
    _delete_partners_after(last_pk)
    return elapsed, created, counter.count


def time_bare_import(data: bytes) -> tuple[float, int]:
    """A bare read-only openpyxl parse plus ``bulk_create`` of the partners, no validation."""
    import openpyxl

    from mobiliza.coalition.models import MemberState
    from mobiliza.directory.models import Partner
    from mobiliza.directory.transfer import services as transfer
    from mobiliza.plan.models import SourceType

    last_pk = _last_partner_pk()
    started = time.perf_counter()
    sources = {s.code: s for s in SourceType.objects.all()}
    states = {s.code: s for s in MemberState.objects.all()}
    names = [column.name for column in transfer.COLUMNS]
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    partners = []
    for cells in workbook.worksheets[0].iter_rows(min_row=2, values_only=True):
        row = dict(zip(names, cells, strict=False))
        partners.append(
            Partner(
                name_es=row["name_es"] or "",
                name_en=row["name_en"] or "",
                acronym=row["acronym"] or "",
                scope=row["scope"] or "",
                status=row["status"] or "",
                general_objective_es=row["general_objective_es"] or "",
                website=row["website"] or "",
                source_type=sources.get(row["source_type"] or ""),
                member_state=states.get(row["member_state"] or ""),
            )
        )
    workbook.close()
    with transaction.atomic():
        Partner.objects.bulk_create(partners, batch_size=1000)
    elapsed = time.perf_counter() - started
    _delete_partners_after(last_pk)
    return elapsed, len(partners)


# --- The run --------------------------------------------------------------------------------


@dataclass
class Options:
    factors: list[float]
    requests: int = 30
    import_rows: int = 20000
    transport: str = "http"
    keep: bool = False
    seed: int = 2026
    output: Path | None = None


def factor_key(factor: float) -> str:
    return f"factor{factor:g}"


def database_name() -> str:
    return "postgresql" if connection.vendor == "postgresql" else connection.vendor


def commit() -> str:
    try:
        result = subprocess.run(  # noqa: S603
            ["git", "rev-parse", "HEAD"],  # noqa: S607
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        )
        return result.stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def ensure_admin() -> None:
    from django.contrib.auth import get_user_model

    User = get_user_model()
    user = User._default_manager.filter(email=ADMIN_EMAIL).first()
    if user is None:
        User._default_manager.create_superuser(ADMIN_EMAIL, ADMIN_PASSWORD)  # type: ignore[attr-defined]
    else:
        user.is_staff = user.is_superuser = True
        user.set_password(ADMIN_PASSWORD)
        user.save()


def drop_admin() -> None:
    from django.contrib.auth import get_user_model

    get_user_model()._default_manager.filter(email=ADMIN_EMAIL).delete()


def measure_factor(options: Options, log: Output) -> dict[str, Any]:
    """Every figure at the factor whose data is loaded now."""
    from django.contrib.auth import get_user_model

    targets = choose_targets()
    results: dict[str, Any] = {"cases": {}}

    def run(sessions: tuple[Session, Session]) -> None:
        ours, admin = sessions
        ours.login(SECRETARIAT, DEMO_PASSWORD)
        admin.login(ADMIN_EMAIL, ADMIN_PASSWORD)
        for name, path in targets.paths.items():
            result = time_path(ours, path, options.requests)
            results["cases"][name] = result
            assert result.cold is not None
            log(
                f"  {name:<24} cold {result.cold.median_ms:9.1f} ms ({result.cold.queries} "
                f"queries)  warm {result.median_ms:9.1f} ms ({result.queries} queries)"
            )
        search = urllib.parse.urlencode({"q": SEARCH_WORD})
        results["search_all"] = time_path(
            ours, f"/es/directory/partners/?{search}", options.requests
        )
        results["admin_search"] = time_path(
            admin, f"/es/admin/directory/partner/?{search}", options.requests
        )
        log(
            f"  search '{SEARCH_WORD}': ours {results['search_all'].median_ms:.1f} ms, "
            f"admin {results['admin_search'].median_ms:.1f} ms"
        )

    if options.transport == "http":
        with gunicorn(log) as (base, cache_dir):
            run((HttpSession(base, cache_dir), HttpSession(base, cache_dir)))
    else:
        run((ClientSession(), ClientSession()))

    results["floor_s"] = totals_floor_seconds(options.requests)
    user = get_user_model()._default_manager.get(email=SECRETARIAT)
    data = import_file(options.import_rows)
    seconds, created, queries = time_import(user, data)
    bare_seconds, bare_rows = time_bare_import(data)
    results["cases"][IMPORT_CASE] = Figures(seconds * 1000, seconds * 1000, queries)
    results["import_rate"] = created / seconds
    results["bare_rate"] = bare_rows / bare_seconds
    log(
        f"  import {created} rows: {seconds:.1f} s ({created / seconds:.0f} rows/s, "
        f"{queries} queries); bare {bare_seconds:.2f} s ({bare_rows / bare_seconds:.0f} rows/s)"
    )
    return results


def checkpoint() -> None:
    """Write the loaded data to disk now, rather than while the pages are being timed
    (a superuser's or ``pg_checkpoint`` member's right; without it, nothing is done)."""
    from django.db import DatabaseError

    if connection.in_atomic_block:
        return
    try:
        with connection.cursor() as cursor:
            cursor.execute("CHECKPOINT")
    except DatabaseError:
        pass


def prepare(factor: float, seed: int, log: Output) -> None:
    from mobiliza.bench.generator import clear, generate

    started = time.perf_counter()
    clear()
    generate(factor, seed=seed)
    if connection.vendor == "postgresql":
        # After a bulk load, as a database administrator (or, later, autovacuum) would:
        # statistics for the planner, and the rows deleted by the previous factor's run
        # (its data, its import) cleared from the tables and their indexes. VACUUM cannot
        # run inside a transaction (the smoke test runs in one): statistics only, there.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        checkpoint()
    log(f"factor {factor:g}: data generated in {time.perf_counter() - started:.1f} s")


def run(options: Options, log: Output) -> dict[str, Any]:
    """Measure every factor and return the results in ``bench/results.json``'s shape."""
    from mobiliza.bench.generator import clear

    measured: dict[float, dict[str, Any]] = {}
    ensure_admin()
    try:
        for factor in options.factors:
            prepare(factor, options.seed, log)
            measured[factor] = measure_factor(options, log)
    finally:
        drop_admin()
        if not options.keep:
            clear()
    return summarise(options, measured)


def _ratio(a: float | None, b: float | None) -> float | None:
    if a is None or not b:
        return None
    return round(a / b, 3)


def summarise(options: Options, measured: dict[float, dict[str, Any]]) -> dict[str, Any]:
    first, last = options.factors[0], options.factors[-1]
    cases = []
    for name in CASE_NAMES:
        entry: dict[str, Any] = {"name": name}
        for factor in options.factors:
            entry[factor_key(factor)] = measured[factor]["cases"][name].as_dict()
        growth = (
            _ratio(
                measured[last]["cases"][name].median_ms, measured[first]["cases"][name].median_ms
            )
            if len(options.factors) > 1
            else None
        )
        entry["growth"] = growth
        cases.append(entry)
    top = measured[last]
    ratios = {
        "totals_floor": _ratio(top["cases"]["resources totals"].median_ms, top["floor_s"] * 1000),
        "directory_peer": _ratio(top["admin_search"].median_ms, top["search_all"].median_ms),
        "import": _ratio(top["import_rate"], top["bare_rate"]),
    }
    pages = [c for c in cases if c["name"] != IMPORT_CASE]

    def queries(case: dict[str, Any]) -> list[int | None]:
        return [case[factor_key(f)]["queries"] for f in options.factors]

    targets = {
        "growth": {
            "limit": MAX_GROWTH,
            "pass": all(c["growth"] is not None and c["growth"] <= MAX_GROWTH for c in cases),
            "failing": [
                c["name"] for c in cases if c["growth"] is None or c["growth"] > MAX_GROWTH
            ],
        },
        "queries": {
            "limit": MAX_QUERIES,
            "pass": all(
                len(set(queries(c))) == 1 and (queries(c)[0] or 0) <= MAX_QUERIES for c in pages
            ),
            "failing": [
                c["name"]
                for c in pages
                if len(set(queries(c))) != 1 or (queries(c)[0] or 0) > MAX_QUERIES
            ],
        },
        "totals_floor": {
            "limit": MAX_FLOOR,
            "pass": ratios["totals_floor"] is not None and ratios["totals_floor"] <= MAX_FLOOR,
        },
        "directory_peer": {
            "limit": MIN_PEER,
            "pass": ratios["directory_peer"] is not None and ratios["directory_peer"] >= MIN_PEER,
        },
        "import": {
            "limit": MIN_IMPORT,
            "pass": ratios["import"] is not None and ratios["import"] >= MIN_IMPORT,
        },
        "search_ms": {
            "limit": MAX_SEARCH_MS,
            "value": round(top["search_all"].median_ms, 2),
            "pass": top["search_all"].median_ms < MAX_SEARCH_MS,
        },
    }
    return {
        "database": database_name(),
        "cpus": os.cpu_count(),
        "commit": commit(),
        "factors": options.factors,
        "requests": options.requests,
        "import_rows": options.import_rows,
        "transport": options.transport,
        "cases": cases,
        "ratios": ratios,
        "peer": {
            "search": SEARCH_WORD,
            "ours": top["search_all"].as_dict(),
            "admin": top["admin_search"].as_dict(),
        },
        "floor_ms": round(top["floor_s"] * 1000, 3),
        "targets": targets,
    }


def table(results: dict[str, Any]) -> str:
    """The results as a text table, then the ratios and targets."""
    factors = results["factors"]
    head = f"{'case':<26}"
    for factor in factors:
        label = f"f{factor:g}"
        head += f" {label + ' cold':>11} {label + ' warm':>11} {'p95':>9} {'queries':>7}"
    head += f" {'growth':>7}"
    lines = [head, "-" * len(head)]

    def number(value: Any, digits: int = 1) -> str:
        return "-" if value is None else f"{value:.{digits}f}"

    for case in results["cases"]:
        line = f"{case['name']:<26}"
        for factor in factors:
            item = case[factor_key(factor)]
            line += (
                f" {number(item.get('cold_median_ms')):>11} {number(item['median_ms']):>11}"
                f" {number(item['p95_ms']):>9}"
                f" {'-' if item['queries'] is None else item['queries']:>7}"
            )
        line += f" {number(case['growth'], 2):>7}"
        lines.append(line)
    lines.append("")
    for name, value in results["ratios"].items():
        lines.append(f"{name:<16} {number(value, 2)}")
    lines.append("")
    for name, target in results["targets"].items():
        verdict = "PASS" if target["pass"] else "FAIL"
        extra = f"  ({', '.join(target['failing'])})" if target.get("failing") else ""
        lines.append(f"target {name:<16} {verdict}{extra}")
    return "\n".join(lines)


def write(results: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
