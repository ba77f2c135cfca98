"""A least-recently-used cache bounded by a total cost (bytes, or one per entry), shared by threads.

Keys carry the store version they were computed from, so an entry can never
answer for another version; entries of an old version simply age out.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Callable, Hashable, TypeVar

Value = TypeVar("Value")


class BoundedCache:
    def __init__(self, capacity: int):
        self.capacity = capacity
        self.cost = 0
        self._entries: OrderedDict[Hashable, tuple[object, int]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable):
        """The value kept under `key`, or None."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            self._entries.move_to_end(key)
            return entry[0]

    def put(self, key: Hashable, value: object, cost: int = 1) -> None:
        """Keeps the value unless it alone would fill the cache; the least recently used make room."""
        if cost > self.capacity:
            return
        with self._lock:
            previous = self._entries.pop(key, None)
            if previous is not None:
                self.cost -= previous[1]
            self._entries[key] = (value, cost)
            self.cost += cost
            while self.cost > self.capacity:
                _, (_, evicted) = self._entries.popitem(last=False)
                self.cost -= evicted

    def get_or_compute(self, key: Hashable, compute: Callable[[], Value]) -> Value:
        found = self.get(key)
        if found is None:
            found = compute()
            self.put(key, found)
        return found

    def __len__(self) -> int:
        return len(self._entries)
