"""Run the unpacking and parsing of one untrusted file in a child process with a memory and a
time budget. A zip bomb, a PDF stream bomb or a workbook of millions of rows then costs one
short-lived child, never the caller's memory, and ends in a :class:`LimitError`.

The child is a fresh interpreter (``python -m planwatch.bounded``), not a fork: a
multi-threaded web worker is never forked, and no caller's ``__main__`` is imported again.
Function and arguments go in, the result comes back, as pickles over its stdin and stdout.
"""

from __future__ import annotations

import os
import pickle
import resource
import subprocess
import sys
from collections.abc import Callable
from typing import Any, TypeVar

from planwatch.errors import InputError, PlanwatchError
from planwatch.limits import MB, LimitError, Limits

T = TypeVar("T")


def run_bounded(function: Callable[..., T], *args: Any, limits: Limits, what: str) -> T:
    """``function(*args)`` (a module-level function) in a child limited to ``limits.memory_bytes``
    of address space and ``limits.seconds`` of wall time.

    ``what`` names the file in messages. Errors the child raises come back as they were; a
    child that runs out of memory or time, or dies, becomes a :class:`LimitError`.
    """
    payload = pickle.dumps((limits.memory_bytes, function, args))
    try:
        done = subprocess.run(
            [sys.executable, "-m", "planwatch.bounded"], input=payload, capture_output=True, timeout=limits.seconds, check=False
        )
    except subprocess.TimeoutExpired:
        raise LimitError(f"处理超过 {limits.seconds} 秒仍未完成，已中止", path=what) from None
    if done.returncode != 0 or not done.stdout:
        raise LimitError(f"处理时进程异常退出（内存上限 {limits.memory_bytes // MB} MB）", path=what)
    ok, value = pickle.loads(done.stdout)
    if ok:
        result: T = value
        return result
    if isinstance(value, PlanwatchError) and value.path is None:
        value.path = what
    raise value


def run_contained(function: Callable[..., Any], *args: Any, memory: int) -> tuple[bool, Any]:
    """``(True, result)``, or ``(False, error)`` where every failure has become a PlanwatchError:
    what the child sends back (the fuzz harness checks this contract in-process)."""
    try:
        return True, function(*args)
    except PlanwatchError as exc:
        return False, exc
    except MemoryError:
        return False, LimitError(f"处理所需内存超过上限 {memory // MB} MB（疑似压缩炸弹）")
    except Exception as exc:  # any parser failure on hostile bytes is a refusal of the file, not a crash
        return False, InputError(f"文件无法解析（{exc.__class__.__name__}）")


def _serve() -> None:
    """The child: limit its own memory first, then run the function and write the outcome."""
    memory, function, args = pickle.loads(sys.stdin.buffer.read())
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    os.nice(19)  # the lowest priority: parsing a file yields the CPU to every request the server answers
    outcome = run_contained(function, *args, memory=memory)
    try:
        data = pickle.dumps(outcome)
    except MemoryError:
        data = pickle.dumps((False, LimitError(f"处理结果过大（内存上限 {memory // MB} MB）")))
    sys.stdout.buffer.write(data)


if __name__ == "__main__":
    _serve()
