"""The release feed's lines of changes."""

from decimal import Decimal

from stats.feeds import change_lines


def test_change_lines_all_platforms_first_then_by_name_as_read():
    names = {"": "", "zeta": "Zeta", "appen": "appen", "etiq": "Étiquette"}
    after = {slug: (6, Decimal("2.5")) for slug in names}

    lines = change_lines(None, after, names.get)

    # By letter, case and accents aside: not Zeta before appen, nor É after Z.
    assert [line.split(":")[0] for line in lines] == [
        "All platforms",
        "appen",
        "Étiquette",
        "Zeta",
    ]
