"""Uploaded files: size-limited, type-checked by name and content, kept only while being read."""

from __future__ import annotations

import re
import tempfile
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import HTTPException, UploadFile

from planwatch.errors import PlanwatchError
from planwatch.limits import MB, current

ALLOWED = {".csv": None, ".xlsx": b"PK\x03\x04"}  # suffix → required leading bytes
# Bulletins and reports to read observations from (text files must not hold NUL bytes).
DOCUMENTS = {".txt": None, ".md": None, ".html": None, ".htm": None, ".docx": b"PK\x03\x04", ".pdf": b"%PDF"}
CHUNK = 64 * 1024


@asynccontextmanager
async def saved_upload(upload: UploadFile, allowed: Mapping[str, bytes | None] = ALLOWED) -> AsyncIterator[Path]:
    """The upload written to a private temporary folder, named like the original (the importer
    reads the suffix). Errors raised while it is read name the file as uploaded, never the
    server's temporary path."""
    name = Path(upload.filename or "upload")
    suffix = name.suffix.lower()
    if suffix not in allowed:
        raise HTTPException(415, f"{name.name}：此处只能上传 {'、'.join(allowed)} 文件")
    limit = current().upload_bytes
    with tempfile.TemporaryDirectory(prefix="planwatch-upload-") as folder:
        stem = re.sub(r"[^\w-]", "_", name.stem)[:80] or "upload"
        path = Path(folder) / f"{stem}{suffix}"
        size = 0
        with path.open("wb") as out:
            while chunk := await upload.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise HTTPException(413, f"{name.name}：文件超过 {limit // MB} MB 的上限")
                out.write(chunk)
        head = path.read_bytes()[:4096]
        magic = allowed[suffix]
        if (magic is not None and not head.startswith(magic)) or (magic is None and b"\x00" in head):
            raise HTTPException(415, f"{name.name}：文件内容不是 {suffix[1:].upper()} 格式，请用 Excel 另存后重试")
        try:
            yield path
        except PlanwatchError as exc:
            for error in [exc, *getattr(exc, "problems", ())]:
                if error.path:
                    error.path = error.path.replace(str(path), name.name)
            raise
