"""The shared cache: Django's database cache, with an increment that holds a row lock.

django-ratelimit counts posts with ``cache.incr``. Django's database cache
increments by reading then writing, so two workers could both read 4 and
both write 5; locking the row first (SELECT ... FOR UPDATE) makes each
increment wait for the one before it, which is what the throttles need.
"""

from __future__ import annotations

from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction


class LockingDatabaseCache(DatabaseCache):
    def incr(self, key, delta: int = 1, version=None) -> int:
        db = router.db_for_write(self.cache_model_class)
        table = connections[db].ops.quote_name(self._table)  # type: ignore[attr-defined]  # set by DatabaseCache
        stored_key = self.make_and_validate_key(key, version=version)
        with transaction.atomic(using=db), connections[db].cursor() as cursor:
            cursor.execute(f"SELECT cache_key FROM {table} WHERE cache_key = %s FOR UPDATE", [stored_key])  # noqa: S608
            return super().incr(key, delta, version)
