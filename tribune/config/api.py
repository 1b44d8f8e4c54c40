"""The JSON API, mounted at /api/v1/, with its OpenAPI schema and docs page.

Each app keeps its operations in `<app>/api/` and adds its router here. Every write goes through
core.api_writes first; the sites allowed to embed the discussion are the only others that may.
"""

from ninja import NinjaAPI

from tribune.core.api import JsonParser, install_error_handlers
from tribune.core.api_writes import install_write_rules
from tribune.core.embedding import embed_origin_allowed
from tribune.discussion.comments.api.views import router as discussion_router
from tribune.discussion.moderation.api.views import router as moderation_router
from tribune.discussion.notifications.api.views import router as notifications_router
from tribune.donations.api.views import router as donations_router

api = NinjaAPI(
    title="Tribune API",
    version="1",
    description="Comments, threads and counts of a Tribune site, and its campaigns' goal meters. "
    "Errors are JSON objects with a stable `code`, a stable `number` and a `message` for people. "
    "Writes send JSON (`Content-Type: application/json`); from a browser, only the site's own pages "
    "and the sites allowed to embed the discussion may write.",
    urls_namespace="api",
    docs_url="/docs",
    parser=JsonParser(),
)
install_error_handlers(api)
install_write_rules(api, origin_allowed=embed_origin_allowed)
api.add_router("", discussion_router)
api.add_router("", notifications_router)
api.add_router("", moderation_router)
api.add_router("", donations_router)
