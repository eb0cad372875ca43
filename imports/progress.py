"""Writing an import's progress where the page can see it while the import's transaction is open.

The import writes in one transaction, so progress saved through Django's
connection would stay invisible until the end. Progress goes through a second,
short-lived connection to the same database instead, at most a few times a second.
"""

from __future__ import annotations

import logging
import time

import psycopg
from django.db import connection

from accounts.rls import BUSINESS_SETTING, BYPASS_SETTING

MIN_INTERVAL_SECONDS = 0.5
logger = logging.getLogger(__name__)


class ProgressWriter:
    def __init__(self, import_id: int, business_id: int, total: int):
        self.import_id = import_id
        self.business_id = business_id
        self.total = total
        self.last = 0.0
        self.conn: psycopg.Connection | None = None

    def __call__(self, done: int, stage: str, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self.last < MIN_INTERVAL_SECONDS:
            return
        self.last = now
        try:
            if self.conn is None:
                self.conn = psycopg.connect(**connection.get_connection_params(), autocommit=True)
                # Progress is a courtesy: never wait behind a lock for it.
                self.conn.execute("SET lock_timeout = '200ms'")
                # Row-level security: this connection acts for the import's business only (no bypass,
                # whatever the connection options say).
                self.conn.execute(
                    "SELECT set_config(%s, %s, false), set_config(%s, 'off', false)",
                    [BUSINESS_SETTING, str(self.business_id), BYPASS_SETTING],
                )
            self.conn.execute(
                "UPDATE imports_import SET rows_done = %s, rows_total = %s, stage = %s "
                "WHERE id = %s AND business_id = %s",
                [min(done, self.total), self.total, stage, self.import_id, self.business_id],
            )
        except psycopg.Error:
            logger.warning("Could not record the progress of import %s", self.import_id, exc_info=True)

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None
