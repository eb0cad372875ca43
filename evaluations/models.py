"""Evaluation settings per business, owners' decisions, and monthly snapshots."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pgtrigger
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Now

from accounts.history import tracked
from accounts.models import Business
from customers.models import Customer

from .rules import DEFAULT_THRESHOLDS as D
from .rules import Thresholds

HUNDRED = Decimal("100")


def _percent(fraction: Decimal) -> Decimal:
    return (fraction * HUNDRED).quantize(Decimal("0.1"))


def _percent_field(label: str, default: Decimal, help_text: str, maximum: int = 100) -> models.DecimalField:
    return models.DecimalField(
        label,
        max_digits=5,
        decimal_places=1,
        default=_percent(default),
        validators=[MinValueValidator(0), MaxValueValidator(maximum)],
        help_text=help_text,
    )


def _count_field(label: str, default: int, help_text: str) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(
        label, default=default, validators=[MinValueValidator(1), MaxValueValidator(1000)], help_text=help_text
    )


@tracked("evalsettings")
class EvaluationSettings(models.Model):
    """A business's thresholds for the four questions and the verdict (defaults in ``rules.thresholds``)."""

    business = models.OneToOneField(Business, on_delete=models.CASCADE, related_name="evaluation_settings")
    out_of_scope_watch_percent = _percent_field(
        "Time outside the contract: watch at (%)", D.out_of_scope_share_watch, "Share of the last 3 months' minutes."
    )
    out_of_scope_red_percent = _percent_field(
        "Time outside the contract: red at (%)", D.out_of_scope_share_red, "Share of the last 3 months' minutes."
    )
    support_hours_red_percent = _percent_field(
        "Support hours: red above (% of included)",
        D.support_hours_ratio_red,
        "Hours used in the last 3 months against the contract's hours.",
        maximum=1000,
    )
    angry_refusals_red = _count_field(
        "Angry when told no: red at (times)", D.angry_refusals_red, "In the last 3 months."
    )
    out_of_scope_requests_watch = _count_field(
        "Asked for something outside the contract: watch at (times)",
        D.out_of_scope_requests_watch,
        "In the last 3 months, whether the work was done or they were told no.",
    )
    out_of_scope_requests_red = _count_field(
        "Asked for something outside the contract: red at (times)",
        D.out_of_scope_requests_red,
        "In the last 3 months.",
    )
    concession_watch_percent = _percent_field(
        "Concessions: watch at (% of revenue)", D.concession_share_watch, "Discounts, free work, write-offs, refunds."
    )
    concession_red_percent = _percent_field(
        "Concessions: red at (% of revenue)", D.concession_share_red, "Over the last 12 months."
    )
    discount_requests_watch = _count_field(
        "Discount requests: watch at (times)", D.discount_requests_watch, "Over the last 12 months."
    )
    discount_requests_red = _count_field(
        "Discount requests: red at (times)", D.discount_requests_red, "Over the last 12 months."
    )
    invoice_disputes_watch = _count_field(
        "Invoice disputes: watch at (times)", D.invoice_disputes_watch, "Over the last 12 months."
    )
    dishonest_watch = _count_field(
        "Found dishonest: watch at (times)", D.dishonest_watch, "Over the last 12 months (playing every angle)."
    )
    dishonest_red = _count_field("Found dishonest: red at (times)", D.dishonest_red, "Over the last 12 months.")
    complaints_watch = _count_field(
        "Complaints: watch at (times)",
        D.complaints_watch,
        "Over the last 12 months. Any threat of a bad review or public complaint is always red.",
    )
    average_days_late_watch = models.PositiveIntegerField(
        "Average days late: watch above", default=D.average_days_late_watch, validators=[MaxValueValidator(365)]
    )
    average_days_late_red = models.PositiveIntegerField(
        "Average days late: red at", default=D.average_days_late_red, validators=[MaxValueValidator(365)]
    )
    invoice_days_late_watch = models.PositiveIntegerField(
        "Any invoice late: watch above (days)", default=D.invoice_days_late_watch, validators=[MaxValueValidator(365)]
    )
    invoice_days_late_red = models.PositiveIntegerField(
        "Any invoice late: red at (days)", default=D.invoice_days_late_red, validators=[MaxValueValidator(365)]
    )
    target_margin_percent = _percent_field(
        "Target margin (%)", D.target_margin, "Customers below it (over 12 months) get Renegotiate."
    )
    concentration_warning_percent = _percent_field(
        "Dependence warning above (% of revenue)", D.concentration_warning, "One customer's share of your revenue."
    )
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)  # see accounts.versions

    class Meta:
        verbose_name = "evaluation settings"
        verbose_name_plural = "evaluation settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(out_of_scope_watch_percent__gte=0)
                & Q(out_of_scope_watch_percent__lte=F("out_of_scope_red_percent"))
                & Q(out_of_scope_red_percent__lte=100),
                name="evalsettings_out_of_scope_range",
            ),
            models.CheckConstraint(
                condition=Q(support_hours_red_percent__gte=0) & Q(support_hours_red_percent__lte=1000),
                name="evalsettings_support_hours_range",
            ),
            models.CheckConstraint(
                condition=Q(concession_watch_percent__gte=0)
                & Q(concession_watch_percent__lte=F("concession_red_percent"))
                & Q(concession_red_percent__lte=100),
                name="evalsettings_concession_range",
            ),
            models.CheckConstraint(
                condition=Q(discount_requests_watch__gte=1)
                & Q(discount_requests_watch__lte=F("discount_requests_red")),
                name="evalsettings_discount_requests_range",
            ),
            models.CheckConstraint(
                condition=Q(out_of_scope_requests_watch__gte=1)
                & Q(out_of_scope_requests_watch__lte=F("out_of_scope_requests_red"))
                & Q(out_of_scope_requests_red__lte=1000),
                name="evalsettings_out_of_scope_requests_range",
            ),
            models.CheckConstraint(
                condition=Q(dishonest_watch__gte=1)
                & Q(dishonest_watch__lte=F("dishonest_red"))
                & Q(dishonest_red__lte=1000),
                name="evalsettings_dishonest_range",
            ),
            models.CheckConstraint(
                condition=Q(angry_refusals_red__gte=1) & Q(invoice_disputes_watch__gte=1) & Q(complaints_watch__gte=1),
                name="evalsettings_counts_at_least_one",
            ),
            models.CheckConstraint(
                condition=Q(average_days_late_watch__lt=F("average_days_late_red")) & Q(average_days_late_red__lte=365),
                name="evalsettings_average_days_late_range",
            ),
            models.CheckConstraint(
                condition=Q(invoice_days_late_watch__lt=F("invoice_days_late_red")) & Q(invoice_days_late_red__lte=365),
                name="evalsettings_invoice_days_late_range",
            ),
            models.CheckConstraint(
                condition=Q(target_margin_percent__gte=0) & Q(target_margin_percent__lte=100),
                name="evalsettings_target_margin_range",
            ),
            models.CheckConstraint(
                condition=Q(concentration_warning_percent__gt=0) & Q(concentration_warning_percent__lte=100),
                name="evalsettings_concentration_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Evaluation settings of {self.business}"

    def thresholds(self) -> Thresholds:
        """These settings as the rules read them (shares as fractions)."""
        return Thresholds(
            out_of_scope_share_watch=self.out_of_scope_watch_percent / HUNDRED,
            out_of_scope_share_red=self.out_of_scope_red_percent / HUNDRED,
            support_hours_ratio_red=self.support_hours_red_percent / HUNDRED,
            angry_refusals_red=self.angry_refusals_red,
            out_of_scope_requests_watch=self.out_of_scope_requests_watch,
            out_of_scope_requests_red=self.out_of_scope_requests_red,
            concession_share_watch=self.concession_watch_percent / HUNDRED,
            concession_share_red=self.concession_red_percent / HUNDRED,
            discount_requests_watch=self.discount_requests_watch,
            discount_requests_red=self.discount_requests_red,
            invoice_disputes_watch=self.invoice_disputes_watch,
            dishonest_watch=self.dishonest_watch,
            dishonest_red=self.dishonest_red,
            complaints_watch=self.complaints_watch,
            average_days_late_watch=self.average_days_late_watch,
            average_days_late_red=self.average_days_late_red,
            invoice_days_late_watch=self.invoice_days_late_watch,
            invoice_days_late_red=self.invoice_days_late_red,
            target_margin=self.target_margin_percent / HUNDRED,
            concentration_warning=self.concentration_warning_percent / HUNDRED,
        )


class Choice(models.TextChoices):
    KEEP = "keep", "Keep"
    WATCH = "watch", "Watch"
    RENEGOTIATE = "renegotiate", "Renegotiate"
    BOOT = "boot", "Boot"


class RatingChoice(models.TextChoices):
    OK = "ok", "OK"
    WATCH = "watch", "Watch"
    RED = "red", "Red flag"


class Decision(models.Model):
    """What an owner decided about a customer, and why. Never edited: a new decision is a new row."""

    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="+")
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="decisions")
    decision = models.CharField(max_length=12, choices=Choice.choices)
    note = models.TextField(blank=True)
    verdict_at_the_time = models.CharField(max_length=12, choices=Choice.choices, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField()

    class Meta:
        ordering = ["-decided_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(decision__in=Choice.values), name="decision_choice_valid"),
            models.CheckConstraint(
                condition=Q(verdict_at_the_time__in=[*Choice.values, ""]), name="decision_verdict_valid"
            ),
        ]
        indexes = [models.Index(fields=["business", "customer", "decided_at"], name="decision_business_customer")]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} for {self.customer} ({self.decided_at:%Y-%m-%d})"


class MonthlySnapshot(models.Model):
    """A customer's figures, ratings and verdict for one month, stored by ``snapshot_evaluations``."""

    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="+")
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="snapshots")
    month = models.DateField(help_text="The first day of the month.")
    as_of = models.DateField(help_text="The day the figures were computed for (the month's last day, or today).")
    month_revenue = models.DecimalField(max_digits=14, decimal_places=2)
    month_cost_to_serve = models.DecimalField(max_digits=14, decimal_places=2)
    month_profit = models.DecimalField(max_digits=14, decimal_places=2)
    month_staff_hours = models.DecimalField(max_digits=10, decimal_places=2)
    trailing_12_revenue = models.DecimalField(max_digits=14, decimal_places=2)
    trailing_12_profit = models.DecimalField(max_digits=14, decimal_places=2)
    contract_monthly_fee = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    demands = models.CharField(max_length=5, choices=RatingChoice.choices)
    good_nature = models.CharField(max_length=5, choices=RatingChoice.choices)
    reputation = models.CharField(max_length=5, choices=RatingChoice.choices)
    pays_on_time = models.CharField(max_length=5, choices=RatingChoice.choices)
    verdict = models.CharField(max_length=12, choices=Choice.choices)
    figures = models.JSONField(default=dict, help_text="Every figure of the evaluation, for later reading.")
    taken_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["business", "customer", "month"], name="snapshot_one_per_customer_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="snapshot_month_is_first_day"),
            models.CheckConstraint(condition=Q(verdict__in=Choice.values), name="snapshot_verdict_valid"),
            models.CheckConstraint(
                condition=Q(demands__in=RatingChoice.values)
                & Q(good_nature__in=RatingChoice.values)
                & Q(reputation__in=RatingChoice.values)
                & Q(pays_on_time__in=RatingChoice.values),
                name="snapshot_ratings_valid",
            ),
        ]
        indexes = [models.Index(fields=["business", "month"], name="snapshot_business_month")]

    def __str__(self) -> str:
        return f"{self.customer} in {self.month:%B %Y}: {self.get_verdict_display()}"


def _owed_field() -> models.DecimalField:
    return models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0.00"))


class Standing(models.Model):
    """A customer's current evaluation, kept fresh so pages read it instead of recomputing history.

    Written only by ``evaluations.standings`` (refreshed with every change to the
    customer's records, for the whole business when its thresholds change, and
    nightly as the periods move). ``as_of`` is the day it was computed for: a page
    never presents an earlier day's standing as today's. The share of revenue is
    not stored: it depends on every other customer, so it is summed on read.
    """

    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="+")
    customer = models.OneToOneField(Customer, on_delete=models.CASCADE, related_name="standing")
    as_of = models.DateField()
    verdict = models.CharField(max_length=12, choices=Choice.choices)
    demands = models.CharField(max_length=5, choices=RatingChoice.choices)
    good_nature = models.CharField(max_length=5, choices=RatingChoice.choices)
    reputation = models.CharField(max_length=5, choices=RatingChoice.choices)
    pays_on_time = models.CharField(max_length=5, choices=RatingChoice.choices)
    main_reason = models.TextField()
    last_notice_date = models.DateField(null=True, blank=True)
    refreshed_at = models.DateTimeField(db_default=Now())
    # Who owes what on ``as_of``, by days past the due date (``evaluations.receivables.BUCKETS``),
    # and the overdue balance 3 and 12 months before: the dashboard's aging table and headline.
    owed_current = _owed_field()
    owed_days_1_30 = _owed_field()
    owed_days_31_60 = _owed_field()
    owed_days_61_90 = _owed_field()
    owed_days_91_120 = _owed_field()
    owed_over_120 = _owed_field()
    open_invoices = models.PositiveIntegerField(default=0)
    overdue_3_months_ago = _owed_field()
    overdue_12_months_ago = _owed_field()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(verdict__in=Choice.values), name="standing_verdict_valid"),
            models.CheckConstraint(
                condition=Q(demands__in=RatingChoice.values)
                & Q(good_nature__in=RatingChoice.values)
                & Q(reputation__in=RatingChoice.values)
                & Q(pays_on_time__in=RatingChoice.values),
                name="standing_ratings_valid",
            ),
        ]
        # Verdict counts and filters, and the watchlist read in notice-date order within each verdict.
        indexes = [models.Index(fields=["business", "verdict", "last_notice_date"], name="standing_verdict_notice")]

    def __str__(self) -> str:
        return f"{self.customer_id}: {self.get_verdict_display()} as of {self.as_of}"


def _sums_triggers(prefix: str, body: Callable[[str], str], *, update: bool = True) -> list[pgtrigger.Trigger]:
    """The statement-level triggers that keep a business's sums table in step with a table of customer rows.

    ``body(rows)`` is the trigger's SQL for a SELECT over the transition tables, in
    which ``{columns}`` stands for a row as added and ``{negated}`` for it taken away.
    Inserts and deletes, and updates unless ``update`` is False.
    """

    def trigger(operation: pgtrigger.Operation, referencing: pgtrigger.Referencing, rows: str) -> pgtrigger.Trigger:
        return pgtrigger.Trigger(
            name=f"{prefix}_{str(operation).lower()}",
            level=pgtrigger.Statement,
            when=pgtrigger.After,
            operation=operation,
            referencing=referencing,
            func=body(rows),
        )

    triggers = [
        trigger(pgtrigger.Insert, pgtrigger.Referencing(new="added"), "SELECT {columns} FROM added"),
        trigger(pgtrigger.Delete, pgtrigger.Referencing(old="removed"), "SELECT {negated} FROM removed"),
    ]
    if update:
        triggers.append(
            trigger(
                pgtrigger.Update,
                pgtrigger.Referencing(old="removed", new="added"),
                "SELECT {negated} FROM removed UNION ALL SELECT {columns} FROM added",
            )
        )
    return triggers


PERIOD_SUMS_TABLE = "evaluations_standingperiodsum"
# A standing period's money columns, in the order the period rows are written.
PERIOD_MONEY = (
    "revenue",
    "cash_collected",
    "staff_minutes",
    "staff_cost",
    "direct_costs",
    "concessions",
    "cost_to_serve",
    "profit",
)
# The summed columns of a standing's period, in ``StandingPeriodSum``: the money, and the unrounded staff
# minute cost (the chart works out the first, partial month of the last 3 or 12 months from it).
PERIOD_SUMMED = (*PERIOD_MONEY, "staff_minute_cost")
_PERIOD_COUNTS = (  # what each period row adds to the counts: one customer, losing money or not, active or not
    "1",
    "CASE WHEN profit < 0 THEN 1 ELSE 0 END",
    "CASE WHEN revenue <> 0 OR cost_to_serve <> 0 THEN 1 ELSE 0 END",
)


def _period_sums_sql(rows: str) -> str:
    """A trigger body adding the counts and sums of ``rows`` (transition tables) to ``StandingPeriodSum``."""
    counted = ("customers", "losing", "active", *PERIOD_SUMMED)
    columns = ", ".join(["business_id", "period", *_PERIOD_COUNTS, *PERIOD_SUMMED])
    negated = ", ".join(["business_id", "period", *(f"-({c})" for c in (*_PERIOD_COUNTS, *PERIOD_SUMMED))])
    # Constant fragments only: the trigger's own SQL, no value from outside.
    return (
        f"INSERT INTO {PERIOD_SUMS_TABLE} (business_id, period, {', '.join(counted)})"  # noqa: S608
        f" SELECT business_id, period, {', '.join(f'SUM({c})' for c in counted)}"
        f" FROM ({rows.format(columns=columns, negated=negated)})"
        f" AS changed (business_id, period, {', '.join(counted)}) GROUP BY business_id, period; RETURN NULL;"
    )


def period_sums_recount_sql() -> str:
    """Make the business's ``StandingPeriodSum`` rows (``%(business)s``) its period rows' counts and sums.

    As the triggers count them. Under the standings' lock nobody else writes period rows;
    a sums row another transaction appends meanwhile is not seen by the DELETE, so it stays.
    """
    counted = ("customers", "losing", "active", *PERIOD_SUMMED)
    business = "business_id = %(business)s"
    return (
        f"WITH gone AS (DELETE FROM {PERIOD_SUMS_TABLE} WHERE {business})"  # noqa: S608  (constant fragments)
        f" INSERT INTO {PERIOD_SUMS_TABLE} (business_id, period, {', '.join(counted)})"
        f" SELECT business_id, period, {', '.join(f'SUM({c})' for c in (*_PERIOD_COUNTS, *PERIOD_SUMMED))}"
        f" FROM evaluations_standingperiod WHERE {business} GROUP BY business_id, period"
    )


# Set (transaction-local) while a whole-business refresh moves the period rows; it counts the period sums again
# afterwards (``period_sums_recount_sql``). Any other update of period rows is refused, so the sums cannot drift.
PERIOD_ROWS_MOVING = "app.period_rows_moving"


class StandingPeriod(models.Model):
    """A standing's money for one period (``evaluations.periods.standing_periods``), sums rounded to the cent.

    Totals on pages are SQL sums of these rows, so a displayed total always
    equals the sum of the displayed rows.
    """

    # The one foreign key is the composite same-business key to the customer (migration 0004): a whole
    # business's refresh writes 8 rows per customer, each checked once and entered in fewer indexes.
    business = models.ForeignKey(
        Business, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    period = models.CharField(max_length=16)
    revenue = models.DecimalField(max_digits=14, decimal_places=2)
    cash_collected = models.DecimalField(max_digits=14, decimal_places=2)
    staff_minutes = models.BigIntegerField()
    staff_cost = models.DecimalField(max_digits=14, decimal_places=2)
    direct_costs = models.DecimalField(max_digits=14, decimal_places=2)
    concessions = models.DecimalField(max_digits=14, decimal_places=2)
    cost_to_serve = models.DecimalField(max_digits=14, decimal_places=2)
    profit = models.DecimalField(max_digits=14, decimal_places=2)
    margin = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    # The period's raw sums the rules read, beside its money: a nightly refresh adds the records of the
    # days that enter the period and takes away those of the days that leave it (``selectors.slices``).
    staff_minute_cost = models.DecimalField(max_digits=18, decimal_places=2, default=0)  # minutes x hourly cost
    outside_minutes = models.BigIntegerField(default=0)
    outside_minute_cost = models.DecimalField(max_digits=18, decimal_places=2, default=0)
    angry = models.IntegerField(default=0)
    outside_requests = models.IntegerField(default=0)
    dishonest = models.IntegerField(default=0)
    discount_requests = models.IntegerField(default=0)
    disputes = models.IntegerField(default=0)
    threats = models.IntegerField(default=0)
    public_complaints = models.IntegerField(default=0)
    complaints = models.IntegerField(default=0)
    abuse = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["business", "period", "customer"], name="standingperiod_one_per_period"),
            models.CheckConstraint(
                condition=Q(cost_to_serve=F("staff_cost") + F("direct_costs") + F("concessions"))
                & Q(profit=F("revenue") - F("cost_to_serve")),
                name="standingperiod_sums_add_up",
            ),
        ]
        indexes = [
            # No index on the money: a nightly refresh updates a fifth of the rows and changes no indexed
            # column, so with room kept on each page (migration 0018) the new versions need no index entry.
            models.Index(fields=["business", "customer"], name="standingperiod_customer"),
        ]
        # Inserts and deletes add to the period sums as they go. Updates do not: the nightly refresh updates
        # up to 60,000 rows in a statement, and capturing both versions of each to add up what changed cost
        # more than counting every row again once (``period_sums_recount_sql``).
        triggers = [
            *_sums_triggers("period_sums", _period_sums_sql, update=False),
            pgtrigger.Trigger(
                name="period_rows_moving",
                level=pgtrigger.Statement,
                when=pgtrigger.Before,
                operation=pgtrigger.Update,
                func=(
                    f"IF current_setting('{PERIOD_ROWS_MOVING}', true) IS DISTINCT FROM 'on' THEN"
                    " RAISE EXCEPTION 'Standing period rows are updated only by a whole-business refresh,"
                    " which counts their sums again.'; END IF; RETURN NULL;"
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.customer_id} {self.period}: {self.profit}"

    @property
    def staff_hours(self) -> Decimal:
        return (Decimal(self.staff_minutes) / 60).quantize(Decimal("0.01"))

    @property
    def loses_money(self) -> bool:
        return self.profit < 0


def _sum_field(digits: int = 18) -> models.DecimalField:
    return models.DecimalField(max_digits=digits, decimal_places=2)


class StandingPeriodSum(models.Model):
    """The business's counts and sums of its customers' ``StandingPeriod`` rows, kept as additions.

    As ``StandingMonthSum`` does for the months: triggers on ``StandingPeriod``
    append each statement's counts and sums (minus for the rows it deleted),
    so a business's rows summed by period always equal its customers' period
    rows summed: the dashboard's headline figures read a few rows instead of
    every customer's. A whole-business refresh folds them to one row per period
    (``standings.fold_sums``); ``verify_standings`` checks them.
    """

    business = models.ForeignKey(
        Business, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    period = models.CharField(max_length=16)
    customers = models.IntegerField()
    losing = models.IntegerField()  # customers who cost more than they paid
    active = models.IntegerField()  # customers with any revenue or cost
    revenue = _sum_field()
    cash_collected = _sum_field()
    staff_minutes = models.BigIntegerField()
    staff_cost = _sum_field()
    direct_costs = _sum_field()
    concessions = _sum_field()
    cost_to_serve = _sum_field()
    profit = _sum_field()
    staff_minute_cost = models.DecimalField(max_digits=20, decimal_places=2, default=0)

    class Meta:
        indexes = [models.Index(fields=["business", "period"], name="standingperiodsum_business")]

    def __str__(self) -> str:
        return f"business {self.business_id} {self.period}: {self.profit} ({self.customers} customers)"


class StandingQueue(models.Model):
    """Customers whose standing is out of date: filled by database triggers on every write to their records.

    No foreign key: a deleted customer is queued too, and its refresh removes
    its standing. ``evaluations.standings`` empties the queue.
    """

    business_id = models.BigIntegerField()
    customer_id = models.BigIntegerField(primary_key=True)
    queued_at = models.DateTimeField(db_default=Now())
    # False when only the business's thresholds changed: the customer's sums still hold, only its verdict may not.
    records_changed = models.BooleanField(db_default=True)

    class Meta:
        indexes = [models.Index(fields=["business_id", "customer_id"], name="standingqueue_business")]

    def __str__(self) -> str:
        return f"customer {self.customer_id} of business {self.business_id}"


MONTH_SUMS_TABLE = "evaluations_standingmonthsum"


def _month_sums_sql(rows: str) -> str:
    """A trigger body adding the sums of ``rows`` (the statement's transition tables) to ``StandingMonthSum``."""
    columns = "business_id, starts, revenue, staff_minute_cost, other_costs, 1 AS slices"
    negated = "business_id, starts, -revenue, -staff_minute_cost, -other_costs, -1"
    # Constant fragments only: the trigger's own SQL, no value from outside.
    return (
        f"INSERT INTO {MONTH_SUMS_TABLE} (business_id, starts, revenue, staff_minute_cost, other_costs, slices)"  # noqa: S608
        " SELECT business_id, starts, SUM(revenue), SUM(staff_minute_cost), SUM(other_costs), SUM(slices)"
        f" FROM ({rows.format(columns=columns, negated=negated)}) AS changed (business_id, starts, revenue,"
        " staff_minute_cost, other_costs, slices) GROUP BY business_id, starts; RETURN NULL;"
    )


class StandingMonth(models.Model):
    """A customer's money in one calendar month, kept with its standing for the profit-by-month chart.

    Months, not slices cut at the moving first day of the last 3 or 12 months:
    a nightly refresh then only adds the records of the new day. The chart's
    first, partial month of those periods is the period's sums less the months
    after it (``board_money.monthly_money``). Only months with records are
    stored. Staff time is kept as minutes x hourly cost (exact), so the
    business's monthly staff cost is rounded once, as ``monthly_totals`` does.
    Written only by ``evaluations.standings``; the one foreign key is the
    composite same-business key to the customer (migration 0007).
    """

    business = models.ForeignKey(
        Business, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    starts = models.DateField(help_text="The month's first day.")
    revenue = models.DecimalField(max_digits=14, decimal_places=2)
    staff_minutes = models.BigIntegerField()
    staff_minute_cost = models.DecimalField(max_digits=18, decimal_places=2)
    other_costs = models.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["business", "customer", "starts"], name="standingmonth_one_per_slice"),
        ]
        indexes = [models.Index(fields=["business", "starts"], name="standingmonth_business_starts")]
        triggers = _sums_triggers("month_sums", _month_sums_sql)

    def __str__(self) -> str:
        return f"{self.customer_id} from {self.starts}: {self.revenue}"


class StandingMonthSum(models.Model):
    """The business's money per month slice, kept as additions: the chart reads a few rows, not every customer's.

    Database triggers on ``StandingMonth`` append, for every statement, the sums
    of the rows it inserted and minus the sums of the rows it deleted (a
    cascade included), so a business's rows summed by ``starts`` always equal its
    ``StandingMonth`` rows summed by ``starts``; ``slices`` counts those rows (a
    slice whose count sums to 0 has none left). Appending never waits on another
    writer; a whole-business refresh folds the additions into one row per
    slice (``standings.fold_sums``). ``verify_standings`` checks them.
    The foreign key to the business cascades in the database (migration 0012).
    """

    business = models.ForeignKey(
        Business, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    starts = models.DateField()
    revenue = models.DecimalField(max_digits=18, decimal_places=2)
    staff_minute_cost = models.DecimalField(max_digits=20, decimal_places=2)
    other_costs = models.DecimalField(max_digits=18, decimal_places=2)
    slices = models.IntegerField()

    class Meta:
        indexes = [models.Index(fields=["business", "starts"], name="standingmonthsum_business")]

    def __str__(self) -> str:
        return f"business {self.business_id} from {self.starts}: {self.revenue} ({self.slices} slices)"
