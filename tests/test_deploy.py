"""The deployment files: what can be checked without a Docker engine or systemd.

docker-compose.yml and the Dockerfile are parsed and checked for their services, commands and environment;
gunicorn.conf.py is loaded (and gunicorn checks it); the systemd units parse as INI with the commands the
product needs; the nginx site passes ``nginx -t`` when nginx is installed (CI installs it; a developer without
it gets a skip that says so). The settings documentation (.env.example, README.md) names every variable
config/settings.py reads, and .env.example copied to .env as it is starts the embedded setup.
"""

import configparser
import os
import re
import runpy
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

BASE_DIR = Path(__file__).resolve().parent.parent
DEPLOY = BASE_DIR / "deploy"
APP_SERVICES = {"migrate", "web", "worker", "beat"}
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


# --- docker compose and Dockerfile ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())


def test_compose_runs_postgres_redis_and_the_app_as_web_worker_beat_after_migrations(compose):
    services = compose["services"]
    assert set(services) == {"db", "redis"} | APP_SERVICES
    assert services["db"]["image"].startswith("postgres:")
    assert services["redis"]["image"].startswith("redis:")
    assert "healthcheck" in services["db"] and "healthcheck" in services["redis"]
    for name in ("web", "worker", "beat"):
        assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully", name
        assert services[name]["depends_on"]["redis"]["condition"] == "service_healthy", name
    assert services["migrate"]["command"] == ["python", "manage.py", "migrate", "--no-input"]
    assert services["web"]["command"] == ["gunicorn", "-c", "deploy/gunicorn.conf.py"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "config", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "config", "beat"]
    assert "deploy" not in services["beat"] or services["beat"]["deploy"].get("replicas", 1) == 1


def test_every_app_service_is_built_from_the_dockerfile_with_the_production_environment(compose):
    for name in APP_SERVICES:
        service = compose["services"][name]
        assert service["build"] == {"context": "..", "dockerfile": "deploy/Dockerfile"}, name
        assert (DEPLOY / service["build"]["context"] / service["build"]["dockerfile"]).resolve().is_file()
        assert service["env_file"] == "production.env", name
        env = service["environment"]
        assert env["DJANGO_DEBUG"] == "false", name
        assert re.fullmatch(
            r"postgres://cadreflow:\$\{POSTGRES_PASSWORD[^}]*\}@db:5432/cadreflow", env["DATABASE_URL"]
        )
        assert env["CELERY_BROKER_URL"].startswith("redis://redis:6379/"), name
        assert env["REDIS_URL"].startswith("redis://redis:6379/"), name
        assert {"media:/srv/cadreflow/media", "private-media:/srv/cadreflow/private-media"} <= set(
            service["volumes"]
        )
    assert compose["services"]["web"]["environment"]["GUNICORN_BIND"] == "0.0.0.0:8000"


def dockerfile_instructions():
    """[(INSTRUCTION, arguments)] with continuation lines joined and comments dropped."""
    text = re.sub(r"\\\n\s*", " ", (DEPLOY / "Dockerfile").read_text())
    lines = [line.strip() for line in text.splitlines()]
    return [
        (line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in lines if line and line[0] != "#"
    ]


def test_the_dockerfile_installs_the_exact_pins_builds_translations_and_static_and_drops_root():
    instructions = dockerfile_instructions()
    runs = [args for word, args in instructions if word == "RUN"]
    assert instructions[0][0] == "FROM" and instructions[0][1].startswith("python:3.11")
    assert any("pip install -r requirements.lock" in run for run in runs)
    assert any("pip install --no-deps -e ." in run for run in runs)
    assert any("compilemessages" in run for run in runs)
    assert any("collectstatic" in run for run in runs)
    users = [args for word, args in instructions if word == "USER"]
    assert users and users[-1] not in {"root", "0"}
    assert [args for word, args in instructions if word == "CMD"][
        -1
    ] == '["gunicorn", "-c", "deploy/gunicorn.conf.py"]'
    # collectstatic runs with DEBUG off: the build's throw-away key must pass the settings' length rule
    build_key = re.search(r"DJANGO_SECRET_KEY=(\S+)", " ".join(runs)).group(1)
    assert len(build_key) >= 40


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


# --- systemd ----------------------------------------------------------------------------------------------------
UNITS = {
    "cadreflow-web.service": ["gunicorn", "-c", "deploy/gunicorn.conf.py"],
    "cadreflow-worker.service": ["celery", "-A", "config", "worker"],
    "cadreflow-beat.service": ["celery", "-A", "config", "beat"],
}


@pytest.mark.parametrize("name", sorted(UNITS))
def test_systemd_unit_parses_and_runs_the_right_command_from_the_virtualenv(name):
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read_string((DEPLOY / "systemd" / name).read_text(), source=name)
    assert parser.sections() == ["Unit", "Service", "Install"]
    service = parser["Service"]
    argv = shlex.split(service["ExecStart"])
    assert argv[0] == f"/srv/cadreflow/app/.venv/bin/{UNITS[name][0]}"
    assert argv[1 : len(UNITS[name])] == UNITS[name][1:]
    assert service["WorkingDirectory"] == "/srv/cadreflow/app"
    assert service["EnvironmentFile"] == "/etc/cadreflow/cadreflow.env"
    assert service["User"] not in {"root", "0"}
    assert service["Restart"] == "on-failure"
    assert parser["Install"]["WantedBy"] == "multi-user.target"


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
    assert "/etc/ssl/cadreflow/" in site and "/var/log/nginx/" in site
    site = site.replace("/etc/ssl/cadreflow/", f"{tmp_path}/ssl/").replace(
        "/var/log/nginx/", f"{tmp_path}/logs/"
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
