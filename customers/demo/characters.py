"""The column's characters in the demo business, by name.

Tests (and the evaluations' tests) find them with these constants, so a name
changed here changes everywhere.
"""

from __future__ import annotations

# Pays 1,000 a month but costs about 2,000 a month in staff time.
COSTS_DOUBLE_WHAT_THEY_PAY = "Harborview Dental Group"
# Pays 90 to 120 days after the due date despite 30-day terms.
CHRONIC_LATE_PAYER = "Kessler Logistics"
# Calls several times a day about things outside the contract, angry when told no.
CONSTANT_CALLER = "Pinnacle Realty Partners"
# Keeps asking for discounts and free work, and gets some.
DISCOUNT_HUNTER = "Maple Street Bakery"
# Complains, threatens bad reviews, and once posted one.
REPUTATION_THREAT = "Summit Fitness Studios"
# A large share of the business's revenue (over 25% of the last 12 months).
BIG_CUSTOMER = "Northwind Medical Center"

CHARACTERS: dict[str, str] = {
    COSTS_DOUBLE_WHAT_THEY_PAY: "pays 1,000 a month, costs about 2,000 a month in staff time",
    CHRONIC_LATE_PAYER: "pays 90 to 120 days late despite 30-day terms",
    CONSTANT_CALLER: "calls many times a day about things outside the contract",
    DISCOUNT_HUNTER: "keeps asking for discounts and free work",
    REPUTATION_THREAT: "threatens public complaints and bad reviews",
    BIG_CUSTOMER: "a large share of the business's revenue",
}
