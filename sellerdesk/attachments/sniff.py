"""What a file is, from its first bytes (pure). The name is never trusted: a PNG is a PNG
because it starts with the PNG signature. Anything not recognised is refused.

Recognised: PNG, JPEG, WebP, PDF, XLSX (a ZIP holding ``[Content_Types].xml`` and ``xl/``),
and CSV (UTF-8 or GB18030 text without NUL bytes or markup that a browser would render).
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile

PNG = "image/png"
JPEG = "image/jpeg"
WEBP = "image/webp"
PDF = "application/pdf"
CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

EXTENSIONS = {PNG: ".png", JPEG: ".jpg", WEBP: ".webp", PDF: ".pdf", CSV: ".csv", XLSX: ".xlsx"}
# Names that say a different kind of thing than the content, once the content is known.
_EXT_ALIASES = {JPEG: {".jpg", ".jpeg"}, CSV: {".csv", ".txt"}}

# Text a browser or an OS would treat as active content, whatever the name says.
_MARKUP = re.compile(rb"<\s*(?:!doctype|html|svg|script|\?xml|body|iframe)", re.IGNORECASE)


def _is_xlsx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return False
    return "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names)


def _is_csv(data: bytes) -> bool:
    head = data[:65536]
    if not head or b"\x00" in head or _MARKUP.search(head):
        return False
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError:
            # A cut in the middle of a multi-byte character at the end of the sample is fine.
            try:
                text = head[:-3].decode(encoding)
            except UnicodeDecodeError:
                continue
        controls = sum(1 for ch in text if ch < " " and ch not in "\r\n\t")
        return controls == 0
    return False


def sniff(data: bytes) -> str | None:
    """The content type of ``data``, or None when it is none of the accepted kinds."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"PK\x03\x04"):
        return XLSX if _is_xlsx(data) else None
    if _is_csv(data):
        return CSV
    return None


_UNSAFE = re.compile(r"[^\w.\- ()\u4e00-\u9fff]+")


class BadName(ValueError):
    pass


def safe_filename(name: str, content_type: str) -> str:
    """A name safe to store and to send back: no directories, no control characters, and an
    extension that matches the content. A name with a second, executable-looking extension
    (``invoice.pdf.exe``) or any directory part (``../../etc/passwd``) is refused, not
    repaired: the seller should know what they uploaded is not what they thought."""
    name = unicodedata.normalize("NFC", name or "").strip()
    if not name or "/" in name or "\\" in name or name in (".", "..") or "\x00" in name:
        raise BadName("the file name must not contain directories")
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        raise BadName("the file name contains control characters")
    stem, dot, ext = name.rpartition(".")
    ext = f".{ext.lower()}" if dot else ""
    allowed = _EXT_ALIASES.get(content_type, {EXTENSIONS[content_type]})
    if ext not in allowed:
        raise BadName(
            f"the name ends in {ext or 'nothing'!r} but the content is {content_type}; "
            f"name it {EXTENSIONS[content_type]}"
        )
    cleaned = _UNSAFE.sub("_", stem).strip(" ._") or "file"
    return (cleaned[:150] + ext)[:200]
