"""What a worker can do next about each kind of harm: what to keep as
evidence and how to appeal, written generally (no legal advice by country).

The words live here rather than in a template per kind so that each kind of
incidents.models.Kind has exactly one entry, which a test checks.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from incidents.models import Kind


@dataclass(frozen=True)
class Harm:
    kind: str
    evidence: tuple
    appeal: tuple

    @property
    def title(self):
        return Kind(self.kind).label


# Evidence that helps with every kind of harm, listed first on each page.
KEEP_ALWAYS = (
    _("Screenshots of your dashboard, with the date visible."),
    _("The emails and messages the platform sent you, and your replies."),
    _("Your own notes: the dates, the hours you worked, the task or project names."),
)

HARMS = (
    Harm(
        Kind.NOT_PAID,
        evidence=(
            _("The list of tasks you finished and when, or the hours logged."),
            _("The pay rate you were shown before you started (a screenshot)."),
        ),
        appeal=(
            _(
                "Write to support and ask for the payment, with the dates and "
                "the amount. Keep a copy."
            ),
            _("If there is no answer, write again, and ask for a ticket number."),
            _("Ask which rule the work broke, if they say it does not count."),
        ),
    ),
    Harm(
        Kind.LATE,
        evidence=(_("The payment date you were promised, and your payment history."),),
        appeal=(
            _("Ask support when the payment will arrive, and keep the answer."),
            _(
                "Ask your payment service (bank, mobile money, PayPal) whether a "
                "payment was sent and held."
            ),
        ),
    ),
    Harm(
        Kind.WITHHELD,
        evidence=(
            _(
                "Your payment history before and after the money was withheld "
                "or taken back."
            ),
            _("The reason they gave, in their own words."),
        ),
        appeal=(
            _("Ask in writing for the reason and for the tasks it concerns."),
            _("Ask for the work to be reviewed again by a person."),
        ),
    ),
    Harm(
        Kind.DEACTIVATED,
        evidence=(
            _(
                "Save what you can see before you lose access: pay history, "
                "finished tasks, messages. After the account is closed it may "
                "be too late."
            ),
            _("The message that told you the account was closed."),
        ),
        appeal=(
            _(
                "Use the platform's appeal form, if there is one, and keep a copy "
                "of what you sent."
            ),
            _(
                "Ask for the reason, and for the money you earned before the "
                "account was closed."
            ),
        ),
    ),
    Harm(
        Kind.REMOVED,
        evidence=(
            _("Your complaint, and the date you made it."),
            _("The date you were removed from the chat, the team or support."),
        ),
        appeal=(
            _("Ask in writing why you were removed, and who decided it."),
            _("Tell others you trust what happened: you may not be the only one."),
        ),
    ),
    Harm(
        Kind.UNPAID_ASSESSMENT,
        evidence=(
            _("How long the test or training was announced to take."),
            _("How long it really took you (your own notes are evidence too)."),
        ),
        appeal=(_("Ask to be paid for the time beyond what was announced."),),
    ),
    Harm(
        Kind.OTHER,
        evidence=(),
        appeal=(
            _(
                "Write to support, say what happened and what you ask for, and "
                "keep a copy."
            ),
        ),
    ),
)


def all_harms():
    return HARMS


def for_kind(kind):
    """The page of one kind of harm, or None for a kind that does not exist."""
    return next((harm for harm in HARMS if harm.kind == kind), None)
