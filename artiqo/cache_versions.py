"""Version numbers kept in the shared cache, for caches that go stale all at once.

A cache key that holds a version is unreachable once the version moves, so one `incr` makes every
entry of a kind stale, in every process. The first value comes from the clock, not 1: if the key
is evicted, entries keyed by an older small number must not become valid again.
"""

import time

from django.core.cache import cache


def read_version(key: str) -> int:
    version = cache.get(key)
    if version is None:
        cache.add(key, time.time_ns() // 1000, timeout=None)
        version = cache.get(key)
    return version


def bump_version(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:  # not set (or evicted): a clock-based start differs from every earlier version
        read_version(key)
