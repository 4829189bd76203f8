"""Start Django for code that runs outside a request: the ``sellerdesk`` command and each
app's subcommands (``sellerdesk/*/cli.py``), which import this rather than the top-level
``sellerdesk/cli.py`` that registers them."""

from __future__ import annotations

import os


def setup_django() -> None:
    """Configure Django (``config.settings`` unless ``DJANGO_SETTINGS_MODULE`` says otherwise)
    and load the apps; safe to call more than once."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
