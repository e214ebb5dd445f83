"""The portal's cache backends: Django's, counting hits and misses per
cache alias (kmlaas/metrics.py), and a database cache that never evicts.

Django's DatabaseCache, once it holds more than MAX_ENTRIES rows, deletes
the alphabetically lowest keys, live or not — so anyone able to fill the
cache could wipe the sign-in lock-outs django-allauth keeps there.
UnculledDatabaseCache only ever deletes expired rows; bulk caching goes to
the "fragments" alias (settings.CACHES), which culls normally.
"""

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.db import connections

from kmlaas.metrics import CACHE_HITS, CACHE_MISSES


class CountedCache:
    """Counts each key read as a hit or a miss, under the METRICS_NAME given
    in its CACHES entry (settings.py sets it to the alias)."""

    def __init__(self, location, params):
        super().__init__(location, params)
        name = params.get("METRICS_NAME", "unnamed")
        self._hits, self._misses = CACHE_HITS.labels(name), CACHE_MISSES.labels(name)

    def get(self, key, default=None, version=None):
        # One path for both backends (the database's get() already is this),
        # so that each read is counted once.
        return self.get_many([key], version).get(key, default)

    def get_many(self, keys, version=None):
        keys = list(keys)
        found = super().get_many(keys, version)
        if found:
            self._hits.inc(len(found))
        if len(found) < len(keys):
            self._misses.inc(len(keys) - len(found))
        return found

    def get_or_set(self, key, default, timeout=DEFAULT_TIMEOUT, version=None):
        # Django's reads the key again after adding it (another process may
        # have added it first); counted, that read would make each miss a hit too.
        value = self.get(key, self._missing_key, version=version)
        if value is not self._missing_key:
            return value
        if callable(default):
            default = default()
        self.add(key, default, timeout=timeout, version=version)
        return super().get_many([key], version).get(key, default)


class DatabaseCache(CountedCache, DjangoDatabaseCache):
    pass


class RedisCache(CountedCache, DjangoRedisCache):
    pass


class UnculledDatabaseCache(DatabaseCache):
    def _cull(self, db, cursor, now, num):
        connection = connections[db]
        cursor.execute(
            f"DELETE FROM {connection.ops.quote_name(self._table)} WHERE expires < %s",  # noqa: S608
            [connection.ops.adapt_datetimefield_value(now)],
        )
