"""Django's Redis cache backend, made to degrade instead of fail: the site answers when Redis does not.

The cache holds nothing that is not in the database (facet panels, page ids, page sections for a minute), so a
Redis that is down or unreachable must cost speed, not pages. Django's RedisCache raises on a connection error; here
a failed call is logged, answered as a miss (reads) or ignored (writes), and Redis is left alone for a few seconds so
that a dead server costs one time-out per process, not one per request.
"""
from __future__ import annotations

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
RETRY_AFTER = 5.0  # seconds without trying Redis after a failure


class TolerantRedisCache(RedisCache):
    _down_until = 0.0

    def _call(self, name: str, fallback, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return fallback
        try:
            return getattr(super(), name)(*args, **kwargs)
        except RedisError as exc:
            self._down_until = time.monotonic() + RETRY_AFTER
            logger.warning("Redis cache unavailable (%s: %s); pages are computed without it for %.0f s",
                           type(exc).__name__, exc, RETRY_AFTER)
            return fallback

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)
