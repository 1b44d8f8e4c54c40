"""The JSON API, mounted at /api/v1/, with its OpenAPI schema and docs page.

Each app keeps its operations in `<app>/api/` and adds its router here.
"""

from ninja import NinjaAPI

from tribune.core.api import install_error_handlers
from tribune.discussion.api.views import router as discussion_router

api = NinjaAPI(
    title="Tribune API",
    version="1",
    description="Comments, threads and counts of a Tribune site. Errors are JSON objects with a "
    "stable `code`, a stable `number` and a `message` for people.",
    urls_namespace="api",
    docs_url="/docs",
)
install_error_handlers(api)
api.add_router("", discussion_router)
