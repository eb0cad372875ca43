"""What `make load` measured, and how it prints it.

Kept apart from locust (which patches the standard library with gevent when it
is imported), so the figures' arithmetic can be tested like any other code.

Every request of the run is recorded with the stage (number of users) and the
phase it happened in. Only the ``measured`` phase of a stage goes into its page
table; sign-ins are reported on their own lines; errors count whenever they
happened.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

SIGN_IN = "sign-in"  # the name the locustfile gives the sign-in page and its POST
RAMP_UP, WARM_UP, MEASURED, STOPPING = "ramp-up", "warm-up", "measured", "stopping"


@dataclass(frozen=True)
class Sample:
    stage: int
    phase: str
    method: str
    name: str
    milliseconds: float
    error: str | None


@dataclass
class Recorder:
    """Files every request under the stage and phase the run is in (set by scripts/load/run.py)."""

    stage: int = 0
    phase: str = RAMP_UP
    samples: list[Sample] = field(default_factory=list)

    def on_request(
        self, request_type: str, name: str, response_time: float, exception: BaseException | None = None, **_
    ) -> None:
        """locust's ``request`` event: one call per request, failed or not."""
        error = None if exception is None else f"{type(exception).__name__}: {exception}"
        self.samples.append(Sample(self.stage, self.phase, request_type, name, float(response_time), error))


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile: the smallest value with at least ``fraction`` of the values at or below it."""
    if not values:
        raise ValueError("No values.")
    ordered = sorted(values)
    return ordered[max(math.ceil(fraction * len(ordered)), 1) - 1]


@dataclass(frozen=True)
class PageRow:
    method: str
    name: str
    requests: int
    errors: int
    per_second: float
    p50: float
    p95: float
    p99: float


def page_rows(samples: list[Sample], stage: int, seconds: float) -> list[PageRow]:
    """One row per page of the stage's measured window (sign-ins excluded), sorted by name."""
    by_page: dict[tuple[str, str], list[Sample]] = {}
    for sample in samples:
        if sample.stage == stage and sample.phase == MEASURED and sample.name != SIGN_IN:
            by_page.setdefault((sample.method, sample.name), []).append(sample)
    rows = []
    for (method, name), page in sorted(by_page.items(), key=lambda item: (item[0][1], item[0][0])):
        times = [sample.milliseconds for sample in page]
        rows.append(
            PageRow(
                method=method,
                name=name,
                requests=len(page),
                errors=sum(1 for sample in page if sample.error),
                per_second=len(page) / seconds,
                p50=percentile(times, 0.50),
                p95=percentile(times, 0.95),
                p99=percentile(times, 0.99),
            )
        )
    return rows


def stage_report(samples: list[Sample], stage: int, seconds: float, spawn_rate: float) -> list[str]:
    """The lines printed for one stage: its steady-state pages, its sign-ins, and what was left out of the table."""
    rows = page_rows(samples, stage, seconds)
    requests = sum(row.requests for row in rows)
    errors = sum(row.errors for row in rows)
    lines = [
        f"  pages, steady state ({seconds:.0f} s measured): {requests / seconds:.1f} requests/s, "
        f"{errors} errors of {requests}",
        f"  {'page':<34} {'req':>6} {'err':>4} {'req/s':>6} {'p50':>6} {'p95':>6} {'p99':>6}  (ms)",
    ]
    for row in rows:
        lines.append(
            f"  {row.method + ' ' + row.name:<34} {row.requests:>6} {row.errors:>4} {row.per_second:>6.1f} "
            f"{row.p50:>6.0f} {row.p95:>6.0f} {row.p99:>6.0f}"
        )
    sign_ins = [sample for sample in samples if sample.stage == stage and sample.name == SIGN_IN]
    posts = [sample.milliseconds for sample in sign_ins if sample.method == "POST"]
    if posts:
        lines.append(
            f"  sign-in, measured separately ({len(posts)} users joining this stage, at most {spawn_rate:g} a second): "
            f"POST p50 {percentile(posts, 0.5):.0f} ms, p95 {percentile(posts, 0.95):.0f} ms, "
            f"max {max(posts):.0f} ms; {sum(1 for s in sign_ins if s.error)} errors of {len(sign_ins)} requests"
        )
    else:
        lines.append("  sign-in: no user joined this stage (the users kept their sessions)")
    outside = [
        sample for sample in samples if sample.stage == stage and sample.phase != MEASURED and sample.name != SIGN_IN
    ]
    lines.append(
        f"  not in the table: {len(outside)} page requests during the ramp-up, warm-up and stop, "
        f"{sum(1 for sample in outside if sample.error)} errors (counted in the run's errors)"
    )
    for (method, name, error), count in sorted(errors_of(samples, stage).items()):
        lines.append(f"  error: {method} {name}: {error} ({count}x)")
    return lines


def errors_of(samples: list[Sample], stage: int | None = None) -> dict[tuple[str, str, str], int]:
    """Every failed request (of one stage, or of the whole run), whatever its phase, counted by page and error."""
    counts: dict[tuple[str, str, str], int] = {}
    for sample in samples:
        if sample.error and (stage is None or sample.stage == stage):
            key = (sample.method, sample.name, sample.error)
            counts[key] = counts.get(key, 0) + 1
    return counts


def p95_of(samples: list[Sample], stage: int, method: str, name: str) -> float | None:
    """A page's p95 in the stage's measured window, or None when it was not requested then."""
    times = [
        sample.milliseconds
        for sample in samples
        if sample.stage == stage and sample.phase == MEASURED and (sample.method, sample.name) == (method, name)
    ]
    return percentile(times, 0.95) if times else None
