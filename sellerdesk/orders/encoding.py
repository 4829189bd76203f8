"""Which text encoding an uploaded CSV or JSON Lines file is in, read in bounded chunks.

Sellers' spreadsheets are UTF-8 (often with a BOM) or GBK/GB18030. The rule: the file is UTF-8
if it decodes strictly as UTF-8; a file whose non-ASCII text does not is GB18030 and is transcoded
to a UTF-8 work file for DuckDB. A file that mixes the two (UTF-8 text on one line, GB18030 on
another) is an error naming the first line that disagrees with the lines before it; so is a
line that is neither. Memory: one chunk (a few MiB) at a time, whatever the file size.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

CHUNK = 4 * 1024 * 1024
BOM = codecs.BOM_UTF8


class EncodingProblem(Exception):
    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class Prepared:
    path: Path  # the file to read as UTF-8 (the original, or a transcoded copy)
    encoding: str  # "utf-8", "utf-8-sig" or "gb18030"


def _chunks(handle, size: int):
    """Yield (first_line_number, bytes) pieces that end at a newline (except the last)."""
    line = 1
    rest = b""
    while True:
        block = handle.read(size)
        if not block:
            if rest:
                yield line, rest
            return
        block = rest + block
        cut = block.rfind(b"\n")
        if cut < 0:
            rest = block
            continue
        piece, rest = block[: cut + 1], block[cut + 1 :]
        yield line, piece
        line += piece.count(b"\n")


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _first_bad_utf8_line(piece: bytes, first_line: int) -> tuple[int, int]:
    """(line number, byte offset in ``piece``) of the first line that is not UTF-8."""
    offset = 0
    for number, raw in enumerate(piece.split(b"\n"), start=first_line):
        if not _is_utf8(raw):
            return number, offset
        offset += len(raw) + 1
    return first_line, 0


def _mixed(line: int, this: str, earlier: str) -> EncodingProblem:
    return EncodingProblem(
        f"the file mixes encodings: line {line} is {this} but earlier lines are {earlier}; "
        "save the whole file in one encoding",
        line=line,
    )


def _gb_lines(piece: bytes, first_line: int) -> str:
    """Decode a piece as GB18030, refusing any line that is UTF-8 text (a mixed file)."""
    try:
        text = piece.decode("gb18030")
    except UnicodeDecodeError as exc:
        start = piece.rfind(b"\n", 0, exc.start) + 1
        end = piece.find(b"\n", exc.start)
        line = first_line + piece[: exc.start].count(b"\n")
        if _is_utf8(piece[start : end if end >= 0 else len(piece)]):
            raise _mixed(line, "UTF-8", "GB18030") from None
        raise EncodingProblem(f"line {line} is neither UTF-8 nor GB18030 text", line=line) from None
    if not text.isascii():
        for number, raw in enumerate(piece.split(b"\n"), start=first_line):
            if not raw.isascii() and _is_utf8(raw):
                raise _mixed(number, "UTF-8", "GB18030")
    return text


def prepare_text_file(
    source: Path, workdir: Path, progress: Callable[[int], None] | None = None
) -> Prepared:
    """Check the encoding of ``source``; return a UTF-8 file DuckDB can read. ``progress`` is
    called with the number of bytes read so far."""
    done = 0
    with open(source, "rb") as handle:
        head = handle.read(len(BOM))
        has_bom = head == BOM
        if not has_bom:
            handle.seek(0)
        first_non_ascii: int | None = None
        out = None
        target = workdir / (source.name + ".utf8")
        try:
            for first_line, piece in _chunks(handle, CHUNK):
                done += len(piece)
                if out is None:
                    if _is_utf8(piece):
                        if first_non_ascii is None and not piece.isascii():
                            first_non_ascii = first_line
                    elif (
                        first_non_ascii is not None
                        or has_bom
                        or not piece[: _first_bad_utf8_line(piece, first_line)[1]].isascii()
                    ):
                        line = _first_bad_utf8_line(piece, first_line)[0]
                        raise _mixed(line, "not UTF-8", "UTF-8")
                    else:
                        # Everything so far was ASCII: the same bytes in GB18030. Copy them,
                        # then go on transcoding.
                        out = open(target, "w", encoding="utf-8", newline="")  # noqa: SIM115
                        position = handle.tell()
                        handle.seek(0)
                        remaining = done - len(piece)
                        while remaining > 0:
                            block = handle.read(min(CHUNK, remaining))
                            out.write(block.decode("ascii"))
                            remaining -= len(block)
                        handle.seek(position)
                        out.write(_gb_lines(piece, first_line))
                else:
                    out.write(_gb_lines(piece, first_line))
                if progress:
                    progress(done)
        finally:
            if out is not None:
                out.close()
    if out is not None:
        return Prepared(target, "gb18030")
    return Prepared(source, "utf-8-sig" if has_bom else "utf-8")


def read_first_line(path: Path) -> str:
    """The first line of a UTF-8 file (the CSV header), without BOM or line ending."""
    with open(path, "rb") as handle:
        raw = handle.readline(1024 * 1024)
    return raw.decode("utf-8", errors="replace").lstrip("\ufeff").rstrip("\r\n")
