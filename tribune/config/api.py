"""The JSON API, mounted at /api/v1/, with its OpenAPI schema and docs page.

Each app keeps its operations in `<app>/api/` and adds its router here.
"""

from ninja import NinjaAPI

from tribune.core.api import install_error_handlers

api = NinjaAPI(
    title="Tribune API",
    version="1",
    description="Comments, threads and campaigns of a Tribune site.",
    urls_namespace="api",
    docs_url="/docs",
)
install_error_handlers(api)
