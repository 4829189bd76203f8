"""API token format and hashing (pure). Tokens are 256 random bits, so a plain SHA-256 digest
is enough to store them: there is nothing to brute-force."""

import hashlib
import secrets

TOKEN_PREFIX = "sd_"  # noqa: S105 (a label, not a secret)


def token_generate() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def token_display_prefix(raw: str) -> str:
    return raw[:10]
