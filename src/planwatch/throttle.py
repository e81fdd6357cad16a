"""Sign-in throttling and a bound on password-hashing work, in memory per process.

Failures are counted per account and per client address over a sliding window; past the limit
the next attempt is refused without checking the password. Memory is bounded: at most
``max_keys`` accounts and addresses are remembered (the least recently failed are forgotten).
Argon2 needs 64 MiB per hash, so at most ``hashers`` run at once; a sign-in that cannot get
a turn within ``wait_seconds`` is refused as busy.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from planwatch.errors import PlanwatchError


class ThrottledError(PlanwatchError):
    """Too many failed sign-ins, or too many sign-ins at once: try again later."""


@dataclass
class LoginThrottle:
    account_failures: int = 5
    address_failures: int = 20
    window_seconds: float = 15 * 60
    max_keys: int = 10_000
    hashers: int = 2
    wait_seconds: float = 10.0
    _failures: OrderedDict[str, deque[float]] = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _hashing: threading.BoundedSemaphore = field(init=False)

    def __post_init__(self) -> None:
        self._hashing = threading.BoundedSemaphore(self.hashers)

    def check(self, username: str, address: str) -> None:
        """Raise :class:`ThrottledError` if the account or the address failed too often lately."""
        now = time.monotonic()
        with self._lock:
            for key, limit in ((f"user:{username}", self.account_failures), (f"addr:{address}", self.address_failures)):
                recent = self._recent(key, now)
                if len(recent) >= limit:
                    minutes = max(1, round((recent[0] + self.window_seconds - now) / 60))
                    raise ThrottledError(f"登录失败次数过多，请 {minutes} 分钟后再试")

    def failed(self, username: str, address: str) -> None:
        now = time.monotonic()
        with self._lock:
            for key, limit in ((f"user:{username}", self.account_failures), (f"addr:{address}", self.address_failures)):
                recent = self._failures.setdefault(key, deque(maxlen=limit))
                recent.append(now)
                self._failures.move_to_end(key)
            while len(self._failures) > self.max_keys:
                self._failures.popitem(last=False)

    def succeeded(self, username: str) -> None:
        with self._lock:
            self._failures.pop(f"user:{username}", None)

    @contextmanager
    def hashing(self) -> Iterator[None]:
        """A turn to run one password hash."""
        if not self._hashing.acquire(timeout=self.wait_seconds):
            raise ThrottledError("登录请求过多，请稍后再试")
        try:
            yield
        finally:
            self._hashing.release()

    def _recent(self, key: str, now: float) -> deque[float]:
        recent = self._failures.get(key, deque())
        while recent and recent[0] <= now - self.window_seconds:
            recent.popleft()
        return recent
