"""One import of every kind of URL object, for a business (see tests/conftest.py)."""

from imports import services


def make_objects(tenant) -> dict:
    content = f"Name,E-mail\n{tenant.business.name} client,client@{tenant.business.pk}.example.com\n".encode()
    job = services.import_upload(
        business=tenant.business,
        kind="customers",
        filename="customers.csv",
        content=content,
        created_by=tenant.owner.user,
    )
    return {"import": job}
