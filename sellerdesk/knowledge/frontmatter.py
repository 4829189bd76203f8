"""Corpus files: Markdown with a small front matter block. Pure.

    ---
    key: account-health-metrics
    title: Account health metrics and how to fix each
    category: account-health
    tags: [order defect rate, late shipment rate]
    case_types: [account-deactivation]
    ---
    Body in Markdown…

Values are single lines; ``[a, b]`` is a list. No YAML library: the format is this small.
"""

from __future__ import annotations

from dataclasses import dataclass, field

REQUIRED = ("key", "title", "category")


class FrontMatterError(ValueError):
    pass


@dataclass
class CorpusDoc:
    meta: dict[str, str | list[str]] = field(default_factory=dict)
    body: str = ""

    def get(self, name: str, default=""):
        return self.meta.get(name, default)

    def get_list(self, name: str) -> list[str]:
        value = self.meta.get(name, [])
        return value if isinstance(value, list) else [value] if value else []


def _value(raw: str) -> str | list[str]:
    raw = raw.strip()
    if raw.startswith("[") and raw.endswith("]"):
        return [item.strip().strip("\"'") for item in raw[1:-1].split(",") if item.strip()]
    if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "\"'":
        return raw[1:-1]
    return raw


def parse(text: str, *, name: str = "<text>") -> CorpusDoc:
    """Split a corpus file into its metadata and Markdown body. Raises FrontMatterError
    naming the file and line when the block is missing, malformed or incomplete."""
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or lines[0].strip() != "---":
        raise FrontMatterError(f"{name}: must start with a '---' front matter line")
    meta: dict[str, str | list[str]] = {}
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == "---":
            body = "\n".join(lines[number:]).strip() + "\n"
            break
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, sep, value = line.partition(":")
        if not sep or not key.strip().replace("_", "").isalnum():
            raise FrontMatterError(f"{name}:{number}: expected 'name: value', got {line!r}")
        meta[key.strip()] = _value(value)
    else:
        raise FrontMatterError(f"{name}: front matter is not closed with '---'")
    missing = [k for k in REQUIRED if not meta.get(k)]
    if missing:
        raise FrontMatterError(f"{name}: missing {', '.join(missing)}")
    return CorpusDoc(meta=meta, body=body)
