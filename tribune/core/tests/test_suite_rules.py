"""Rules the test suite keeps so that it passes on a slow, fresh machine as on a fast one."""

import re
from pathlib import Path

import tribune

PACKAGE = Path(tribune.__file__).resolve().parent
# Waiting for a quiet network or for a fixed time races with the machine's speed: a browser test
# waits for what it needs (a selector, a response, a count) instead.
# (Spelled in two parts so that this rule does not match its own source.)
FORBIDDEN = re.compile("network" + r"idle|wait_for_timeout\(")


def test_no_browser_test_waits_for_network_idle_or_a_fixed_time():
    offenders = []
    for path in PACKAGE.rglob("tests/**/*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if FORBIDDEN.search(line) and path.name != Path(__file__).name:
                offenders.append(f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}")
    assert offenders == []


# Playwright runs an expression given to wait_for_function through eval(), which the site's
# Content-Security-Policy refuses (no 'unsafe-eval'); a function ("() => ...") runs without it.
EXPRESSION_WAIT = re.compile(r"""wait_for_function\(\s*f?["'](?!\s*(\([^)]*\)|\w+)\s*=>|\s*function\b)""")


def test_browser_tests_wait_for_functions_not_expressions():
    offenders = []
    for path in PACKAGE.rglob("tests/**/*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if EXPRESSION_WAIT.search(line):
                offenders.append(f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}")
    assert offenders == []
