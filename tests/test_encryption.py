"""Stories and incident accounts are encrypted at rest: the database, its
dead rows, its write-ahead log and its backups hold only ciphertext, and
the key lives outside the database."""

import io
import json
import re
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection

from core.encryption import (
    TOKEN_PREFIX,
    encrypt_if_plain,
    rewrite_stored_text,
    rotate,
)
from incidents.models import Incident
from surveys.models import Report
from testimonies.models import Testimony
from tests.helpers import make_incident, make_report, make_story, story_form_data

CODE = re.compile(r"GT-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}")
# Words that would tell a team lead who wrote the story.
STORY_WORDS = (
    "Wanjiru from the Nairobi night shift, badge 4471, was told to rate "
    "beheading videos for eight hours with no break and no counsellor."
)
INCIDENT_WORDS = "Kiprotich was cut off after asking about the May invoice"


def stored(model, pk, column):
    """What the database itself holds in `column`, read past the model."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {connection.ops.quote_name(column)} FROM {table} WHERE id = %s",
            [pk],
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_every_free_text_is_stored_as_ciphertext_and_read_back_plain():
    story = make_story(
        title=STORY_WORDS[:40], text=STORY_WORDS, published=True, published_title="T"
    )
    incident = make_incident(text=INCIDENT_WORDS)
    report = make_report(project_codename="Nightingale-4471")

    for column in ("title", "text", "published_title", "published_text"):
        value = stored(Testimony, story.pk, column)
        assert value.startswith(TOKEN_PREFIX), column
        assert "Wanjiru" not in value
        assert "4471" not in value
    assert stored(Incident, incident.pk, "text").startswith(TOKEN_PREFIX)
    assert "Kiprotich" not in stored(Incident, incident.pk, "text")

    assert Testimony.objects.get(pk=story.pk).text == STORY_WORDS
    assert Testimony.objects.get(pk=story.pk).published_title == "T"
    assert Incident.objects.get(pk=incident.pk).text == INCIDENT_WORDS
    assert stored(Report, report.pk, "project_codename").startswith(TOKEN_PREFIX)
    assert Report.objects.get(pk=report.pk).project_codename == "Nightingale-4471"


@pytest.mark.django_db
def test_the_story_form_still_types_its_title_on_one_line(client):
    page = client.get("/stories/new/").content.decode()

    assert '<input type="text" name="title"' in page
    assert 'maxlength="120"' in page


@pytest.mark.django_db
def test_a_backup_holds_ciphertext(tmp_path):
    make_story(text=STORY_WORDS)
    make_incident(text=INCIDENT_WORDS)
    path = tmp_path / "backup.json"

    call_command("backup", str(path))

    dump = path.read_text()
    assert "Wanjiru" not in dump
    assert "Kiprotich" not in dump
    [record] = [r for r in json.loads(dump) if r["model"] == "testimonies.testimony"]
    assert record["fields"]["text"].startswith(TOKEN_PREFIX)


@pytest.mark.django_db
def test_a_stolen_token_posted_as_a_story_is_never_decrypted(client):
    """The attack: someone with a copy of old table files or a backup posts
    a victim's token as their own story, hoping to read the words on their
    own receipt page."""
    victim = make_story(text=STORY_WORDS)
    stolen = stored(Testimony, victim.pk, "text")

    response = client.post("/stories/new/", story_form_data(text=stolen))

    assert response.status_code == 200
    story = Testimony.objects.exclude(pk=victim.pk).get()
    assert story.text == stolen
    assert "Wanjiru" not in response.content.decode()


@pytest.mark.django_db
def test_keys_rotate_and_the_old_key_then_reads_nothing(settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.TEXT_ENCRYPTION_KEYS = [old]
    story = make_story(text=STORY_WORDS)
    changed_on = story.changed_on
    incident = make_incident(text=INCIDENT_WORDS)

    settings.TEXT_ENCRYPTION_KEYS = [new, old]
    call_command("rotate_text_key", stdout=io.StringIO())

    settings.TEXT_ENCRYPTION_KEYS = [new]
    story = Testimony.objects.get(pk=story.pk)
    assert story.text == STORY_WORDS
    assert Incident.objects.get(pk=incident.pk).text == INCIDENT_WORDS
    # A rotation is no worker's change: retention still counts from before.
    assert story.changed_on == changed_on

    settings.TEXT_ENCRYPTION_KEYS = [old]
    with pytest.raises(ImproperlyConfigured, match="TEXT_ENCRYPTION_KEYS"):
        Testimony.objects.get(pk=story.pk)


@pytest.mark.django_db
def test_a_key_that_is_not_a_fernet_key_is_a_clear_error(settings):
    settings.TEXT_ENCRYPTION_KEYS = ["not-a-key"]

    with pytest.raises(ImproperlyConfigured, match="not a Fernet key"):
        make_story(text=STORY_WORDS)


@pytest.mark.django_db
def test_the_migration_encrypts_text_stored_before_it_once():
    story = make_story(text=STORY_WORDS)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE testimonies_testimony SET text = %s WHERE id = %s",
            [STORY_WORDS, story.pk],
        )

    rewrite_stored_text(connection, "testimonies_testimony", ["text"], encrypt_if_plain)
    once = stored(Testimony, story.pk, "text")
    rewrite_stored_text(connection, "testimonies_testimony", ["text"], encrypt_if_plain)

    assert once.startswith(TOKEN_PREFIX)
    assert stored(Testimony, story.pk, "text") == once
    assert Testimony.objects.get(pk=story.pk).text == STORY_WORDS


@pytest.mark.django_db
def test_a_rotation_never_overwrites_an_edit_saved_meanwhile():
    story = make_story(text=STORY_WORDS)
    edited = "My new words, with every name taken out of them by me."

    def rotate_while_the_author_edits(value):
        Testimony.objects.filter(pk=story.pk).update(text=edited)
        return rotate(value)

    rewritten = rewrite_stored_text(
        connection, "testimonies_testimony", ["text"], rotate_while_the_author_edits
    )

    assert rewritten == 0
    assert Testimony.objects.get(pk=story.pk).text == edited


def places_holding(needle):
    """Where the database keeps `needle` on disk: PostgreSQL's table files
    and write-ahead log after a checkpoint, or SQLite's database pages (free
    pages included; the test database lives in memory)."""
    if connection.vendor != "postgresql":
        return ["database pages"] if needle in connection.connection.serialize() else []
    with connection.cursor() as cursor:
        cursor.execute("CHECKPOINT")
        cursor.execute("SHOW data_directory")
        [data_directory] = cursor.fetchone()
    files = [path for path in Path(data_directory).rglob("*") if path.is_file()]
    assert files, f"{data_directory} could not be read"
    return [
        str(path.relative_to(data_directory))
        for path in files
        if needle in read_if_still_there(path)
    ]


def read_if_still_there(path):
    """A file's bytes; none if the server removed it since it was listed
    (it rewrites files such as pg_internal.init at any moment)."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return b""


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_withdrawn_story_leaves_no_readable_text_in_table_files_or_wal(client):
    """The attack: someone with a copy of the data directory (a disk image,
    a base backup) after a worker withdrew their story."""
    # Words of its own: other tests write plain text on purpose.
    words = (
        "Achieng, the only woman on the Kisumu queue, was paid half of what "
        "the men were paid for the same rating tasks."
    )
    response = client.post("/stories/new/", story_form_data(text=words))
    assert response.status_code == 200
    code = CODE.search(response.content.decode()).group()
    story = Testimony.objects.get()
    assert places_holding(b"Kisumu queue") == []

    withdrawn = client.post(
        f"/receipt/stories/{story.pk}/withdraw/", {"code": code, "confirm": "1"}
    )

    assert withdrawn.status_code == 200
    assert not Testimony.objects.exists()
    assert places_holding(b"Kisumu queue") == []


@pytest.mark.django_db
def test_a_new_secret_key_still_reads_text_until_rotated(settings):
    """Without TEXT_ENCRYPTION_KEYS the key comes from SECRET_KEY: changing
    it, the old one kept in SECRET_KEY_FALLBACKS, loses no story."""
    settings.TEXT_ENCRYPTION_KEYS = []
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "the old secret key", []
    story = make_story(text=STORY_WORDS)

    settings.SECRET_KEY = "the new secret key"
    settings.SECRET_KEY_FALLBACKS = ["the old secret key"]
    call_command("rotate_text_key", stdout=io.StringIO())
    settings.SECRET_KEY_FALLBACKS = []

    assert Testimony.objects.get(pk=story.pk).text == STORY_WORDS
