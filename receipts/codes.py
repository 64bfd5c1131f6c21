"""Receipt codes, their keyed hashes, and one-time form tokens.

A receipt code is the only link between a worker and what they sent. It is
shown once and never stored: the database keeps an HMAC of it, keyed with a
secret the database does not hold, so a stolen dump cannot be searched for
a code nor a code derived from it. Spent form tokens are kept as keyed
hashes with their day, and deleted by retention after two days. Rate limits
are core.ratelimit's.

The models are imported inside the functions: receipts.models itself uses
the receipt codes above.
"""

import re
import secrets

from django.conf import settings
from django.utils.crypto import salted_hmac

from core.ratelimit import hashed

# Crockford's base 32: no I, L, O or U, so a code read aloud or copied by
# hand is hard to get wrong. 12 symbols of 5 bits make 60 bits.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_GROUPS = 3
CODE_GROUP_LENGTH = 4
CODE_PREFIX = "GT"
_CODE_LENGTH = CODE_GROUPS * CODE_GROUP_LENGTH
# Letters people type for digits they read, and lower case.
_READING_FIXES = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_receipt_code():
    """A fresh code such as GT-7K3Q-9XPA-M2VD (60 random bits)."""
    symbols = "".join(secrets.choice(CODE_ALPHABET) for _ in range(_CODE_LENGTH))
    groups = [
        symbols[i : i + CODE_GROUP_LENGTH]
        for i in range(0, _CODE_LENGTH, CODE_GROUP_LENGTH)
    ]
    return "-".join([CODE_PREFIX, *groups])


def normalize_receipt_code(text):
    """The code's 12 symbols, whatever the spacing, dashes, case or prefix typed."""
    cleaned = re.sub(r"[\s\-_.]", "", str(text or "")).upper()
    if cleaned.startswith(CODE_PREFIX) and len(cleaned) == _CODE_LENGTH + 2:
        cleaned = cleaned[len(CODE_PREFIX) :]
    return cleaned.translate(_READING_FIXES)


def is_receipt_code(text):
    symbols = normalize_receipt_code(text)
    return len(symbols) == _CODE_LENGTH and all(s in CODE_ALPHABET for s in symbols)


def receipt_hash(code):
    """The keyed hash stored in place of a receipt code."""
    return salted_hmac(
        "groundtruth.receipt",
        normalize_receipt_code(code),
        secret=settings.RECEIPT_SECRET,
        algorithm="sha256",
    ).hexdigest()


def new_form_token():
    """A one-time token for one rendering of a form, against double sending."""
    return secrets.token_urlsafe(16)


def spend_form_token(token):
    """Mark a form's token spent; False if it already was.

    Call it inside the transaction that saves the entry: if that fails,
    the token is not spent, and the form can be sent again. Only a keyed
    hash of the token is kept.
    """
    if not token:
        return True
    from django.db import IntegrityError, transaction

    from receipts.models import SpentFormToken

    try:
        with transaction.atomic():
            SpentFormToken.objects.create(token_hash=hashed("form-token", token))
    except IntegrityError:
        return False
    return True
