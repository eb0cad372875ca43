"""The records every evaluation is computed from, all scoped to a business."""

from .base import BusinessOwned
from .billing import FollowUp, Invoice, Payment
from .contracts import Addendum, Contract
from .costs import CostEntry
from .customers import Customer
from .interactions import SIGNALS, Interaction

__all__ = [
    "SIGNALS",
    "Addendum",
    "BusinessOwned",
    "Contract",
    "CostEntry",
    "Customer",
    "FollowUp",
    "Interaction",
    "Invoice",
    "Payment",
]
