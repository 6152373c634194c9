"""Key result charts read cleanly: the target's label clear of the legend and the axis name,
and every date on the time axis in the same format."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page

from tests.browser.main_pages import build_org, log_in
from tests.conftest import Cast
from waypoint.okrs.models import Period

pytestmark = pytest.mark.browser

CHART_TEXTS = """(id) => {
    const el = document.querySelector(`#kr-${id} [data-kr-chart]`);
    return [...el.querySelectorAll("svg text")].map((t) => {
        const b = t.getBoundingClientRect();
        return { text: t.textContent, left: b.left, right: b.right, top: b.top, bottom: b.bottom };
    });
}"""


def overlaps(a: dict, b: dict) -> bool:
    return not (
        a["right"] <= b["left"]
        or b["right"] <= a["left"]
        or a["bottom"] <= b["top"]
        or b["bottom"] <= a["top"]
    )


@pytest.mark.parametrize("width", [1366, 390])
def test_the_target_label_stays_clear_and_dates_share_one_format(
    page: Page, cast: Cast, quarter: Period, width: int
) -> None:
    org = build_org(cast, quarter)  # its first key result's target is the top of its chart
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/accounts/login/")
    log_in(page, cast.alice)
    page.goto(org.objective.get_absolute_url())
    # Measured once drawn: mid-animation the target's label still travels along its line.
    page.wait_for_selector(
        f"#kr-{org.kr.pk} [data-kr-chart][data-drawn] svg text", state="attached"
    )
    texts = page.evaluate(CHART_TEXTS, org.kr.pk)
    target = next(t for t in texts if t["text"].startswith("target"))
    others = [t for t in texts if t is not target and t["text"] in {"Plan", "Actual", "%"}]
    assert len(others) == 3
    assert [t["text"] for t in others if overlaps(t, target)] == []
    dates = [
        t["text"]
        for t in texts
        if t is not target
        and t["text"] not in {"Plan", "Actual", "%"}
        and not re.fullmatch(r"[\d.]+", t["text"])
    ]
    assert len(dates) >= 2
    assert all(re.fullmatch(r"[A-Z][a-z]{2} \d{1,2}", d) for d in dates), dates
