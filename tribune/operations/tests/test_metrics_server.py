"""`tribune serve` with METRICS_BIND: the metrics' own server adds up every worker process."""

import socket

from prometheus_client.parser import text_string_to_metric_families

from .helpers import free_port, http, site_env, start, stop, tribune


def samples(text: str) -> dict:
    return {(s.name, frozenset(s.labels.items())): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def test_the_metrics_bind_adds_up_every_worker_and_the_site_does_not_show_them(tmp_path):
    site, metrics = free_port(), free_port()
    env = site_env(tmp_path, BIND=f"127.0.0.1:{site}", WEB_CONCURRENCY=3,
                   METRICS_BIND=f"127.0.0.1:{metrics}")
    tribune("migrate", "-v0", env=env)
    server = start("serve", env=env)
    try:
        http(f"http://127.0.0.1:{site}/healthz")
        # A sync worker that has read half a request waits for the rest, so while this
        # connection is open the other requests must be answered by another worker.
        with socket.create_connection(("127.0.0.1", site), timeout=30) as held:
            held.sendall(b"GET /articles/private-slug-held/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            for number in range(30):
                status, _, _ = http(f"http://127.0.0.1:{site}/articles/private-slug-{number}/")
                assert status == 404
            held.sendall(b"Connection: close\r\n\r\n")
            assert held.recv(64).startswith(b"HTTP/1.1 404")
        assert http(f"http://127.0.0.1:{site}/metrics")[0] == 404
        status, headers, text = http(f"http://127.0.0.1:{metrics}/metrics")
    finally:
        output = stop(server)
    assert status == 200, output
    found = samples(text)
    assert found[("tribune_http_requests_total",
                  frozenset({"route": "newsroom:article", "method": "GET", "status": "404"}.items()))] == 31
    assert found[("tribune_database_up", frozenset())] == 1
    assert "private-slug" not in text
    # The counts came from more than one process, added up.
    assert len(list((tmp_path / "metrics").glob("counter_*.db"))) >= 2


def test_a_metrics_bind_already_taken_stops_the_server_with_one_line(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = site_env(tmp_path, BIND=f"127.0.0.1:{free_port()}", METRICS_BIND=f"127.0.0.1:{port}")
        tribune("migrate", "-v0", env=env)
        result = tribune("serve", env=env, check=False, timeout=120)
    assert result.returncode == 2
    assert result.stderr.strip().startswith("tribune: METRICS_BIND: cannot listen there")
    assert "Traceback" not in result.stderr
