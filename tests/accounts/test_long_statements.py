"""Background work gets a longer statement limit than a web request, for its own transaction only."""

import pytest
from django.db import connection, transaction

from accounts.bulk import allow_long_statements

pytestmark = pytest.mark.django_db(transaction=True)


def statement_timeout() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('statement_timeout')")
        return cursor.fetchone()[0]


def test_background_work_gets_the_task_limit_for_its_transaction_only(settings):
    web_limit = statement_timeout()
    assert web_limit == "20s"  # KOB_DB_STATEMENT_TIMEOUT_MS, below gunicorn's 30 s worker timeout
    with transaction.atomic():
        allow_long_statements()
        assert statement_timeout() == "15min"  # KOB_TASK_STATEMENT_TIMEOUT_MS
    assert statement_timeout() == web_limit


def test_the_longer_limit_needs_a_transaction_to_end_with():
    with pytest.raises(RuntimeError, match="needs a transaction"):
        allow_long_statements()
