"""One object of every kind a reports URL can name, for a business (see tests/conftest.py)."""


def make_objects(tenant) -> dict:
    return {}
