"""Ship the platforms, task types and working conditions.

Names are English source strings wrapped in gettext_noop, so makemessages
puts them in the catalogs and the site shows them translated.
"""

from django.db import migrations
from django.utils.translation import gettext_noop as _

PLATFORMS = [
    # (slug, name, parent company)
    ("outlier-ai", "Outlier AI", "Scale AI"),
    ("scale-ai-remotasks", "Scale AI / Remotasks", "Scale AI"),
    ("dataannotation", "DataAnnotation", ""),
    ("handshake-ai", "Handshake AI", "Handshake"),
    ("toloka", "Toloka", ""),
    ("mindrift", "Mindrift", "Toloka"),
    ("appen", "Appen", ""),
    ("telus-digital-ai", "TELUS Digital AI", "TELUS Digital"),
    ("clickworker", "Clickworker", ""),
    ("amazon-mechanical-turk", "Amazon Mechanical Turk", "Amazon"),
    ("prolific", "Prolific", ""),
    ("sama", "Sama", ""),
    ("alignerr", "Alignerr", "Labelbox"),
    ("direct-ai-lab", _("Direct contract with an AI lab"), ""),
    ("other", _("Other platform (type its name)"), ""),
]

TASK_TYPES = [
    ("image-video-labelling", _("Image or video labelling")),
    ("text-annotation", _("Text annotation and checking")),
    ("response-rating", _("Rating and ranking answers (RLHF)")),
    ("prompt-writing", _("Writing prompts and answers")),
    ("content-moderation", _("Content moderation")),
    ("audio-transcription", _("Audio transcription")),
    ("translation", _("Translation")),
    ("data-creation", _("Data creation (photos, videos or voice of yourself)")),
    ("red-teaming", _("Safety testing and red-teaming")),
    ("expert-review", _("Expert review (science, code, law, medicine)")),
    ("other", _("Other work")),
]

CONDITIONS = [
    ("keystroke_monitoring", _("Keystroke or screen monitoring")),
    ("disturbing_content", _("Exposure to violent or disturbing content")),
    ("psychological_support", _("Psychological support offered")),
    ("health_insurance", _("Health insurance")),
    ("paid_leave", _("Paid leave")),
    ("unpaid_training", _("Unpaid training or qualification tests")),
    ("rejected_without_pay", _("Work rejected without pay")),
    ("late_payment", _("Payment late or withheld")),
    ("deactivated", _("Account deactivated without explanation")),
    ("unpredictable_work", _("Unpredictable availability of work")),
    (
        "confidentiality_agreement",
        _("A confidentiality agreement that stops you speaking about the work"),
    ),
]


def add_reference_names(apps, schema_editor):
    Platform = apps.get_model("surveys", "Platform")
    TaskType = apps.get_model("surveys", "TaskType")
    Condition = apps.get_model("surveys", "Condition")
    for position, (slug, name, parent) in enumerate(PLATFORMS):
        Platform.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "parent_company": parent, "position": position},
        )
    for position, (slug, name) in enumerate(TASK_TYPES):
        TaskType.objects.update_or_create(
            slug=slug, defaults={"name": name, "position": position}
        )
    for position, (slug, name) in enumerate(CONDITIONS):
        Condition.objects.update_or_create(
            slug=slug, defaults={"name": name, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial")]

    operations = [
        migrations.RunPython(add_reference_names, migrations.RunPython.noop),
    ]
