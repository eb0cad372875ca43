"""One reminder step of every kind of URL object, for a business (see tests/conftest.py)."""

from reminders import services


def make_objects(tenant) -> dict:
    services.reminder_settings_for(business=tenant.business)  # the default schedule
    step = services.reminder_step_create(
        business=tenant.business, days=14, subject="Invoice {invoice_number}", body="Dear {customer_name}, ..."
    )
    return {"reminder_step": step}
