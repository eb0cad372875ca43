"""The thresholds behind every rating, with their defaults.

Owners can change each of them per business (``EvaluationSettings``); the
model's defaults come from ``DEFAULT_THRESHOLDS`` so there is one place to
read them. Shares are fractions here (0.20 = 20%); the settings form shows
them as percentages.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Thresholds:
    # 1. Demands beyond what is reasonable (trailing 3 months)
    out_of_scope_share_watch: Decimal = Decimal("0.20")
    out_of_scope_share_red: Decimal = Decimal("0.40")
    support_hours_ratio_red: Decimal = Decimal("1.50")  # red when hours used are ABOVE this x the allowance
    angry_refusals_red: int = 2
    # Times they asked for something outside the contract, whether it was done or they were told no:
    # watch at about once a week, red at about twice (a large healthy customer asks up to 9 times).
    out_of_scope_requests_watch: int = 10
    out_of_scope_requests_red: int = 20
    # 2. Takes advantage of your good nature (trailing 12 months)
    concession_share_watch: Decimal = Decimal("0.05")
    concession_share_red: Decimal = Decimal("0.10")
    discount_requests_watch: int = 3
    discount_requests_red: int = 6
    invoice_disputes_watch: int = 2
    dishonest_watch: int = 1  # "playing every angle": times staff found them dishonest
    dishonest_red: int = 2
    # 3. A threat to your reputation (trailing 12 months): any threat or public post is red
    complaints_watch: int = 2
    # 4. Pays on time (trailing 12 months)
    average_days_late_watch: int = 15  # watch when the average is OVER this
    average_days_late_red: int = 60  # red when the average is at least this
    invoice_days_late_watch: int = 30  # watch when any invoice is OVER this
    invoice_days_late_red: int = 90  # red when any invoice is at least this
    # The verdict
    target_margin: Decimal = Decimal("0.20")
    concentration_warning: Decimal = Decimal("0.25")  # dependence warning ABOVE this share of revenue


DEFAULT_THRESHOLDS = Thresholds()
