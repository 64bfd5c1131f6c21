"""The personal-data scan, table-driven: what must be found, what must not."""

from types import SimpleNamespace

import pytest

from core.pii import DESCRIPTIONS, PATTERNS, describe, redact, scan, scan_fields

FOUND = [
    # (text, kind, the part that must be found)
    ("Write to me at amina.k@gmail.com please", "email", "amina.k@gmail.com"),
    ("my mail: j_doe+work@yahoo.co.uk.", "email", "j_doe+work@yahoo.co.uk"),
    ("contact: WANJIRU2020@outlook.com", "email", "WANJIRU2020@outlook.com"),
    ("call +254 712 345 678 after six", "phone", "+254 712 345 678"),
    ("WhatsApp +63 917 123 4567", "phone", "+63 917 123 4567"),
    ("my number is +234-803-555-0199", "phone", "+234-803-555-0199"),
    ("ring +1 (415) 555-0132 now", "phone", "+1 (415) 555-0132"),
    ("+33 6 12 34 56 78 is my phone", "phone", "+33 6 12 34 56 78"),
    ("my line 0712 345 678 is on", "phone", "0712 345 678"),
    ("text 0917-123-4567 on Viber", "phone", "0917-123-4567"),
    ("call 0803 555 0199 anytime", "phone", "0803 555 0199"),
    ("office (415) 555-0132 hours", "phone", "(415) 555-0132"),
    (
        "see https://example.com/profile/amina for more",
        "url",
        "https://example.com/profile/amina",
    ),
    ("my blog www.myblog.net is old", "url", "www.myblog.net"),
    ("find me on linkedin.com/in/amina-k", "url", "linkedin.com/in/amina-k"),
    ("I post at http://t.me/wanjiru_k too", "url", "http://t.me/wanjiru_k"),
    ("follow @wanjiru_k on X", "handle", "@wanjiru_k"),
    ("my telegram is @juan.dela.cruz", "handle", "@juan.dela.cruz"),
    ("(@labeller_ph) on TikTok", "handle", "@labeller_ph"),
    ("worker id A2BC3DEF4GH5IJ on mturk", "worker_id", "A2BC3DEF4GH5IJ"),
    ("my MTurk ID is A1B2C3D4E5F6G7", "worker_id", "A1B2C3D4E5F6G7"),
    ("Outlier ID: OUT7XK29QLM3", "worker_id", "OUT7XK29QLM3"),
    (
        "IBAN FR76 3000 6000 0112 3456 7890 189 please",
        "iban",
        "FR76 3000 6000 0112 3456 7890 189",
    ),
    ("pay to DE89370400440532013000", "iban", "DE89370400440532013000"),
    ("GB29 NWBK 6016 1331 9268 19 is mine", "iban", "GB29 NWBK 6016 1331 9268 19"),
    ("account 1234567890 at Equity", "digits", "1234567890"),
    ("M-Pesa till 123456789 thanks", "digits", "123456789"),
    ("national ID 31234567 was asked", "digits", "31234567"),
    ("card 4111 1111 1111 1111 expired", "digits", "4111 1111 1111 1111"),
    ("PayPal transaction 8AB12345CD678901E", "worker_id", "8AB12345CD678901E"),
    ("ticket 98765432 was closed", "digits", "98765432"),
    ("my Remotasks ID is RT-4483921", "worker_id", "RT-4483921"),
    ("login WRK-00123-KE was blocked", "worker_id", "WRK-00123-KE"),
    ("badge EMP-KE-004512 at the gate", "worker_id", "EMP-KE-004512"),
    ("(ID: TSK-9912345)", "worker_id", "TSK-9912345"),
    # Possible names, shown to the moderator but never removed unseen.
    ("My team lead John Kamau told us to stay quiet", "name", "John Kamau"),
    ("Mary Wanjiku Njeri was my reviewer", "name", "Mary Wanjiku Njeri"),
    ("I reported it to Juan dela Cruz in March", "name", "Juan dela Cruz"),
    ("ask Grace Achieng about it", "name", "Grace Achieng"),
    ("Then Peter Otieno left the group", "name", "Peter Otieno"),
    ("the QA lead, Fatima Bello, rejected everything", "name", "Fatima Bello"),
    ("Yesterday Amina Yusuf got banned", "name", "Amina Yusuf"),
    ("our coordinator Maria de la Cruz said no", "name", "Maria de la Cruz"),
    ("I worked with Jean-Pierre Mbeki for two years", "name", "Jean-Pierre Mbeki"),
    ("Hier, Marie Dubois m'a appelé", "name", "Marie Dubois"),
    ("Ayer Carlos Ramírez me despidió", "name", "Carlos Ramírez"),
    ("Jana Wanjiru Mwangi alinipigia simu", "name", "Wanjiru Mwangi"),
    ("it was Sean O'Brien who paid us", "name", "Sean O'Brien"),
    ("my reviewer Li Wei rejected it", "name", "Li Wei"),
    ("ask Grace\u00a0Achieng about it", "name", "Grace\u00a0Achieng"),
    # A signature in capitals is not a title: no ordinary word among them.
    ("By Mary Wanjiku Njeri", "name", "Mary Wanjiku Njeri"),
    # A title's line is passed over, not the lines after it.
    ("Life Under Constant Watch\nmy lead John Kamau called", "name", "John Kamau"),
    # Figures before a phone number do not cover it (dates, an amount, and
    # the phone's last groups, which read as a thousands figure).
    (
        "On 15/03/2024 I got 1,200.50 and on 16/03/2024 more; call 0712 345 678",
        "phone",
        "0712 345 678",
    ),
]

NOT_FOUND = [
    "I earn 15 dollars an hour",
    "They pay $0.35 per task and I do 12 tasks an hour",
    "In March 2024 I worked 70 hours a week",
    "We got 1,200 KES a day, sometimes 1 500 KES",
    "My salary was 1,250,000 UGX a month",
    "It was 12 000 000 IDR before tax",
    "The rate went from 20 CAD/h to 40 CAD/h",
    "On 2024-03-15 my account was closed",
    "On 15/03/2024 they stopped paying",
    "Payment of 3.50 USD arrived on 01.04.2025",
    "I worked from 2019 to 2023",
    "About 60% of my tasks were rejected",
    "We rated 300 answers in 8 hours",
    "The pay is 0.05 per image, 500 images a day",
    "I made 150.75 dollars that week",
    "Scale AI and Outlier AI are the same company",
    "My team lead told me not to talk about RLHF",
    "We used the HITL tool every day",
    "I was paid 86.88 PHP an hour, below the minimum",
    "Twelve hours a day, seven days a week",
    "The NDA was 14 pages long",
    "they owe me 2,450.00 USD since May",
    "45 hours paid and 15 unpaid",
    "Version 2.3.1 of the tool crashed",
    "I email support, they never answer",
    "the @ sign was broken on my keyboard",
    "We are 30 workers in the group",
    "Tasks per hour: 40; pay per task: 0.02",
    "It took 3 to 4 weeks to get paid",
    "Our shift ran 22:00 to 06:00",
    "I have done this since COVID in 2020",
    "From 15/03/2024 the pay was 12 000 000 IDR a year",
    # IDs that are standards, diseases or products, not workers.
    "The project was ISO-9001 and ISO-27001 certified",
    "COVID-19 stopped the office work",
    "We compared GPT-4 with the RTX-3090 rig",
    # Capitalised words that are not people's names.
    "Scale AI and Remote Tasks pay late",
    "I worked for Amazon Mechanical Turk in 2021",
    "In March Monday was a holiday",
    "The Pay was low",
    "We worked on Outlier AI projects",
    "Last Friday the team met",
    "Mi jefe no paga. Ayer Llovió",
    "Merci Beaucoup pour tout",
    "Life Under Constant Surveillance",
    "Working For Remote Tasks Without Pay",
    "I live in South Africa, not in Costa Rica",
    "Our Human Data team, the Quality Assurance people",
    "I use ChatGPT and Google Docs",
    "Kenya and the United Kingdom",
    "DataAnnotation Tech pays in dollars",
    "TELUS Digital AI never answered",
    "El Salvador is where I live",
    "On Handshake AI the pay is better",
    "Asante Sana. Habari Yako",
    "I am in Nairobi, Kenya",
    "Data Annotation Specialist was my title",
    "Lundi Matin, Toujours Pareil",
    "Jumatatu Asubuhi tulianza kazi",
    "Team Leads Ignore Complaints",
    "We worked in Nairobi, Mombasa and Kisumu",
    # Two people's first names, three particles apart: not one person.
    "La tarea de Rosa y la de Carmen",
]


@pytest.mark.parametrize(("text", "kind", "part"), FOUND)
def test_personal_data_is_found(text, kind, part):
    findings = scan(text)

    assert [(f.kind, text[f.start : f.end]) for f in findings] == [(kind, part)]


@pytest.mark.parametrize("text", NOT_FOUND)
def test_figures_and_ordinary_words_are_not_flagged(text):
    assert scan(text) == []


def test_every_pattern_and_kind_of_the_scan_is_exercised_by_the_table():
    # A pattern added to the scan without a row above would go untested:
    # each must be the one that finds at least one part of the table, and
    # each kind the scan can report must be reported for some row.
    unexercised = [
        (kind, pattern.pattern[:40])
        for kind, pattern in PATTERNS
        if not any(
            (match.group(), row_kind) == (part, kind)
            for text, row_kind, part in FOUND
            for match in pattern.finditer(text)
        )
    ]
    reported = {finding.kind for text, _kind, _part in FOUND for finding in scan(text)}

    assert unexercised == []
    assert reported == set(DESCRIPTIONS)


def test_several_findings_come_in_reading_order_and_redact():
    text = "Mail a@b.org or call +254 712 345 678, I am @amina_k."

    findings = scan(text)

    assert [f.kind for f in findings] == ["email", "phone", "handle"]
    assert redact(text, findings) == "Mail [removed] or call [removed], I am [removed]."


@pytest.mark.parametrize(
    ("text", "redacted"),
    [
        # A number between two addresses found before it is still found.
        (
            "Mail a@b.org, call +254 712 345 678 or mail c@d.org",
            "Mail [removed], call [removed] or mail [removed]",
        ),
        # A number typed straight after an address, without a space.
        ("mail amina.k@gmail.com0712345678 now", "mail [removed][removed] now"),
    ],
)
def test_redact_removes_findings_side_by_side(text, redacted):
    assert redact(text, scan(text)) == redacted


def test_describe_says_each_kind_once_in_reading_order():
    text = "call +254 712 345 678 or a@b.org, or +254 712 345 679"
    phone, email = "contains a phone number", "contains an email address"

    assert describe(scan(text)) == [phone, email]
    assert describe([f.as_dict() for f in scan(text)]) == [phone, email]


def test_redact_leaves_possible_names_for_the_moderator():
    text = "John Kamau said: call +254 712 345 678."

    findings = scan(text)

    assert [f.kind for f in findings] == ["name", "phone"]
    assert redact(text, findings) == "John Kamau said: call [removed]."


def test_an_entrys_fields_are_scanned_with_the_names_known_not_to_be_people():
    story = "Paid late by Kolotibablo Labs, ask Grace Achieng"
    entry = SimpleNamespace(title="Kolotibablo Labs", story=story)

    findings = scan_fields(entry, ["title", "story"], not_names=["Kolotibablo Labs"])

    grace = story.index("Grace Achieng")
    assert findings == [
        {"field": "story", "kind": "name", "start": grace, "end": len(story)}
    ]


def test_platform_names_from_the_list_are_not_taken_for_people():
    text = "I labelled for Kolotibablo Labs last year"

    assert [f.kind for f in scan(text)] == ["name"]
    assert scan(text, not_names=["Kolotibablo Labs", "Kolotibablo"]) == []
