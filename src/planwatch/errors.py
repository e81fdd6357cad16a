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
