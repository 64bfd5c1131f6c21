"""A receipt with one approved report, and its code: what the tests of the
receipt pages and of the receipt session start from."""

import pytest

from moderation.models import Status
from receipts.models import Receipt
from tests.helpers import make_report


@pytest.fixture
def receipt_and_code():
    return Receipt.objects.issue()


@pytest.fixture
def report(receipt_and_code):
    receipt, _code = receipt_and_code
    return make_report(receipt=receipt, pay_amount="3.10", status=Status.APPROVED)


@pytest.fixture
def code(receipt_and_code):
    return receipt_and_code[1]
