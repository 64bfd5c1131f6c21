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


def new_page(client, path):
    return client.get(path)


def edit_page(client, path_of):
    receipt, code = Receipt.objects.issue()
    entry = {
        "report": make_report,
        "story": make_story,
        "incident": make_incident,
    }[path_of[0]](receipt=receipt)
    return client.post(path_of[1].format(pk=entry.pk), {"code": code})


PAGES = {
    "report": lambda client: new_page(client, "/report/"),
    "story": lambda client: new_page(client, "/stories/new/"),
    "incident": lambda client: new_page(client, "/incident/new/"),
    "report edit": lambda client: edit_page(
        client, ("report", "/receipt/reports/{pk}/edit/")
    ),
    "story edit": lambda client: edit_page(
        client, ("story", "/receipt/stories/{pk}/edit/")
    ),
    "incident edit": lambda client: edit_page(
        client, ("incident", "/receipt/incidents/{pk}/edit/")
    ),
    "incident outcome": lambda client: edit_page(
        client, ("incident", "/receipt/incidents/{pk}/outcome/")
    ),
}


@pytest.mark.parametrize("page", PAGES)
def test_every_field_of_the_form_is_on_its_page(client, page):
    response = PAGES[page](client)

    assert response.status_code == 200
    form = response.context["form"]
    expected = {form[name].html_name for name in form.fields}
    assert expected - rendered_names(response) == set()
