"""The record lists (invoices, payments, interactions, cost entries): one filter per list.

``forms`` reads a list's filters from the query string, ``selectors`` turns
them into the rows, ``read_list`` does both for a request. The pages and the
CSV/XLSX downloads (``exports``) go through the same ``read_list``, so a
download always holds exactly what the page shows, in the same order.
"""
