"""`tribune demo` migrates, loads the seed page once and serves it on 127.0.0.1."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_demo(var_dir, port):
    env = {k: v for k, v in os.environ.items()
           if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "SECRET_KEY", "SITE_NAME"}}
    env["TRIBUNE_VAR_DIR"] = str(var_dir)
    return subprocess.Popen(
        [sys.executable, "-m", "tribune.cli", "demo", "--port", str(port)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )


def fetch(url, timeout=60):
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def stop(process):
    os.killpg(process.pid, signal.SIGTERM)
    output, _ = process.communicate(timeout=30)
    return output


def test_demo_serves_the_seed_site_and_loads_it_only_once(tmp_path):
    port = free_port()
    first = start_demo(tmp_path, port)
    try:
        home = fetch(f"http://127.0.0.1:{port}/")
        assert "SouthFront" in home
        assert "Russian Military Police Deploys In Key Town" in home
        # The demo turns test payments on itself; `tribune serve` takes none unless told.
        donate = fetch(f"http://127.0.0.1:{port}/support/support-southfront/")
        assert "Continue to the test payment" in donate and "Test mode" in donate
    finally:
        first_output = stop(first)
    assert "Loaded the demo" in first_output

    second = start_demo(tmp_path, port)
    try:
        fetch(f"http://127.0.0.1:{port}/")
    finally:
        second_output = stop(second)
    assert "already loaded" in second_output
    assert (tmp_path / "tribune.sqlite3").exists()


def test_demo_refuses_a_bad_port(tmp_path):
    result = subprocess.run([sys.executable, "-m", "tribune.cli", "demo", "--port", "70000"],
                            env={**os.environ, "TRIBUNE_VAR_DIR": str(tmp_path)},
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 2
    assert "a port is between 1 and 65535" in result.stderr


def test_serve_runs_the_production_server_from_the_environment(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}}
    env.update(TRIBUNE_VAR_DIR=str(tmp_path), SECRET_KEY="s" * 50, BIND=f"127.0.0.1:{port}",
               WEB_CONCURRENCY="2", SITE_NAME="The Valley Ledger")
    subprocess.run([sys.executable, "-m", "tribune.cli", "migrate", "-v0"], env=env, check=True,
                   timeout=120)
    server = subprocess.Popen([sys.executable, "-m", "tribune.cli", "serve"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              start_new_session=True)
    try:
        home = fetch(f"http://127.0.0.1:{port}/")
    finally:
        output = stop(server)
    assert "The Valley Ledger" in home
    assert "Nothing has been published yet." in home
    assert output.count("Booting worker") == 2
