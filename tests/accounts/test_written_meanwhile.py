"""Writes sent to the server while Python works on (``written_meanwhile``): same transaction, errors not lost."""

import pghistory
import pytest
from django.db import IntegrityError, connection, transaction

from accounts.bulk import written_meanwhile

pytestmark = pytest.mark.django_db


@pytest.fixture
def table():
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE meanwhile (n integer NOT NULL)")


def rows() -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT n FROM meanwhile ORDER BY n")
        return [n for (n,) in cursor.fetchall()]


def test_the_writes_run_in_order_and_are_done_when_the_block_ends(table):
    ran = []
    with written_meanwhile(
        [("INSERT INTO meanwhile VALUES (%s), (%s)", [1, 2]), ("UPDATE meanwhile SET n = n * 10", None)]
    ):
        ran.append("the block")
    assert ran == ["the block"]
    assert rows() == [10, 20]


def test_a_query_in_the_block_waits_for_the_writes_and_sees_them(table):
    with written_meanwhile([("INSERT INTO meanwhile VALUES (%(n)s)", {"n": 7})]):
        assert rows() == [7]


def test_a_failed_write_raises_djangos_error_when_the_block_ends_and_nothing_is_kept(table):
    with (
        pytest.raises(IntegrityError, match="null value"),
        transaction.atomic(),
        written_meanwhile([("INSERT INTO meanwhile VALUES (1)", None), ("INSERT INTO meanwhile VALUES (NULL)", None)]),
    ):
        pass
    assert rows() == []


def test_the_writes_go_out_inside_a_history_context(table):
    # pghistory's context puts a second command before each write of a Django cursor, which pipeline mode refuses.
    with pghistory.context(source="test"), written_meanwhile([("INSERT INTO meanwhile VALUES (%s)", [3])]):
        pass
    assert rows() == [3]


def test_an_error_in_the_block_rolls_the_writes_back_and_the_connection_goes_on(table):
    with (
        pytest.raises(ZeroDivisionError),
        transaction.atomic(),
        written_meanwhile([("INSERT INTO meanwhile VALUES (4)", None)]),
    ):
        1 / 0  # noqa: B018  (the rules failing while the server writes)
    assert rows() == []
    with written_meanwhile([("INSERT INTO meanwhile VALUES (5)", None)]):
        pass
    assert rows() == [5]
