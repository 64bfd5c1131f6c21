"""The server-drawn charts on a right-to-left page (Arabic): drawn mirrored,
bars from the right edge, names at the right, the axis and time running right
to left, numbers written as they are; a left-to-right chart as before."""

import re

from django.utils import translation

from stats import charts

WIDTH = charts.WIDTH


def drawn(language, chart, *args, **kwargs):
    with translation.override(language):
        return chart(*args, title="t", description="d", **kwargs)


def attributes(svg, tag, css_class):
    """The attributes of each <tag class="css_class"> in drawing order."""
    found = re.findall(rf'<{tag} ([^>]*?)class="{css_class}"', svg)
    return [dict(re.findall(r'([\w-]+)="([^"]*)"', each)) for each in found]


def rectangles(svg, css_class):
    return [
        (float(each["x"]), float(each["width"]))
        for each in attributes(svg, "rect", css_class)
    ]


def texts(svg, css_class):
    """(attributes, content) of each <text class="css_class">."""
    found = re.findall(rf'<text ([^>]*?)class="{css_class}">(.*?)</text>', svg)
    return [
        (dict(re.findall(r'([\w-]+)="([^"]*)"', each)), content)
        for each, content in found
    ]


HOURS = [("Kenya", 30), ("Philippines", 12.5)]


def test_left_to_right_bar_chart_is_drawn_as_before():
    svg = drawn("en", charts.bar_chart, [("Kenya", 30)], format_number=str)
    body = re.sub(r"chart-\d+-", "chart-", svg)
    assert body == (
        '<svg class="chart" viewBox="0 0 320 88" role="img" '
        'aria-labelledby="chart-title chart-desc" '
        'xmlns="http://www.w3.org/2000/svg"><title id="chart-title">t</title>'
        '<desc id="chart-desc">d</desc>'
        '<line x1="20.0" y1="18" x2="20.0" y2="64" class="grid"/>'
        '<text x="20.0" y="80" text-anchor="middle" class="tick">0.0</text>'
        '<line x1="82.0" y1="18" x2="82.0" y2="64" class="grid"/>'
        '<text x="82.0" y="80" text-anchor="middle" class="tick">12.5</text>'
        '<line x1="144.0" y1="18" x2="144.0" y2="64" class="grid"/>'
        '<text x="144.0" y="80" text-anchor="middle" class="tick">25.0</text>'
        '<line x1="206.0" y1="18" x2="206.0" y2="64" class="grid"/>'
        '<text x="206.0" y="80" text-anchor="middle" class="tick">37.5</text>'
        '<line x1="268.0" y1="18" x2="268.0" y2="64" class="grid"/>'
        '<text x="268.0" y="80" text-anchor="middle" class="tick">50.0</text>'
        '<text x="4" y="30" class="label"><tspan x="4" dy="0">Kenya</tspan></text>'
        '<rect x="20" y="34" width="148.8" height="20" class="bar"/>'
        '<text x="173.8" y="49" class="value">30</text></svg>'
    )


def test_right_to_left_bars_grow_from_the_right_edge():
    svg = drawn("ar", charts.bar_chart, HOURS, format_number=str)
    left_to_right = drawn("en", charts.bar_chart, HOURS, format_number=str)
    assert [x + width for x, width in rectangles(svg, "bar")] == [
        WIDTH - charts.LEFT
    ] * 2
    # The same lengths, mirrored.
    assert [width for _x, width in rectangles(svg, "bar")] == [
        width for _x, width in rectangles(left_to_right, "bar")
    ]


def test_right_to_left_names_start_at_the_right_edge_in_the_pages_direction():
    svg = drawn("ar", charts.bar_chart, HOURS, format_number=str)
    assert ' direction="rtl" ' in svg.split(">")[0]
    names = texts(svg, "label")
    assert [float(each["x"]) for each, _content in names] == [WIDTH - 4] * 2
    # Set right to left, a text's start is its right end: no anchor needed.
    assert all("text-anchor" not in each for each, _content in names)


def test_right_to_left_numbers_are_set_left_to_right_and_anchored_at_their_end():
    svg = drawn("ar", charts.bar_chart, HOURS, format_number=str)
    values = texts(svg, "value")
    bars = rectangles(svg, "bar")
    assert [content for _each, content in values] == ["30", "12.5"]
    for (each, _content), (x, _width) in zip(values, bars, strict=True):
        assert each["direction"] == "ltr"
        assert each["text-anchor"] == "end"
        # Beside the bar's far end, on its left.
        assert float(each["x"]) == round(x - 5, 1)


def test_right_to_left_axis_runs_from_the_right():
    svg = drawn("ar", charts.share_chart, [("Late", 40, (30, 50))])
    ticks = texts(svg, "tick")
    assert [content for _each, content in ticks] == ["0%", "25%", "50%", "75%", "100%"]
    assert [float(each["x"]) for each, _c in ticks] == [
        300.0,
        238.0,
        176.0,
        114.0,
        52.0,
    ]
    assert all(each["direction"] == "ltr" for each, _c in ticks)


def test_right_to_left_box_plot_is_the_left_to_right_one_mirrored():
    rows = [("Sama", 1, 2, 3.5), ("Appen", 2, 3, 4)]
    ltr = drawn("en", charts.pay_box_plot, rows, format_number=str)
    rtl = drawn("ar", charts.pay_box_plot, rows, format_number=str)
    assert [
        (round(WIDTH - x - width, 1), width) for x, width in rectangles(ltr, "box")
    ] == rectangles(rtl, "box")
    assert [
        round(WIDTH - float(each["x1"]), 1)
        for each in attributes(ltr, "line", "median")
    ] == [float(each["x1"]) for each in attributes(rtl, "line", "median")]


def test_minimum_wage_label_stays_inside_at_either_edge():
    def low_wage_chart(language):
        return drawn(
            language,
            charts.pay_box_plot,
            [("Sama", 1, 2, 3.5)],
            format_number=str,
            minimum_wage=("Minimum wage", 0.3),
        )

    ((label, _content),) = texts(low_wage_chart("en"), "minimum-wage-label")
    ((label_rtl, _content),) = texts(low_wage_chart("ar"), "minimum-wage-label")
    # Near the left edge, running rightwards: its start left to right.
    assert float(label["x"]) < 60
    assert label["text-anchor"] == "start"
    # Near the right edge, running leftwards: its start right to left.
    assert float(label_rtl["x"]) > WIDTH - 60
    assert label_rtl["text-anchor"] == "start"


def test_right_to_left_trend_runs_from_the_right_with_values_on_the_right():
    points = [(("Q1", "2026"), 1, 2, 3), (("Q2", "2026"), 2, 3, 4)]
    svg = drawn("ar", charts.trend_chart, points, format_number=str)
    oldest, newest = (float(each["cx"]) for each in attributes(svg, "circle", "point"))
    assert oldest > newest
    values = [each for each, content in texts(svg, "tick") if "." in content]
    assert {each["x"] for each in values} == {str(WIDTH - 42)}
    assert {each["text-anchor"] for each in values} == {"start"}
