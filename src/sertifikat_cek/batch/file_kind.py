"""What a file is by its first bytes: a workbook (xlsx, xlsm, xls, ods), a PDF, another zip, or
text (a CSV export) — so that batch names it instead of decoding a workbook as text."""

from __future__ import annotations

from typing import BinaryIO

WORKBOOKS = ("xlsx", "xlsm", "xlsb", "xls", "ods")
NAMES = {
    "xlsx": "an Excel workbook (.xlsx)",
    "xlsm": "an Excel workbook with macros (.xlsm)",
    "xlsb": "an Excel binary workbook (.xlsb)",
    "xls": "an old Excel workbook (.xls)",
    "ods": "an OpenDocument spreadsheet (.ods)",
    "pdf": "a PDF document",
    "zip": "a zip archive",
    "ole": "an old Office document (not a workbook)",
}
PEEK_BYTES = 4096
_ZIP, _OLE, _PDF = b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"%PDF"


def sniff(head: bytes, name: str = "") -> str | None:
    """The kind of file these first bytes (and the file's name) say, or None for text."""
    suffix = name.rsplit(".", 1)[-1].casefold() if "." in name else ""
    if head.startswith(_PDF):
        return "pdf"
    if head.startswith(_OLE):
        return (
            "xls"
            if suffix in ("xls", "") or b"W\x00o\x00r\x00k\x00b\x00o\x00o\x00k" in head
            else "ole"
        )
    if not head.startswith(_ZIP):
        return None
    if b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet" in head:
        return "ods"
    if suffix in ("xlsx", "xlsm", "xlsb", "ods"):
        return suffix
    if b"xl/" in head or b"[Content_Types].xml" in head:
        return "xlsx"
    return "zip"


def peek(stream: BinaryIO) -> bytes:
    """The first bytes of a stream, left unread (a seekable file, or a buffered pipe)."""
    if hasattr(stream, "peek"):
        try:
            return stream.peek(PEEK_BYTES)[:PEEK_BYTES]
        except (OSError, ValueError):
            pass
    try:
        position = stream.tell()
        head = stream.read(PEEK_BYTES)
        stream.seek(position)
        return head
    except (OSError, ValueError):
        return b""
