"""LOG_FORMAT=json writes one JSON object per line; access lines never name a reader."""

import json
import logging
import sys

from tribune.operations.logs import JsonFormatter

from .helpers import free_port, http, site_env, start, stop, tribune

TOKEN = "SignedLinkToken-0123456789abcdef"


def test_a_record_is_one_line_of_json_with_its_traceback():
    try:
        raise ValueError("bad\nvalue")
    except ValueError:
        record = logging.LogRecord("tribune.test", logging.ERROR, __file__, 1, "Failed for %s:\n%s",
                                   ("comment 7", "second line"), sys.exc_info())
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "ERROR" and entry["logger"] == "tribune.test"
    assert entry["message"] == "Failed for comment 7:\nsecond line"
    assert entry["exception"].startswith("Traceback") and "ValueError: bad\nvalue" in entry["exception"]
    assert entry["timestamp"].endswith("+00:00")


def test_the_server_writes_json_lines_whose_access_lines_name_the_route_not_the_reader(tmp_path):
    port = free_port()
    env = site_env(tmp_path, BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY=1, LOG_FORMAT="json",
                   WEB_ACCESS_LOG="-")
    tribune("migrate", "-v0", env=env)
    server = start("serve", env=env)
    try:
        http(f"http://127.0.0.1:{port}/healthz")
        status, _, _ = http(f"http://127.0.0.1:{port}/discussion/subscriptions/confirm/{TOKEN}/?t={TOKEN}",
                            headers={"X-Forwarded-For": "198.51.100.23"})
        assert status == 400
    finally:
        output = stop(server)
    lines = [line for line in output.splitlines() if line.strip()]
    entries = [json.loads(line) for line in lines]
    assert {"timestamp", "level", "logger", "message"} <= set(entries[0])
    access = [e["message"] for e in entries if e["logger"] == "gunicorn.access"]
    assert any(m.startswith("GET notifications:subscription_confirm 400 ") for m in access), access
    assert any(m.startswith("GET healthz 200 ") for m in access), access
    for message in access:
        assert "127.0.0.1" not in message and "198.51.100.23" not in message
    # Django's own line about the bad link keeps the path, not the reader's key.
    assert any(e["message"] == "Bad Request: /discussion/subscriptions/confirm/[Filtered]/" for e in entries)
    assert TOKEN not in output


def test_a_wrong_log_format_stops_the_command_with_one_line(tmp_path):
    result = tribune("check", env=site_env(tmp_path, LOG_FORMAT="xml"), check=False)
    assert result.returncode == 2
    assert result.stderr.strip() == "tribune: LOG_FORMAT: expected text or json, got 'xml'"
