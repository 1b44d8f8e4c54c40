"""The files docs/operating.md tells an operator to install: production settings that pass
`tribune check --deploy`, systemd units that systemd accepts, nginx configurations nginx accepts,
and the page itself showing the same files."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import yaml

from .helpers import tribune

ROOT = Path(__file__).resolve().parents[3]
DEPLOY = ROOT / "deploy"
OPERATING = ROOT / "docs" / "operating.md"
UNITS = ["tribune.service", "tribune-worker.service", "tribune-backup.service", "tribune-backup.timer"]


def env_file(path: Path) -> dict:
    """Read an environment file as systemd's EnvironmentFile= does (KEY=VALUE, # comments)."""
    values = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


def server_env(settings: dict) -> dict:
    """Return the environment a systemd unit gives Tribune: the file's settings, nothing of the
    test run's (which allows what production must not, like DJANGO_ALLOW_ASYNC_UNSAFE)."""
    return {"PATH": os.environ["PATH"], "LANG": "C.UTF-8", **settings}


def test_the_documented_production_settings_pass_the_deployment_checks(tmp_path):
    settings = env_file(DEPLOY / "tribune.env")
    assert "CHANGE-ME" in settings["SECRET_KEY"]
    # What the operator fills in; the rest as documented.
    settings["SECRET_KEY"] = secrets.token_urlsafe(50)
    settings["TRIBUNE_VAR_DIR"] = str(tmp_path)
    result = tribune("check", "--deploy", "--fail-level", "WARNING", env=server_env(settings), check=False)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_the_documented_settings_without_a_real_secret_key_fail_the_checks(tmp_path):
    settings = env_file(DEPLOY / "tribune.env")
    env = server_env({**settings, "TRIBUNE_VAR_DIR": str(tmp_path), "SECRET_KEY": "x" * 50})
    result = tribune("check", "--deploy", "--fail-level", "WARNING", env=env, check=False)
    assert result.returncode != 0 and "security.W009" in result.stderr


def test_the_operating_guide_shows_the_files_it_tells_to_install():
    guide = OPERATING.read_text()
    for name in ["tribune.env", *UNITS]:
        assert f"deploy/{'systemd/' if name != 'tribune.env' else ''}{name}" in guide, name
    assert "deploy/nginx/tribune.conf" in guide
    # Every setting of the production file is in the README's table.
    readme = (ROOT / "README.md").read_text()
    for key in env_file(DEPLOY / "tribune.env"):
        assert f"| `{key}` |" in readme, key


def test_systemd_accepts_the_shipped_units(tmp_path):
    tribune_program = Path(sys.executable).with_name("tribune")
    for name in UNITS:
        text = (DEPLOY / "systemd" / name).read_text()
        # Where this test's Tribune is installed, instead of /opt/tribune.
        (tmp_path / name).write_text(text.replace("/opt/tribune/bin/tribune", str(tribune_program)))
    result = subprocess.run(["systemd-analyze", "verify", *UNITS], cwd=tmp_path, capture_output=True,
                            text=True, timeout=60, check=False)
    problems = [line for line in (result.stdout + result.stderr).splitlines()
                if any(name in line for name in UNITS)]
    assert result.returncode == 0 and problems == [], result.stdout + result.stderr
    timer = (DEPLOY / "systemd" / "tribune-backup.timer").read_text()
    assert "OnCalendar=" in timer and "Persistent=true" in timer


def nginx_test(tmp_path: Path, site_config: str) -> subprocess.CompletedProcess:
    """Run `nginx -t` on `site_config` inside a minimal main configuration of its own."""
    (tmp_path / "site.conf").write_text(site_config)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log stderr;\nevents {{}}\n"
        f"http {{\n  include /etc/nginx/mime.types;\n  client_body_temp_path {tmp_path}/body;\n"
        f"  proxy_temp_path {tmp_path}/proxy;\n  include {tmp_path}/site.conf;\n}}\n")
    return subprocess.run(["nginx", "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
                          capture_output=True, text=True, timeout=60, check=False)


def test_nginx_accepts_the_tls_site_configuration(tmp_path):
    # A self-signed certificate where certbot puts the real one.
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=news.example.org", "-keyout", str(tmp_path / "privkey.pem"),
                    "-out", str(tmp_path / "fullchain.pem")], capture_output=True, check=True, timeout=60)
    config = (DEPLOY / "nginx" / "tribune.conf").read_text()
    config = config.replace("/etc/letsencrypt/live/news.example.org/", f"{tmp_path}/")
    result = nginx_test(tmp_path, config)
    assert result.returncode == 0, result.stderr
    # The metrics never go through the public proxy; the address it appends is the one Tribune reads.
    assert re.search(r"location = /metrics \{\s*return 404;", config)
    assert "$proxy_add_x_forwarded_for" in config and "X-Forwarded-Proto $scheme" in config


def test_nginx_accepts_the_compose_proxy_configuration(tmp_path):
    config = (DEPLOY / "compose" / "nginx.conf").read_text()
    # The compose network's name for the server, here.
    result = nginx_test(tmp_path, config.replace("server server:8000;", "server 127.0.0.1:8000;"))
    assert result.returncode == 0, result.stderr


def test_compose_runs_postgresql_the_server_the_worker_and_a_proxy():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = compose["services"]
    assert {"postgres", "server", "worker", "proxy"} <= set(services)
    assert services["server"]["command"] == ["tribune", "serve"]
    assert services["worker"]["command"] == ["tribune", "worker"]
    for name in ("server", "worker"):
        environment = services[name]["environment"]
        assert environment["DATABASE_URL"].startswith("postgres://") and "@postgres:5432/" in environment["DATABASE_URL"]
        # No secret is written in the file: each comes from the operator's .env.
        assert environment["SECRET_KEY"].startswith("${SECRET_KEY:?")
    # Only the proxy is published; PostgreSQL, the server and its metrics stay inside.
    assert [name for name, service in services.items() if "ports" in service] == ["proxy"]
