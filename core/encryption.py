"""Free text encrypted at rest, with a key kept outside the database.

Stories, incident accounts and project codenames are what a worker wrote
in their own words, the most identifying things the site holds. They are stored encrypted with
Fernet (the `cryptography` package: AES-128-CBC with an HMAC-SHA256), under
keys from the TEXT_ENCRYPTION_KEYS environment variable (by default keys
derived from SECRET_KEY and SECRET_KEY_FALLBACKS). The database, its dead
rows, its write-ahead log and its backups hold only ciphertext: a withdrawn
story whose row is gone cannot be read back from them without the key.

Keys rotate without downtime: put a new key first in TEXT_ENCRYPTION_KEYS
(new text is encrypted with it, older text still decrypts with the others),
run `manage.py rotate_text_key` to re-encrypt every stored text with it,
then remove the old key — from then on, old backups cannot be read.
"""

import base64
import contextlib
import contextvars
import functools

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django import forms
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

# Every Fernet token starts so (its version byte, 0x80, in base64).
TOKEN_PREFIX = "gAAAAA"


@functools.cache
def derived_key(secret):
    """A Fernet key derived from a secret (SECRET_KEY, by default)."""
    material = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=b"groundtruth.text-encryption",
        info=b"fernet",
    ).derive(secret.encode())
    return base64.urlsafe_b64encode(material)


@functools.cache
def _fernet(keys):
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as error:
        raise ImproperlyConfigured(
            "TEXT_ENCRYPTION_KEYS holds a key that is not a Fernet key (32 bytes, "
            "URL-safe base64: `python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())'`)."
        ) from error


def fernet():
    keys = tuple(settings.TEXT_ENCRYPTION_KEYS) or tuple(
        # Derived keys follow a SECRET_KEY rotation: the old key, kept in
        # SECRET_KEY_FALLBACKS, still decrypts until rotate_text_key has run.
        derived_key(secret)
        for secret in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    )
    return _fernet(keys)


def encrypt(text):
    if not text:
        return text
    return fernet().encrypt(text.encode()).decode()


def decrypt(token):
    if not token:
        return token
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise ImproperlyConfigured(
            "Stored text could not be decrypted: TEXT_ENCRYPTION_KEYS does not hold "
            "the key it was encrypted with (README, Configuration)."
        ) from None


def rotate(token):
    """The same text encrypted with the first key."""
    if not token:
        return token
    return fernet().rotate(token.encode()).decode()


def encrypt_if_plain(value):
    return value if value.startswith(TOKEN_PREFIX) else encrypt(value)


def decrypt_if_token(value):
    return decrypt(value) if value.startswith(TOKEN_PREFIX) else value


def rewrite_stored_text(connection, table, columns, change):
    """Apply `change` to every non-empty value of `columns` in `table`.

    In plain SQL, not through a model: migrations' historical models would
    decrypt what they read, and saving would touch `changed_on`, which
    counts for retention. A row is rewritten only if it still holds what
    was read: an edit saved meanwhile (already under the first key) wins
    and nothing is locked. Returns how many rows were rewritten.
    """
    quote = connection.ops.quote_name
    selected = ", ".join(quote(column) for column in columns)
    assignments = ", ".join(f"{quote(column)} = %s" for column in columns)
    unchanged = " AND ".join(f"{quote(column)} = %s" for column in columns)
    not_empty = " OR ".join(f"{quote(column)} <> ''" for column in columns)
    rewritten = 0
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, {selected} FROM {quote(table)} WHERE {not_empty}")
        rows = cursor.fetchall()
        for row_id, *values in rows:
            cursor.execute(
                f"UPDATE {quote(table)} SET {assignments} "
                f"WHERE id = %s AND {unchanged}",
                [
                    *(change(value) if value else value for value in values),
                    row_id,
                    *values,
                ],
            )
            rewritten += cursor.rowcount
    return rewritten


def encrypted_columns():
    """Every (model, columns) whose free text is encrypted at rest."""
    from django.apps import apps

    for model in apps.get_models():
        columns = [
            field.column
            for field in model._meta.concrete_fields
            if isinstance(field, EncryptedTextField)
        ]
        if columns:
            yield model, columns


_loading_backup = contextvars.ContextVar("loading_backup", default=False)


@contextlib.contextmanager
def loading_backup():
    """While `restore` loads a backup, its tokens are turned back into text
    (and must open with the configured keys). Never otherwise: a form
    cleans its fields with `to_python` too, and text someone types is never
    decrypted — else anyone holding a stolen token could post it as their
    own story and read the victim's words on their receipt page."""
    reset = _loading_backup.set(True)
    try:
        yield
    finally:
        _loading_backup.reset(reset)


class EncryptedTextField(models.TextField):
    """Text kept as a Fernet token in the database, plain in Python.

    Backups (`dumpdata`) write the token, not the text; `restore` takes the
    token back (`loading_backup`). Such a field cannot be searched in SQL:
    search happens after decrypting (testimonies.models).
    """

    def from_db_value(self, value, expression, connection):
        return decrypt(value)

    def get_prep_value(self, value):
        return encrypt(super().get_prep_value(value))

    def to_python(self, value):
        value = super().to_python(value)
        if _loading_backup.get() and value:
            # Backups made before encryption hold the plain text.
            return decrypt_if_token(value)
        return value

    def value_to_string(self, obj):
        return encrypt(self.value_from_object(obj))

    def formfield(self, **kwargs):
        # A short text (a title) is still typed on one line.
        if self.max_length and self.max_length <= 255:
            kwargs.setdefault("widget", forms.TextInput)
        return super().formfield(**kwargs)
