"""The import pages for the access tests (see tests/routes.py): all for owners only."""

from ..routes_base import Route


def _pk(objects):
    return {"pk": objects["import"].pk}


ROUTES: list[Route] = [
    Route("import_start", owner_only=True),
    Route("import_template", owner_only=True, data=lambda o: {"kind": "customers"}),
    Route("import_detail", owner_only=True, kwargs=_pk),
    Route("import_mapping", owner_only=True, kwargs=_pk),
    Route("import_options", owner_only=True, kwargs=_pk, method="post", data=lambda o: {"date_order": "day"}),
    Route("import_run", owner_only=True, kwargs=_pk, method="post"),
    Route("import_progress", owner_only=True, kwargs=_pk),
]
