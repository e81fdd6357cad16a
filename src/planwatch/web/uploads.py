"""Uploaded files: size-limited, type-checked by name and content, kept only while being read."""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import HTTPException, UploadFile

ALLOWED = {".csv": None, ".xlsx": b"PK\x03\x04"}  # suffix → required leading bytes
CHUNK = 64 * 1024


@asynccontextmanager
async def saved_upload(upload: UploadFile, max_bytes: int) -> AsyncIterator[Path]:
    """The upload written to a temporary file named like the original (the importer reads the suffix),
    refused past ``max_bytes`` (the ``max_upload_bytes`` setting)."""
    name = Path(upload.filename or "upload")
    suffix = name.suffix.lower()
    if suffix not in ALLOWED:
        raise HTTPException(415, f"{name.name}: only .csv and .xlsx files can be imported")
    with tempfile.TemporaryDirectory(prefix="planwatch-upload-") as folder:
        path = Path(folder) / f"{name.stem[:80] or 'upload'}{suffix}"
        size = 0
        with path.open("wb") as out:
            while chunk := await upload.read(CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise HTTPException(413, f"{name.name}: larger than {max_bytes / (1024 * 1024):g} MB")
                out.write(chunk)
        head = path.read_bytes()[:4]
        magic = ALLOWED[suffix]
        if (magic is not None and not head.startswith(magic)) or (magic is None and b"\x00" in path.read_bytes()[:4096]):
            raise HTTPException(415, f"{name.name}: the content is not a {suffix[1:].upper()} file")
        yield path
