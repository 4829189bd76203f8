"""Notification texts: one template per kind and language,
``notifications/<kind>.<language>.txt`` (any app's templates dir). The first line is the subject,
the rest the body. Chosen by the recipient's language, English when a translation is missing."""

from __future__ import annotations

from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import translation

FALLBACK_LANGUAGE = "en"


def render_notification(kind: str, language: str, context: dict) -> tuple[str, str]:
    names = [
        f"notifications/{kind}.{language}.txt",
        f"notifications/{kind}.{FALLBACK_LANGUAGE}.txt",
    ]
    for name in names:
        try:
            template = get_template(name)
        except TemplateDoesNotExist:
            continue
        with translation.override(language):
            text = template.render(context).strip()
        subject, _, body = text.partition("\n")
        return subject.strip()[:300], body.strip()
    raise TemplateDoesNotExist(", ".join(names))
