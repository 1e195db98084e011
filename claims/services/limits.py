"""Bounds on the work one upload may ask for, checked before the work starts.

Every import path (the UI upload, the API, ``manage.py import_articles``, background jobs)
goes through these: an upload larger than ``CLAIMS_MAX_UPLOAD_BYTES``, an article longer
than ``CLAIMS_MAX_ARTICLE_CHARS``, or a zip that declares or actually expands past
``CLAIMS_MAX_IMPORT_UNZIPPED_BYTES`` (or holds more than ``CLAIMS_MAX_ZIP_MEMBERS`` members)
is refused with a message naming the file. Corrupt archives (bad CRC, broken deflate stream,
encryption, unknown compression) are refused the same way, never a server error.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from django.conf import settings

__all__ = [
    "UploadRefused",
    "article_size_error",
    "max_article_chars",
    "max_unzipped_bytes",
    "max_upload_bytes",
    "max_zip_members",
    "unzip_bounded",
    "upload_size_error",
]

_CHUNK = 1 << 16


class UploadRefused(ValueError):
    """An upload (or one member of it) refused before any work; names the file."""

    def __init__(self, file: str, message: str) -> None:
        self.file = file
        self.message = message
        super().__init__(f"{file}: {message}")


def max_upload_bytes() -> int:
    return int(getattr(settings, "CLAIMS_MAX_UPLOAD_BYTES", 20 * 1024 * 1024))


def max_article_chars() -> int:
    return int(getattr(settings, "CLAIMS_MAX_ARTICLE_CHARS", 1_000_000))


def max_unzipped_bytes() -> int:
    return int(getattr(settings, "CLAIMS_MAX_IMPORT_UNZIPPED_BYTES", 64 * 1024 * 1024))


def max_zip_members() -> int:
    return int(getattr(settings, "CLAIMS_MAX_ZIP_MEMBERS", 10_000))


def upload_size_error(size: int) -> str | None:
    limit = max_upload_bytes()
    if size > limit:
        return f"the file is {size:,} bytes; the limit is {limit:,} bytes per upload"
    return None


def article_size_error(text: str) -> str | None:
    limit = max_article_chars()
    if len(text) > limit:
        return f"the article text is {len(text):,} characters; the limit is {limit:,}"
    return None


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> bytes:
    """The member's bytes, read in chunks and counted: a member that inflates past what is
    left of the budget is refused as soon as it does, whatever its header declared."""
    out = io.BytesIO()
    with archive.open(info) as handle:
        while chunk := handle.read(_CHUNK):
            out.write(chunk)
            if out.tell() > budget:
                raise UploadRefused(
                    info.filename, "expands past the size limit for an unpacked upload"
                )
    return out.getvalue()


def unzip_bounded(name: str, data: bytes) -> list[tuple[str, bytes]]:
    """The members of zip ``data`` as ``(name/member, bytes)``; directories and macOS
    metadata skipped. Raises :class:`UploadRefused` for a bomb or a corrupt archive."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zlib.error, ValueError, EOFError) as exc:
        raise UploadRefused(name, f"not a readable zip file ({exc})") from None
    with archive:
        members = [i for i in archive.infolist() if not i.is_dir() and "__MACOSX" not in i.filename]
        if len(members) > max_zip_members():
            raise UploadRefused(
                name,
                f"the archive holds {len(members):,} files; the limit is {max_zip_members():,}",
            )
        budget = max_unzipped_bytes()
        declared = sum(i.file_size for i in members)
        if declared > budget:
            raise UploadRefused(
                name, f"the archive expands to {declared:,} bytes; the limit is {budget:,}"
            )
        expanded: list[tuple[str, bytes]] = []
        for info in members:
            member = f"{name}/{info.filename}"
            try:
                content = _read_member(archive, info, budget)
            except UploadRefused as exc:
                raise UploadRefused(member, exc.message) from None
            except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
                raise UploadRefused(member, f"corrupt zip member ({exc})") from None
            except (NotImplementedError, RuntimeError) as exc:
                # unsupported compression method; encrypted member
                raise UploadRefused(member, f"cannot be unpacked ({exc})") from None
            budget -= len(content)
            expanded.append((member, content))
    return expanded
