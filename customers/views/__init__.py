"""The customers pages, one module per kind of record."""
