"""Edit conflicts: a version number on every editable record, checked on save.

An edit form carries the version it showed (``VersionedFormMixin`` in
``accounts.form_guards``). Saving locks the row and compares: when someone else
saved in between, nothing is written and the form comes back with what they
changed, so the second person keeps theirs (save again) or takes the other's
(reload). Nothing is lost silently, not even when two saves meet at the same
instant (the row lock orders them).

How to apply it to a new editable record:
1. the model has ``version = models.PositiveIntegerField(default=1, editable=False)``
   (every ``customers.models.base.BusinessOwned`` table has it);
2. its edit form puts ``VersionedFormMixin`` first in its bases;
3. the service saving it calls ``version_check(record=..., expected=...)``
   inside its transaction, before ``save()``; the view catches ``EditConflict``
   and calls ``show_conflict(form, conflict)``; the form template includes
   ``partials/edit_conflict.html`` (``customers/form.html`` does).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.forms import BaseForm
from django.http import QueryDict

EDIT_VERSION_FIELD = "edit_version"


@dataclass(frozen=True)
class Change:
    label: str
    theirs: str
    yours: str


class EditConflict(Exception):
    """Someone saved the record after this form was opened; ``current`` is the row as it is now."""

    def __init__(self, current: Any) -> None:
        super().__init__(f"{current._meta.verbose_name} changed since the form was opened")
        self.current = current


def version_check(*, record: Any, expected: int | None) -> None:
    """Inside a transaction: lock the row, refuse a stale edit, and move the version on.

    ``expected`` None means the caller has no version to check (a new record, a
    script); the version still moves on so open forms notice the change.
    """
    if record.pk is None:
        return
    current: Any = type(record)._default_manager.select_for_update().get(pk=record.pk)
    if expected is not None and current.version != expected:
        raise EditConflict(current)
    record.version = current.version + 1


def _shown(value: object) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value) or "(empty)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def show_conflict(form: BaseForm, conflict: EditConflict) -> None:
    """Re-show an edit form after a conflict: what differs, and the version to overwrite if saved again."""
    changes = []
    for name, field in form.fields.items():
        if name == EDIT_VERSION_FIELD or not hasattr(conflict.current, name) or name not in form.cleaned_data:
            continue
        theirs, yours = getattr(conflict.current, name), form.cleaned_data[name]
        if theirs != yours:
            changes.append(
                Change(
                    label=str(field.label or name.replace("_", " ").capitalize()),
                    theirs=_shown(theirs),
                    yours=_shown(yours),
                )
            )
    data = form.data.copy() if isinstance(form.data, QueryDict) else QueryDict(mutable=True)
    data[form.add_prefix(EDIT_VERSION_FIELD)] = str(conflict.current.version)
    form.data = data
    form.conflict = changes  # type: ignore[attr-defined]
    form.has_conflict = True  # type: ignore[attr-defined]
    form.add_error(
        None,
        "Someone else saved this since you opened it. Nothing of yours was saved yet: "
        "compare below, then save again to keep your version, or reload to take theirs.",
    )
