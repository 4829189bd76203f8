"""Domain errors raised by services and selectors. The API turns them into problem+json
(RFC 9457) and the web views into form errors, so both speak the same words."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class FieldError:
    field: str
    code: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "code": self.code, "message": self.message}


@dataclass
class DomainError(Exception):
    detail: str
    errors: list[FieldError] = field(default_factory=list)
    extra: dict = field(default_factory=dict)

    status = 400
    title = "Bad request"

    def __str__(self) -> str:
        return self.detail


class ValidationFailed(DomainError):
    status = 422
    title = "Validation failed"


class NotFound(DomainError):
    status = 404
    title = "Not found"


class Forbidden(DomainError):
    status = 403
    title = "Forbidden"


class Conflict(DomainError):
    status = 409
    title = "Conflict"


class PayloadTooLarge(DomainError):
    status = 413
    title = "Payload too large"


class UnsupportedMediaType(DomainError):
    status = 415
    title = "Unsupported media type"


class TooManyRequests(DomainError):
    """Rate limited; ``extra["retry_after"]`` (seconds) becomes the Retry-After header too."""

    status = 429
    title = "Too many requests"
