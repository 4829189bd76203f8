"""What every web view shares, whichever app it belongs to: who may enter, and how a
DomainError reaches the person."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, gettext

from . import labels
from .errors import DomainError, FieldError, Forbidden, NotFound

# Words a field error is shown in: ``labels.error_message``, or a domain's own version of it
# that knows the labels of that domain's inputs.
Describe = Callable[[FieldError, str | None], str]


def _guard(test):
    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not test(request.user):
                raise PermissionDenied
            try:
                return view(request, *args, **kwargs)
            except NotFound as exc:
                raise Http404(exc.detail) from exc
            except Forbidden as exc:
                raise PermissionDenied(exc.detail) from exc

        return wrapped

    return decorator


# Every view states who may use it. NotFound and Forbidden from a selector or a service become
# the 404 and 403 pages; other DomainErrors are handled by the view, next to the form.
signed_in = _guard(lambda user: True)
seller_only = _guard(lambda user: user.is_seller)
staff_only = _guard(lambda user: user.is_agent or user.is_operator)


def form_errors(
    exc: DomainError, *, describe: Describe = labels.error_message
) -> tuple[dict[str, list[str]], list[dict[str, str]]]:
    """Errors by input name (``fields.order_id`` is the order-id input), and the summary shown
    above a form: each message with the id of its input (``id_fields_order_id``) to jump to."""
    language = get_language()
    by_field: dict[str, list[str]] = {}
    summary: list[dict[str, str]] = []
    for error in exc.errors:
        text = describe(error, language)
        by_field.setdefault(error.field, []).append(text)
        summary.append({"message": text, "anchor": "id_" + error.field.replace(".", "_")})
    return by_field, summary


def flash_error(request, exc: DomainError, *, describe: Describe = labels.error_message) -> None:
    """A refused action (a Conflict, say) as a message at the top of the next page."""
    _, summary = form_errors(exc, describe=describe)
    detail = summary[0]["message"] if summary else exc.detail
    messages.error(request, gettext("That could not be done: %(detail)s") % {"detail": detail})


def safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback
