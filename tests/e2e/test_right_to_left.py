"""A worker reads the site in Arabic on a 360-pixel phone: every page is set
right to left, fits the screen, is laid out as a mirror of the English one
(the site's name at the right, the first link at the right, labels and radio
buttons at the right, chart bars growing from the right) and passes axe.

Each page's screenshot is kept in the test's tmp_path, to look at when a
check fails.
"""

from pathlib import Path

import pytest
from django.conf import settings

from tests.e2e.report_steps import where
from tests.e2e.test_accessibility_and_weight import (
    axe_source,  # noqa: F401 (a fixture)
    serious_violations,
)
from tests.e2e.test_stats_phone import figures  # noqa: F401 (a fixture)

# A few pixels for borders and rounding.
SLACK = 3

BOX = "element => { const b = element.getBoundingClientRect(); return {left: b.left, right: b.right}; }"


def box(page, selector):
    return page.locator(selector).first.evaluate(BOX)


def content_box(page, selector):
    """The left and right of an element's content, inside its padding."""
    return page.locator(selector).first.evaluate(
        """element => {
          const b = element.getBoundingClientRect(), s = getComputedStyle(element);
          return {left: b.left + parseFloat(s.paddingLeft),
                  right: b.right - parseFloat(s.paddingRight)};
        }"""
    )


def read_right_to_left(page, path, tmp_path, axe_source):  # noqa: F811
    """Open `path` and check what every Arabic page must hold."""
    page.goto(path)
    page.screenshot(
        path=tmp_path / f"{path.strip('/').replace('/', '-')}.png", full_page=True
    )
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
        "the page is wider than the phone"
    )
    # The header, mirrored: the site's name at the right, the language
    # switcher at its left; the first of the jobs at the right of the second.
    name = box(page, ".site-name")
    switcher = box(page, ".language-switcher")
    assert name["left"] > switcher["right"]
    first_job, second_job = (
        page.locator(".site-jobs li").nth(index).evaluate(BOX) for index in (0, 1)
    )
    assert first_job["left"] >= second_job["right"]
    assert serious_violations(page, axe_source) == []


def test_home_report_form_and_receipt_read_right_to_left(phone, tmp_path, axe_source):  # noqa: F811
    read_right_to_left(phone, "/ar/", tmp_path, axe_source)
    # An arrow between two states points the way the line is read.
    turned = phone.evaluate(
        """() => {
          const arrow = document.createElement('span');
          arrow.className = 'forward-arrow';
          arrow.textContent = '→';
          document.querySelector('main').append(arrow);
          return getComputedStyle(arrow).transform;
        }"""
    )
    assert turned == "matrix(-1, 0, 0, 1, 0, 0)"

    # The language switcher, opened: its first language at the right.
    phone.locator(".language-switcher summary").click()
    phone.screenshot(path=tmp_path / "ar-languages.png")
    english, french = (
        phone.locator(".language-switcher li").nth(index).evaluate(BOX)
        for index in (0, 1)
    )
    assert english["left"] > french["right"]

    read_right_to_left(phone, "/ar/report/", tmp_path, axe_source)
    column = content_box(phone, "main")
    # A question's label starts at the column's right edge.
    label = box(phone, "main form legend, main form label.form-label")
    assert abs(label["right"] - column["right"]) <= SLACK
    assert label["left"] > column["left"] + SLACK
    read_right_to_left(phone, "/ar/receipt/", tmp_path, axe_source)
    column = content_box(phone, "main")
    label = box(phone, "label[for=id_code]")
    assert abs(label["right"] - column["right"]) <= SLACK
    assert label["left"] > column["left"] + SLACK
    field = box(phone, "#id_code")
    assert abs(field["right"] - column["right"]) <= SLACK


# Bootstrap's own stylesheet puts a radio button on the left of its row
# (float and a negative margin-left); only its right-to-left edition, linked
# for Arabic, puts it at the right. Until it is vendored this test waits.
RTL_STYLESHEET = (
    Path(settings.BASE_DIR)
    / "static"
    / "vendor"
    / "bootstrap"
    / "bootstrap.rtl.min.css"
)


@pytest.mark.skipif(
    not RTL_STYLESHEET.exists(), reason="Bootstrap's RTL stylesheet is not vendored yet"
)
def test_report_radio_answers_read_right_to_left(phone, tmp_path, axe_source):  # noqa: F811
    phone.goto("/ar/report/")
    # The pay step: a radio answer's button at the right of its row, its
    # words at its left.
    where(phone)
    phone.screenshot(path=tmp_path / "ar-report-pay.png", full_page=True)
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    row = box(phone, ".radio-row")
    button = box(phone, ".radio-row .form-check-input")
    words = box(phone, ".radio-row .form-check-label")
    assert row["right"] - 48 <= button["left"]
    assert button["right"] <= row["right"]
    assert words["right"] <= button["left"] + SLACK
    assert serious_violations(phone, axe_source) == []


# Where a chart's first bar (or box) and first name sit, and its axis's
# zero, in pixels from its right edge; and whether every text stays inside.
CHART = """svg => {
  const frame = svg.getBoundingClientRect();
  const fromRight = element => frame.right - element.getBoundingClientRect().right;
  const bar = svg.querySelector('rect.bar');
  const zero = svg.querySelector('text.tick').getBoundingClientRect();
  const inside = [...svg.querySelectorAll('text')].every(text => {
    const b = text.getBoundingClientRect();
    return b.left >= frame.left - 0.5 && b.right <= frame.right + 0.5;
  });
  return {
    scale: frame.width / svg.viewBox.baseVal.width,
    inside,
    bar_from_right: bar ? fromRight(bar) : null,
    box_from_right: fromRight(svg.querySelector('rect')),
    name_from_right: fromRight(svg.querySelector('text.label')),
    zero_from_right: frame.right - (zero.left + zero.right) / 2,
  };
}"""


def test_stats_charts_read_right_to_left(phone, figures, tmp_path, axe_source):  # noqa: F811
    read_right_to_left(
        phone, "/ar/stats/?group_by=platform&country=KE", tmp_path, axe_source
    )
    # The charts of groups (the trend chart has no names).
    charts = phone.locator("svg.chart:has(text.label)")
    assert charts.count() >= 3
    for index in range(charts.count()):
        charts.nth(index).screenshot(path=tmp_path / f"ar-stats-chart-{index}.png")
        chart = charts.nth(index).evaluate(CHART)
        right_edge = 20 * chart["scale"]
        # The axis runs from the right edge, 20 units in; a bar grows from
        # there, a box stands left of it; each name starts 4 units in.
        assert chart["zero_from_right"] == pytest.approx(right_edge, abs=1), chart
        if chart["bar_from_right"] is not None:
            assert chart["bar_from_right"] == pytest.approx(right_edge, abs=1), chart
        assert chart["box_from_right"] >= right_edge - 1, chart
        assert chart["name_from_right"] == pytest.approx(4 * chart["scale"], abs=1), (
            chart
        )
        assert chart["inside"], chart
