"""The Content-Security-Policy header, built once for the answers that carry the site's policy.

django-csp builds the header's text on every answer, the enforced policy and the report-only
one, copying the settings' directives each time (about 3 % of a post's time, as much of a page
view's). The text changes only with a nonce (Tribune uses none) or with a view's own changes
(csp_update on the donation pages, csp_exempt, ...): an answer with none of them gets the
site's policy, kept here until the settings change. Anything else is django-csp's own work.
"""

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings

# What a view or decorator sets on an answer to change its policy (django-csp's names).
_OWN_POLICY = ("_csp_config", "_csp_update", "_csp_replace", "_csp_exempt",
               "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro", "_csp_exempt_ro")


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    _built: tuple | None = None

    def process_response(self, request, response):
        if getattr(request, "_csp_nonce", None) is not None or settings.DEBUG or any(
                hasattr(response, name) for name in _OWN_POLICY):
            return super().process_response(request, response)
        for header, text, excluded in self._site_policies():
            if text and header not in response and not request.path_info.startswith(excluded):
                response[header] = text
        # As django-csp does: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

    def _site_policies(self) -> tuple:
        enforced = getattr(settings, "CONTENT_SECURITY_POLICY", None)
        report_only = getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
        built = self._built
        # Kept for these settings' objects: a test that overrides them gets its own.
        if built is None or built[0] is not enforced or built[1] is not report_only:
            built = self._built = (enforced, report_only, (
                (HEADER, build_policy(), tuple((enforced or {}).get("EXCLUDE_URL_PREFIXES") or ())),
                (HEADER_REPORT_ONLY, build_policy(report_only=True),
                 tuple((report_only or {}).get("EXCLUDE_URL_PREFIXES") or ())),
            ))
        return built[2]
