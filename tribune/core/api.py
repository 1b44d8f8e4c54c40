"""The JSON API's shared error handling: every error is a 4xx with a code and a message.

Each app numbers its error codes in `<app>/api/errors.py` and registers them here; the number is
stable (the embeddable widget relies on it), the message is for people.
"""

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser
from pydantic import model_validator
from pydantic_core import from_json

from .errors import DomainError

# Numbers for codes that belong to no app (1-99). Each app numbers its own in a range of its own:
# the comment section 100-199, notifications 200-299, donations 300-399, moderation 400-499.
_NUMBERS: dict[str, int] = {
    "invalid_input": 1,
    "not_found": 2,
    "permission_denied": 3,
    "not_authenticated": 4,
    "rate_limited": 5,
    "domain_error": 6,
    "http_error": 7,
    "unsupported_media_type": 8,
    "cross_site_refused": 9,
    "request_too_large": 10,
    # The database cannot be reached for a moment (a restart): answered 503 with Retry-After.
    "service_unavailable": 11,
}


class AnswerSchema(Schema):
    """An answer's shape, for answers the views build as plain dicts and lists.

    django-ninja's Schema reads every field of what it validates through its DjangoGetter (the
    way to read a model instance's attributes, resolvers and related managers), dicts included:
    on a posted comment's answer, with its author, viewer and counts, about 5 % of the post's
    time. A dict is validated as it is here; anything else goes to django-ninja's own validator."""

    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(cls, values, handler, info):
        if isinstance(values, dict):
            return handler(values)
        return super()._run_root_validator(values, handler, info)


class ProblemOut(Schema):
    loc: list[str] = Field(description="Where in the request: the parameter or body field.")
    msg: str
    type: str


class ErrorOut(Schema):
    code: str = Field(description="Stable: clients branch on it.")
    number: int = Field(description="The code's stable number.")
    message: str = Field(description="For people, in the site's language.")
    errors: list[ProblemOut] | None = Field(None, description="With invalid_input: each problem.")


def error_responses(*statuses: int) -> dict[int, type[ErrorOut]]:
    """Return the `response` entries that document an operation's error answers."""
    return {status: ErrorOut for status in statuses}


# What every write may answer besides its own errors: refused as cross-site (403), a body too large
# (413) or not JSON (415), input that does not fit the schema (422). See core.api_writes.
WRITE_ERRORS = error_responses(403, 413, 415, 422)


def error_numbers_register(numbers: dict[str, int]) -> None:
    """Add an app's numbered error codes. Raises ValueError when a number or code is reused."""
    for code, number in numbers.items():
        if code in _NUMBERS and _NUMBERS[code] != number:
            raise ValueError(f"API error code {code!r} already has number {_NUMBERS[code]}")
        if number in _NUMBERS.values() and _NUMBERS.get(code) != number:
            raise ValueError(f"API error number {number} is already used")
        _NUMBERS[code] = number


class JsonParser(Parser):
    """Read request bodies as strict JSON. Python's json module lets through what no JSON text may
    hold and no database column takes: an unpaired surrogate ("\\ud800"), NaN, Infinity."""

    def parse_body(self, request):
        return from_json(request.body, allow_inf_nan=False)


def error_body(code: str, message: str, **extra) -> dict:
    """Return the JSON body of an API error."""
    return {"code": code, "number": _NUMBERS.get(code, 0), "message": message, **extra}


def install_error_handlers(api: NinjaAPI) -> None:
    """Map domain errors, bad input and missing objects to 4xx JSON answers."""

    @api.exception_handler(DomainError)
    def domain_error(request, exc: DomainError):
        response = api.create_response(request, error_body(exc.code, exc.message), status=exc.status)
        if getattr(exc, "retry_after", None):
            response["Retry-After"] = str(exc.retry_after)
        return response

    @api.exception_handler(NinjaValidationError)
    def invalid_input(request, exc: NinjaValidationError):
        problems = []
        for error in exc.errors:
            where = ".".join(str(part) for part in error.get("loc", ()) if part not in ("body", "payload"))
            problems.append(f"{where}: {error.get('msg')}" if where else str(error.get("msg")))
        message = _("The request is not valid: %(problems)s") % {"problems": "; ".join(problems)}
        return api.create_response(
            request, error_body("invalid_input", message, errors=_plain(exc.errors)), status=422
        )

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return api.create_response(request, error_body("not_found", _("Not found.")), status=404)

    @api.exception_handler(AuthenticationError)
    def not_authenticated(request, exc):
        return api.create_response(
            request, error_body("not_authenticated", _("Sign in first.")), status=401
        )

    @api.exception_handler(TooManyFieldsSent)
    def too_many_fields(request, exc):
        # More than Django parses (DATA_UPLOAD_MAX_NUMBER_FIELDS): no operation takes that many.
        message = _("The request is not valid: %(problems)s") % {"problems": _("too many fields")}
        return api.create_response(request, error_body("invalid_input", message), status=422)

    @api.exception_handler(RequestDataTooBig)
    def too_large(request, exc):
        return api.create_response(
            request, error_body("request_too_large", _("The request is too large.")), status=413
        )

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        return api.create_response(request, error_body("http_error", str(exc)), status=exc.status_code)


# Nothing to protect, and a CSRF refusal would be a page, not the API's error shape.
@csrf_exempt
def api_not_found_view(request, *args, **kwargs):
    """Answer an address under the API that names no operation, in the API's error shape."""
    return JsonResponse(error_body("not_found", _("There is nothing at this address.")), status=404)


def _plain(errors):
    """Return pydantic's error list with only JSON-safe values."""
    return [{"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", "")),
             "type": str(e.get("type", ""))} for e in errors]
