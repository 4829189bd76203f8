"""Default sites. Loaded once by a data migration; the operator edits them afterwards."""

DEFAULT_SITES = [
    # code, name, currency, time zone, support languages
    ("US", "United States", "USD", "America/Los_Angeles", ["en"]),
    ("CA", "Canada", "CAD", "America/Toronto", ["en"]),
    ("UK", "United Kingdom", "GBP", "Europe/London", ["en"]),
    ("DE", "Germany", "EUR", "Europe/Berlin", ["en"]),
    ("FR", "France", "EUR", "Europe/Paris", ["en"]),
    ("IT", "Italy", "EUR", "Europe/Rome", ["en"]),
    ("ES", "Spain", "EUR", "Europe/Madrid", ["en"]),
    # The seed: JP also serves sellers in Chinese.
    ("JP", "Japan", "JPY", "Asia/Tokyo", ["en", "zh-hans"]),
]
