"""One object of every kind a evaluations URL can name, for a business (see tests/conftest.py)."""


def make_objects(tenant) -> dict:
    return {}
