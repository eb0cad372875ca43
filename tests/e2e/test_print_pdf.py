"""The customer report and the boot letter printed to PDF by Chromium, on A4 and Letter.

The on-screen print preview can look right while the PDF does not (cards that
Chromium cannot split across pages used to overlap and hide figures), so these
tests print for real with ``page.pdf`` and read the PDF back with poppler's
``pdftotext``: no two words of a page may overlap, and every figure shown on
the screen must be in the PDF's text.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zoneinfo
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.utils import timezone

from customers.demo.generator import demo_data_create

from ..factories import PASSWORD, BusinessFactory, MembershipFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PAPER = ["A4", "Letter"]
# What print.css hides: navigation, buttons, forms, the period selector.
PRINT_HIDDEN = "nav, .navbar, footer, .btn, form, .pagination, .d-print-none, .period-selector, .breadcrumb"
# Money, percentages, hours, days and counts as the pages write them: "-$11,707.83", "169%", "428.7".
FIGURE = re.compile(r"[-−+]?[$€£¥]?\d[\d,]*(?:\.\d+)?%?")

SCREEN_FIGURES = """(hidden) => {
  const texts = [];
  const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const element = walker.currentNode.parentElement;
    if (!element || element.closest(hidden) || !element.checkVisibility()) continue;
    texts.push(walker.currentNode.textContent);
  }
  return texts.join(' ');
}"""

CARD_BOXES = """() => [...document.querySelectorAll('main .card')]
  .filter((card) => card.checkVisibility())
  .map((card) => { const r = card.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })"""


@dataclass(frozen=True)
class Word:
    page: int
    text: str
    box: tuple[float, float, float, float]


def pdf_words(pdf: Path) -> list[Word]:
    """Every word of the PDF with its page and box, from ``pdftotext -bbox``."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    words: list[Word] = []
    for number, page in enumerate(html.split("<page ")[1:], start=1):
        for x0, y0, x1, y1, text in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', page
        ):
            words.append(Word(number, text, (float(x0), float(y0), float(x1), float(y1))))
    return words


def overlapping(boxes: list[tuple[float, float, float, float]], slack: float = 0.5) -> list[tuple[int, int]]:
    """Pairs of boxes that overlap by more than ``slack`` points in both directions."""
    pairs = []
    for i, (ax0, ay0, ax1, ay1) in enumerate(boxes):
        for j in range(i + 1, len(boxes)):
            bx0, by0, bx1, by1 = boxes[j]
            if min(ax1, bx1) - max(ax0, bx0) > slack and min(ay1, by1) - max(ay0, by0) > slack:
                pairs.append((i, j))
    return pairs


def nested(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    def inside(inner, outer):
        return inner[0] >= outer[0] and inner[1] >= outer[1] and inner[2] <= outer[2] and inner[3] <= outer[3]

    return inside(a, b) or inside(b, a)


def check_prints_cleanly(page, tmp_path: Path, paper: str) -> str:
    """Print the open page to PDF and check it; return the PDF's text."""
    screen_text = page.evaluate(SCREEN_FIGURES, PRINT_HIDDEN)
    figures = set(FIGURE.findall(screen_text))
    assert figures, "the page shows no figures: the check would prove nothing"

    page.emulate_media(media="print")
    boxes = page.evaluate(CARD_BOXES)
    clashes = [(boxes[i], boxes[j]) for i, j in overlapping(boxes) if not nested(boxes[i], boxes[j])]
    assert clashes == [], f"cards overlap in print media: {clashes}"

    pdf = tmp_path / f"printed-{paper}.pdf"
    # Charts print as drawings whose slanted axis labels overlap by design; the
    # word check is about the page's own text, so the canvases are blanked
    # (their space kept) for this print.
    page.evaluate("document.querySelectorAll('canvas').forEach((c) => { c.style.visibility = 'hidden'; })")
    page.pdf(path=str(pdf), format=paper, print_background=True)
    page.evaluate("document.querySelectorAll('canvas').forEach((c) => { c.style.visibility = ''; })")
    words = pdf_words(pdf)
    for number in {word.page for word in words}:
        on_page = [word for word in words if word.page == number]
        pairs = overlapping([word.box for word in on_page])
        assert pairs == [], f"page {number}: words printed over each other: " + ", ".join(
            f"{on_page[i].text!r}/{on_page[j].text!r}" for i, j in pairs[:10]
        )

    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    printed = set(FIGURE.findall(text))
    assert figures - printed == set(), f"figures on the screen missing from the {paper} PDF"
    page.emulate_media(media="screen")
    return text


@pytest.fixture(autouse=True)
def needs_pdftotext():
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: apt-get install poppler-utils (.ci/run installs it)")


@pytest.fixture
def demo():
    business = BusinessFactory(name="Brightside IT Services", time_zone="America/Chicago")
    MembershipFactory(business=business, role="owner", user__username="owner@example.com", user__first_name="Olivia")
    demo_data_create(business=business, today=timezone.localdate(timezone=zoneinfo.ZoneInfo(business.time_zone)))
    return business


def boot_customer(business):
    from evaluations.services import evaluate_business

    return next(c for c in evaluate_business(business).customers if c.verdict.verdict == "boot" and c.contract)


@pytest.mark.parametrize("paper", PAPER)
def test_customer_report_prints_every_figure_without_overlaps(page, live_server, sign_in, tmp_path, demo, paper):
    customer = boot_customer(demo)
    sign_in("owner@example.com", PASSWORD)
    page.goto(f"{live_server.url}/customers/{customer.id}/report/")
    text = check_prints_cleanly(page, tmp_path, paper)
    for heading in ("Without this customer", "Staff hours freed", "Change in your profit", "The four questions"):
        assert heading in text


@pytest.mark.parametrize("paper", PAPER)
def test_boot_letter_prints_every_figure_without_overlaps(page, live_server, sign_in, tmp_path, demo, paper):
    customer = boot_customer(demo)
    sign_in("owner@example.com", PASSWORD)
    page.goto(f"{live_server.url}/customers/{customer.id}/report/")
    page.get_by_role("button", name="Print the letter").click()
    page.get_by_role("button", name="Print").wait_for()
    text = check_prints_cleanly(page, tmp_path, paper)
    assert "Dear " in text


def test_the_overlap_check_catches_overlapping_words():
    """The PDF check can fail: two boxes printed over each other are reported."""
    assert overlapping([(0, 0, 10, 10), (5, 5, 15, 15), (20, 0, 30, 10)]) == [(0, 1)]
    assert overlapping([(0, 0, 10, 10), (10, 0, 20, 10)]) == []
