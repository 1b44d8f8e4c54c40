"""Operators cannot point a command at the wrong site by accident: the variable folder and the
database are found the same way from any folder, and an empty database says how to migrate."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

import tribune
from tribune.config.settings import env as settings_env
from tribune.config.settings.database import database_from_env

CHECKOUT = Path(tribune.__file__).resolve().parent.parent


def _tribune(*args, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    command = [str(Path(sys.executable).with_name("tribune")), *args]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=120,
                          check=False)


def _clean_env(**changes) -> dict:
    env = {key: value for key, value in os.environ.items()
           if key not in ("TRIBUNE_VAR_DIR", "DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(changes)
    return env


def _var_dir_from(folder: Path, env: dict) -> str:
    done = subprocess.run([sys.executable, "-c", "from tribune.config.settings.env import var_dir; "
                                                 "print(var_dir())"],
                          cwd=folder, env=env, capture_output=True, text=True, timeout=60, check=True)
    return done.stdout.strip()


def test_the_variable_folder_is_the_same_from_any_working_directory(tmp_path):
    elsewhere = tmp_path / "somewhere" / "else"
    elsewhere.mkdir(parents=True)
    env = _clean_env()
    from_checkout = _var_dir_from(CHECKOUT, env)
    assert from_checkout == _var_dir_from(elsewhere, env) == _var_dir_from(Path("/"), env)
    assert from_checkout == str(CHECKOUT / "var")


def test_an_installed_tribune_keeps_its_site_in_the_users_data_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("TRIBUNE_VAR_DIR", raising=False)
    monkeypatch.setattr(settings_env, "_CHECKOUT", tmp_path / "site-packages")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    assert settings_env.var_dir() == (tmp_path / "data" / "tribune").resolve()


@pytest.mark.parametrize("name, value", [
    ("TRIBUNE_VAR_DIR", "var"),
    ("TRIBUNE_VAR_DIR", "./site"),
    ("DATABASE_URL", "sqlite:///var/tribune.sqlite3"),
])
def test_a_path_relative_to_the_current_folder_is_refused(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=name):
        database_from_env() if name == "DATABASE_URL" else settings_env.var_dir()


def test_a_command_against_a_database_with_no_tables_says_how_to_migrate(tmp_path):
    env = _clean_env(TRIBUNE_VAR_DIR=str(tmp_path / "new-site"))
    for args in (["createsuperuser", "--noinput", "--username", "ed", "--email", "ed@example.org"],
                 ["export", str(tmp_path / "out.json")],
                 ["serve"]):
        done = _tribune(*args, cwd=tmp_path, env={**env, "SECRET_KEY": "s" * 50})
        assert done.returncode == 2, (args, done.stderr)
        assert "Traceback" not in done.stderr and "no such table" not in done.stderr
        assert str(tmp_path / "new-site" / "tribune.sqlite3") in done.stderr
        assert "run `tribune migrate` to create" in done.stderr
    # An empty database file (made by another tool, or a migrate that was stopped) says the same.
    (tmp_path / "new-site").mkdir()
    (tmp_path / "new-site" / "tribune.sqlite3").touch()
    done = _tribune("createsuperuser", "--noinput", "--username", "ed", "--email", "ed@example.org",
                    cwd=tmp_path, env={**env, "SECRET_KEY": "s" * 50})
    assert done.returncode == 2 and "has no tables yet; run `tribune migrate`" in done.stderr
    (tmp_path / "new-site" / "tribune.sqlite3").unlink()
    (tmp_path / "new-site").rmdir()
    migrated = _tribune("migrate", "-v0", cwd=tmp_path, env={**env, "SECRET_KEY": "s" * 50})
    assert migrated.returncode == 0, migrated.stderr
    created = _tribune("createsuperuser", "--noinput", "--username", "ed", "--email", "ed@example.org",
                       cwd=tmp_path / "new-site", env=env)
    assert created.returncode == 0, created.stderr
