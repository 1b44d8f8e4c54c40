"""Names a newcomer can rely on: API views are `<Entity><Action>Api`, HTML views `<thing>_<action>_view`."""

import inspect
import re

from django.urls import URLPattern, URLResolver, get_resolver

from tribune.config.api import api

ACTIONS = "Create|Get|List|Edit|Delete|Cast"
API_VIEW = re.compile(rf"^(?:[A-Z][a-z]+)+?(?:{ACTIONS})(?:[A-Z][a-z]+)*Api$")


def _api_views():
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                yield operation.view_func


def test_every_api_view_is_named_entity_action_api():
    names = sorted({view.__name__ for view in _api_views()})
    assert len(names) > 10, names
    assert [name for name in names if not API_VIEW.match(name)] == []


def _html_views(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _html_views(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def test_every_page_view_of_tribune_is_named_thing_action_view():
    wrong = []
    for route, callback in _html_views(get_resolver().url_patterns):
        module = getattr(callback, "__module__", "")
        name = getattr(callback, "__name__", "")
        # Django's admin, the feeds (instances of Feed classes) and the API (named above) have
        # their own ways.
        if not module.startswith("tribune.") or not inspect.isfunction(callback) or ".api." in module:
            continue
        if not re.fullmatch(r"[a-z]+(?:_[a-z0-9]+)*_view", name):
            wrong.append(f"{route}: {module}.{name}")
    assert wrong == []
