"""The plan of action's template: what each section of the form shows as a starting hint.
Text copied from it unchanged is a warning of the quality check (a reviewer reads it as no
answer), in either language, so the check is given both renderings."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext_lazy as _

TEMPLATE = {
    "root_cause": _(
        "Describe the root cause of the problem. Explain why the issue happened and what led to it."
    ),
    "corrective_actions": _(
        "List the actions you have already taken to fix the problem and the affected orders."
    ),
    "preventive_measures": _(
        "Describe the measures that will stop the problem from happening again."
    ),
}


def template_texts() -> list[str]:
    """Every section's hint in English and in Chinese."""
    texts = []
    for language in ("en", "zh-hans"):
        with translation.override(language):
            texts += [str(text) for text in TEMPLATE.values()]
    return texts
