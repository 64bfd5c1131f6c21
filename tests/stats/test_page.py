"""The statistics page as an organizer reads it on a phone: groups sorted
by median with their n, charts with names above the bars and never cut,
short links, a country list of countries with figures."""

import re

import pytest

from stats import charts, views
from stats.published import Cell, release_rate
from surveys.models import Platform
from tests.helpers import published_cell, visible_text
from tests.stats.test_views import page_rows, published  # noqa: F401

pytestmark = pytest.mark.django_db


def test_groups_are_sorted_by_median_with_a_toggle_by_name(client, published):  # noqa: F811
    page = client.get("/stats/?group_by=country")
    labels = [label for label, _n in page_rows(page)]
    medians = [
        published_cell(country=code)["effective_hourly_usd"]["median"]
        for code in ("KE", "PH")
    ]
    names = {"KE": "Kenya", "PH": "Philippines"}
    # Highest median first; equal medians by name.
    by_median = [
        names[code]
        for _m, code in sorted(
            zip(medians, ("KE", "PH"), strict=True),
            key=lambda pair: (-pair[0], names[pair[1]]),
        )
    ]
    assert labels[: len(by_median)] == by_median
    assert "Sort by name" in page.content.decode()

    by_name = client.get("/stats/?group_by=country&order=name")
    assert [label for label, _n in page_rows(by_name)] == sorted(
        label for label, _n in page_rows(page)
    )
    assert client.get("/stats/?order=sideways").status_code == 400


def test_platforms_sorted_by_median_not_by_the_list(client, published):  # noqa: F811
    page = client.get("/stats/?group_by=platform&country=KE")
    names = [label for label, _n in page_rows(page)]
    slugs = {platform.label: platform.slug for platform in Platform.objects.all()}
    medians = [
        published_cell(country="KE", platform=slugs[name])["effective_hourly_usd"][
            "median"
        ]
        for name in names
    ]
    assert medians == sorted(medians, reverse=True)


def test_sort_groups_by_median_then_name_and_withheld_medians_last():
    def cell(label, median):
        pay = {"median": median, "p25": None, "p75": None} if median else None
        return Cell(label, label, 10, {"effective_hourly_usd": pay})

    groups = [cell("Sama", 2.0), cell("Appen", None), cell("Outlier AI", 9.0)]
    groups.append(cell("Clickworker", 2.0))
    assert [c.label for c in views.sort_groups(groups, "median")] == [
        "Outlier AI",
        "Clickworker",
        "Sama",
        "Appen",
    ]
    assert [c.label for c in views.sort_groups(groups, "name")] == [
        "Appen",
        "Clickworker",
        "Outlier AI",
        "Sama",
    ]


def test_chart_labels_group_their_numbers(published):  # noqa: F811
    assert views._named(Cell("x", "Sama", 3000, {})) == "Sama (n = 3,000)"


def test_each_chart_label_carries_its_n(client, published):  # noqa: F811
    page = client.get("/stats/?group_by=platform&country=KE").content.decode()
    chart = page.split('<svg class="chart"')[1].split("</svg>")[0]
    sama = published_cell(country="KE", platform="sama")
    assert f"Sama (n = {sama['n']})" in chart


def test_chart_names_wrap_above_their_bars_and_are_never_cut():
    name = "Scale AI / Remotasks, a very long platform name indeed"
    svg = charts.pay_box_plot(
        [(name, 2, 3, 4), ("Sama", 1, 2, 3)],
        title="t",
        description="d",
        format_number=str,
    )
    assert "…" not in svg
    label = re.search(r'<text x="[\d.]+" y="([\d.]+)" class="label">(.*?)</text>', svg)
    spans = re.findall(r"<tspan[^>]*>(.*?)</tspan>", label.group(2))
    assert " ".join(spans) == name
    assert len(spans) > 1
    first_box = float(re.search(r'<rect x="[\d.]+" y="([\d.]+)"', svg).group(1))
    assert float(label.group(1)) < first_box


def test_empty_parameters_are_dropped_from_the_address_and_the_links(
    client,
    published,  # noqa: F811
):
    response = client.get("/stats/?group_by=platform&platform=&country=KE&period=")
    assert response.status_code == 302
    assert response["Location"] == "/stats/?group_by=platform&country=KE"
    page = client.get("/stats/?group_by=platform&country=KE").content.decode()
    assert not re.search(r'href="[^"]*=(&amp;|&|")', page)


def test_the_country_list_holds_countries_with_published_cells(client, published):  # noqa: F811
    page = client.get("/stats/").content.decode()
    select = page.split('id="id_country"')[1].split("</select>")[0]
    codes = re.findall(r'<option value="([A-Z]{2})"', select)
    assert set(codes) == {"KE", "PH"}


def test_the_filter_form_is_open_and_the_table_says_it_scrolls(client, published):  # noqa: F811
    page = client.get("/stats/").content.decode()
    assert re.search(r"<details[^>]*\bopen\b", page)
    assert re.search(
        r'class="table-responsive" tabindex="0" role="region" aria-label="[^"]+"', page
    )


def test_one_country_offers_its_currency_with_its_own_figures(client, published):  # noqa: F811
    from decimal import Decimal

    usd = client.get("/stats/?group_by=platform").content.decode()
    assert 'name="currency"' in usd
    assert "KES" not in usd.split('id="id_currency"')[1].split("</select>")[0]

    page = client.get("/stats/?group_by=platform&country=KE")
    assert page.context["currency"] == "USD"
    assert 'value="KES"' in page.content.decode()

    page = client.get("/stats/?group_by=platform&country=KE&currency=KES")
    rate = release_rate("KES", published)
    assert rate is not None
    sama = published_cell(country="KE", platform="sama")
    shown = {cell.key: cell for cell in page.context["table"].groups}["sama"]
    # Effective pay as the release published it in shillings (each report
    # at its own month's rate); hourly pay converted at the release's rate.
    local = sama["effective_hourly_local"]
    assert local["currency"] == "KES"
    for name in ("p25", "median", "p75"):
        assert shown.figures["effective_hourly_usd"][name] == local[name]
        if sama["hourly_usd"][name] is not None:
            assert shown.figures["hourly_usd"][name] == pytest.approx(
                float(Decimal(str(sama["hourly_usd"][name])) * rate.units_per_usd)
            )
    text = page.content.decode()
    assert f"rate of {rate.date:%Y-%m-%d}" in text
    assert "the rate of the month it was earned in" in text
    assert "in KES" in text
    # A currency not of the chosen country is refused by the field.
    assert client.get("/stats/?country=KE&currency=PHP").status_code == 400


def test_paid_and_unpaid_hours_are_charted_from_the_published_cells(client, published):  # noqa: F811
    page = client.get("/stats/?group_by=platform&country=KE&order=name")
    text = page.content.decode()
    assert 'id="hours-heading"' in text
    for measure, title in (
        ("paid_hours_per_week", "Median paid hours per week"),
        ("unpaid_hours_per_week", "Median unpaid hours per week"),
    ):
        chart = page.context["charts"][measure]
        assert title in chart
        sama = published_cell(country="KE", platform="sama")
        median = sama[measure]["median"]
        assert f"{median:,.1f}" in chart


def test_one_report_is_said_in_the_singular_and_thousands_are_grouped(
    client,
    published,  # noqa: F811
    rf,
):
    from django.template.loader import render_to_string

    context = client.get("/stats/?country=KE").context[0].flatten()
    below = context["table"].total.figures["below_minimum_wage"]
    below.update(share=100, reports=1)
    text = render_to_string("stats/stats.html", context, request=rf.get("/stats/"))
    assert "100% of 1 report from countries" in text
    below.update(share=10, reports=3000)
    text = render_to_string("stats/stats.html", context, request=rf.get("/stats/"))
    assert "10% of 3,000 reports from countries" in text


def test_platform_by_condition_table_shows_each_published_share(client, published):  # noqa: F811
    """Grouped by platform, a table of platforms by conditions: each share is
    the published cell's, a dash where the cell withholds it."""
    from surveys.models import Condition

    page = client.get("/stats/?group_by=platform").content.decode()
    section = page.split('id="condition-grid-heading"')[1].split("</table>")[0]
    columns = [
        visible_text(cell)
        for cell in re.findall(r'<th scope="col">(.*?)</th>', section)
    ][1:]
    slugs = {
        str(condition.label): condition.slug for condition in Condition.objects.all()
    }
    platforms = {platform.label: platform.slug for platform in Platform.objects.all()}
    body = section.split("<tbody>")[1]
    checked = 0
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        name = visible_text(re.search(r'<th scope="row">(.*?)</th>', row).group(1))
        shown = [visible_text(cell) for cell in re.findall(r"<td>(.*?)</td>", row)]
        figures = published_cell(platform=platforms[name])["conditions"]
        for label, value in zip(columns, shown, strict=True):
            found = figures.get(slugs[label])
            assert value == (f"{found['share']}%" if found else "–"), (name, label)
            checked += bool(found)
    assert checked > 0
