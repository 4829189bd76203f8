"""Notification texts: one template per kind and language,
``notifications/<kind>.<language>.txt`` (any app's templates dir). The first line is the subject,
the rest the body. Chosen by the recipient's language, English when a translation is missing.

Notices are rendered when they are delivered or shown, from the context frozen when they were
queued (``snapshot.py``, ADR 0007)."""

from __future__ import annotations

from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import timezone, translation

FALLBACK_LANGUAGE = "en"


def notice_template(kind: str, language: str):
    names = [
        f"notifications/{kind}.{language}.txt",
        f"notifications/{kind}.{FALLBACK_LANGUAGE}.txt",
    ]
    for name in names:
        try:
            return get_template(name)
        except TemplateDoesNotExist:
            continue
    raise TemplateDoesNotExist(", ".join(names))


def render_notification(kind: str, language: str, context: dict) -> tuple[str, str]:
    template = notice_template(kind, language)
    # The default time zone, not the one a request activated: the inbox and the email show
    # the same text (templates convert to the recipient's zone themselves).
    with translation.override(language), timezone.override(None):
        text = template.render(context).strip()
    subject, _, body = text.partition("\n")
    return subject.strip()[:300], body.strip()
