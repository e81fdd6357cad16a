"""Errors a user can act on. Each names the file, the line and the reason."""

from __future__ import annotations


class PlanwatchError(Exception):
    """Base error; ``str()`` gives ``file:line: reason`` (parts omitted when unknown)."""

    def __init__(self, reason: str, *, path: str | None = None, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.path = path
        self.line = line

    def __str__(self) -> str:
        location = ":".join(str(p) for p in (self.path, self.line) if p is not None)
        return f"{location}: {self.reason}" if location else self.reason


class InputError(PlanwatchError):
    """A document or data file that cannot be read or is not what it claims to be."""


class NotFoundError(PlanwatchError):
    """A plan, section or record the user named does not exist."""


class ForbiddenError(PlanwatchError):
    """The user may not change this record (another region's data): 403 on the web."""


def describe_failure(exc: BaseException, database: str | None = None) -> str | None:
    """One line for a failure outside planwatch's own errors that a user can still act on (the
    database refused a write, the input exhausted memory); ``None`` for a bug, which keeps its traceback."""
    from sqlalchemy.exc import SQLAlchemyError

    if isinstance(exc, SQLAlchemyError):
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        where = _without_password(database) if database else "database"
        return f"{where}: database error: {reason}"
    if isinstance(exc, MemoryError):
        return "out of memory: the input is too large to process"
    return None


def _without_password(url: str) -> str:
    from sqlalchemy.engine import make_url

    try:
        parsed = make_url(url)
    except ValueError:
        return url
    return url if parsed.password is None else parsed.render_as_string(hide_password=True)
