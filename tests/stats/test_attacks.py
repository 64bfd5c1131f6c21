"""The attacks of the outside review, played as an attacker would: over the
public API only, with entries of their own where the attack needs them.
Each test asserts on what the attacker can infer about one real person.

Before releases were perturbed, every attack here recovered the target's
answers or amounts exactly.
"""

from datetime import date, timedelta

import numpy as np
import pytest
from django.core.cache import cache

from moderation.models import Status
from stats import disclosure
from surveys.models import Condition, Platform, Report
from tests.helpers import make_incident, make_report, release

pytestmark = pytest.mark.django_db

CONDITIONS = [
    "keystroke_monitoring", "disturbing_content", "psychological_support",
    "health_insurance", "paid_leave", "unpaid_training", "rejected_without_pay",
    "late_payment", "deactivated", "unpredictable_work", "confidentiality_agreement",
]  # fmt: skip


def day(number):
    return date.today() - timedelta(days=number % 300)


def platform(slug):
    return str(Platform.objects.get(slug=slug).pk)


def answers_for(rng):
    return {slug: rng.choice(["yes", "no"]) for slug in CONDITIONS}


def report(rng, number, answers=None, **fields):
    """An approved report of a worker: distinct receipt, day and pay."""
    return make_report(
        status=Status.APPROVED,
        submitted_on=day(number),
        pay_amount=fields.pop("pay_amount", f"{2 + rng.random() * 8:.2f}"),
        **(answers or answers_for(rng)),
        **fields,
    )


def background(rng, count=15):
    """Reports of other workers elsewhere, so that the attacked country is
    not the whole table (a cell equal to a cell containing it is withheld)."""
    for number in range(count):
        slug = "toloka" if number % 2 else "sama"
        report(rng, 250 + number, country="PH", platform=platform(slug))


def api(client, query, path="/api/v1/stats/"):
    # A spelling nobody asked for yet: nothing served from a cache.
    cache.clear()
    response = client.get(f"{path}?{query}")
    assert response.status_code == 200, response.content
    groups = response.json()["groups"]
    return groups[0] if groups else None


def yes_no(group):
    """The yes and no counts an attacker reads back from published shares."""
    counts = {}
    for slug in CONDITIONS:
        found = group["conditions"].get(slug) if group else None
        if found and found.get("share") is not None:
            yes = round(found["share"] * found["answered"] / 100)
            counts[slug] = (yes, found["answered"] - yes)
    return counts


def infer(bigger, smaller, known=()):
    """The attacker's guess of the one unknown person's answers: the cell
    that holds them minus the cell that does not, minus the answers of the
    attacker's own entries among the difference (`known`)."""
    with_target, without = yes_no(bigger), yes_no(smaller)
    guesses = {}
    for slug in set(with_target) & set(without):
        yes = with_target[slug][0] - without[slug][0]
        no = with_target[slug][1] - without[slug][1]
        yes -= sum(answers[slug] == "yes" for answers in known)
        no -= sum(answers[slug] == "no" for answers in known)
        if yes != no:
            guesses[slug] = "yes" if yes > no else "no"
    return guesses


def right(guesses, target):
    return sum(guesses.get(slug) == answer for slug, answer in target.items())


def trials(count, play):
    """Play an attack `count` times on fresh data; (right guesses, guesses
    that were all right) over every trial."""
    rng = np.random.default_rng(7)
    right_guesses, all_right = 0, 0
    for trial in range(count):
        Report.objects.all().delete()
        guesses, target = play(rng, trial)
        right_guesses += right(guesses, target)
        all_right += right(guesses, target) == len(target)
    return right_guesses, all_right


# --- differencing two offered cells --------------------------------------------


def test_a_cell_one_person_away_from_another_is_not_published(client, settings):
    settings.K_ANONYMITY = 5
    rng = np.random.default_rng(1)
    for number in range(30):
        report(rng, number, country="VE", platform=platform("sama"))
    target = answers_for(rng)
    report(rng, 30, target, country="VE")  # the only Venezuelan on Outlier AI
    release()

    venezuela = api(client, "country=VE")
    on_sama = api(client, "country=VE&platform=sama")

    # Venezuela minus Venezuela-on-Sama would be the target alone.
    assert right(infer(venezuela, on_sama), target) == 0


@pytest.mark.parametrize("parameter", ["period_from=2025-01", "period_to=2025-06"])
def test_overlapping_month_ranges_are_refused(client, parameter):
    response = client.get(f"/api/v1/stats/?platform=sama&{parameter}")

    assert response.status_code == 400
    assert "period=2026-Q1" in response.json()["message"]


def test_differencing_cells_that_differ_by_k_is_noisy(client, settings):
    """The attacker sends k-1 reports of their own next to the target's, so
    that the two cells differ by exactly k reports, four of them known."""
    settings.K_ANONYMITY = 5

    def play(rng, trial):
        background(rng)
        for number in range(24):
            report(rng, 40 * trial + number, country="VE", platform=platform("sama"))
        target = answers_for(rng)
        report(rng, 40 * trial + 24, target, country="VE")
        own = [answers_for(rng) for _ in range(4)]
        for number, answers in enumerate(own):
            report(rng, 40 * trial + 25 + number, answers, country="VE")
        release()
        return infer(
            api(client, "country=VE"), api(client, "country=VE&platform=sama"), own
        ), target

    right_guesses, all_right = trials(12, play)

    # 132 answers: exact counts gave all 132; noise leaves a guess, rarely
    # right for all eleven answers of a trial.
    assert right_guesses <= 0.75 * 132
    assert all_right <= 1


# --- changes between releases ---------------------------------------------------

QUERIES = [
    "", "group_by=platform", "group_by=country", "country=KE", "platform=outlier-ai",
    "group_by=quarter", "country=KE&group_by=platform",
]  # fmt: skip


def everything_public(client):
    return (
        [client.get(f"/api/v1/stats/?{query}").json() for query in QUERIES]
        + [client.get(f"/api/v1/incidents/stats/?{query}").json() for query in QUERIES]
        + [client.get(f"/stats.csv?{query}").content for query in QUERIES]
    )


def test_withdrawals_edits_and_outcome_updates_move_nothing_until_a_release(
    client, settings
):
    from incidents.forms import IncidentForm
    from surveys.forms import ReportForm
    from tests.helpers import incident_form_data, report_form_data

    settings.K_ANONYMITY = 5
    rng = np.random.default_rng(3)
    reports = [report(rng, number, country="KE") for number in range(30)]
    # A published cell of 8, half of whose reports their authors edit.
    in_uganda = [report(rng, 40 + number, country="UG") for number in range(8)]
    incidents = [
        make_incident(
            status=Status.APPROVED,
            submitted_on=day(number),
            amount_owed=str(100 + 37 * number),
        )
        for number in range(8)
    ]
    release()
    cache.clear()
    before = everything_public(client)
    uganda_before = api(client, "country=UG")
    assert uganda_before is not None

    reports[0].delete()  # withdrawn
    for edited in in_uganda[:4]:
        edit = ReportForm(
            data=report_form_data(country="UG", pay_amount="98"), instance=edited
        )
        assert edit.is_valid()
        edit.save()
    edit = ReportForm(data=report_form_data(pay_amount="99"), instance=reports[1])
    assert edit.is_valid()
    edit.save()
    update = IncidentForm(
        data=incident_form_data(amount_owed="1234.56", outcome="paid_full"),
        instance=incidents[0],
    )
    assert update.is_valid()
    update.save()
    cache.clear()

    assert everything_public(client) == before
    assert api(client, "country=UG") == uganda_before

    # At the next release (k newly approved reports elsewhere), the edited
    # reports wait for review: Uganda is down to 4, under k, and withheld.
    for number in range(5):
        report(rng, 60 + number, country="PH")
    release()
    assert api(client, "country=UG") is None
    assert everything_public(client) != before


# --- a release of k across a small cell -------------------------------------------


def test_a_release_adding_one_person_to_a_cell_is_noisy(client, settings):
    settings.K_ANONYMITY = 5

    def play(rng, trial):
        for number in range(24):
            report(rng, 70 * trial + number, country="VE")
        for number in range(30):
            report(rng, 70 * trial + 24 + number, country="PH")
        release()
        before = api(client, "country=VE")
        target = answers_for(rng)
        report(rng, 70 * trial + 54, target, country="VE")
        for number in range(4):  # the rest of the release, elsewhere
            report(rng, 70 * trial + 55 + number, country="PH")
        release()
        return infer(api(client, "country=VE"), before), target

    right_guesses, all_right = trials(12, play)

    assert right_guesses <= 0.75 * 132
    assert all_right <= 1


# --- padding a cell with k-1 reports of one's own ----------------------------------


def test_padding_a_cell_with_k_minus_one_reports_reveals_nothing(client, settings):
    settings.K_ANONYMITY = 5
    rng = np.random.default_rng(4)
    background(rng)
    target = answers_for(rng)
    report(rng, 0, target, country="MG", pay_amount="7.33")
    everything_yes = dict.fromkeys(CONDITIONS, "yes")
    for number, pay in enumerate(["1", "2", "50", "60"]):
        report(rng, number + 1, everything_yes, country="MG", pay_amount=pay)
    release()

    madagascar = api(client, "country=MG")

    # The median of 1, 2, 7.33, 50, 60 was the target's pay; the shares of
    # four known yes and the target's answer were the target's answers.
    assert madagascar is None or madagascar["hourly_usd"] is None
    assert yes_no(madagascar) == {}


def test_padding_a_cell_past_twenty_does_not_pin_the_targets_pay(client, settings):
    settings.K_ANONYMITY = 5
    rng = np.random.default_rng(5)
    background(rng)
    report(rng, 0, country="MG", pay_amount="7.33")
    own = ["1"] * 11 + ["50"] * 11
    for number, pay in enumerate(own):
        report(rng, number + 1, country="MG", pay_amount=pay)
    release()

    median = api(client, "country=MG")["hourly_usd"]["median"]

    # Eleven below, eleven above: the exact median was the target's 7.33.
    assert median != 7.33
    # What the mechanism would publish, drawn many times: rarely near 7.33.
    values = np.array([1.0] * 11 + [50.0] * 11 + [7.33])
    draws = np.array(
        [disclosure.private_quantile(values, "usd_per_hour", 0.5) for _ in range(400)]
    )
    assert np.mean(np.abs(draws / 7.33 - 1) < 0.05) < 0.25


# --- single tables ---------------------------------------------------------------


def test_nobody_or_everybody_is_never_shown(client, settings):
    settings.K_ANONYMITY = 5
    rng = np.random.default_rng(6)
    background(rng)
    for number in range(14):
        answers = answers_for(rng) | {
            "keystroke_monitoring": "yes",
            "paid_leave": "yes" if number == 0 else "no",
        }
        report(rng, number, answers, country="KE")
    release()

    kenya = api(client, "country=KE")

    # 100 % would say everyone is monitored; 7 % of 14, that one person has leave.
    assert kenya["conditions"]["keystroke_monitoring"] is None
    assert kenya["conditions"]["paid_leave"] is None


def test_a_small_group_publishes_no_quartiles(client, settings):
    settings.K_ANONYMITY = 5
    rng = np.random.default_rng(8)
    background(rng)
    for number, pay in enumerate(["3", "5", "7", "9", "11", "13", "15", "17", "19"]):
        report(rng, number, country="KE", pay_amount=pay)
    release()

    kenya = api(client, "country=KE")

    # The quartiles of nine were three members' exact pay.
    assert kenya["hourly_usd"] is None
    assert kenya["effective_hourly_usd"] is None


def test_incident_shares_of_a_small_group_are_not_shown(client, settings):
    settings.K_ANONYMITY = 5
    for number in range(7):
        make_incident(
            status=Status.APPROVED,
            submitted_on=day(number),
            amount_owed=str(100 + 11 * number),
            outcome="never_paid" if number == 0 else "waiting",
        )
    release()

    incidents = api(client, "", "/api/v1/incidents/stats/")

    # "14 % never paid" of 7 was one incident.
    assert incidents["never_paid_share"] is None


def test_the_claim_between_two_overlapping_totals_stays_unknown(client, settings):
    settings.K_ANONYMITY = 5

    def play(rng, trial):
        from incidents.models import Incident

        Incident.objects.all().delete()
        for number in range(8):  # elsewhere: Uganda is not the whole ledger
            make_incident(
                status=Status.APPROVED,
                submitted_on=day(40 * trial + 30 + number),
                country="KE",
                amount_owed=f"{100 + rng.random() * 200:.2f}",
            )
        for number in range(20):
            make_incident(
                status=Status.APPROVED,
                submitted_on=day(40 * trial + number),
                country="UG",
                platform=platform("sama"),
                amount_owed=f"{100 + rng.random() * 200:.2f}",
            )
        own = [f"{100 + rng.random() * 200:.2f}" for _ in range(4)]
        for number, amount in enumerate([*own, "1234.56"]):
            make_incident(
                status=Status.APPROVED,
                submitted_on=day(40 * trial + 20 + number),
                country="UG",
                amount_owed=amount,
            )
        release()
        totals = [
            (api(client, query, "/api/v1/incidents/stats/") or {}).get("total_owed_usd")
            for query in ("country=UG", "country=UG&platform=sama")
        ]
        if None in totals:
            return None  # withheld: nothing to subtract
        return totals[0] - totals[1] - sum(map(float, own))

    rng = np.random.default_rng(9)
    estimates = [play(rng, trial) for trial in range(8)]

    # Exact totals gave 1,234.56 every time.
    close = [
        estimate is not None and abs(estimate / 1234.56 - 1) < 0.05
        for estimate in estimates
    ]
    assert sum(close) <= 2


def test_one_claim_that_makes_most_of_a_total_withholds_it(client, settings):
    settings.K_ANONYMITY = 5
    for number, amount in enumerate(["20", "25", "30", "35", "40", "45", "5000"]):
        make_incident(
            status=Status.APPROVED, submitted_on=day(number), amount_owed=amount
        )
    release()

    incidents = api(client, "", "/api/v1/incidents/stats/")

    assert incidents["total_owed_usd"] is None


def test_conditions_listed_here_are_the_reference_data():
    assert sorted(CONDITIONS) == sorted(
        Condition.objects.values_list("slug", flat=True)
    )


# --- the review of the first version of this design ---------------------------


def test_padding_around_one_person_in_five_cells_does_not_read_their_answers(
    client, settings
):
    """The attacker surrounds the only real report of a country with 36 of
    their own, arranged so that five published cells each hold the target
    and a different set of the attacker's reports, then subtracts what they
    sent from each cell. With counts moved by at most 2 and nothing else,
    this read 96 % of the answers."""
    settings.K_ANONYMITY = 5
    swap = disclosure.PRAM_SWAP
    groups = {  # name: (count, platform, task type, month)
        "same": (16, "sama", "response-rating", "2026-05"),
        "platform": (5, "appen", "response-rating", "2026-05"),
        "task": (5, "sama", "text-annotation", "2026-05"),
        "quarter": (5, "sama", "response-rating", "2026-02"),
        "year": (5, "sama", "response-rating", "2025-11"),
    }
    cells = {
        "country=MG": set(groups),
        "country=MG&platform=sama": {"same", "task", "quarter", "year"},
        "country=MG&task_type=response-rating": {"same", "platform", "quarter", "year"},
        "country=MG&period=2026-Q2": {"same", "platform", "task"},
        "country=MG&period=2026": {"same", "platform", "task", "quarter"},
    }

    def play(rng, trial):
        background(rng)
        own = {}
        base = 60 * trial
        for name, (count, slug, task_type, month) in groups.items():
            own[name] = [answers_for(rng) for _ in range(count)]
            for answers in own[name]:
                base += 1
                report(
                    rng, base, answers, country="MG", platform=platform(slug),
                    task_type=task_type_pk(task_type), period=month,
                )  # fmt: skip
        target = answers_for(rng)
        report(
            rng, 60 * trial + 59, target, country="MG", platform=platform("sama"),
            task_type=task_type_pk("response-rating"), period="2026-05",
        )  # fmt: skip
        release()
        evidence = dict.fromkeys(CONDITIONS, 0.0)
        for query, members in cells.items():
            cell = api(client, query)
            for slug in CONDITIONS:
                found = cell and cell["conditions"].get(slug)
                if not found:
                    continue
                # Undo the published correction, then expect the attacker's
                # own answers to have been swapped at the published rate.
                observed = (found["share"] / 100) * (1 - 2 * swap) + swap
                yes = observed * found["answered"]
                no = found["answered"] - yes
                mine = [a[slug] for name in members for a in own[name]]
                yes -= sum((1 - swap) if a == "yes" else swap for a in mine)
                no -= sum((1 - swap) if a == "no" else swap for a in mine)
                evidence[slug] += yes - no
        guesses = {
            slug: "yes" if value > 0 else "no"
            for slug, value in evidence.items()
            if value
        }
        return guesses, target

    right_guesses, all_right = trials(12, play)

    assert right_guesses <= 0.75 * 132
    assert all_right <= 1


def test_whether_someone_else_reported_is_not_told_by_two_cells(client, settings):
    """The attacker fills the first quarter of a country with 20 reports,
    then compares the country with its first quarter: equal figures used to
    say that nobody else reported there; a withheld quarter, that somebody
    (one to four people) did."""
    settings.K_ANONYMITY = 5

    def seen(with_target):
        Report.objects.all().delete()
        rng = np.random.default_rng(11)
        background(rng)
        for number in range(20):
            report(rng, number, country="MG", period="2026-02")
        if with_target:
            report(rng, 30, country="MG", period="2026-05")
        release()
        country = api(client, "country=MG")
        quarter = api(client, "country=MG&period=2026-Q1")
        return (country is None, quarter is None, country == quarter)

    assert seen(with_target=True) == seen(with_target=False)


def test_a_cell_too_close_to_the_whole_takes_its_parts_along(client, settings):
    """Outlier AI is three reports short of the whole: it is withheld, and
    so are its countries, which would add up to it."""
    settings.K_ANONYMITY = 5
    rng = np.random.default_rng(12)
    for number in range(10):
        report(rng, number, country="KE")
        report(rng, 20 + number, country="PH")
    for number in range(3):
        report(rng, 40 + number, country="UG", platform=platform("sama"))
    release()

    assert api(client, "platform=outlier-ai") is None
    assert api(client, "platform=outlier-ai&country=KE") is None
    assert api(client, "platform=outlier-ai&country=PH") is None
    assert (
        client.get("/api/v1/stats/?platform=outlier-ai&group_by=country").json()[
            "groups"
        ]
        == []
    )


def task_type_pk(slug):
    from surveys.models import TaskType

    return str(TaskType.objects.get(slug=slug).pk)
