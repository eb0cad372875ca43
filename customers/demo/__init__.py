"""Demo and benchmark data: a believable, deterministic history for a business.

- ``generator.demo_data_create``: fill an empty business (the entry point, used by ``manage.py seed_demo``);
- ``characters``: the names of the column's characters in the demo business;
- ``cast``: who the customers are; ``plan``, ``activity``, ``billing``: their histories; ``writer``: COPY.
"""
