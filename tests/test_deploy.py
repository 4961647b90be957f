"""The deployment files, run rather than read.

The real proof is the deploy stage of CI (``.ci/deploy-stage``): it collects the static files with DEBUG off,
serves the product with gunicorn and deploy/gunicorn.conf.py behind deploy/nginx/cadreflow.conf on PostgreSQL and
Redis, and uses it over HTTP. Here, quicker: gunicorn.conf.py is loaded (and gunicorn checks it); the nginx site
passes ``nginx -t`` when nginx is installed (CI installs it; a developer without it gets a skip that says so). The
settings documentation (.env.example, README.md) names every variable config/settings.py reads, and .env.example
copied to .env as it is starts the embedded setup.
"""

import os
import re
import runpy
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
DEPLOY = BASE_DIR / "deploy"
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


def clean_env(**overrides):
    env = {key: value for key, value in os.environ.items() if not key.startswith(OWN_PREFIXES)}
    env.update(overrides)
    return env


# --- gunicorn -------------------------------------------------------------------------------------------------
def load_gunicorn_conf(monkeypatch, **env):
    for key in list(os.environ):
        if key.startswith("GUNICORN_"):
            monkeypatch.delenv(key)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))


def test_gunicorn_conf_serves_the_wsgi_app_on_localhost_by_default(monkeypatch):
    conf = load_gunicorn_conf(monkeypatch)
    assert conf["wsgi_app"] == "config.wsgi:application"
    assert conf["bind"] == "127.0.0.1:8000"
    assert 1 <= conf["workers"] <= 9
    assert conf["forwarded_allow_ips"] == "127.0.0.1"


def test_gunicorn_conf_takes_its_values_from_the_environment_and_refuses_bad_ones(monkeypatch):
    conf = load_gunicorn_conf(monkeypatch, GUNICORN_WORKERS="3", GUNICORN_BIND="0.0.0.0:9000")
    assert (conf["workers"], conf["bind"]) == (3, "0.0.0.0:9000")
    with pytest.raises(SystemExit, match="GUNICORN_WORKERS"):
        load_gunicorn_conf(monkeypatch, GUNICORN_WORKERS="many")
    with pytest.raises(SystemExit, match="GUNICORN_TIMEOUT"):
        load_gunicorn_conf(monkeypatch, GUNICORN_TIMEOUT="0")


def test_gunicorn_accepts_the_config_and_loads_the_app():
    result = subprocess.run(
        [str(Path(sys.executable).parent / "gunicorn"), "--check-config", "-c", "deploy/gunicorn.conf.py"],
        cwd=BASE_DIR,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# --- nginx ------------------------------------------------------------------------------------------------------
def nginx_binary():
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("nginx is missing: .ci/run installs it (apt-get install nginx)", pytrace=False)
        pytest.skip("nginx is not installed here (apt-get install nginx): the site config was not checked")
    return found


def test_the_nginx_site_passes_nginx_t(tmp_path):
    nginx = nginx_binary()
    (tmp_path / "ssl").mkdir()
    (tmp_path / "logs").mkdir()
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=cadreflow.test",
         "-keyout", str(tmp_path / "ssl/privkey.pem"), "-out", str(tmp_path / "ssl/fullchain.pem")],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    site = (DEPLOY / "nginx" / "cadreflow.conf").read_text()
    site = (
        site.replace("/etc/ssl/cadreflow/", f"{tmp_path}/ssl/")
        .replace("/var/log/nginx/", f"{tmp_path}/logs/")
        .replace("/etc/nginx/snippets/", f"{DEPLOY}/nginx/")
    )
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/logs/error.log;\nevents {{}}\n"
        f"http {{\n  client_body_temp_path {tmp_path}/body;\n  proxy_temp_path {tmp_path}/proxy;\n"
        f"  include {tmp_path}/site.conf;\n}}\n"
    )
    result = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


# --- settings documentation -------------------------------------------------------------------------------------
def settings_variables():
    source = (BASE_DIR / "config" / "settings.py").read_text()
    names = set(re.findall(r'(?:env\.\w+|_env_bool|_env_int)\(\s*"([A-Z][A-Z0-9_]+)"', source))
    assert len(names) > 20  # the pattern still finds the settings' reads
    return names


def listed_in_env_file(path):
    return set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", path.read_text(), flags=re.MULTILINE))


def test_env_example_lists_every_variable_the_settings_read_and_no_other():
    listed = listed_in_env_file(BASE_DIR / ".env.example")
    read = settings_variables()
    assert sorted(read - listed) == [], "add these to .env.example (and README.md, Settings)"
    assert sorted(listed - read) == [], "not read by config/settings.py"


def test_readme_documents_every_variable_the_settings_read():
    readme = (BASE_DIR / "README.md").read_text()
    assert sorted(name for name in settings_variables() if f"`{name}`" not in readme) == []


def test_the_production_env_example_names_only_known_variables():
    gunicorn = set(re.findall(r'"(GUNICORN_[A-Z_]+)"', (DEPLOY / "gunicorn.conf.py").read_text()))
    listed = listed_in_env_file(DEPLOY / "production.env.example")
    assert sorted(listed - settings_variables() - gunicorn) == []
    assert {"DJANGO_SECRET_KEY", "DATABASE_URL", "CELERY_BROKER_URL", "DJANGO_ALLOWED_HOSTS"} <= listed


def test_env_example_used_as_it_is_starts_the_embedded_setup():
    values = {}
    for line in (BASE_DIR / ".env.example").read_text().splitlines():
        match = re.match(r"^([A-Z][A-Z0-9_]+)=(.*)$", line)
        if match:
            values[match[1]] = match[2]
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=clean_env(**values),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
