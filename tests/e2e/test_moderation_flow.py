"""A moderator logs in with a TOTP code, redacts and approves a story,
approves a report, and both reach the public."""

from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from moderation.models import Status
from surveys.models import Platform, Report
from tests.conftest import make_moderator, totp_token
from tests.helpers import days_ago, make_report, make_story, published_cell

PHONE = "+254 712 345 678"
STORY = (
    "We label images for a car company, ten hours a day, watched by software "
    f"that takes screenshots. My supervisor said to call him on {PHONE}."
)


def test_moderator_redacts_and_approves_then_the_public_sees_it(phone, settings):
    settings.K_ANONYMITY = 2
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    moderator = make_moderator(name="amina")
    device = TOTPDevice.objects.get(user=moderator)
    story = make_story(text=STORY, wants_to_review_edits=False)
    story.pii_findings = [
        {
            "field": "text",
            "kind": "phone",
            "start": STORY.index(PHONE),
            "end": STORY.index(PHONE) + len(PHONE),
        }
    ]
    story.save()
    sama = str(Platform.objects.get(slug="sama").pk)
    for number in range(24):
        make_report(
            pay_amount=str(3 + number % 5),
            unpaid_hours_per_week="0",
            status=Status.APPROVED,
            submitted_on=days_ago(number + 1),
        )
        # Elsewhere too: a platform holding every report is published as the whole.
        make_report(
            platform=sama, status=Status.APPROVED, submitted_on=days_ago(number)
        )
    report = make_report(pay_amount="6", unpaid_hours_per_week="0", country="UG")

    phone.goto("/moderate/")
    phone.locator("#id_username").fill("amina")
    phone.locator("#id_password").fill("a long test password 91")
    phone.get_by_role("button", name="Log in").click()
    phone.locator("#id_token").fill(f"{totp_token(device):06d}")
    phone.get_by_role("button", name="Continue").click()
    phone.get_by_role("heading", name="Moderation", exact=True).wait_for()

    phone.goto(f"/moderate/stories/{story.pk}/")
    assert phone.locator("mark.pii").inner_text() == PHONE
    copy = phone.locator("#id_published_text")
    assert "[removed]" in copy.input_value()
    copy.fill(copy.input_value().replace("for a car company", "for a client"))
    phone.get_by_label("Violence").check()
    phone.get_by_role("button", name="Approve this copy").click()
    phone.get_by_text(f"Story #{story.pk} approved").wait_for()

    phone.goto(f"/moderate/reports/{report.pk}/")
    phone.get_by_role("button", name="Approve", exact=True).click()
    phone.get_by_text(f"Report #{report.pk} approved.").wait_for()
    assert Report.objects.get(pk=report.pk).status == Status.APPROVED
    # Approved reports reach the figures at the next release (cron's job).
    call_command("release_stats")

    phone.goto("/stories/")
    phone.get_by_text("Content warning: Violence.").click()
    published = phone.locator(".story-text").inner_text()
    assert "for a client" in published
    assert PHONE not in phone.content()

    # A worker reporting now is compared with the published median.
    phone.goto("/report/")
    phone.locator("#id_platform").select_option(label="Outlier AI")
    phone.locator("#id_country").select_option("GH")
    phone.locator("#id_task_type").select_option(index=1)
    phone.get_by_role("button", name="Continue").click()
    phone.locator("#id_pay_amount").fill("5")
    phone.locator("#id_currency").select_option("USD")
    phone.get_by_role("radio", name="per hour").check()
    phone.get_by_role("button", name="Continue").click()
    phone.locator("#id_paid_hours_per_week").fill("20")
    phone.get_by_label("Employee").check()
    phone.get_by_role("button", name="Continue").click()
    phone.get_by_role("button", name="Continue").click()
    phone.get_by_role("button", name="Send my report").click()
    published = published_cell(platform="outlier-ai")
    phone.get_by_text(
        f"Compared with the published figures for Outlier AI, all countries: about "
        f"{published['n']} approved reports. Their median effective pay: "
        f"{published['effective_hourly_usd']['median']:.2f} USD an hour."
    ).wait_for()
    assert published["n"] in range(23, 28)  # 25 approved, each count moved by 2 at most
