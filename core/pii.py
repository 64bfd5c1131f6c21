"""Find personal data in free text: what could identify a worker or others.

`scan(text)` returns findings (kind, start, end) for a moderator to review
and redact. It errs towards flagging, but not on the figures workers write
all the time: amounts, hours, percentages, dates and years are left alone.

A story is typed by anyone, so every pattern here must cost time in
proportion to the text, whatever it holds: each repetition is bounded or
possessive, and each pattern may only start where a run of the characters it
eats begins (a lookbehind), so no run is read again from each of its
positions. tests/testimonies/test_worst_case_time.py times the worst inputs found.
"""

import re
from bisect import bisect_left, bisect_right, insort
from dataclasses import asdict, dataclass
from functools import lru_cache
from itertools import accumulate

from babel import Locale
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import to_locale

EMAIL = "email"
URL = "url"
PHONE = "phone"
HANDLE = "handle"
IBAN = "iban"
WORKER_ID = "worker_id"
DIGITS = "digits"
NAME = "name"

DESCRIPTIONS = {
    EMAIL: _("contains an email address"),
    URL: _("contains a web address"),
    PHONE: _("contains a phone number"),
    HANDLE: _("contains a social media handle"),
    IBAN: _("contains a bank account number (IBAN)"),
    WORKER_ID: _("contains what looks like a worker or account ID"),
    DIGITS: _("contains a long number (an ID or account?)"),
    NAME: _("may contain a person's name"),
}

# A name is too often a false alarm (a place, a product, a heading) to be
# removed unseen: the moderator is shown it and decides.
LEFT_TO_THE_MODERATOR = {NAME}

# Standards, vulnerabilities and products numbered like worker IDs.
_NOT_WORKER_ID_PREFIXES = (
    "ISO|IEC|EN|RFC|CVE|CWE|ISBN|ISSN|SHA|GPT|IEEE|NIST|ECMA|ANSI|DIN"
)

# In priority order: where two patterns overlap, the earlier kind wins.
PATTERNS = [
    (
        EMAIL,
        re.compile(
            # At most 64 characters before the @ and 63 per domain label, as
            # the standards allow; started only where such a run begins.
            r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}+(?:\.[\w-]{1,63}+){0,10}"
            r"\.[A-Za-z]{2,63}"
        ),
    ),
    (
        URL,
        re.compile(
            r"\b(?:https?://|www\.)[^\s<>\"']++"
            r"|\b(?<![\w.-])[\w-]{1,63}+(?:\.[\w-]{1,63}+){0,10}"
            r"\.(?:com|org|net|io|ai|co|me|ly|app|info|biz"
            r"|ke|ph|ng|in|gh|ug|za|eg|mg|br|mx|ar|co\.uk)"
            r"(?:/[^\s<>\"']{0,2000})?\b",
            re.IGNORECASE,
        ),
    ),
    (
        IBAN,
        re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,4})?\b"),
    ),
    # Amazon Mechanical Turk worker IDs (A + 12 or 13 capitals and digits)
    # and similar platform IDs: capitals and digits mixed, 10 to 20.
    (
        WORKER_ID,
        re.compile(r"\b(?=[A-Z0-9]{0,19}\d)(?=[A-Z0-9]{0,19}[A-Z])[A-Z0-9]{10,20}\b"),
    ),
    # Hyphenated IDs: RT-4483921, WRK-00123-KE. Five digits or more, so that
    # COVID-19, GPT-4 or RTX-3090 are not taken for one.
    (
        WORKER_ID,
        re.compile(
            rf"(?<![\w-])(?!(?:{_NOT_WORKER_ID_PREFIXES})-)"
            r"[A-Z]{1,6}-(?:[A-Z]{1,6}-)?\d{5,12}(?:-[A-Z0-9]{1,6})?(?![\w-])"
        ),
    ),
    (
        PHONE,
        re.compile(
            r"(?<![\w+])\+\d{1,3}(?:[\s.-]?\(?\d{1,4}\)?){2,5}\d"
            r"|(?<![\w.,])0\d{2,4}[\s.-]?\d{3}[\s.-]?\d{3,4}(?![\w.,]{0,64}\d)"
            r"|\(\d{3}\)\s?\d{3}[\s.-]\d{4}\b"
        ),
    ),
    (HANDLE, re.compile(r"(?<![\w@.])@[A-Za-z0-9_][A-Za-z0-9_.]{1,29}\b")),
    # Started only at the first digit of a run of digits and single spaces or
    # hyphens, and read to its end without giving back: "1 1 1 … 1.5" would
    # otherwise be read again from each of its digits.
    (
        DIGITS,
        re.compile(r"(?<![\d.,])(?<!\d[ -])\d(?:[ -]?\d){7,}+(?![\d.,]?\d)"),
    ),
]

# Spans that look like long numbers but are figures, not identifiers.
_NOT_IDENTIFIERS = [
    re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),  # ISO dates
    re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b"),  # 15/03/2024
    re.compile(
        r"\b\d{1,3}(?:[ ,.\u00a0]\d{3})+(?:[.,]\d{1,2})?\b"
    ),  # 1 200 000, 1,200.50
]


# Possible names: two or more capitalised words in a row ("John Kamau"),
# which may be joined by particles ("Juan dela Cruz"). Capitalised words that
# are not names are common: a sentence's first word, months and days,
# platforms, places, words of a title. These are never part of a name.
_NAME_PARTICLES = frozenset(
    [
        "al", "bin", "binti", "bint", "da", "das", "de", "del", "dela", "della",
        "der", "des", "di", "dos", "du", "el", "ibn", "la", "le", "van", "von",
        "wa", "y",
    ]
)  # fmt: skip
_NOT_NAME_WORDS = frozenset(
    """
    a about after again against all also although always am an and another any
    anyone anything are as at back be because been before being both but by can
    could day days did do does doing done during each either even ever every
    everyone everything few first for from further get got had has have having
    he hello her here hers herself hi him himself his how however i if in into
    is it its itself just last later least less let like many may maybe me might
    more most much must my myself never next no nobody none nor not nothing now
    of off often on once one only or other others our ours ourselves out over
    own please same she should since so some someone something sometimes soon
    still such than thank thanks that the their theirs them themselves then
    there these they this those though through thus to today together tomorrow
    too under until up upon us very was we well were what whatever when where
    whether which while who whom whose why will with within without would yes
    yesterday yet you your yours yourself
    dear mr mrs ms miss dr sir madam mister madame monsieur señor señora bwana
    mama baba
    january february march april may june july august september october
    november december monday tuesday wednesday thursday friday saturday sunday
    janvier février mars avril mai juin juillet août septembre octobre novembre
    décembre lundi mardi mercredi jeudi vendredi samedi dimanche
    enero febrero marzo abril mayo junio julio agosto septiembre octubre
    noviembre diciembre lunes martes miércoles jueves viernes sábado domingo
    januari februari machi aprili mei juni julai agosti septemba oktoba novemba
    desemba jumatatu jumanne jumatano alhamisi ijumaa jumamosi jumapili
    au aussi avec ce cela ces cet cette chaque comme dans donc elle elles en
    encore est et être ici il ils je la le les leur lui ma mais mes moi mon
    nous on ou où par parce pas pendant personne peut pour pourquoi quand que
    quel quelle qui sans ses si son sont sur toujours tous tout toute très tu
    un une vous ça merci bonjour hier demain aujourd'hui puis alors après avant
    al algo aquí así cada como con cuando de del desde después donde durante él
    ella ellas ellos en entonces era es esa ese eso esta este esto estos hay
    hoy las lo los mañana más me mi mis muy nada ni no nos nosotros nuestro o
    otra otro para pero poco por porque pues que qué quien se sí sin sobre su
    sus también te tengo todo todos tu tú un una uno usted ustedes y ya yo
    gracias hola ayer
    baada bado basi bila hapa hata hii hizi huyu ili kabla kama kila kisha kwa
    kwamba lakini leo mimi na naye ndiyo ni nini sasa sisi tena wao wakati
    wewe yeye zaidi asante habari jana kesho
    ai account accounts admin boss client clients company contract data
    dashboard email english french friday group help hour hours human job jobs
    labeller labellers lead manager managers model models pay payment payments
    platform platforms project projects quality rater raters review reviewer
    reviewers spanish support swahili task tasks team worker workers work
    unpaid paid rate rates story terms conditions service policy
    north south east west new united states kingdom republic saint san santa
    city county street road avenue university college school bank
    amazon mechanical turk scale remote remotasks outlier dataannotation
    handshake toloka mindrift appen telus digital clickworker prolific sama
    alignerr labelbox upwork fiverr google meta facebook whatsapp telegram
    twitter instagram tiktok linkedin youtube microsoft openai anthropic
    paypal payoneer wise mpesa m-pesa safaricom equity gcash slack discord
    zoom teams chatgpt gemini claude
    annotation annotator annotators specialist analyst engineer writer expert
    trainer tutor assistant coordinator operations officer customer tech
    docs sheets forms office
    """.split()  # noqa: SIM905
)


@lru_cache(maxsize=1)
def _place_words():
    """Words of country names in the site's languages: "South Africa",
    "Arábia Saudita", "Uni Emirat Arab"."""
    words = set()
    for code, _name in settings.LANGUAGES:
        for name in Locale.parse(to_locale(code)).territories.values():
            words.update(word.lower() for word in _WORD.findall(name))
    return frozenset(words)


# A word, with inner apostrophes or hyphens: O'Brien, Jean-Pierre.
_WORD = re.compile(r"[^\W\d_]++(?:['’-][^\W\d_]++)*+")
_LINE = re.compile(r"[^\n]++")


def _is_capitalised(word):
    """Kamau, McDonald, Jean-Pierre; not KES, not i, not kamau."""
    # One letter is all capitals: "I", the "A" of a list, are no names.
    return word[0].isupper() and not word.isupper()


def _is_heading(words, not_names):
    """A title in Title Case, where capitals say nothing: Life Under Constant
    Surveillance. Some long word is an ordinary word, and all are capitalised."""
    long_words = [word for word in words if len(word) >= 4]
    return (
        len(words) >= 4
        and all(_is_capitalised(word) for word in long_words)
        and any(word.lower() in not_names for word in long_words)
    )


def _name_runs(line, words, not_names):
    """Runs of two or more name-like words joined by single spaces, maybe
    with particles between them, as (first word, last word) matches."""
    runs, run, particles, previous_end = [], [], 0, None
    for match in words:
        word = match.group()
        joined = previous_end is not None and line[previous_end : match.start()] in (
            " ",
            "\u00a0",
        )
        previous_end = match.end()
        # `particles` counts only inside a run, and a run's first word sets
        # it: an emptied run leaves it as it is.
        if not joined:
            runs.append(run)
            run = []
        if run and word in _NAME_PARTICLES and particles < 2:
            particles += 1
        elif _is_capitalised(word) and word.lower() not in not_names:
            run.append(match)
            particles = 0
        else:
            runs.append(run)
            run = []
    runs.append(run)
    return [(run[0], run[-1]) for run in runs if len(run) >= 2]


def _name_spans(text, not_names):
    """Spans of possible names, line by line, in one pass over the words."""
    not_names = _NOT_NAME_WORDS | _place_words() | not_names
    spans = []
    for line in _LINE.finditer(text):
        words = list(_WORD.finditer(line.group()))
        if _is_heading([match.group() for match in words], not_names):
            continue
        for first, last in _name_runs(line.group(), words, not_names):
            spans.append((line.start() + first.start(), line.start() + last.end()))
    return spans


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int

    def as_dict(self):
        return asdict(self)


class _Figures:
    """The figure spans, asked in O(log n) whether one holds a given span."""

    def __init__(self, text):
        spans = sorted(
            match.span()
            for pattern in _NOT_IDENTIFIERS
            for match in pattern.finditer(text)
        )
        self.starts = [start for start, _end in spans]
        # The furthest end among the figures starting at or before each one.
        self.furthest_ends = list(accumulate((end for _start, end in spans), max))

    def hold(self, span):
        start, end = span
        before = bisect_right(self.starts, start)
        return before > 0 and self.furthest_ends[before - 1] >= end


class _Taken:
    """Spans already found, which never overlap: kept sorted, so both ends are."""

    def __init__(self):
        self.starts, self.ends = [], []

    def overlaps(self, span):
        start, end = span
        before = bisect_left(self.starts, end)
        return before > 0 and self.ends[before - 1] > start

    def add(self, span):
        insort(self.starts, span[0])
        insort(self.ends, span[1])


def scan(text, not_names=()):
    """Personal data found in `text`, in reading order.

    `not_names`: names known not to be people's, such as the platforms',
    whose words are never taken for part of a person's name.
    """
    figures = _Figures(text)
    taken = _Taken()
    findings = []

    def keep(kind, span):
        if kind in (DIGITS, PHONE) and figures.hold(span):
            return
        if taken.overlaps(span):
            return
        findings.append(Finding(kind, *span))
        taken.add(span)

    for kind, pattern in PATTERNS:
        for match in pattern.finditer(text):
            keep(kind, match.span())
    known = frozenset(
        word.lower() for name in not_names for word in _WORD.findall(str(name))
    )
    for span in _name_spans(text, known):
        keep(NAME, span)
    return sorted(findings, key=lambda finding: finding.start)


def redact(text, findings, replacement="[removed]"):
    """The text with every finding replaced, for a moderator to start from.

    Possible names are left in place: the moderator decides.
    """
    pieces, position = [], 0
    for finding in sorted(findings, key=lambda f: f.start):
        if finding.kind in LEFT_TO_THE_MODERATOR:
            continue
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


def scan_fields(entry, fields, not_names=()):
    """The findings in each of `entry`'s text `fields`, as an entry keeps
    them in its pii_findings: a dict per finding, with its field's name."""
    return [
        {"field": field, **finding.as_dict()}
        for field in fields
        for finding in scan(getattr(entry, field), not_names=not_names)
    ]
