"""Running the `tribune` command as an operator does: a fresh site in a folder of its own."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

# Variables of the test run that must not leak into a site started for a test.
_RUN_ONLY = {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "SECRET_KEY", "SITE_NAME", "DEBUG",
             "PROMETHEUS_MULTIPROC_DIR", "METRICS_BIND", "METRICS_TOKEN", "SENTRY_DSN", "LOG_FORMAT"}


def site_env(var_dir, **changes) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in _RUN_ONLY}
    env.update(TRIBUNE_VAR_DIR=str(var_dir), SECRET_KEY="s" * 50)
    env.update({k: str(v) for k, v in changes.items()})
    return env


def tribune(*args, env, timeout=180, check=True) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "tribune.cli", *args], env=env, capture_output=True,
                            text=True, timeout=timeout, check=False)
    if check and result.returncode != 0:
        raise AssertionError(f"tribune {' '.join(args)} failed ({result.returncode}):\n{result.stderr}")
    return result


def start(*args, env) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tribune.cli", *args], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)


def stop(process: subprocess.Popen, sig=signal.SIGTERM) -> str:
    if process.poll() is None:
        os.killpg(process.pid, sig)
    output, _ = process.communicate(timeout=60)
    return output


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http(url, *, headers=None, timeout=60, data=None, method=None):
    """Return (status, headers, body) once the server answers; HTTP errors are answers too."""
    deadline = time.monotonic() + timeout
    request = urllib.request.Request(url, headers=headers or {}, data=data, method=method)
    while True:
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def wait_until(predicate, *, timeout=60, what="the condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")
