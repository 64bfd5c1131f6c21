"""The incident ledger's public figures, under the statistics' own rules
(surveys.stats): released incidents only, groups under K_ANONYMITY hidden
with their complement, every count under K_ANONYMITY left out."""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, F, Q, Sum

from incidents.models import Incident, Kind, Outcome
from surveys import stats

GROUPINGS = ["none", "platform", "country"]


@dataclass
class IncidentGroup:
    key: str
    n: int
    kinds: dict  # kind -> count, None when under k
    amounts: int
    total_owed_usd: object
    median_owed_usd: object
    resolved_share: int | None
    paid_in_full_share: int | None
    never_paid_share: int | None
    median_days_to_resolution: object
    label: str = ""


def _metrics():
    metrics = {
        "n": Count("pk"),
        "amounts": Count("amount_owed_usd"),
        "total_owed": Sum("amount_owed_usd"),
        "median_owed": stats.PercentileCont("amount_owed_usd", 0.5),
        "resolved": Count("pk", filter=Q(outcome__in=Outcome.resolved())),
        "paid_full": Count("pk", filter=Q(outcome=Outcome.PAID_FULL)),
        "never_paid": Count("pk", filter=Q(outcome=Outcome.NEVER_PAID)),
        "days_known": Count("days_to_resolution"),
        "median_days": stats.PercentileCont("days_to_resolution", 0.5),
    }
    for kind in Kind.values:
        metrics[f"kind_{kind}"] = Count("pk", filter=Q(kind=kind))
    return metrics


def _group(key, row, k):
    n = row["n"]

    def share(count):
        return stats.whole_percent(count / n)

    enough_amounts = row["amounts"] >= k
    return IncidentGroup(
        key=key,
        n=n,
        kinds={
            kind: (row[f"kind_{kind}"] if row[f"kind_{kind}"] >= k else None)
            for kind in Kind.values
        },
        amounts=row["amounts"] if enough_amounts else 0,
        total_owed_usd=stats.to_cents(float(row["total_owed"]))
        if enough_amounts
        else None,
        median_owed_usd=stats.to_cents(row["median_owed"]) if enough_amounts else None,
        resolved_share=share(row["resolved"]),
        paid_in_full_share=share(row["paid_full"]),
        never_paid_share=share(row["never_paid"]),
        median_days_to_resolution=(
            round(row["median_days"]) if row["days_known"] >= k else None
        ),
    )


def _compute(filters, group_by, k):
    incidents = Incident.objects.released()
    if filters.platform:
        incidents = incidents.filter(platform=filters.platform)
    if filters.country:
        incidents = incidents.filter(country=filters.country)
    if filters.period_from:
        incidents = incidents.filter(started__gte=filters.period_from)
    if filters.period_to:
        incidents = incidents.filter(started__lte=filters.period_to)
    total = incidents.aggregate(**_metrics())
    if total["n"] < k:
        return {"n_total": total["n"], "groups": []}
    if group_by == "none":
        return {"n_total": total["n"], "groups": [_group("all", total, k)]}
    column = {"platform": F("platform__slug"), "country": F("country")}[group_by]
    rows = (
        incidents.annotate(group_key=column)
        .values("group_key")
        .annotate(**_metrics())
        .order_by("group_key")
    )
    groups = stats.suppress([_group(row["group_key"], row, k) for row in rows], k)
    return {"n_total": total["n"], "groups": groups}


def incident_figures(filters=None, group_by="platform"):
    """The incident table for `filters`, cached per release like all figures."""
    filters = filters or stats.Filters()
    k = settings.K_ANONYMITY
    release = stats.current_release()
    key = stats.cache_key("incident-stats", release, filters, group_by, k)
    computed = cache.get(key)
    if computed is None:
        computed = _compute(filters, group_by, k)
        cache.set(key, computed, stats.CACHE_SECONDS)
    label = stats.group_labeller(group_by)
    for group in computed["groups"]:
        group.label = label(group.key)
    return {"release": release, "k": k, "group_by": group_by, **computed}
