"""The reminders pages for the access tests (see tests/routes.py)."""

from ..routes_base import Route


def _pk(objects):
    return {"pk": objects["reminder_step"].pk}


ROUTES: list[Route] = [
    Route("reminder_settings", owner_only=True),
    Route("reminder_step_create", owner_only=True),
    Route("reminder_step_edit", owner_only=True, kwargs=_pk),
    Route("reminder_step_delete", owner_only=True, kwargs=_pk, method="post"),
    Route("reminders_to_call"),
]
