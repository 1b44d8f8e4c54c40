"""Stripe's HTTP layer, replaced by answers recorded from Stripe's API: the real `stripe` package
builds the requests, pages through lists and reads the answers; nothing leaves the machine.

Answers are JSON files in stripe_recorded/ (as Stripe sends them), keyed by method and path; a
path with several answers plays them in order (a list's pages), the last one repeating.
"""

import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import stripe

RECORDED = Path(__file__).parent / "stripe_recorded"


def recorded(name: str, **changes) -> dict:
    """Return the recorded answer `name` (stripe_recorded/<name>.json), with top-level `changes`."""
    answer = json.loads((RECORDED / f"{name}.json").read_text())
    answer.update(changes)
    return answer


def not_found(object_id: str) -> tuple[int, dict]:
    """Stripe's answer for an id it does not know."""
    return 404, {"error": {"type": "invalid_request_error", "code": "resource_missing", "param": "id",
                           "message": f"No such object: '{object_id}'",
                           "doc_url": "https://stripe.com/docs/error-codes/resource-missing"}}


class RecordedStripe(stripe.HTTPClient):
    """Answer each request with a recorded answer; keep what was asked for, in `requests`."""

    name = "recorded"

    def __init__(self, answers: dict[tuple[str, str], list]):
        super().__init__()
        self.answers = {key: list(value) for key, value in answers.items()}
        self.requests: list[dict] = []

    def request(self, method, url, headers, post_data=None, *, _usage=None):
        parts = urlsplit(url)
        key = (method.upper(), parts.path)
        self.requests.append({"method": key[0], "path": key[1], "query": parse_qs(parts.query),
                              "body": parse_qs(post_data or ""), "headers": dict(headers or {})})
        queue = self.answers.get(key)
        if not queue:
            status, body = 500, {"error": {"type": "api_error", "message": f"nothing recorded for {key}"}}
        else:
            answer = queue.pop(0) if len(queue) > 1 else queue[0]
            status, body = answer if isinstance(answer, tuple) else (200, answer)
        return json.dumps(body), status, {"request-id": "req_recorded"}

    def request_stream(self, method, url, headers, post_data=None, *, _usage=None):
        raise NotImplementedError

    def close(self):
        pass

    def asked(self, method: str, path: str) -> list[dict]:
        return [r for r in self.requests if r["method"] == method and r["path"] == path]
