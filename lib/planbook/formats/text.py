"""Plain-text reports (.txt): decoded as ingestion decodes them (UTF-8 or GB18030)."""
from __future__ import annotations

from planbook.extract.normalize import decode_bytes
from planbook.fileio import PlanbookError
from planbook.formats.common import Converted


def convert(data: bytes, name: str) -> Converted:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise PlanbookError(f"{name}: 不支持UTF-16编码,请另存为UTF-8或GB18030 / UTF-16 encoding is not supported; "
                            f"save the report as UTF-8 or GB18030")
    return Converted(decode_bytes(data, name))
