"""A bounded memo for pure look-ups by text: report texts repeat (venues, bodies, dates), and
each is analysed once per build. When full it starts afresh, so memory stays bounded on any
corpus."""

from __future__ import annotations

from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Memo(Generic[K, V]):
    def __init__(self, size: int = 65536) -> None:
        self.size = size
        self._values: dict[K, V] = {}

    def get(self, key: K) -> V | None:
        return self._values.get(key)

    def remember(self, key: K, value: V) -> V:
        if len(self._values) >= self.size:
            self._values.clear()
        self._values[key] = value
        return value
