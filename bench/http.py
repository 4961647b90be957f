"""Mixed reads over HTTP: gunicorn on loopback (DEBUG off, 2 workers), 8 and 16 clients, CadreFlow vs the reference.

    .venv/bin/python bench/http.py [--quick] [--seconds 30] [--procedures 1000]

A scratch database (``cf_bench_http`` on PostgreSQL 127.0.0.1:5432 when reachable, else a SQLite file): whole
appointments through the services, open ones in the board's queue and inbox, reference procedures done and
waiting, all cloned to ``--procedures`` (``scale.Cloner``). gunicorn serves ``bench.settings`` (CadreFlow and the
reference flow) on 127.0.0.1:8119 with ``DJANGO_DEBUG=false`` behind a pretend TLS proxy
(``X-Forwarded-Proto: https``, as nginx sends it), Redis cache db 13 when reachable. Each client thread cycles
through its flow's pages (inbox, queue, process list, a procedure's page) for a fixed time, signed in as the
user who works there (the organisation board; the reference approver). Prints req/s, p50/p95 and errors (any
answer but 200) per flow and client count, and ``RESULT {json}`` with ``req_per_s`` (CadreFlow, 8 clients),
``req_ratio`` (CadreFlow / reference) and ``http_errors``.
"""

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]  # noqa: E501  (bench/http.py is not the standard library's http)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import http.client  # noqa: E402  (the standard library's, now that bench/ is off the path)

from bench import _setup  # noqa: E402

DB_PREFIX = _setup.DB_PREFIX

ROOT = Path(__file__).resolve().parent.parent
PORT = int(os.environ.get("BENCH_HTTP_PORT", "8119"))
PG_URL = os.environ.get("BENCH_POSTGRES_URL_HTTP", f"postgres://postgres@127.0.0.1:5432/{DB_PREFIX}_http")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")


def _pg_admin(url, sql):
    import psycopg

    admin = urlparse(url)._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql)


def _reachable(kind):
    try:
        if kind == "pg":
            import psycopg

            psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", connect_timeout=3).close()
        else:
            import redis

            redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
        return True
    except Exception:  # noqa: BLE001
        return False


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--seconds", type=float, default=None)
    parser.add_argument("--procedures", type=int, default=None)
    args = parser.parse_args()
    seconds = args.seconds or (8 if args.quick else 30)
    size = args.procedures or (300 if args.quick else 1000)
    scratch = tempfile.TemporaryDirectory(prefix="cf-bench-http-")
    env = {
        "DJANGO_PRIVATE_MEDIA_ROOT": scratch.name,
        "DJANGO_MEDIA_ROOT": scratch.name,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_SECRET_KEY": "bench-" + "s" * 50,  # the server's: the sessions made here are signed with it
        "CADREFLOW_AUDIT_HMAC_KEY": "bench-" + "k" * 42,
        "CADREFLOW_AUDIT_HMAC_KEY_ID": "bench",
    }
    pg = _reachable("pg")
    name = urlparse(PG_URL).path.lstrip("/")
    if pg:
        assert name.startswith("cf_") and "bench" in name, name
        _pg_admin(PG_URL, f'DROP DATABASE IF EXISTS "{name}"')
        _pg_admin(PG_URL, f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = PG_URL
    else:
        env["DATABASE_URL"] = f"sqlite:///{scratch.name}/http.sqlite3"
    os.environ.update(env)
    _setup.setup()
    server = None
    try:
        cookies, urls = build(size)
        from django.db import connections

        connections.close_all()
        server_env = {
            **os.environ,
            "DJANGO_DEBUG": "false",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "PYTHONPATH": str(ROOT),
            "DATABASE_CONN_MAX_AGE": "60",
        }
        if _reachable("redis"):
            server_env["REDIS_URL"] = REDIS_URL
        # production serves hashed static files (whitenoise's manifest): collected once into bench/out/static
        server_env["DJANGO_STATIC_ROOT"] = str(ROOT / "bench" / "out" / "static")
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=ROOT,
            env=server_env,
            check=True,
        )
        server = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{PORT}",
                "--workers",
                "2",
                "--timeout",
                "120",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=server_env,
        )
        wait_up(cookies["cadreflow"], urls["cadreflow"][0])
        figures = {"database": "postgresql" if pg else "sqlite", "procedures": size, "seconds": seconds}
        for clients in (8, 16):
            for flow in ("reference", "cadreflow") if clients == 8 else ("cadreflow", "reference"):
                fig = load(cookies[flow], urls[flow], clients, seconds)
                figures[f"{flow}_{clients}"] = fig
                print(
                    f"{flow:10} {clients:2} clients: {fig['req_per_s']:6.1f} req/s  p50 {fig['p50_ms']:7.1f} ms  "
                    f"p95 {fig['p95_ms']:7.1f} ms  errors {fig['errors']}/{fig['requests']}  "
                    f"(load {_setup.load()})",
                    flush=True,
                )
        figures.update(
            req_per_s=figures["cadreflow_8"]["req_per_s"],
            req_ratio=round(
                figures["cadreflow_8"]["req_per_s"] / max(0.01, figures["reference_8"]["req_per_s"]), 2
            ),
            req_ratio_16=round(
                figures["cadreflow_16"]["req_per_s"] / max(0.01, figures["reference_16"]["req_per_s"]), 2
            ),
            http_errors=sum(
                figures[f"{f}_{c}"]["errors"] for f in ("cadreflow", "reference") for c in (8, 16)
            ),
            load=_setup.load(),
        )
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        from django.db import connections

        connections.close_all()
        if pg:
            _pg_admin(PG_URL, f'DROP DATABASE IF EXISTS "{name}"')
        scratch.cleanup()
    _setup.result(figures)


def build(size):
    """The data, the session cookies of the two readers and each flow's pages."""

    from django.conf import settings
    from django.test import Client

    import bench.urls  # noqa: F401
    from bench.reference.flows import ReferenceFlow
    from bench.reference.models import ReferenceProcess
    from bench.scale import Cloner, build_templates
    from workflows.appointment.flows import AppointmentFlow
    from workflows.appointment.models import AppointmentProcess

    users = build_templates()
    board, approver = users["board"], users["approver"]
    Cloner().grow_to(size)

    cookies = {}
    for flow, user in (("cadreflow", board), ("reference", approver)):
        client = Client()
        client.force_login(user)
        cookies[flow] = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    appointment = AppointmentProcess.objects.order_by("pk").first()
    reference = ReferenceProcess.objects.order_by("pk").first()
    urls = {
        "cadreflow": [AppointmentFlow.instance.reverse(page) for page in ("inbox", "queue", "process_list")]
        + [AppointmentFlow.instance.reverse("process_detail", args=[appointment.pk])],
        "reference": [ReferenceFlow.instance.reverse(page) for page in ("inbox", "queue", "process_list")]
        + [ReferenceFlow.instance.reverse("process_detail", args=[reference.pk])],
    }
    return cookies, urls


def _get(conn, cookie, url):
    conn.request("GET", url, headers={"Cookie": cookie, "X-Forwarded-Proto": "https", "Host": "127.0.0.1"})
    response = conn.getresponse()
    response.read()
    return response.status


def wait_up(cookie, url):
    for _ in range(120):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
            status = _get(conn, cookie, url)
            conn.close()
            if status == 200:
                return
            raise SystemExit(f"{url} answered {status}")
        except (ConnectionRefusedError, OSError):
            time.sleep(1)
    raise SystemExit("gunicorn did not start")


def load(cookie, urls, clients, seconds):
    times, errors = [], []
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client(offset):
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
        i = offset
        while time.perf_counter() < deadline:
            url = urls[i % len(urls)]
            i += 1
            started = time.perf_counter()
            try:
                status = _get(conn, cookie, url)
            except Exception as exc:  # noqa: BLE001
                status = repr(exc)[:80]
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
            ms = (time.perf_counter() - started) * 1000
            with lock:
                times.append(ms)
                if status != 200:
                    errors.append((url, status))
        conn.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    return {
        "requests": len(times),
        "req_per_s": round(len(times) / elapsed, 1),
        "p50_ms": round(_setup.median(times) or 0, 1),
        "p95_ms": round(_setup.pct(times, 95) or 0, 1),
        "errors": len(errors),
        "error_samples": errors[:3],
    }


if __name__ == "__main__":
    main()
