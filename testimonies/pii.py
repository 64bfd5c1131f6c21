"""Find personal data in free text: what could identify a worker or others.

`scan(text)` returns findings (kind, start, end) for a moderator to review
and redact. It errs towards flagging, but not on the figures workers write
all the time: amounts, hours, percentages, dates and years are left alone.
"""

import re
from dataclasses import asdict, dataclass

from django.utils.translation import gettext_lazy as _

EMAIL = "email"
URL = "url"
PHONE = "phone"
HANDLE = "handle"
IBAN = "iban"
WORKER_ID = "worker_id"
DIGITS = "digits"

DESCRIPTIONS = {
    EMAIL: _("contains an email address"),
    URL: _("contains a web address"),
    PHONE: _("contains a phone number"),
    HANDLE: _("contains a social media handle"),
    IBAN: _("contains a bank account number (IBAN)"),
    WORKER_ID: _("contains what looks like a worker or account ID"),
    DIGITS: _("contains a long number (an ID or account?)"),
}

# In priority order: where two patterns overlap, the earlier kind wins.
PATTERNS = [
    (EMAIL, re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")),
    (
        URL,
        re.compile(
            r"\b(?:https?://|www\.)[^\s<>\"']+"
            r"|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|io|ai|co|me|ly|app|info|biz"
            r"|ke|ph|ng|in|gh|ug|za|eg|mg|br|mx|ar|co\.uk)(?:/[^\s<>\"']*)?\b",
            re.IGNORECASE,
        ),
    ),
    (
        IBAN,
        re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,4})?\b"),
    ),
    # Amazon Mechanical Turk worker IDs (A + 12 or 13 capitals and digits)
    # and similar platform IDs: capitals and digits mixed, 10 or more.
    (WORKER_ID, re.compile(r"\b(?=[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z])[A-Z0-9]{10,20}\b")),
    (
        PHONE,
        re.compile(
            r"(?<![\w+])\+\d{1,3}(?:[\s.-]?\(?\d{1,4}\)?){2,5}\d"
            r"|(?<![\w.,])0\d{2,4}[\s.-]?\d{3}[\s.-]?\d{3,4}(?![\w.,]*\d)"
            r"|\(\d{3}\)\s?\d{3}[\s.-]\d{4}\b"
        ),
    ),
    (HANDLE, re.compile(r"(?<![\w@.])@[A-Za-z0-9_][A-Za-z0-9_.]{1,29}\b")),
    (DIGITS, re.compile(r"(?<![\d.,])\d(?:[ -]?\d){7,}(?![\d.,]?\d)")),
]

# Spans that look like long numbers but are figures, not identifiers.
_NOT_IDENTIFIERS = [
    re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),  # ISO dates
    re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b"),  # 15/03/2024
    re.compile(
        r"\b\d{1,3}(?:[ ,.\u00a0]\d{3})+(?:[.,]\d{1,2})?\b"
    ),  # 1 200 000, 1,200.50
]


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int

    def as_dict(self):
        return asdict(self)


def _figure_spans(text):
    return [
        match.span() for pattern in _NOT_IDENTIFIERS for match in pattern.finditer(text)
    ]


def _inside(span, spans):
    start, end = span
    return any(s <= start and end <= e for s, e in spans)


def _overlaps(span, taken):
    start, end = span
    return any(start < e and s < end for s, e in taken)


def scan(text):
    """Personal data found in `text`, in reading order."""
    figures = _figure_spans(text)
    findings, taken = [], []
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(text):
            span = match.span()
            if kind in (DIGITS, PHONE) and _inside(span, figures):
                continue
            if _overlaps(span, taken):
                continue
            findings.append(Finding(kind, *span))
            taken.append(span)
    return sorted(findings, key=lambda finding: finding.start)


def redact(text, findings, replacement="[removed]"):
    """The text with every finding replaced, for a moderator to start from."""
    pieces, position = [], 0
    for finding in sorted(findings, key=lambda f: f.start):
        pieces.append(text[position : finding.start])
        pieces.append(replacement)
        position = finding.end
    pieces.append(text[position:])
    return "".join(pieces)


def describe(findings):
    """What a story contains, in words, once per kind: 'contains a phone number'."""
    kinds = []
    for finding in findings:
        kind = finding["kind"] if isinstance(finding, dict) else finding.kind
        if kind not in kinds:
            kinds.append(kind)
    return [DESCRIPTIONS[kind] for kind in kinds if kind in DESCRIPTIONS]
