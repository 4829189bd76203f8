"""Encryption at rest for sensitive case data (bank details, ID numbers, identity documents).

Fernet (AES-128-CBC + HMAC-SHA256) with the key from ``SELLERDESK_FIELD_KEY`` or the data dir
(config/settings.py). Values never reach logs: callers only ever log that a value exists.
"""

from __future__ import annotations

from functools import lru_cache

from cryptography.fernet import Fernet
from django.conf import settings


@lru_cache(maxsize=4)
def _fernet(key: str) -> Fernet:
    return Fernet(key.encode())


def encrypt_bytes(data: bytes) -> bytes:
    return _fernet(settings.SELLERDESK_FIELD_KEY).encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    return _fernet(settings.SELLERDESK_FIELD_KEY).decrypt(token)


def encrypt_text(value: str) -> str:
    return encrypt_bytes(value.encode()).decode()


def decrypt_text(token: str) -> str:
    return decrypt_bytes(token.encode()).decode()
