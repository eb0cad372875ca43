"""Reads. ``figures``: every customer's figures in a fixed number of set-based queries;
``records``: what one customer's page adds (the records behind ratings, the payment trend)."""

from .figures import ContractFacts, CustomerFigures, customer_figures, figures_from_sums, read_beside_sums
from .records import business_revenue, evidence_records, payment_trend

__all__ = [
    "ContractFacts",
    "CustomerFigures",
    "business_revenue",
    "customer_figures",
    "figures_from_sums",
    "evidence_records",
    "payment_trend",
    "read_beside_sums",
]
