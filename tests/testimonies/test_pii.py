"""The personal-data scan, table-driven: what must be found, what must not."""

import pytest

from testimonies.pii import redact, scan

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
]


@pytest.mark.parametrize(("text", "kind", "part"), FOUND)
def test_personal_data_is_found(text, kind, part):
    findings = scan(text)

    assert [(f.kind, text[f.start : f.end]) for f in findings] == [(kind, part)]


@pytest.mark.parametrize("text", NOT_FOUND)
def test_figures_and_ordinary_words_are_not_flagged(text):
    assert scan(text) == []


def test_the_tables_are_big_enough():
    assert len(FOUND) >= 30
    assert len(NOT_FOUND) >= 30


def test_several_findings_come_in_reading_order_and_redact():
    text = "Mail a@b.org or call +254 712 345 678, I am @amina_k."

    findings = scan(text)

    assert [f.kind for f in findings] == ["email", "phone", "handle"]
    assert redact(text, findings) == "Mail [removed] or call [removed], I am [removed]."
