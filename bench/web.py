"""Latency of the web atlas's main pages and API calls on the demo atlas and on a generated national one.

Two atlases:

- demo (SQLite): built as `scripts/demo` does (`chainatlas init`, `chainatlas ingest src/chainatlas/data/demo`);
- national, on SQLite (a file under `--out`) or on PostgreSQL (`--store postgresql --database-url URL`, an
  empty database or one this bench filled before): every county-level region of the reference data (~2,850),
  `--enterprises` enterprises (entities + enterprises rows, each with an alias and a membership in a cluster of
  its county), `--claims` claims (tables.Claim, on a few thousand generated documents: output_value, revenue,
  enterprise_count, … by year), ~3,000 clusters and some projects with stage events. The same rows on both
  stores (one seeded generator), written by `store.bulk.insert_rows` in batches in one transaction: multi-row
  INSERTs on SQLite, COPY on PostgreSQL (the filled tables' secondary indexes dropped for the load and built
  again after, their id sequences moved past the rows, then VACUUM ANALYZE). The generation time and the
  database size are reported. A SQLite atlas kept with `--out DIR`, or a PostgreSQL one already holding
  claims, is reused (not generated again).

Each atlas is served by uvicorn in a child process (its output in a log file, stdin closed); a client
logged in as an admin asks each URL `--runs` times after a warm-up and the p50, p95 and max are
printed as a table, or as JSON with `--json`. The API URLs are the GET routes under /api/ the app has
when the bench runs, their ids filled from the atlas.

Run: .venv/bin/python bench/web.py [--small] [--enterprises N] [--claims N] [--runs 50] [--out DIR] [--json]
         [--store postgresql --database-url postgresql+psycopg://USER:PASSWORD@HOST/DB] [--load-only]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import httpx
from sqlalchemy import create_engine, event, func, select, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.orm import Session

from chainatlas.services.reference import load_reference
from chainatlas.services.users import add_user
from chainatlas.store import tables
from chainatlas.store.bulk import insert_rows
from chainatlas.store.session import Store

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "src" / "chainatlas" / "data" / "demo"
USER, PASSWORD = "bench", "bench password"
BATCH = 50_000
CHAIN = "humanoid-robot"
INDUSTRIES = (
    "机器人关节零部件", "汽车智能配饰", "光伏新能源", "集成电路", "纺织服装", "皮革制品", "紧固件", "轴承",
    "新材料", "生物医药", "智能家居", "电力设备", "光电通信", "化纤", "五金工具", "食品加工", "精密模具",
    "医疗器械", "数控机床", "锂电池", "氢能装备", "电子元器件", "家具", "印染", "羊毛衫", "箱包", "阀门",
    "泵业", "电机", "传感器",
)  # fmt: skip
CHARS = "瑞恒鑫泰达宏隆盛丰晟博锦润德诚远航佳捷源凯信明昊睿越腾振弘毅卓安汇华欣嘉兴新天宇昌"
METRICS = (("output_value", "CNY"), ("revenue", "CNY"), ("tax", "CNY"), ("employees", "count"), ("rd_spend", "CNY"))
CLUSTER_METRICS = (("output_value", "CNY"), ("enterprise_count", "count"), ("revenue", "CNY"), ("sme_share", "ratio"))
YEARS = tuple(str(y) for y in range(2019, 2026))
STAGES = ("signed", "landed", "started", "topped_out", "production")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- the demo atlas


def build_demo(path: Path) -> str:
    """The demo atlas as scripts/demo builds it, at `path` (kept when it exists)."""
    url = f"sqlite:///{path}"
    if path.exists():
        log(f"demo atlas: reusing {path}")
        return url
    cli = str(Path(sys.executable).parent / "chainatlas")
    start = time.perf_counter()
    for args in (["init"], ["ingest", str(DEMO)]):
        subprocess.run([cli, "--db", url, *args], check=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    log(f"demo atlas: built in {time.perf_counter() - start:.1f} s")
    return url


# ---------------------------------------------------------------- the national atlas


@dataclass
class Generated:
    seconds: float
    db_bytes: int
    rows: dict[str, int] = field(default_factory=dict)


def _short(n: int, width: int = 4) -> str:
    """A made-up firm brand: `n` written in `width` characters of CHARS."""
    out = []
    for _ in range(width):
        n, digit = divmod(n, len(CHARS))
        out.append(CHARS[digit])
    return "".join(out)


class _Writer:
    """Rows of several tables, written by `store.bulk.insert_rows` (INSERT on SQLite, COPY on PostgreSQL)
    whenever a table's batch is full (PostgreSQL checks the foreign keys as the rows go in)."""

    def __init__(self, connection: Connection) -> None:
        self.session = Session(bind=connection)
        self.rows: dict[str, list[dict[str, Any]]] = {}
        self.counts: dict[str, int] = {}

    def add(self, table: str, row: dict[str, Any]) -> None:
        batch = self.rows.setdefault(table, [])
        batch.append(row)
        if len(batch) >= BATCH:
            self.flush()

    def flush(self) -> None:
        """Every table's rows, a table before those whose foreign keys point at it."""
        for target in tables.Base.metadata.sorted_tables:
            batch = self.rows.get(target.name)
            if batch:
                insert_rows(self.session, target, batch)
                self.counts[target.name] = self.counts.get(target.name, 0) + len(batch)
                self.rows[target.name] = []


# the tables the generator fills in bulk (PostgreSQL: their secondary indexes are built after the load)
FILLED = ("documents", "entities", "entity_aliases", "clusters", "enterprises", "claims", "memberships",
          "projects", "project_events")  # fmt: skip


def _bulk_engine(url: str) -> Engine:
    """An engine for the load: SQLite without waiting on the disk (WAL, no sync, a big cache)."""
    engine = create_engine(url)
    if make_url(url).get_backend_name() == "sqlite":

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA cache_size=-1000000")
            cursor.close()

    return engine


def _drop_indexes(connection: Connection) -> list[str]:
    """PostgreSQL: drop the secondary indexes of the FILLED tables (not those behind a key or unique
    constraint); the statements that build them again."""
    found = connection.execute(
        text(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = current_schema()"
            " AND i.tablename = ANY(:names) AND NOT EXISTS (SELECT 1 FROM pg_constraint c"
            " WHERE c.conname = i.indexname AND c.connamespace = (SELECT oid FROM pg_namespace"
            " WHERE nspname = current_schema()))"
        ),
        {"names": list(FILLED)},
    ).all()
    for name, _ in found:
        connection.exec_driver_sql(f'DROP INDEX "{name}"')
    return [definition for _, definition in found]


def _after_load(engine: Engine, indexes: list[str]) -> None:
    """PostgreSQL, after the load: the dropped indexes built again, each filled table's id sequence moved past
    its rows, and VACUUM ANALYZE (statistics for the planner, a visibility map for index-only scans)."""
    with engine.begin() as connection:
        for definition in indexes:
            connection.exec_driver_sql(definition)
        for name in FILLED:
            table = tables.Base.metadata.tables[name]
            if "id" in table.c and table.c.id.autoincrement is not False:
                connection.execute(
                    text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), (SELECT max(id) FROM {name}))")
                )
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM ANALYZE")


def generate(url: str, enterprises: int, claims: int, seed: int = 7) -> Generated:
    """A national-size atlas at `url` (SQLite or PostgreSQL, the same rows): counties, clusters, enterprises,
    documents, claims, projects."""
    start = time.perf_counter()
    rng = random.Random(seed)
    store = Store(url)
    store.upgrade()
    with store.transaction() as session:
        load_reference(session)
        add_user(session, USER, PASSWORD, "admin", "bench")
    store.dispose()

    engine = _bulk_engine(url)
    postgresql = engine.dialect.name == "postgresql"
    with engine.begin() as connection:
        indexes = _drop_indexes(connection) if postgresql else []
        regions = tables.Region.__table__
        query = select(regions.c.code, regions.c.name).where(regions.c.level == "county", ~regions.c.functional)
        counties = [(str(code), str(name)) for code, name in connection.execute(query.order_by(regions.c.code))]
        county_names = dict(counties)
        writer = _Writer(connection)

        # documents: a few thousand reports of 20 sentences each; claims point at one sentence
        n_docs = max(50, min(5000, claims // 1000))
        sentences: list[list[tuple[int, int]]] = []
        for d in range(n_docs):
            code, county = counties[d % len(counties)]
            year = YEARS[d % len(YEARS)]
            parts, spans, at = [], [], 0
            for s in range(20):
                industry = INDUSTRIES[(d + s) % len(INDUSTRIES)]
                output, growth = rng.randint(10, 900), rng.randint(1, 30)
                sentence = f"{year}年，{county}{industry}产业集群实现规上工业产值{output}亿元，同比增长{growth}%。"
                parts.append(sentence)
                spans.append((at, at + len(sentence)))
                at += len(sentence) + 1
            body = "\n".join(parts)
            writer.add(
                "documents",
                {
                    "id": d + 1,
                    "name": f"report-{d + 1:05d}-{county}.txt",
                    "sha256": hashlib.sha256(f"bench document {d}".encode()).hexdigest(),
                    "raw": body.encode("utf-8"),
                    "text": body,
                    "encoding": "utf-8",
                    "header": {"date": f"{year}-06-30", "source_url": None},
                    "date": None,
                    "source_url": None,
                },
            )
            sentences.append(spans)
        writer.flush()

        next_entity = 1
        next_claim = 1

        def claim(row: dict[str, Any]) -> int:
            nonlocal next_claim
            doc = rng.randrange(n_docs)
            span = sentences[doc][rng.randrange(20)]
            claim_id = next_claim
            next_claim += 1
            writer.add(
                "claims",
                {
                    "id": claim_id,
                    "document_id": doc + 1,
                    "span_start": span[0],
                    "span_end": span[1],
                    "method": "bench.generated",
                    "method_version": "1",
                    "confidence": 0.8,
                    "status": "proposed",
                    "unit": None,
                    "qualifier": None,
                    "period": None,
                    "metric": None,
                    "value": None,
                    "region_code": None,
                    **row,
                },
            )
            return claim_id

        def indicator(
            subject_type: str,
            subject_id: int | None,
            name: str | None,
            metric: str,
            value: float,
            unit: str,
            year: str,
            region_code: str | None = None,
        ) -> None:
            """A figure claim: `metric` of the subject in `year`."""
            row = {"subject": name, "metric": metric, "value": value, "unit": unit, "qualifier": "eq", "period": year}
            claim(
                {
                    "kind": "indicator",
                    "subject_type": subject_type,
                    "subject_id": subject_id,
                    "region_code": region_code,
                    "subject_name": name,
                    "metric": metric,
                    "value": value,
                    "unit": unit,
                    "qualifier": "eq",
                    "period": year,
                    "data": row,
                }
            )

        def fact(kind: str, subject_id: int, data: dict[str, Any]) -> int:
            """A cluster's, enterprise's or project's own claim (what ingestion writes for a named entity)."""
            return claim(
                {
                    "kind": kind,
                    "subject_type": kind,
                    "subject_id": subject_id,
                    "subject_name": data["name"],
                    "data": data,
                }
            )

        def entity(kind: str, name: str, code: str, short: str) -> int:
            nonlocal next_entity
            entity_id = next_entity
            next_entity += 1
            writer.add("entities", {"id": entity_id, "type": kind, "name": name, "region_code": code})
            for alias in dict.fromkeys((name, short)):
                writer.add(
                    "entity_aliases",
                    {
                        "entity_id": entity_id,
                        "entity_type": kind,
                        "alias": alias,
                        "normalised": alias,
                        "stem": alias[:3],
                        "place_code": code,
                    },
                )
            return entity_id

        # clusters: ~3,000, a county and an industry each
        n_clusters = max(30, min(3000, enterprises // 300 if enterprises < 900_000 else 3000))
        clusters: list[tuple[int, str, str]] = []
        for c in range(n_clusters):
            code, county = counties[(c * 7) % len(counties)]
            industry = INDUSTRIES[c % len(INDUSTRIES)]
            short = f"{county}{industry}"
            name = f"{short}产业集群" if c < len(counties) * 7 else f"{short}第{c}产业集群"
            level = ("national", "provincial", None)[c % 3]
            cluster_id = entity("cluster", name, code, short)
            writer.add("clusters", {"id": cluster_id, "level": level, "recognised_year": 2020 + c % 6})
            clusters.append((cluster_id, name, code))
        for cluster_id, name, code in clusters:
            fact("cluster", cluster_id, {"name": name, "aliases": [], "region_code": code, "products": []})
            for metric, unit in CLUSTER_METRICS:
                for year in YEARS[-4:]:
                    if unit == "CNY":
                        value = rng.uniform(1e9, 5e10)
                    else:
                        value = rng.uniform(0.5, 0.95) if unit == "ratio" else float(rng.randint(20, 400))
                    indicator("cluster", cluster_id, name, metric, value, unit, year)
        writer.flush()
        log(f"national atlas: {len(counties)} counties, {n_docs} documents, {n_clusters} clusters")

        # enterprises, each in a cluster (membership resting on its enterprise claim)
        firms: list[int] = []
        for e in range(enterprises):
            cluster_id, cluster_name, code = clusters[e % n_clusters]
            county = county_names[code]
            brand = _short(e)
            industry = INDUSTRIES[e % len(INDUSTRIES)]
            name = f"{brand}{industry}科技有限公司"
            firm = entity("enterprise", name, code, f"{brand}{industry}")
            writer.add("enterprises", {"id": firm})
            data: dict[str, Any] = {"name": name, "aliases": [], "region": county, "cluster": cluster_name}
            claim_id = fact("enterprise", firm, data)
            writer.add(
                "memberships",
                {
                    "enterprise_id": firm,
                    "cluster_id": cluster_id,
                    "role": None,
                    "decision": "uncertain",
                    "claim_id": claim_id,
                },
            )
            firms.append(firm)
            if e and e % 200_000 == 0:
                log(f"  {e:,} enterprises")
        writer.flush()

        # projects with stage events
        n_projects = max(20, min(5000, enterprises // 200))
        for p in range(n_projects):
            owner = firms[rng.randrange(len(firms))]
            code, county = counties[rng.randrange(len(counties))]
            name = f"{_short(p, 3)}{INDUSTRIES[p % len(INDUSTRIES)]}生产项目"
            project = entity("project", name, code, name)
            investment = rng.randint(1, 200) * 1e8
            writer.add(
                "projects",
                {"id": project, "owner_id": owner, "zone_id": None, "investment": investment, "kind": "investment",
                 "code": f"BENCH-{p:05d}", "expected_output": None, "area": None, "chain_id": None, "node_id": None,
                 "cause": None},
            )  # fmt: skip
            events = [
                {"stage": s, "date": f"{2023 + i // 2}-{(3, 8, 2, 9, 5)[i]:02d}", "planned": i > 2}
                for i, s in enumerate(STAGES)
            ]
            data = {
                "name": name,
                "aliases": [],
                "owner": None,
                "region": county,
                "investment": investment,
                "events": events,
            }
            claim_id = fact("project", project, data)
            for item in events:
                writer.add("project_events", {"project_id": project, **item, "claim_id": claim_id})

        # the remaining claims: figures of regions (a few per county) and enterprises (the bulk)
        for code, county in counties:
            for year in YEARS[-3:]:
                indicator("region", None, county, "output_value", rng.uniform(1e10, 1e12), "CNY", year, code)
        remaining = max(0, claims - (next_claim - 1))
        for k in range(remaining):
            firm = firms[rng.randrange(len(firms))]
            metric, unit = METRICS[k % len(METRICS)]
            year = YEARS[rng.randrange(len(YEARS))]
            value = rng.uniform(1e6, 1e10) if unit == "CNY" else float(rng.randint(5, 5000))
            indicator("enterprise", firm, None, metric, value, unit, year)
            if k and k % 1_000_000 == 0:
                log(f"  {k:,} enterprise figures")
        writer.flush()
        counts = dict(writer.counts)
    if postgresql:
        log("national atlas: building the indexes, VACUUM ANALYZE")
        _after_load(engine, indexes)
    engine.dispose()
    seconds = time.perf_counter() - start
    return Generated(seconds, _size(url), counts)


def _size(url: str) -> int:
    """The database's bytes on disk: the SQLite file with its journal, or PostgreSQL's database."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = Path(parsed.database or "")
        return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return int(connection.scalar(text("SELECT pg_database_size(current_database())")) or 0)
    finally:
        engine.dispose()


def _filled(url: str) -> bool:
    """Whether the national atlas is there already: the SQLite file exists, or PostgreSQL's claims has rows."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return Path(parsed.database or "").exists()
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            known = connection.scalar(text("SELECT to_regclass('claims')")) is not None
            return known and connection.scalar(text("SELECT EXISTS (SELECT 1 FROM claims)")) is True
    finally:
        engine.dispose()


# ---------------------------------------------------------------- serving and timing


def ensure_user(url: str) -> None:
    store = Store(url)
    try:
        with store.transaction() as session:
            if session.scalar(select(tables.User.id).where(tables.User.name == USER)) is None:
                add_user(session, USER, PASSWORD, "admin", "bench")
    finally:
        store.dispose()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def serving(url: str, logfile: Path, workers: int | None = None) -> Iterator[str]:
    """uvicorn serving the atlas at `url` in a child process; its base URL. The child is stopped after.

    With `workers`, the child is `chainatlas serve --workers N` (that many server processes); without, one
    uvicorn process with access logs off."""
    port = _free_port()
    command = [
        sys.executable, "-m", "uvicorn", "chainatlas.web.app:create_app", "--factory",
        "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning", "--no-access-log",
    ]  # fmt: skip
    if workers is not None:
        command = [sys.executable, "-m", "chainatlas", "serve", "--port", str(port), "--workers", str(workers)]
    with logfile.open("ab") as out:
        child = subprocess.Popen(
            command, env={**os.environ, "CHAINATLAS_DB": url}, stdin=subprocess.DEVNULL, stdout=out, stderr=out
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(base + "/healthz", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if child.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start; see {logfile}")
            time.sleep(0.2)
        yield base
    finally:
        child.terminate()  # uvicorn finishes the requests in flight first: a slow one gets killed
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def logged_in(base: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=60, follow_redirects=False)
    found = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text)
    assert found, "no CSRF token on the login page"
    response = client.post("/login", data={"name": USER, "password": PASSWORD, "csrf": found.group(1), "next": "/"})
    assert response.status_code == 303, f"login failed: {response.status_code}"
    return client


def page_ids(url: str) -> dict[str, str]:
    """Ids for the URLs: a cluster, enterprise, project and document that have claims, a county, a claim."""
    store = Store(url)
    try:
        with store.session() as s:

            def first_with_claims(kind: type[tables.Entity]) -> str:
                candidates = select(kind.id).order_by(kind.id).limit(200).subquery()
                query = (
                    select(tables.Claim.subject_id)
                    .where(tables.Claim.subject_id.in_(select(candidates.c.id)))
                    .group_by(tables.Claim.subject_id)
                    .order_by(func.count().desc())
                    .limit(1)
                )
                found = s.scalar(query) or s.scalar(select(kind.id).limit(1))
                return str(found or 1)

            document = s.scalar(select(tables.Claim.document_id).order_by(tables.Claim.id.desc()).limit(1))
            claim = s.scalar(select(tables.Claim.id).limit(1))
            return {
                "cluster": first_with_claims(tables.Cluster),
                "enterprise": first_with_claims(tables.Enterprise),
                "project": first_with_claims(tables.Project),
                "document": str(document or 1),
                "claim": str(claim or 1),
                "chain": CHAIN,
                "county": "330482",
                "city": "330400",
            }
    finally:
        store.dispose()


PAGES = (
    "/", "/clusters", "/clusters/{cluster}", "/clusters?format=csv", "/enterprises", "/enterprises/{enterprise}",
    "/chains", "/chains/{chain}", "/counties?city=" + quote("嘉兴市"), "/specialisation", "/projects",
    "/projects/{project}", "/documents/{document}", "/search?q=" + quote("平湖"),
)  # fmt: skip
# which id a path parameter takes, by the collection before it
_COLLECTION = {
    "clusters": "cluster", "enterprises": "enterprise", "projects": "project", "documents": "document",
    "chains": "chain", "claims": "claim", "counties": "county", "regions": "county", "cities": "city",
    "entities": "cluster",
}  # fmt: skip
_PARAM = re.compile(r"\{([^}:]+)(?::[^}]*)?\}")


# what a required query parameter of the API takes
_QUERY = {"q": "平湖", "area": "嘉兴市", "city": "嘉兴市", "region": "嘉兴市", "county": "平湖市"}


def api_urls(url: str) -> list[str]:
    """The app's GET routes under /api/ (from its OpenAPI schema): path ids by the collection they follow,
    required query parameters from `_QUERY`; a route with a parameter neither knows is left out."""
    from chainatlas.web.app import create_app

    schema = create_app(url).openapi()
    out = []
    for path, operations in sorted(schema["paths"].items()):
        get = operations.get("get")
        if not path.startswith("/api/") or get is None:
            continue
        parts = path.split("/")
        filled = [
            ("{" + _COLLECTION.get(parts[i - 1], "?") + "}") if _PARAM.fullmatch(part) else part
            for i, part in enumerate(parts)
        ]
        query = {
            p["name"]: _QUERY.get(p["name"], "?")
            for p in get.get("parameters", [])
            if p.get("in") == "query" and p.get("required")
        }
        if "{?}" in filled or "?" in query.values():
            log(f"  {path}: parameters not known to the bench, left out")
            continue
        out.append("/".join(filled) + ("?" + urlencode(query) if query else ""))
    return out


@dataclass
class Timing:
    url: str
    status: int
    bytes: int
    runs: int
    p50_ms: float
    p95_ms: float
    max_ms: float


def measure(client: httpx.Client, path: str, runs: int, budget: float, timeout: float) -> Timing:
    """`runs` timed requests after a warm-up one, fewer (at least 1) when they would take over `budget` seconds.

    A URL whose first answer takes over `timeout` seconds, or that breaks the connection, is not timed
    further: status 0 (and `max_ms` the timeout when it timed out).
    """
    try:
        start = time.perf_counter()
        first = client.get(path, timeout=timeout)
        first_seconds = time.perf_counter() - start
    except httpx.TimeoutException:
        return Timing(path, 0, 0, 0, float("nan"), float("nan"), timeout * 1000)
    except httpx.TransportError:
        return Timing(path, 0, 0, 0, float("nan"), float("nan"), float("nan"))
    runs = max(1, min(runs, int(budget / max(first_seconds, 1e-6))))
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        client.get(path, timeout=max(timeout, 3 * first_seconds)).read()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return Timing(path, first.status_code, len(first.content), runs, statistics.median(times), p95, times[-1])


def bench_atlas(name: str, url: str, runs: int, budget: float, timeout: float, folder: Path) -> list[Timing]:
    """Time each URL on a fresh server; a URL that timed out leaves its server busy, so the next gets a new one."""
    ensure_user(url)
    ids = page_ids(url)
    urls = [p.format(**ids) for p in (*PAGES, *api_urls(url))]
    out: list[Timing] = []
    while len(out) < len(urls):
        with serving(url, folder / f"server-{name}.log") as base:
            client = logged_in(base)
            try:
                for path in urls[len(out) :]:
                    timing = measure(client, path, runs, budget, timeout)
                    log(f"  {name} {timing.url} {timing.status} p50 {timing.p50_ms:.1f} ms ({timing.runs} runs)")
                    out.append(timing)
                    if timing.status == 0:
                        break
            finally:
                client.close()
    return out


def table(name: str, timings: list[Timing]) -> str:
    width = max(len(t.url) for t in timings)
    lines = [f"## {name}", f"{'URL':<{width}}  status     bytes  runs    p50 ms   p95 ms   max ms"]
    for t in timings:
        figures = f"{t.p50_ms:>9.1f} {t.p95_ms:>8.1f} {t.max_ms:>8.1f}"
        if t.status == 0:
            figures = f"  timed out after {t.max_ms / 1000:.0f} s" if t.max_ms == t.max_ms else "  connection broken"
        lines.append(f"{t.url:<{width}}  {t.status:>6} {t.bytes:>9,} {t.runs:>5} {figures}")
    return "\n".join(lines)


def _no_nan(value: Any) -> Any:
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, dict):
        return {k: _no_nan(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_no_nan(v) for v in value]
    return value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--enterprises", type=int, default=1_000_000, help="enterprises generated (default 1e6)")
    parser.add_argument("--claims", type=int, default=5_000_000, help="claims generated (default 5e6)")
    parser.add_argument("--small", action="store_true", help="a quick run: 10,000 enterprises, 50,000 claims")
    parser.add_argument("--runs", type=int, default=50, help="timed requests per URL (default 50)")
    parser.add_argument("--budget", type=float, default=60, help="seconds of timed runs per URL at most (min 1 run)")
    parser.add_argument("--timeout", type=float, default=60, help="seconds a URL's first answer may take (default 60)")
    parser.add_argument("--out", type=Path, help="keep the atlases here and reuse them (default: a temporary folder)")
    parser.add_argument("--skip-demo", action="store_true", help="measure only the national atlas")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--store", choices=("sqlite", "postgresql"), default="sqlite", help="the national atlas's")
    parser.add_argument("--database-url", help="PostgreSQL: the database to fill (empty) or reuse (filled before)")
    parser.add_argument("--load-only", action="store_true", help="only generate (or upgrade) the national atlas")
    args = parser.parse_args()
    if args.small:
        args.enterprises, args.claims = 10_000, 50_000
    if (args.store == "postgresql") != (args.database_url is not None):
        parser.error("--database-url goes with --store postgresql, and only with it")

    with tempfile.TemporaryDirectory(prefix="chainatlas-bench-web-") as temp:
        folder = args.out or Path(temp)
        folder.mkdir(parents=True, exist_ok=True)
        result: dict[str, Any] = {"runs": args.runs, "enterprises": args.enterprises, "claims": args.claims}
        reports = []
        if not (args.skip_demo or args.load_only):
            demo = build_demo(folder / "demo.db")
            timings = bench_atlas("demo", demo, args.runs, args.budget, args.timeout, folder)
            result["demo"] = [asdict(t) for t in timings]
            reports.append(table("demo atlas", timings))

        url = args.database_url or f"sqlite:///{folder / f'national-{args.enterprises}-{args.claims}.db'}"
        result["store"] = args.store
        if _filled(url):
            log(f"national atlas: reusing {make_url(url).database}, its schema brought up to date")
            store = Store(url)
            store.upgrade()
            store.dispose()
            result["generation"] = None
        else:
            generated = generate(url, args.enterprises, args.claims)
            result["generation"] = asdict(generated)
            log(f"national atlas: generated in {generated.seconds:.0f} s, {generated.db_bytes / 1e9:.2f} GB")
        if args.load_only:
            return
        result["db_bytes"] = _size(url)
        store = Store(url)
        with store.session() as s:
            names = ("entities", "enterprises", "clusters", "claims", "documents", "projects")
            result["counts"] = {t: s.scalar(text(f"select count(*) from {t}")) for t in names}
        store.dispose()
        timings = bench_atlas("national", url, args.runs, args.budget, args.timeout, folder)
        result["national"] = [asdict(t) for t in timings]
        header = f"national atlas ({args.store}): {result['counts']}, {result['db_bytes'] / 1e9:.2f} GB"
        if result["generation"]:
            header += f", generated in {result['generation']['seconds']:.0f} s"
        reports.append(header + "\n" + table("national atlas", timings))

    if args.json:  # NaN (not timed) as null: strict JSON
        print(json.dumps(_no_nan(result), ensure_ascii=False, indent=2))
    else:
        print("\n\n".join(reports))


if __name__ == "__main__":
    main()
