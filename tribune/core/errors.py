"""Domain errors: what services raise when a request breaks a business rule."""


class DomainError(Exception):
    """A rule was broken; `code` is stable (the API and the widget rely on it), `message` is for people."""

    code = "domain_error"
    status = 400

    def __init__(self, message: str, *, code: str | None = None):
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code


class NotFoundError(DomainError):
    code = "not_found"
    status = 404


class PermissionDeniedError(DomainError):
    code = "permission_denied"
    status = 403
