"""The container image: built from the Dockerfile on a base image made from Debian's packages
(no image registry is reachable here), it runs `tribune serve` as a user without privileges,
with its static files collected at build, and a worker beside it.

It needs a Docker daemon: the one DOCKER_HOST names (or the default socket) if it answers, else,
as root with Debian's docker.io installed, a daemon of the test's own (its images are kept in
/var/lib/tribune-test-docker, so the base image is made once). Otherwise it is skipped. The
Python packages come from PyPI, downloaded here into a wheel cache (~/.cache/tribune) that the
build takes, since the build's containers may not trust this machine's way to PyPI.
"""

import fcntl
import hashlib
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from .helpers import free_port, http, wait_until

ROOT = Path(__file__).resolve().parents[3]
OWN_DATA_ROOT = Path("/var/lib/tribune-test-docker")
pytestmark = pytest.mark.container


def docker(*args, env, timeout=120, check=True, stdin=None) -> subprocess.CompletedProcess:
    result = subprocess.run(["docker", *args], env=env, capture_output=True, timeout=timeout,
                            input=stdin, check=False)
    if check and result.returncode != 0:
        raise AssertionError(f"docker {' '.join(args[:3])} failed: {result.stderr.decode()[-3000:]}")
    return result


def _answers(env) -> bool:
    return shutil.which("docker") is not None and subprocess.run(
        ["docker", "info"], env=env, capture_output=True, timeout=30, check=False).returncode == 0


@pytest.fixture(scope="module")
def docker_env():
    env = dict(os.environ)
    if _answers(env):
        yield env
        return
    # make test installs docker.io (scripts/ensure-test-deps); a daemon of the test's own needs root.
    assert os.geteuid() == 0 and shutil.which("dockerd") and shutil.which("docker"), \
        "no Docker daemon answers, and this test can start one only as root with docker.io installed"
    # One daemon at a time on the kept images.
    OWN_DATA_ROOT.mkdir(parents=True, exist_ok=True)
    lock = open(OWN_DATA_ROOT.with_suffix(".lock"), "w")  # noqa: SIM115 - held until the end
    fcntl.flock(lock, fcntl.LOCK_EX)
    run = Path(tempfile.mkdtemp(prefix="tribune-dockerd-"))
    env["DOCKER_HOST"] = f"unix://{run}/docker.sock"
    with open(run / "dockerd.log", "w") as log:
        daemon = subprocess.Popen(
            ["dockerd", "--data-root", str(OWN_DATA_ROOT), "--exec-root", str(run / "exec"),
             "--pidfile", str(run / "dockerd.pid"), "-H", env["DOCKER_HOST"]],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_until(lambda: daemon.poll() is not None or _answers(env), timeout=60, what="dockerd")
        assert daemon.poll() is None, (run / "dockerd.log").read_text()[-3000:]
        yield env
    finally:
        daemon.terminate()
        try:
            daemon.wait(timeout=60)
        except subprocess.TimeoutExpired:
            daemon.kill()
            daemon.wait()
        # What a daemon stopped in a hurry may leave mounted under its folder (network namespaces).
        for line in Path("/proc/mounts").read_text().splitlines():
            target = line.split()[1]
            if target.startswith(f"{run}/"):
                subprocess.run(["umount", "--lazy", target], capture_output=True, timeout=30, check=False)
        shutil.rmtree(run, ignore_errors=True)
        fcntl.flock(lock, fcntl.LOCK_UN)
        lock.close()


def wheel_cache() -> Path:
    """Download the image's Python packages from PyPI (once per requirements.lock)."""
    lock = (ROOT / "requirements.lock").read_bytes() + (ROOT / "pyproject.toml").read_bytes()
    cache = Path.home() / ".cache" / "tribune" / f"wheels-{hashlib.sha256(lock).hexdigest()[:12]}"
    if not (cache / ".complete").exists():
        cache.mkdir(parents=True, exist_ok=True)
        # redis needs async-timeout on Pythons before 3.11.3 (Debian's is 3.11.2), a marker the
        # download here, on this machine's Python, would leave out.
        for what in (["setuptools>=69", "wheel", "async-timeout"], [str(ROOT)]):
            result = subprocess.run(
                [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
                 "--only-binary", ":all:", "--dest", str(cache), "-c", str(ROOT / "requirements.lock"),
                 *what], capture_output=True, text=True, timeout=600, check=False)
            assert result.returncode == 0, result.stderr[-3000:]
        (cache / ".complete").touch()
    return cache


def build_context(folder: Path, wheels: Path) -> Path:
    """Fill `folder` with the build context: what .dockerignore lets in, and the wheel cache."""
    for name in ("Dockerfile", ".dockerignore", "pyproject.toml", "requirements.lock", "README.md",
                 "deploy/docker/wheels/README.md"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, folder / name)
    shutil.copytree(ROOT / "tribune", folder / "tribune",
                    ignore=shutil.ignore_patterns("tests", "__pycache__", "conftest.py"))
    for wheel in wheels.glob("*.whl"):
        shutil.copy2(wheel, folder / "deploy" / "docker" / "wheels" / wheel.name)
    return folder


@pytest.fixture(scope="module")
def image(docker_env, tmp_path_factory):
    result = subprocess.run([str(ROOT / "deploy" / "docker" / "base-image")], env=docker_env,
                            capture_output=True, text=True, timeout=1200, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    base = result.stdout.strip().splitlines()[-1]
    tag = f"tribune-test:{secrets.token_hex(4)}"
    docker("build", "--quiet", "--tag", tag, "--build-arg", f"BASE_IMAGE={base}",
           "--build-arg", "PIP_OPTIONS=--no-index",
           str(build_context(tmp_path_factory.mktemp("context"), wheel_cache())), env=docker_env, timeout=1200)
    yield tag
    docker("image", "rm", "--force", tag, env=docker_env, check=False)


def test_the_image_serves_the_site_as_an_unprivileged_user_with_a_worker_beside_it(docker_env, image):
    config = json.loads(docker("image", "inspect", image, env=docker_env).stdout)[0]["Config"]
    assert config["Cmd"] == ["tribune", "serve"]
    assert config["User"] == "tribune"

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    key = secrets.token_urlsafe(50)
    volume = f"tribune-test-{secrets.token_hex(4)}"
    server, worker = f"{volume}-server", f"{volume}-worker"
    # The server and the worker share the site's volume (its SQLite database) and the host's network.
    shared = ["--volume", f"{volume}:/var/lib/tribune", "--network", "host", "--env", f"SECRET_KEY={key}"]
    try:
        migrate = docker("run", "--rm", *shared, image, "tribune", "migrate", "-v0", env=docker_env,
                         timeout=300, check=False)
        assert migrate.returncode == 0, migrate.stderr.decode()[-3000:]
        docker("run", "--detach", "--name", server, *shared, "--env", f"BIND=127.0.0.1:{port}",
               "--env", "WEB_CONCURRENCY=2", "--env", "ALLOWED_HOSTS=127.0.0.1", image, env=docker_env)
        assert http(f"{base}/healthz", timeout=120)[0] == 200
        assert docker("exec", server, "id", "-u", env=docker_env).stdout.strip() != b"0"
        status, _, page = http(f"{base}/")
        assert status == 200, page[:2000]
        # Static files, collected at build (names with their hash), served by the application...
        stylesheet = re.search(r'href="(/static/[^"]+\.css)"', page).group(1)
        assert re.search(r"\.[0-9a-f]{12}\.css$", stylesheet), stylesheet
        assert http(f"{base}{stylesheet}")[0] == 200
        # ...which the server's user cannot change.
        assert docker("exec", server, "touch", "/opt/tribune/static/x", env=docker_env, check=False).returncode != 0

        assert http(f"{base}/readyz?checks=worker")[0] == 503
        docker("run", "--detach", "--name", worker, *shared, image, "tribune", "worker", env=docker_env)
        wait_until(lambda: http(f"{base}/readyz")[0] == 200, timeout=90, what="the site ready, with its worker")
    finally:
        outputs = {}
        for name in (server, worker):
            logs = docker("logs", name, env=docker_env, check=False)
            outputs[name] = (logs.stdout + logs.stderr).decode(errors="replace")
            docker("rm", "--force", name, env=docker_env, check=False)
        docker("volume", "rm", "--force", volume, env=docker_env, check=False)
    for name, output in outputs.items():
        assert "Traceback" not in output, f"{name}: {output[-3000:]}"
