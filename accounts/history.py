"""Which tables keep a history of every change, and how (django-pghistory).

``@tracked("customer")`` on a model makes PostgreSQL triggers copy each inserted,
updated and deleted row into an event table beside it (``CustomerEvent``), so
saves, bulk ``QuerySet.update()``, the admin and raw SQL all leave a trace. The
signed-in user rides along as context (``pghistory.middleware.HistoryMiddleware``).

Every tracked model has a ``business`` column; its copy on the event rows keeps
history the business's own, and the event tables' indexes lead with it. The
history is read by the ``audit`` app.
"""

from __future__ import annotations

from collections.abc import Callable

import pghistory
import pghistory.trigger
import pgtrigger
from django.db import migrations, models

# Bookkeeping that changes on every save and says nothing an owner needs.
NOT_TRACKED = ("updated_at", "version")  # version: the edit counter (accounts.versions)


# pghistory's statement-level SQL joins every event to this call, which upserts a row in
# ``pghistory_context`` (one table shared by every business) on each statement. Our
# context is stored in each event row as JSON (``PGHISTORY_CONTEXT_FIELD``) and that
# table is never read, so the events are written without it.
_CONTEXT_TABLE_WRITE = "WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) "
_CONTEXT_TABLE_JOIN = ", _pgh_attached_context;"


class _StatementEvent(pghistory.trigger.Event):
    def get_func(self, model: models.Model) -> pgtrigger.Func:
        sql = super().get_func(model).func
        if _CONTEXT_TABLE_WRITE not in sql or _CONTEXT_TABLE_JOIN not in sql:
            raise RuntimeError("pghistory's statement-level trigger SQL changed; review accounts/history.py")
        return pgtrigger.Func(sql.replace(_CONTEXT_TABLE_WRITE, "").replace(_CONTEXT_TABLE_JOIN, ";"))


class _OncePerStatement(pghistory.RowEvent):
    """A pghistory event written by one trigger call per statement, from its transition table.

    A 100,000-row import then writes its history in one ``INSERT ... SELECT`` instead of
    100,000 trigger calls (``make bench-import``); there is still one event per row.
    """

    level = pghistory.Statement

    def add_event_trigger(self, event_model: type[models.Model]) -> None:
        event = _StatementEvent(
            event_model=event_model,
            label=self.label,
            name=self.trigger_name,
            row=self.row,
            operation=self.operation,
            condition=self.condition,
            level=self.level,
        )
        pgtrigger.register(event)(event_model.pgh_tracked_model)  # type: ignore[attr-defined]


class _Insert(_OncePerStatement, pghistory.InsertEvent):
    pass


class _Update(_OncePerStatement, pghistory.UpdateEvent):
    pass


class _Delete(_OncePerStatement, pghistory.DeleteEvent):
    pass


def tracked(prefix: str, *, parent: str | None = None) -> Callable[[type[models.Model]], type[models.Model]]:
    """Keep the history of a model; ``parent`` names the foreign key its records are listed under.

    ``prefix`` names the indexes (short and unique per table). Updates that
    change only untracked bookkeeping are not recorded.
    """
    indexes = [
        models.Index(fields=["business", "pgh_obj", "pgh_id"], name=f"{prefix}_history_record"),
        models.Index(fields=["business", "pgh_created_at"], name=f"{prefix}_history_when"),
    ]
    if parent is not None:
        indexes.append(models.Index(fields=["business", parent, "pgh_id"], name=f"{prefix}_history_{parent}"))

    def decorate(model: type[models.Model]) -> type[models.Model]:
        exclude = [name for name in NOT_TRACKED if any(f.name == name for f in model._meta.local_fields)]
        return pghistory.track(
            _Insert(),
            _Update(),
            _Delete(),
            exclude=exclude,
            meta={"indexes": indexes},
        )(model)

    return decorate


# The label of the rows that record each table's state when its history began.
SNAPSHOT = "snapshot"


def snapshot_existing_rows(app_label: str, *model_names: str) -> migrations.RunPython:
    """A migration step copying every existing row into its event table, labelled "snapshot".

    Rows made before history began then have a known state, so their first
    change can still say what it was before. Run once, right after the event
    tables are created; the readers never list snapshots as changes.
    """

    def copy_rows(apps, schema_editor) -> None:
        quote = schema_editor.quote_name
        for model_name in model_names:
            model = apps.get_model(app_label, model_name)
            event_model = apps.get_model(app_label, f"{model_name}Event")
            columns = ", ".join(
                quote(f.column) for f in event_model._meta.concrete_fields if not f.name.startswith("pgh_")
            )
            schema_editor.execute(
                f"INSERT INTO {quote(event_model._meta.db_table)} "  # noqa: S608 (names come from models)
                f"({columns}, pgh_created_at, pgh_label, pgh_obj_id) "
                f"SELECT {columns}, NOW(), %s, id FROM {quote(model._meta.db_table)}",
                [SNAPSHOT],
            )

    return migrations.RunPython(copy_rows, migrations.RunPython.noop)
