"""Every field of every entry form is on its page.

A field listed in a form but left out of its template is never sent, so the
form saves its empty value without anyone noticing: that is how the author's
sign-off on a moderator's edits was lost. This renders each entry form's page
and compares the form's fields with the names of the inputs on the page.
"""

import pytest

from receipts.models import Receipt
from tests.helpers import make_incident, make_report, make_story, parse_html

pytestmark = pytest.mark.django_db


def rendered_names(response):
    return {
        attrs["name"]
        for tag, attrs in parse_html(response.content)
        if tag in ("input", "select", "textarea") and attrs.get("name")
    }


# Each entry form's pages: a new entry's (GET), and the pages under a
# receipt code (POST with the code) that open an entry of that kind.
NEW_PAGES = ["/report/", "/stories/new/", "/incident/new/"]
RECEIPT_PAGES = [
    (make_report, "/receipt/reports/{pk}/edit/"),
    (make_story, "/receipt/stories/{pk}/edit/"),
    (make_incident, "/receipt/incidents/{pk}/edit/"),
    (make_incident, "/receipt/incidents/{pk}/outcome/"),
]


def assert_every_field_rendered(response):
    assert response.status_code == 200
    form = response.context["form"]
    expected = {form[name].html_name for name in form.fields}
    assert expected - rendered_names(response) == set()


@pytest.mark.parametrize("path", NEW_PAGES)
def test_every_field_of_a_new_entry_form_is_on_its_page(client, path):
    assert_every_field_rendered(client.get(path))


@pytest.mark.parametrize(("make_entry", "path"), RECEIPT_PAGES)
def test_every_field_of_a_form_under_the_receipt_is_on_its_page(
    client, make_entry, path
):
    receipt, code = Receipt.objects.issue()
    entry = make_entry(receipt=receipt)

    response = client.post(path.format(pk=entry.pk), {"code": code})

    assert_every_field_rendered(response)
