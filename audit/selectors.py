"""Reading the history of every change (written by database triggers, see ``accounts.history``).

Each tracked table has an event table holding a copy of the row after every
insert and update, and before every delete. A change's "before" is the same
record's previous event, so one query returns the events of a page together
with their predecessors, whatever the number of tables or rows. The app knows
the tracked tables only through pghistory's registry, so it imports none of the
apps whose records it reads.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import cast

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection, models
from django.utils import timezone
from pghistory.models import Event

from accounts.history import SNAPSHOT
from accounts.models import Business

from .formatting import describe_value, naming_field, record_label

# Snapshots (the state each row had when history began) are the "before" of a
# row's first change, never listed as changes themselves.
HISTORY_LIMIT = 100
NO_ONE = "No one signed in (system or database)"
ACTIONS = {"insert": "Created", "update": "Changed", "delete": "Deleted"}
# Copied on every event but not something an owner changes or needs to read.
HIDDEN_FIELDS = {"id", "business", "created_at", "created_by", "updated_at", "invoice_issue_date"}


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass
class HistoryEntry:
    """One change to one record, in plain words."""

    when: datetime
    who: str
    action: str
    kind: str
    record: str
    changes: list[Change] = field(default_factory=list)


@dataclass(frozen=True)
class _Source:
    """One event table and the condition that picks its rows."""

    kind: str
    event_model: type[models.Model]
    where: str = ""
    params: tuple = ()


def tracked_kinds() -> dict[str, type[models.Model]]:
    """Event models of every business-owned tracked table, keyed by the tracked model's label."""
    kinds = {}
    for model in apps.get_models():
        tracked = getattr(model, "pgh_tracked_model", None)
        if issubclass(model, Event) and tracked is not None and _has_field(model, "business"):
            kinds[tracked._meta.label_lower] = model
    return dict(sorted(kinds.items(), key=lambda item: str(tracked_model(item[1])._meta.verbose_name)))


def tracked_model(event_model: type[models.Model]) -> type[models.Model]:
    """The model whose history ``event_model`` keeps (pghistory sets it on each event model)."""
    tracked = getattr(event_model, "pgh_tracked_model", None)
    if tracked is None:
        raise TypeError(f"{event_model.__name__} is not a history event model")
    return tracked


def kind_choices() -> list[tuple[str, str]]:
    return [(key, str(tracked_model(model)._meta.verbose_name).capitalize()) for key, model in tracked_kinds().items()]


def record_history(
    *,
    business: Business,
    record: models.Model,
    children: Iterable[tuple[type[models.Model], str]] = (),
    limit: int = HISTORY_LIMIT,
) -> list[HistoryEntry]:
    """The latest changes to one record and, for each ``(model, foreign key)`` in ``children``, to its child rows.

    A fixed number of queries whatever the history's length: the events, then the names they mention.
    """
    kinds = tracked_kinds()
    sources = [_Source(record._meta.label_lower, kinds[record._meta.label_lower], "pgh_obj_id = %s", (record.pk,))]
    for child_model, foreign_key in children:
        field = child_model._meta.get_field(foreign_key)
        assert isinstance(field, models.ForeignKey), f"{foreign_key} is not a foreign key"
        column = field.column
        sources.append(
            _Source(child_model._meta.label_lower, kinds[child_model._meta.label_lower], f"{column} = %s", (record.pk,))
        )
    return _entries(business, _fetch(business, sources, limit=limit, offset=0))


class RecentChanges(Sequence):
    """The business's changes, newest first, filtered; sliced lazily so ``Paginator`` fetches one page."""

    def __init__(
        self,
        *,
        business: Business,
        user_id: int | None = None,
        kind: str | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
    ) -> None:
        self.business = business
        where: list[str] = []
        params: list[object] = []
        if user_id is not None:
            where.append("pgh_context->>'user' = %s")
            params.append(str(user_id))
        zone = timezone.get_current_timezone()
        if date_from is not None:
            where.append("pgh_created_at >= %s")
            params.append(datetime.combine(date_from, time.min, tzinfo=zone))
        if date_to is not None:
            where.append("pgh_created_at < %s")
            params.append(datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=zone))
        kinds = tracked_kinds()
        chosen = {kind: kinds[kind]} if kind in kinds else kinds
        self.sources = [_Source(key, model, " AND ".join(where), tuple(params)) for key, model in chosen.items()]
        self._count: int | None = None

    def count(self) -> int:  # type: ignore[override]  # Paginator's count(), not Sequence.count(value)
        if self._count is None:
            union, params = _union(self.business, self.sources, columns="1")
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT COUNT(*) FROM ({union}) AS events", params)  # noqa: S608 (names come from models)
                self._count = cursor.fetchone()[0]
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop = index.start or 0, index.stop
        limit = (stop - start) if stop is not None else self.count() - start
        return _entries(self.business, _fetch(self.business, self.sources, limit=max(limit, 0), offset=start))


def _has_field(model: type[models.Model], name: str) -> bool:
    return any(f.name == name for f in model._meta.concrete_fields)


def _union(business: Business, sources: list[_Source], *, columns: str) -> tuple[str, list]:
    """The events of ``sources`` (snapshots left out) as one UNION ALL, with their parameters."""
    parts, params = [], []
    for source in sources:
        table = connection.ops.quote_name(source.event_model._meta.db_table)
        condition = f" AND {source.where}" if source.where else ""
        parts.append(
            f"SELECT %s AS kind, {columns} FROM {table} "  # noqa: S608 (names come from models)
            f"WHERE business_id = %s AND pgh_label <> %s{condition}"
        )
        params += [source.kind, business.pk, SNAPSHOT, *source.params]
    return " UNION ALL ".join(parts), params


def _fetch(business: Business, sources: list[_Source], *, limit: int, offset: int) -> list[tuple]:
    """One page of events with each event's predecessor, newest first, in one query."""
    if not sources or limit <= 0:
        return []
    union, params = _union(business, sources, columns="pgh_id, pgh_created_at")
    params += [limit, offset]
    details = []
    for source in sources:
        table = connection.ops.quote_name(source.event_model._meta.db_table)
        details.append(
            f"SELECT page.kind, page.pgh_created_at, e.pgh_id, e.pgh_label, "  # noqa: S608 (names come from models)
            f"e.pgh_context->>'user', to_jsonb(e)::text, previous.data FROM page "
            f"JOIN {table} e ON page.kind = %s AND e.pgh_id = page.pgh_id AND e.business_id = %s "
            f"LEFT JOIN LATERAL (SELECT to_jsonb(p)::text AS data FROM {table} p "
            f"WHERE p.business_id = e.business_id AND p.pgh_obj_id = e.pgh_obj_id AND p.pgh_id < e.pgh_id "
            f"ORDER BY p.pgh_id DESC LIMIT 1) previous ON TRUE"
        )
        params += [source.kind, business.pk]
    sql = (
        f"WITH page AS (SELECT * FROM ({union}) AS events "  # noqa: S608 (names come from models)
        f"ORDER BY pgh_created_at DESC, kind, pgh_id DESC LIMIT %s OFFSET %s) "
        + " UNION ALL ".join(details)
        + " ORDER BY 2 DESC, 1, 3 DESC"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _entries(business: Business, rows: list[tuple]) -> list[HistoryEntry]:
    """Turn event rows into plain-words entries.

    The people and records they name are fetched once per kind (people, customers,
    contracts, invoices), so a page costs the same few queries however long it is.
    """
    kinds = tracked_kinds()
    user_model = get_user_model()
    decoded = []
    references: dict[type[models.Model], set[int]] = {}
    for kind, created_at, _pgh_id, label, user_id, data, previous in rows:
        model = tracked_model(kinds[kind])
        after = json.loads(data, parse_float=Decimal)
        before = json.loads(previous, parse_float=Decimal) if previous else None
        decoded.append((model, created_at, label, user_id, after, before))
        if user_id:
            references.setdefault(user_model, set()).add(int(user_id))
        for model_field in model._meta.concrete_fields:
            if model_field.is_relation and model_field.name not in HIDDEN_FIELDS:
                ids = {row[model_field.column] for row in (after, before or {}) if row.get(model_field.column)}
                related = cast(type[models.Model], model_field.related_model)  # a relation has a model
                references.setdefault(related, set()).update(ids)
    names = _names(business, references)
    entries = []
    for model, created_at, label, user_id, after, before in decoded:
        who = names.get((user_model, int(user_id)), "a former user") if user_id else NO_ONE
        entries.append(
            HistoryEntry(
                when=created_at,
                who=who,
                action=ACTIONS.get(label, label),
                kind=str(model._meta.verbose_name).capitalize(),
                record=record_label(model, after, symbol=business.currency_symbol, names=names),
                changes=_changes(model, label, before, after, business=business, names=names),
            )
        )
    return entries


def _changes(model, label, before, after, *, business, names) -> list[Change]:
    """What one event changed: every value for a creation or deletion, the differences for an update."""

    def show(model_field, value):
        return describe_value(model_field, value, symbol=business.currency_symbol, names=names)

    changes = []
    for model_field in model._meta.concrete_fields:
        if model_field.name in HIDDEN_FIELDS:
            continue
        column = model_field.column
        new = after.get(column)
        old = before.get(column) if before is not None else None
        if label == "update" and before is not None and old == new:
            continue
        if label != "update" and (new is None or new is False or new == "" or new == []):
            continue
        if label == "insert":
            changes.append(Change(model_field.verbose_name.capitalize(), "", show(model_field, new)))
        elif label == "delete":
            changes.append(Change(model_field.verbose_name.capitalize(), show(model_field, new), ""))
        else:
            changes.append(
                Change(
                    model_field.verbose_name.capitalize(),
                    show(model_field, old) if before else "not recorded",
                    show(model_field, new),
                )
            )
    return changes


def _names(business: Business, references: dict[type[models.Model], set[int]]) -> dict[tuple, str]:
    """``(model, id) -> name`` for the people and records named on a page: one query per kind.

    Records are read within the business only; a kind without a name of its own is not fetched.
    """
    names: dict[tuple, str] = {}
    user_model = get_user_model()
    for model, ids in references.items():
        if not ids:
            continue
        if model is user_model:
            users = user_model.objects.filter(pk__in=ids).only("first_name", "last_name", "username")
            names.update({(model, user.pk): user.get_full_name() or user.get_username() for user in users})
            continue
        naming = naming_field(model)
        if naming is None or not _has_field(model, "business"):
            continue
        rows = model._base_manager.filter(business=business, pk__in=ids).values_list("pk", naming)
        names.update({(model, pk): str(value) for pk, value in rows})
    return names
