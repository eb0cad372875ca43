"""One object of every kind a customers URL can name, for a business (see tests/conftest.py)."""


def make_objects(tenant) -> dict:
    return {}
