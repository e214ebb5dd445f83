"""The database cache for rate limits and lock-outs.

Django's DatabaseCache, once it holds more than MAX_ENTRIES rows, deletes
the alphabetically lowest keys, live or not — so anyone able to fill the
cache could wipe the sign-in lock-outs django-allauth keeps there. This one
only ever deletes expired rows; bulk caching goes to the "fragments" alias
(settings.CACHES), which culls normally.
"""

from django.core.cache.backends.db import DatabaseCache
from django.db import connections


class UnculledDatabaseCache(DatabaseCache):
    def _cull(self, db, cursor, now, num):
        connection = connections[db]
        cursor.execute(
            f"DELETE FROM {connection.ops.quote_name(self._table)} WHERE expires < %s",  # noqa: S608
            [connection.ops.adapt_datetimefield_value(now)],
        )
