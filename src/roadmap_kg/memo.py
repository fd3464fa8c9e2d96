"""Bounded memos, so that memory stays bounded on any corpus: `Memo` for pure look-ups by
text (report texts repeat: venues, bodies, dates, each analysed once per build), which starts
afresh when full; `Recent` for what pages share with the pages made soon after."""

from __future__ import annotations

from itertools import islice
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


class Recent(Generic[K, V]):
    """A bounded memo that forgets its older half when full (the order remembered in):
    for what pages share with the pages made soon after (an events table's rows, links),
    which at 50,000 events would otherwise hold hundreds of megabytes in every process
    writing pages."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._values: dict[K, V] = {}

    def get(self, key: K) -> V | None:
        return self._values.get(key)

    def remember(self, key: K, value: V) -> V:
        values = self._values
        if len(values) >= self.size:
            for old in list(islice(values, self.size // 2)):
                del values[old]
        values[key] = value
        return value

    def clear(self) -> None:
        self._values.clear()

    def __len__(self) -> int:
        return len(self._values)
