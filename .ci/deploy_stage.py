"""The deploy stage of CI: CadreFlow installed and served as production runs it, then used over HTTP.

Run by ``.ci/deploy-stage`` (``make deploy-stage``) with the project's .venv; needs PostgreSQL, Redis, nginx and
openssl on this machine. Everything runs on loopback, in a temporary directory, and is stopped at the end:

 1. ``manage.py check --deploy`` with the production environment (no warning allowed); the Redis command of
    ``deploy/docker-compose.yml`` run here keeps a queued message through ``kill -9`` and a restart (AOF);
 2. a fresh PostgreSQL database, migrated; the demo province seeded (``seed_demo --scale 0.05``: logins per role,
    procedures, a signed decision with its PDF);
 3. ``collectstatic`` with ``DJANGO_DEBUG=false`` (hashed, compressed) into a temporary ``DJANGO_STATIC_ROOT``
    (while step 2 runs);
 4. scale-out: **two** gunicorns started with ``deploy/gunicorn.conf.py`` on two ports, **two** Celery workers and
    **one** beat, all on one database and one Redis db (cache and broker); ``deploy/nginx/cadreflow.conf`` (only
    its paths, ports and upstream rewritten) in front of both gunicorns with a throw-away TLS certificate;
 5. over HTTPS through nginx, as a browser: the login form (CSRF token from the form), the home page, a procedure
    page, every stylesheet, script and image it links and every font those stylesheets name (each with a hashed
    name, the right type), a signed decision's PDF; the security headers once each on a page and on a static
    file, one Cache-Control on static files; the HTTP server redirects to the configured name whatever the Host;
 6. a session opened on web node 1 is valid on web node 2 (and no cookie, no page: the check can fail);
 7. jobs: a timeline export and an audit-chain verification requested over HTTP, and pings queued: each done by
    exactly one worker, once; beat's every-minute timer job sent by the one beat and run once per tick;
 8. everything stopped; no 5xx in any access log, no traceback in a worker's log;
 9. backup and restore: ``pg_dump`` of the database, ``pg_restore`` into a new one, which has every migration
    applied, the same row count in every table, and passes ``manage.py audit_verify``.

Every check that fails is reported with what was expected and what came; the exit status is 1 if any failed.
To add a check, write a function taking the ``Stage`` and call it from ``main`` (``stage.check`` records it).
Environment: CADREFLOW_DEPLOY_DB (database name, default cadreflow_deploy), CADREFLOW_DEPLOY_REDIS_DB (default 14),
CADREFLOW_DEPLOY_PORT_BASE (default 8100: web nodes on +1 and +2, nginx HTTPS on +43 and HTTP on +80).
"""

import html
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.parse
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
HOST = "cadreflow.example.gov.vn"  # the server_name of deploy/nginx/cadreflow.conf
PG = "postgres://postgres@127.0.0.1:5432/"
PASSWORD = "cadreflow-demo"  # seed_demo's default password of the demo logins
OWN_PREFIXES = (
    "DJANGO_",
    "DATABASE_",
    "CELERY_",
    "CADREFLOW_",
    "REDIS_",
    "EMAIL_",
    "DEFAULT_FROM_EMAIL",
    "GUNICORN_",
)
HASHED = re.compile(r"\.[0-9a-f]{12}\.\w+$")  # ManifestStaticFilesStorage: name.<12 hex>.ext
SECURITY_HEADERS = (
    "Strict-Transport-Security",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "X-Frame-Options",
)


class CheckFailed(Exception):
    pass


def expect(condition, message):
    if not condition:
        raise CheckFailed(message)


# --- HTTP as a browser does it ----------------------------------------------------------------------------------
class _VerifiedTLS(http.client.HTTPSConnection):
    """HTTPS to 127.0.0.1 that checks the certificate against the site's name (SNI and hostname), not the IP."""

    def connect(self):
        sock = socket.create_connection((self.host, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=HOST)


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def header(self, name):
        """All values of a header (a repeated header gives several)."""
        return [value for key, value in self.headers if key.lower() == name.lower()]

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")


class Browser:
    """One user agent: its own cookies, Host/Origin/Referer as a browser on https://HOST sends them.

    ``port``: where to connect on 127.0.0.1; ``tls_context``: HTTPS through nginx, or None for a gunicorn node
    reached directly, to which the headers nginx adds are sent (X-Forwarded-Proto, X-Real-IP)."""

    def __init__(self, name, port, tls_context=None):
        self.name, self.port, self.tls_context = name, port, tls_context
        self.cookies = {}
        self.requests = 0

    def request(self, method, path, *, data=None, referer=None, host=HOST, allow_5xx=False):
        if self.tls_context is not None:
            conn = _VerifiedTLS("127.0.0.1", self.port, timeout=60, context=self.tls_context)
        else:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Host": host, "User-Agent": "cadreflow-deploy-stage", "Accept-Language": "vi"}
        if self.tls_context is None:
            headers.update({"X-Forwarded-Proto": "https", "X-Real-IP": "127.0.0.1"})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://{HOST}"
        if referer:
            headers["Referer"] = f"https://{HOST}{referer}"
        try:
            conn.request(method, path, body=body, headers=headers)
            raw = conn.getresponse()
            response = Response(raw.status, raw.getheaders(), raw.read())
        finally:
            conn.close()
        self.requests += 1
        for value in response.header("Set-Cookie"):
            cookie = SimpleCookie()
            cookie.load(value)
            for key, morsel in cookie.items():
                if morsel.value == "" or morsel["max-age"] == "0":
                    self.cookies.pop(key, None)
                else:
                    self.cookies[key] = morsel.value
        if not allow_5xx:
            expect(response.status < 500, f"{self.name}: {method} {path} answered {response.status}")
        return response

    def get(self, path, *, status=200, follow=False, **kwargs):
        response = self.request("GET", path, **kwargs)
        for _ in range(5 if follow else 0):  # redirects within the site, as a browser follows them
            if response.status not in (301, 302, 303, 307, 308):
                break
            location = urllib.parse.urljoin(f"https://{HOST}{path}", response.header("Location")[0])
            expect(
                location.startswith(f"https://{HOST}/"),
                f"{self.name}: {path} redirects off the site: {location}",
            )
            path = location.removeprefix(f"https://{HOST}")
            response = self.request("GET", path, **kwargs)
        if status is not None:
            expect(
                response.status == status,
                f"{self.name}: GET {path} answered {response.status}, expected {status} "
                f"(Location: {response.header('Location')})",
            )
        return response

    def post_form(self, path, form_page, data):
        """POST ``data`` with the CSRF token of the form on ``form_page`` (a Response), from that page."""
        tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', form_page.text)
        expect(tokens, f"{self.name}: no CSRF token in the form before POST {path}")
        return self.request("POST", path, data={"csrfmiddlewaretoken": tokens[0], **data}, referer=path)

    def login(self, username):
        page = self.get("/accounts/login/")
        response = self.post_form("/accounts/login/", page, {"username": username, "password": PASSWORD})
        expect(
            response.status == 302 and response.header("Location") in (["/"], [f"https://{HOST}/"]),
            f"{self.name}: logging in as {username} answered {response.status} {response.header('Location')}",
        )
        expect("sessionid" in self.cookies, f"{self.name}: no session cookie after logging in")


def static_links(page):
    """The /static/ URLs a page links: stylesheets, scripts, images, icons."""
    found = re.findall(r'(?:href|src)="(/static/[^"]+)"', page.text)
    return list(dict.fromkeys(html.unescape(url) for url in found))


def css_references(css_url, css_text):
    """The files a stylesheet names with url(...), as absolute paths (data: URIs and fragments left out)."""
    refs = []
    for raw in re.findall(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", css_text):
        if raw.startswith(("data:", "#", "http:", "https:", "//")):
            continue
        path = urllib.parse.urljoin(css_url, raw).split("#")[0].split("?")[0]
        refs.append(path)
    return list(dict.fromkeys(refs))


# --- the stage --------------------------------------------------------------------------------------------------
class Stage:
    def __init__(self):
        self.db = os.environ.get("CADREFLOW_DEPLOY_DB", "cadreflow_deploy")
        self.redis_db = int(os.environ.get("CADREFLOW_DEPLOY_REDIS_DB", "14"))
        base = int(os.environ.get("CADREFLOW_DEPLOY_PORT_BASE", "8100"))
        self.web_ports = [base + 1, base + 2]
        self.https_port, self.http_port = base + 43, base + 80
        self.work = Path(tempfile.mkdtemp(prefix="cadreflow-deploy."))
        self.logs = ROOT / "test-artifacts" / "deploy"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.processes = {}  # name -> Popen
        self.results = []  # (name, ok, seconds, detail)
        self.static_root = self.work / "staticfiles"
        redis_url = f"redis://127.0.0.1:6379/{self.redis_db}"
        self.env = {key: value for key, value in os.environ.items() if not key.startswith(OWN_PREFIXES)}
        self.env.update(
            DJANGO_DEBUG="false",
            DJANGO_SECRET_KEY=secrets.token_urlsafe(48),
            DJANGO_ALLOWED_HOSTS=HOST,
            DJANGO_CSRF_TRUSTED_ORIGINS=f"https://{HOST}",
            DJANGO_LOG_LEVEL="WARNING",
            DJANGO_STATIC_ROOT=str(self.static_root),
            DJANGO_MEDIA_ROOT=str(self.work / "media"),
            DJANGO_PRIVATE_MEDIA_ROOT=str(self.work / "private-media"),
            DATABASE_URL=PG + self.db,
            REDIS_URL=redis_url,
            CELERY_BROKER_URL=redis_url,
            CELERY_TASK_DEFAULT_QUEUE="cadreflow-deploy-stage",
            CADREFLOW_BASE_URL=f"https://{HOST}",
            CADREFLOW_CLIENT_IP_HEADER="HTTP_X_REAL_IP",
            CADREFLOW_AUDIT_HMAC_KEY=secrets.token_urlsafe(48),  # required with DEBUG off (audit.E001)
        )

    # -- helpers
    def check(self, name, func, *args):
        started = time.monotonic()
        print(f"\n==> {name}", flush=True)
        try:
            detail = func(*args)
        except CheckFailed as exc:
            ok, detail = False, f"FAILED: {exc}"
        except Exception as exc:  # a crash of the stage is a failure of the check, with its traceback
            traceback.print_exc()
            ok, detail = False, f"FAILED: {type(exc).__name__}: {exc}"
        else:
            ok = True
        took = time.monotonic() - started
        self.results.append((name, ok, took, detail or ""))
        print(f"    {'ok' if ok else 'FAILED'} ({took:.1f} s) {detail or ''}", flush=True)
        return ok

    def run(self, *argv, env=None, log=None, timeout=600):
        argv = [str(a) for a in argv]
        out = open(self.logs / log, "w") if log else subprocess.PIPE  # noqa: SIM115
        try:
            result = subprocess.run(
                argv, cwd=ROOT, env=env or self.env, stdout=out, stderr=subprocess.STDOUT, text=True,
                timeout=timeout,
            )  # fmt: skip
        finally:
            if log:
                out.close()
        output = (self.logs / log).read_text() if log else result.stdout
        expect(result.returncode == 0, f"{' '.join(argv)} exited {result.returncode}:\n{output[-3000:]}")
        return output

    def manage(self, *args, env=None, log=None, timeout=600):
        return self.run(PY, "manage.py", *args, env=env, log=log, timeout=timeout)

    def start(self, name, *argv, env=None):
        log = open(self.logs / f"{name}.log", "w")  # noqa: SIM115
        self.processes[name] = subprocess.Popen(
            [str(a) for a in argv], cwd=ROOT, env=env or self.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        log.close()

    def log_text(self, name):
        path = self.logs / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def alive(self, name):
        expect(
            self.processes[name].poll() is None,
            f"{name} exited ({self.processes[name].returncode}):\n{self.log_text(name)[-3000:]}",
        )

    def wait_for(self, what, predicate, timeout=90, watch=()):
        deadline = time.monotonic() + timeout
        while True:
            for name in watch:
                self.alive(name)
            value = predicate()
            if value:
                return value
            expect(time.monotonic() < deadline, f"timed out after {timeout} s waiting for {what}")
            time.sleep(0.5)

    def stop_all(self):
        for process in reversed(list(self.processes.values())):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)  # warm shutdown: running tasks and requests finish
        for name, process in self.processes.items():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                print(f"    {name} did not stop in 30 s: killed", flush=True)
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def psql(self, sql, db="postgres"):
        return self.run("psql", PG + db, "-v", "ON_ERROR_STOP=1", "-Atqc", sql).strip()

    def redis_flush(self):
        out = self.run("redis-cli", "-n", self.redis_db, "flushdb").strip()
        expect(out == "OK", f"redis-cli -n {self.redis_db} flushdb said {out!r}")

    def django(self):
        """Django set up in this process with the stage's environment (for reading the database)."""
        os.environ.update(self.env)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()

    def browser(self, name, via="nginx"):
        if via == "nginx":
            context = ssl.create_default_context(cafile=str(self.work / "ssl" / "fullchain.pem"))
            return Browser(name, self.https_port, context)
        return Browser(name, self.web_ports[via])


# --- steps ------------------------------------------------------------------------------------------------------
def check_deploy(stage):
    stage.manage("check", "--deploy", "--fail-level", "WARNING")


def database(stage):
    stage.psql(f'DROP DATABASE IF EXISTS "{stage.db}" WITH (FORCE)')
    stage.psql(f'CREATE DATABASE "{stage.db}"')
    stage.redis_flush()
    stage.manage("migrate", "--no-input", "-v", "0", log="migrate.log")
    stage.manage("seed_demo", "--scale", "0.05", log="seed.log")
    stage.django()
    from apps.decisions.models import Decision

    signed = Decision.objects.filter(status=Decision.Status.SIGNED).exclude(process=None).count()
    expect(signed >= 1, "seed_demo left no signed decision of a procedure")
    return f"database {stage.db}, {signed} signed decision(s)"


def collectstatic(stage):
    """Started in the background before the database step (they do not depend on each other); waited for here."""
    process = stage.processes.pop("collectstatic")
    code = process.wait(timeout=600)
    expect(code == 0, f"collectstatic exited {code}:\n{stage.log_text('collectstatic')[-3000:]}")
    manifest = json.loads((stage.static_root / "staticfiles.json").read_text())
    expect("viewflow/css/viewflow.min.css" in manifest["paths"], "viewflow.min.css is not in the manifest")
    expect(not any("node_modules" in name for name in manifest["paths"]), "node_modules trees were collected")
    for path in stage.work.rglob(
        "*"
    ):  # nginx's workers (another user when run as root) read the static files
        path.chmod(0o777 if path.is_dir() else 0o644)
    stage.work.chmod(0o755)
    return f"{len(manifest['paths'])} files in the manifest"


def render_nginx(stage):
    """deploy/nginx/cadreflow.conf with this machine's paths and ports; every rewritten line must be found."""
    ssl_dir, logs, temp = stage.work / "ssl", stage.work / "nginx-logs", stage.work / "nginx-temp"
    for folder in (ssl_dir, logs, temp):
        folder.mkdir(mode=0o777, exist_ok=True)
        folder.chmod(0o777)
    stage.run(
        "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", f"/CN={HOST}",
        "-addext", f"subjectAltName=DNS:{HOST}", "-keyout", ssl_dir / "privkey.pem", "-out", ssl_dir / "fullchain.pem",
    )  # fmt: skip
    site = (ROOT / "deploy" / "nginx" / "cadreflow.conf").read_text()
    upstream = "".join(f"server 127.0.0.1:{port} fail_timeout=0;\n    " for port in stage.web_ports)
    rewrites = [
        ("server 127.0.0.1:8000 fail_timeout=0;\n    ", upstream),
        ("listen 80;", f"listen 127.0.0.1:{stage.http_port};"),
        ("listen [::]:80;", ""),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{stage.https_port} ssl http2;"),
        ("listen [::]:443 ssl http2;", ""),
        ("/etc/ssl/cadreflow/", f"{ssl_dir}/"),
        ("/var/log/nginx/", f"{logs}/"),
        ("/srv/cadreflow/staticfiles/", f"{stage.static_root}/"),
        ("/srv/cadreflow/media/", f"{stage.work / 'media'}/"),
        ("/etc/nginx/snippets/", f"{ROOT / 'deploy' / 'nginx'}/"),
    ]
    for old, new in rewrites:
        expect(
            old in site, f"deploy/nginx/cadreflow.conf no longer contains {old!r}: update the deploy stage"
        )
        site = site.replace(old, new)
    (stage.work / "site.conf").write_text(site)
    (stage.work / "nginx.conf").write_text(
        f"pid {stage.work}/nginx.pid;\nerror_log {logs}/error.log warn;\nevents {{}}\nhttp {{\n"
        f"  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n  gzip on;\n"
        + "".join(
            f"  {kind}_temp_path {temp}/{kind};\n"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        + f"  include {stage.work}/site.conf;\n}}\n"
    )
    output = stage.run(nginx_binary(), "-t", "-p", stage.work, "-c", stage.work / "nginx.conf")
    expect("test is successful" in output, f"nginx -t: {output}")


def nginx_binary():
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
    expect(found, "nginx is missing (.ci/run installs it: apt-get install nginx)")
    return found


def start_services(stage):
    # beat first: its every-minute job is sent at the next minute boundary, checked at the end
    stage.start("beat", PY, "-m", "celery", "-A", "config", "beat", "--loglevel=INFO",
                f"--schedule={stage.work / 'celerybeat-schedule'}", f"--pidfile={stage.work / 'beat.pid'}")  # fmt: skip
    for number in (1, 2):
        stage.start(f"worker{number}", PY, "-m", "celery", "-A", "config", "worker", "--loglevel=INFO",
                    "--concurrency=1", f"--hostname=deploy-worker{number}@%h", "--without-gossip", "--without-mingle")  # fmt: skip
    for number, port in enumerate(stage.web_ports, start=1):
        env = {**stage.env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "2"}
        stage.start(f"web{number}", PY, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", env=env)
    stage.start(
        "nginx", nginx_binary(), "-p", stage.work, "-c", stage.work / "nginx.conf", "-g", "daemon off;"
    )
    web = ["web1", "web2", "nginx"]
    for number in (0, 1):
        browser = stage.browser(f"web{number + 1}", via=number)
        stage.wait_for(
            f"web{number + 1} to answer",
            lambda b=browser: _answers(b),
            watch=web,
        )
    for number in (1, 2):
        stage.wait_for(
            f"worker{number} to be ready",
            lambda n=number: "ready." in stage.log_text(f"worker{n}"),
            watch=[f"worker{number}"],
        )
    stage.alive("beat")
    return "2 gunicorns (2 workers each), 2 Celery workers, 1 beat, nginx in front"


def _answers(browser):
    try:
        return browser.request("GET", "/accounts/login/").status == 200
    except (ConnectionError, OSError):
        return False


def browse_as_a_user(stage):
    """Through nginx: login, home, a procedure page with its assets, a decision's PDF."""
    from apps.decisions.models import Decision

    decision = Decision.objects.filter(status=Decision.Status.SIGNED).exclude(process=None).first()
    procedure = decision.process.flow_class.instance.reverse("process_detail", args=[decision.process_id])
    user = stage.browser("board member (via nginx)")
    user.login("bantochuc")
    home = user.get("/", follow=True)
    expect("/accounts/logout/" in home.text, "the home page does not show a signed-in user")
    page = user.get(procedure)
    expect(
        decision.symbol in page.text or str(decision.process_id) in page.text, "the procedure page is empty"
    )
    assets = static_links(page)
    stylesheets = [url for url in assets if url.endswith(".css")]
    expect(stylesheets, f"{procedure} links no stylesheet")
    fonts = []
    for url in assets:
        expect(HASHED.search(url), f"{url} (linked by {procedure}) has no content hash in its name")
        response = user.get(url)
        expect(response.body, f"{url} is empty")
        if url.endswith(".css"):
            expect(
                response.header("Content-Type")[0].startswith("text/css"),
                f"{url}: {response.header('Content-Type')}",
            )
            fonts += css_references(url, response.text)
    for url in dict.fromkeys(fonts):
        expect(HASHED.search(url), f"{url} (named by a stylesheet) has no content hash in its name")
        user.get(url)
    pdf = user.get(f"/decisions/decisions/{decision.pk}/pdf/")
    expect(pdf.body.startswith(b"%PDF"), f"the decision PDF starts with {pdf.body[:20]!r}")
    expect(
        pdf.header("Content-Type")[0] == "application/pdf", f"the PDF's type is {pdf.header('Content-Type')}"
    )
    return (
        f"{user.requests} requests: {procedure}, {len(stylesheets)} stylesheets, {len(assets) - len(stylesheets)} "
        f"scripts/images, {len(set(fonts))} files named by stylesheets, PDF of decision {decision.symbol} "
        f"({len(pdf.body)} bytes)"
    )


def nginx_headers(stage):
    """Security headers once each on a page and on a static file; one Cache-Control on static; HTTP -> HTTPS to
    the configured name."""
    browser = stage.browser("headers (via nginx)")
    page = browser.get("/accounts/login/")
    css = static_links(page)
    expect(css, "the login page links no static file")
    static = browser.get(css[0])
    for what, response in (("the login page", page), (css[0], static)):
        for name in SECURITY_HEADERS:
            expect(len(response.header(name)) == 1, f"{what}: {name} sent {len(response.header(name))} times")
    cache = static.header("Cache-Control")
    expect(len(cache) == 1 and "immutable" in cache[0], f"{css[0]}: Cache-Control {cache}")
    expect(
        static.header("Server") and not re.search(r"gunicorn", static.header("Server")[0]),
        "static files must come from nginx",
    )
    plain = Browser("plain HTTP", stage.http_port)
    plain.cookies = {}
    for host in (HOST, "attacker.example"):
        conn = http.client.HTTPConnection("127.0.0.1", stage.http_port, timeout=30)
        conn.request("GET", "/accounts/login/?next=/x", headers={"Host": host})
        response = conn.getresponse()
        location = response.getheader("Location")
        conn.close()
        expect(
            response.status == 301 and location == f"https://{HOST}/accounts/login/?next=/x",
            f"HTTP with Host {host}: {response.status} to {location}",
        )
    return f"{', '.join(SECURITY_HEADERS)} once each; static Cache-Control {cache[0]!r}; port 80 -> https://{HOST}"


def session_on_both_nodes(stage):
    first = stage.browser("web node 1", via=0)
    first.login("bantochuc")
    expect("/accounts/logout/" in first.get("/", follow=True).text, "web1 does not show the signed-in user")
    second = stage.browser("web node 2", via=1)
    anonymous = second.get("/", follow=True)
    expect('name="password"' in anonymous.text, "web2 without a session cookie does not ask to log in")
    second.cookies = dict(first.cookies)
    expect(
        "/accounts/logout/" in second.get("/", follow=True).text,
        "web2 does not accept the session opened on web1",
    )


def whitenoise_serves_static(stage):
    """Without nginx's /static/ (docker compose): each gunicorn serves the hashed files itself, cached for good."""
    served = 0
    for number in (0, 1):
        browser = stage.browser(f"web node {number + 1}", via=number)
        for url in static_links(browser.get("/accounts/login/")):
            response = browser.get(url)
            expect(response.body, f"{url} is empty")
            if url.endswith(".css"):
                expect(response.header("Content-Type")[0].startswith("text/css"), f"{url}: not text/css")
            cache = response.header("Cache-Control")
            expect(len(cache) == 1 and "max-age=315360000" in cache[0], f"{url}: Cache-Control {cache}")
            served += 1
    return f"{served} static files from the two gunicorns (whitenoise)"


def jobs_done_once(stage):
    """A timeline export and an audit verification requested over HTTP, and pings: each run once, by one worker."""
    from apps.audit.models import AuditEntry, ChainVerification, TimelineExport
    from apps.audit.tasks import ping, verify_audit_chain
    from apps.core.models import JobRun
    from apps.decisions.models import Decision
    from apps.inspection.tasks import build_timeline_export

    decision = Decision.objects.filter(status=Decision.Status.SIGNED).first()
    inspector = stage.browser("inspector (via nginx)")
    inspector.login("kiemtra")
    timeline = f"/inspection/timelines/decision/{decision.pk}/"
    page = inspector.get(timeline)
    response = inspector.post_form(f"{timeline}export/", page, {"format": "csv"})
    expect(response.status == 302, f"requesting the export answered {response.status}")
    status_page = response.header("Location")[0]
    export_pk = int(re.search(r"/exports/(\d+)/status/", status_page)[1])
    audit_page = inspector.get("/inspection/audit/")
    response = inspector.post_form("/inspection/audit/verify/", audit_page, {})
    expect(response.status == 302, f"requesting a verification answered {response.status}")
    verification = ChainVerification.objects.order_by("-pk").first()
    tokens = [secrets.token_hex(8) for _ in range(8)]
    for token in tokens:
        ping.delay(token)

    export = stage.wait_for(
        "the timeline export to be done",
        lambda: TimelineExport.objects.filter(pk=export_pk, status__in=["done", "failed"]).first(),
        watch=["worker1", "worker2"],
    )
    expect(export.status == "done", f"the export {export_pk} {export.status}: {export.error}")
    verification = stage.wait_for(
        "the audit verification to finish",
        lambda: ChainVerification.objects.filter(pk=verification.pk).exclude(status="pending").first(),
        watch=["worker1", "worker2"],
    )
    expect(
        verification.status == "passed",
        f"the audit verification {verification.status}: {verification.detail}",
    )
    stage.wait_for(
        "the pings",
        lambda: AuditEntry.objects.filter(action="core.ping", data__token__in=tokens).count() >= len(tokens),
        watch=["worker1", "worker2"],
    )
    inspector.get(f"/inspection/timelines/exports/{export_pk}/file/")
    time.sleep(2)  # a duplicate would have come by now: both workers are idle
    exported = AuditEntry.objects.filter(action="timeline.exported", object_id=str(export_pk)).count()
    expect(exported == 1, f"timeline.exported recorded {exported} times for export {export_pk}")
    run = JobRun.objects.get(name="audit.build_timeline_export", key=f"timeline-export:{export_pk}")
    expect(
        run.attempts == 1 and run.status == "succeeded",
        f"the export's job run: {run.status}, {run.attempts} attempts",
    )
    pings = [AuditEntry.objects.filter(action="core.ping", data__token=t).count() for t in tokens]
    expect(pings == [1] * len(tokens), f"ping entries per token: {pings}")
    by_worker = {}
    expected = {build_timeline_export.name: 1, verify_audit_chain.name: 1, ping.name: len(tokens)}
    for task, count in expected.items():
        received = [
            re.findall(rf"Task {re.escape(task)}\[([0-9a-f-]+)\] received", stage.log_text(name))
            for name in ("worker1", "worker2")
        ]
        delivered = received[0] + received[1]
        expect(
            len(delivered) == len(set(delivered)) == count,
            f"{task}: {count} message(s) expected, each delivered once; the workers received {received}",
        )
        by_worker[task] = (len(received[0]), len(received[1]))
    return f"export {export_pk} once, verification passed, {len(tokens)} pings once; messages (worker1, worker2): {by_worker}"


def beat_fires_once(stage):
    """The every-minute ``fire-workflow-timers`` entry: each send of the one beat run once, by one worker."""
    sent = stage.wait_for(
        "beat to send fire-workflow-timers (next minute boundary)",
        lambda: stage.log_text("beat").count("Sending due task fire-workflow-timers"),
        timeout=75,
        watch=["beat", "worker1", "worker2"],
    )
    task = "notifications.fire_workflow_timers"

    def runs():
        found = [
            re.findall(rf"Task {task}\[([0-9a-f-]+)\] succeeded", stage.log_text(n))
            for n in ("worker1", "worker2")
        ]
        return found if sum(map(len, found)) >= sent else None

    found = stage.wait_for("the timer job to run", runs, watch=["worker1", "worker2"])
    sent = stage.log_text("beat").count("Sending due task fire-workflow-timers")
    ids = found[0] + found[1]
    expect(len(ids) == len(set(ids)) == sent, f"beat sent {sent}, the workers ran {ids}")
    expect("beat: Starting" in stage.log_text("beat"), "beat's log does not show it starting")
    return f"beat sent it {sent} time(s); runs per worker {[len(f) for f in found]}"


def stop_and_read_logs(stage):
    stage.stop_all()
    errors = []
    for name in ("web1", "web2"):
        for line in stage.log_text(name).splitlines():
            if re.search(r'" 5\d\d ', line):
                errors.append(f"{name}: {line}")
    access = stage.work / "nginx-logs" / "cadreflow.access.log"
    for line in access.read_text().splitlines() if access.exists() else []:
        if re.search(r'" 5\d\d ', line):
            errors.append(f"nginx: {line}")
    for name in ("worker1", "worker2", "beat", "web1", "web2"):
        if re.search(r"Traceback|CRITICAL|Unrecoverable error", stage.log_text(name)):
            errors.append(f"{name} logged an error (test-artifacts/deploy/{name}.log)")
    expect(not errors, "\n".join(errors[:20]))
    requests = sum(stage.log_text(name).count("HTTP/1.") for name in ("web1", "web2"))
    return f"{requests} requests in the gunicorn logs, none 5xx"


def backup_and_restore(stage):
    restored = f"{stage.db}_restored"
    dump = stage.work / "cadreflow.dump"
    stage.run("pg_dump", "--format=custom", f"--file={dump}", PG + stage.db)
    stage.psql(f'DROP DATABASE IF EXISTS "{restored}" WITH (FORCE)')
    stage.psql(f'CREATE DATABASE "{restored}"')
    stage.run("pg_restore", "--exit-on-error", "--no-owner", f"--dbname={PG + restored}", dump)
    env = {**stage.env, "DATABASE_URL": PG + restored}
    stage.manage("migrate", "--check", env=env)  # exits non-zero if a migration is not applied
    tables = stage.psql(
        "SELECT string_agg(quote_ident(tablename), ' ' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'public'",
        db=restored,
    ).split()
    counts_sql = " UNION ALL ".join(f"SELECT '{t}', count(*) FROM {t}" for t in tables)
    source = stage.psql(counts_sql, db=stage.db).splitlines()
    copy = stage.psql(counts_sql, db=restored).splitlines()
    expect(source == copy, f"row counts differ: {sorted(set(source) ^ set(copy))[:10]}")
    rows = sum(int(line.split("|")[1]) for line in copy)
    verified = stage.manage("audit_verify", env=env)
    stage.psql(f'DROP DATABASE "{restored}" WITH (FORCE)')
    return f"{len(tables)} tables, {rows} rows, {dump.stat().st_size // 1024} KiB dump; audit_verify: {verified.strip().splitlines()[-1]}"


def redis_keeps_the_queue(stage):
    """deploy/docker-compose.yml's Redis command, run here: a queued message survives a crash (kill -9)."""
    import yaml

    command = yaml.safe_load((ROOT / "deploy" / "docker-compose.yml").read_text())["services"]["redis"][
        "command"
    ]
    expect(command[0] == "redis-server", f"the compose Redis runs {command[0]}")
    port, folder = stage.http_port + 10, stage.work / "redis-aof"
    folder.mkdir()
    argv = [*command, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder)]

    def cli(*args):
        return stage.run("redis-cli", "-p", port, *args).strip()

    for attempt in (1, 2):
        stage.start(f"redis-aof-{attempt}", shutil.which("redis-server") or "redis-server", *argv[1:])
        stage.wait_for(
            "the compose Redis to answer", lambda: _redis_answers(port), watch=[f"redis-aof-{attempt}"]
        )
        if attempt == 1:
            cli("LPUSH", "celery", "a queued message")
            time.sleep(2)  # appendfsync everysec
            os.killpg(stage.processes["redis-aof-1"].pid, signal.SIGKILL)
            stage.processes["redis-aof-1"].wait()
    kept = cli("LRANGE", "celery", "0", "-1")
    os.killpg(stage.processes["redis-aof-2"].pid, signal.SIGTERM)
    expect(kept == "a queued message", f"after kill -9 and a restart the queue holds {kept!r}")
    return f"{' '.join(command[1:])}: the queued message is still there after kill -9"


def _redis_answers(port):
    result = subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True, text=True)
    return result.stdout.strip() == "PONG"


def main():
    stage = Stage()
    print(
        f"deploy stage: database {stage.db}, Redis db {stage.redis_db}, work dir {stage.work}, logs {stage.logs}"
    )
    started = time.monotonic()
    try:
        stage.check("manage.py check --deploy", check_deploy, stage)
        stage.check("the compose file's Redis keeps the broker queue", redis_keeps_the_queue, stage)
        stage.start("collectstatic", PY, "manage.py", "collectstatic", "--no-input", "-v", "1")
        ready = stage.check("fresh database, migrate, seed_demo", database, stage)
        ready = ready and stage.check("collectstatic with DEBUG off", collectstatic, stage)
        ready = ready and stage.check("nginx site rendered, nginx -t", render_nginx, stage)
        ready = ready and stage.check("start 2 web nodes, 2 workers, beat, nginx", start_services, stage)
        if ready:
            stage.check("browse as a user through nginx", browse_as_a_user, stage)
            stage.check("nginx headers and redirect", nginx_headers, stage)
            stage.check("a session valid on both web nodes", session_on_both_nodes, stage)
            stage.check("static files from gunicorn without nginx", whitenoise_serves_static, stage)
            stage.check("jobs done exactly once", jobs_done_once, stage)
            stage.check("beat's scheduled job fired once", beat_fires_once, stage)
    finally:
        stage.stop_all()
    if ready:
        stage.check("logs: no 5xx, no traceback", stop_and_read_logs, stage)
        stage.check("pg_dump, restore, check the copy", backup_and_restore, stage)
    stage.redis_flush()
    shutil.rmtree(stage.work, ignore_errors=True)
    failed = [name for name, ok, _, _ in stage.results if not ok]
    print(f"\ndeploy stage: {len(stage.results) - len(failed)} of {len(stage.results)} checks passed "
          f"in {time.monotonic() - started:.0f} s")  # fmt: skip
    for name, ok, took, detail in stage.results:
        print(
            f"  {'ok    ' if ok else 'FAILED'} {took:5.1f} s  {name}: {detail.splitlines()[0] if detail else ''}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
