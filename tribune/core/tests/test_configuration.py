"""The `tribune` command reads its configuration from the environment and says what is wrong."""

import os
import subprocess
import sys

import pytest


def run_tribune(*args, env_changes, tmp_path, timeout=60):
    env = {k: v for k, v in os.environ.items()
           if k not in {"DJANGO_SETTINGS_MODULE", "SECRET_KEY", "DATABASE_URL", "DEBUG"}}
    env["TRIBUNE_VAR_DIR"] = str(tmp_path)
    env.update(env_changes)
    return subprocess.run(
        [sys.executable, "-m", "tribune.cli", *args], env=env, capture_output=True, text=True,
        timeout=timeout, check=False,
    )


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("DEBUG", "maybe", "DEBUG: expected true or false, got 'maybe'"),
        ("DATABASE_URL", "mysqlx://nowhere", "DATABASE_URL: cannot use 'mysqlx://nowhere'"),
        ("DATABASE_URL", "mysql://u:p@h/db", "DATABASE_URL: Tribune runs on SQLite or PostgreSQL"),
        ("EMAIL_URL", "pigeon://loft", "EMAIL_URL: unknown scheme in 'pigeon://loft'"),
        ("SITE_LOCALE", "xx-QQ", "SITE_LOCALE: unknown locale 'xx-QQ'"),
        ("READER_LANGUAGES", "fr,tlh", "READER_LANGUAGES: no translation for 'tlh'"),
        ("SECRET_KEY", "short", "SECRET_KEY: must be at least 32 characters"),
        ("ALLOWED_HOSTS", " , ", "ALLOWED_HOSTS: must list at least one value"),
        ("DISCUSSION_EMBED_HOSTS", "https://blog.example.org,news.example.org",
         "DISCUSSION_EMBED_HOSTS: expected origins like https://blog.example.org"),
        ("DISCUSSION_EMBED_HOSTS", "https://blog.example.org/comments",
         "DISCUSSION_EMBED_HOSTS: expected origins like https://blog.example.org"),
        ("DATABASE_REPLICA_URLS", "postgres://u:p@replica/db",
         "DATABASE_REPLICA_URLS: replicas need a PostgreSQL primary"),
        ("CACHE_URL", "memcached://cache:11211", "CACHE_URL: expected a Redis or Valkey server"),
        ("HTTP_PURGE_URL", "file:///etc/passwd", "HTTP_PURGE_URL: expected an http:// or https:// address"),
        ("HTTP_CACHE_SECONDS", "-5", "HTTP_CACHE_SECONDS: must be at least 0"),
    ],
)
def test_a_wrong_value_stops_with_one_line_naming_the_variable(tmp_path, variable, value, expected):
    result = run_tribune("check", env_changes={variable: value}, tmp_path=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"tribune: {expected}")
    assert "Traceback" not in result.stderr


def test_embed_hosts_are_read_as_origins_as_browsers_write_them(tmp_path):
    result = run_tribune("shell", "-c", "from django.conf import settings; print(settings.DISCUSSION_EMBED_HOSTS)",
                         env_changes={"DISCUSSION_EMBED_HOSTS": " https://Blog.Example.org/ ,http://localhost:8001,"},
                         tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "['https://blog.example.org', 'http://localhost:8001']"


def test_serve_refuses_to_start_without_a_secret_key(tmp_path):
    result = run_tribune("serve", env_changes={}, tmp_path=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().startswith("tribune: SECRET_KEY: tribune serve needs it set")
    assert len(result.stderr.strip().splitlines()) == 1


def test_manage_py_commands_work_through_tribune(tmp_path):
    result = run_tribune("check", env_changes={}, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_kept_secret_key_is_made_once_and_reused(tmp_path):
    first = run_tribune("shell", "-c", "from django.conf import settings; print(settings.SECRET_KEY)",
                        env_changes={}, tmp_path=tmp_path)
    second = run_tribune("shell", "-c", "from django.conf import settings; print(settings.SECRET_KEY)",
                         env_changes={}, tmp_path=tmp_path)
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == second.stdout.strip()
    assert len(first.stdout.strip()) >= 50
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_the_server_runs_sync_workers_and_keeps_no_access_log_unless_asked(monkeypatch):
    from tribune.config.settings.server import server_options, worker_class

    monkeypatch.setenv("SECRET_KEY", "k" * 40)
    monkeypatch.delenv("WEB_ACCESS_LOG", raising=False)
    monkeypatch.delenv("WEB_THREADS", raising=False)
    options = server_options()
    assert options["threads"] == 1
    # An access log would hold every reader's address.
    assert options["accesslog"] is None
    assert worker_class(options["threads"]) == "sync"
    monkeypatch.setenv("WEB_ACCESS_LOG", "-")
    monkeypatch.setenv("WEB_THREADS", "4")
    options = server_options()
    assert options["accesslog"] == "-"
    assert worker_class(options["threads"]) == "gthread"


@pytest.mark.parametrize(
    ("env_changes", "expected"),
    [
        ({"SECURE_HSTS_SECONDS": "a year"}, "SECURE_HSTS_SECONDS: expected a whole number, got 'a year'"),
        ({"SECURE_HSTS_SECONDS": "-1"}, "SECURE_HSTS_SECONDS: must be at least 0"),
        ({"SECURE_SSL_REDIRECT": "always"}, "SECURE_SSL_REDIRECT: expected true or false"),
        # Tribune's server speaks plain HTTP: without the proxy's word every request would redirect.
        ({"SECURE_SSL_REDIRECT": "true"}, "SECURE_SSL_REDIRECT: needs BEHIND_PROXY=true"),
        ({"SECURE_HSTS_INCLUDE_SUBDOMAINS": "true"},
         "SECURE_HSTS_INCLUDE_SUBDOMAINS: has no effect without SECURE_HSTS_SECONDS"),
        ({"SECURE_HSTS_SECONDS": "3600", "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
          "SECURE_HSTS_PRELOAD": "true"}, "SECURE_HSTS_PRELOAD: browsers' preload list needs"),
    ],
)
def test_a_wrong_https_setting_stops_with_one_line_naming_the_variable(tmp_path, env_changes, expected):
    result = run_tribune("check", env_changes=env_changes, tmp_path=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().startswith(f"tribune: {expected}"), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_hsts_and_the_https_redirect_are_set_from_the_environment(tmp_path):
    show = ("from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, "
            "s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD)")
    unset = run_tribune("shell", "-c", show, env_changes={}, tmp_path=tmp_path)
    assert unset.stdout.splitlines()[-1].split() == ["False", "0", "False", "False"], unset.stderr
    chosen = run_tribune("shell", "-c", show, tmp_path=tmp_path, env_changes={
        "BEHIND_PROXY": "true", "SECURE_SSL_REDIRECT": "true", "SECURE_HSTS_SECONDS": "63072000",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": "yes", "SECURE_HSTS_PRELOAD": "on",
    })
    assert chosen.stdout.splitlines()[-1].split() == ["True", "63072000", "True", "True"], chosen.stderr
