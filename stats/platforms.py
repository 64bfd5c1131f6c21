"""A platform's published figures, gathered for its page: the list of
platforms, and for one platform (optionally in one country) its pay, its
conditions under Fairwork's principles, what it owes, its trend by quarter.

Everything here reads stored cells of a release (stats.published.read): no
figure is computed from reports, so a platform page shows exactly what the
tables, files and API publish, suppressed and perturbed as stored.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from core import countries
from stats import published, tables
from stats.models import Table
from surveys.models import (
    Condition,
    ExchangeRate,
    MinimumWage,
    Platform,
)

# The 11 working conditions grouped under four of Fairwork's principles
# (fairwork.org/principles): each condition under the principle a yes to it
# speaks to. `True` after a condition: a yes is the good answer (support,
# insurance, leave offered); otherwise a yes is the bad one.
FAIRWORK_PRINCIPLES = (
    (
        "fair_pay",
        _("Fair pay"),
        (
            ("late_payment", False),
            ("rejected_without_pay", False),
            ("unpaid_training", False),
        ),
    ),
    (
        "fair_conditions",
        _("Fair conditions"),
        (
            ("disturbing_content", False),
            ("psychological_support", True),
            ("health_insurance", True),
            ("paid_leave", True),
        ),
    ),
    (
        "fair_contracts",
        _("Fair contracts"),
        (
            ("unpredictable_work", False),
            ("confidentiality_agreement", False),
        ),
    ),
    (
        "fair_management",
        _("Fair management"),
        (
            ("keystroke_monitoring", False),
            ("deactivated", False),
        ),
    ),
)

SORTS = ("name", "n", "median")


@dataclass
class ListedPlatform:
    platform: Platform
    n: int
    median_usd: float | None


def platform_list(release, sort="name"):
    """Every platform with a published cell of its own in the release, with
    its published count and median effective hourly pay (None where the
    median is withheld); sorted by name, or largest first by n or median."""
    found = published.read(tables.Query(Table.REPORTS, {}, "platform"), release)
    by_slug = Platform.objects.in_bulk(
        [cell.key for cell in found.groups], field_name="slug"
    )
    listed = []
    for cell in found.groups:
        if cell.key not in by_slug:
            continue
        pay = cell.figures["effective_hourly_usd"]
        listed.append(ListedPlatform(by_slug[cell.key], cell.n, pay and pay["median"]))
    if sort == "n":
        listed.sort(key=lambda item: -item.n)
    elif sort == "median":
        # Withheld medians last, not first.
        listed.sort(key=lambda item: (item.median_usd is None, -(item.median_usd or 0)))
    else:
        listed.sort(key=lambda item: countries.sort_key(str(item.platform.label)))
    return listed


def offered_countries(platform, release):
    """The countries with a published cell of this platform, by name."""
    found = published.read(
        tables.Query(Table.REPORTS, {"platform": platform.slug}, "country"), release
    )
    return sorted(
        [cell.key for cell in found.groups],
        key=lambda code: countries.sort_key(countries.country_name(code)),
    )


@dataclass
class Currency:
    """How the page shows amounts: US dollars, or a country's currency at the
    newest published rate on or before the release's day."""

    code: str = "USD"
    rate: ExchangeRate | None = None

    def convert(self, usd):
        if usd is None:
            return None
        if self.rate is None:
            return Decimal(str(usd))
        return Decimal(str(usd)) * self.rate.units_per_usd


def currency_for(country, release):
    code = countries.local_currency(country) if country else None
    if not code or code == "USD":
        return Currency()
    rate = published.release_rate(code, release)
    return Currency(code, rate) if rate else Currency()


def scorecard(cell):
    """The cell's condition shares grouped under FAIRWORK_PRINCIPLES:
    [(principle label, [(condition label, published share or None, yes is good)])]."""
    names = {condition.slug: condition.label for condition in Condition.objects.all()}
    shares = cell.figures["conditions"] if cell else {}
    return [
        (
            label,
            [
                (names.get(slug, slug), shares.get(slug), yes_is_good)
                for slug, yes_is_good in conditions
                if slug in names
            ],
        )
        for _key, label, conditions in FAIRWORK_PRINCIPLES
    ]


@dataclass
class PlatformFigures:
    platform: Platform
    country: str
    release: object
    pay: published.Cell | None
    incidents: published.Cell | None
    trend: list
    currency: Currency
    minimum_wage: MinimumWage | None

    @property
    def scorecard(self):
        return scorecard(self.pay)

    @property
    def local_pay(self):
        """The cell's effective pay in the page's currency with each report
        at its own month's rate, as the release published it; None in US
        dollars, or for a release made before it was published."""
        found = self.pay and self.pay.figures.get("effective_hourly_local")
        if found and found["currency"] == self.currency.code:
            return found
        return None

    def amounts(self, measure="effective_hourly_usd"):
        """A pay measure's published p25, median and p75, in the page's
        currency (effective pay as published in it, else converted at the
        release's rate); None where withheld."""
        pay = self.pay and self.pay.figures[measure]
        if not pay:
            return None
        local = self.local_pay if measure == "effective_hourly_usd" else None
        if local:
            return {
                name: None if local[name] is None else Decimal(str(local[name]))
                for name in ("p25", "median", "p75")
            }
        return {
            name: self.currency.convert(pay[name]) for name in ("p25", "median", "p75")
        }

    @property
    def minimum_wage_amount(self):
        """The minimum wage in the page's currency, where both are known."""
        wage = self.minimum_wage
        if wage is None:
            return None
        if wage.currency == self.currency.code:
            return wage.hourly_amount
        return None


def platform_figures(platform, release, country=""):
    """The published cells of one platform (and country): pay and conditions,
    incidents, and pay by quarter (the quarter is crossed with the platform
    alone: the published tables cross two dimensions at most)."""
    filters = {"platform": platform.slug}
    if country:
        filters["country"] = country
    pay = published.read(tables.Query(Table.REPORTS, filters), release).total
    incidents = published.read(tables.Query(Table.INCIDENTS, filters), release).total
    trend = published.read(
        tables.Query(Table.REPORTS, {"platform": platform.slug}, "quarter"), release
    ).groups
    wage = MinimumWage.objects.filter(country=country).first() if country else None
    return PlatformFigures(
        platform=platform,
        country=country,
        release=release,
        pay=pay,
        incidents=incidents,
        trend=trend,
        currency=currency_for(country, release),
        minimum_wage=wage,
    )
