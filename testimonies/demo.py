"""Synthetic stories for the demonstration, never real people.

Every title and text below is invented for the demo: no real person, no
real project code name. They retell, in a worker's plain words, what the
press articles in shared/seeds report: pay per task of a few cents,
accounts closed without a reason, wages not paid, violent content watched
all day with little support, and non-disclosure agreements that keep
workers silent. They are in several of the site's languages, as workers
write them.

Most are published (approved, consent given, a moderator's copy); a few
wait for their author to accept the moderator's edits, and a few wait for
a moderator, so that the moderation queues have something to show. Each
goes through the personal data scan the form runs; then all are written at
once with bulk_create.
"""

import random
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from moderation.models import Status
from receipts.models import Receipt
from surveys.models import Platform, TaskType
from testimonies.models import ContentWarning, Testimony


@dataclass(frozen=True)
class Story:
    status: str
    language: str
    platform: str
    country: str
    task_type: str
    title: str
    text: str
    warnings: tuple = ()


PUBLISHED, AWAITING, PENDING = Status.APPROVED, Status.AWAITING_AUTHOR, Status.PENDING

STORIES = (
    Story(
        PUBLISHED, "en", "scale-ai-remotasks", "PH", "image-video-labelling",
        "Three cents a box",
        "I draw boxes around cars and people in street photos. Each image pays "
        "a few cents, and a hard one takes ten minutes. On a good day I make "
        "less than two dollars an hour. When a reviewer rejects a batch, the "
        "whole day is gone and nobody tells me why.",
    ),
    Story(
        PUBLISHED, "en", "sama", "KE", "content-moderation",
        "What I see so the feed stays clean",
        "For nine hours a day I read and label the worst things people write "
        "and film: killings, abuse, threats. We had a counsellor once a month "
        "for the whole floor. I still cannot sleep without the light on. I "
        "signed a paper saying I would not talk about the work, so I write "
        "here without my name.",
        (ContentWarning.VIOLENCE,),
    ),
    Story(
        PUBLISHED, "en", "outlier-ai", "CA", "response-rating",
        "Deactivated on a Tuesday",
        "I rated chatbot answers for eight months at about twenty dollars an "
        "hour. One morning the dashboard said my account was closed. No "
        "warning, no reason, and my last week of work was never paid. Support "
        "answered with the same template three times.",
    ),
    Story(
        PUBLISHED, "fr", "appen", "FR", "audio-transcription",
        "Payée à la tâche, pas à l'heure",
        "Je transcris des enregistrements de quelques secondes. Chaque clip "
        "rapporte quelques centimes. Avec les tests non payés et les "
        "consignes qui changent chaque semaine, je gagne moins que le salaire "
        "minimum, sans congés ni protection sociale.",
    ),
    Story(
        PUBLISHED, "fr", "direct-ai-lab", "FR", "expert-review",
        "Un contrat de silence",
        "Avant de commencer, on m'a fait signer un accord de confidentialité "
        "de dix pages. Je corrige des réponses scientifiques pour une IA. Le "
        "travail est intéressant, mais il peut s'arrêter du jour au "
        "lendemain, et je n'ai le droit d'en parler à personne.",
    ),
    Story(
        PUBLISHED, "es", "amazon-mechanical-turk", "VE", "data-creation",
        "Centavos en dólares",
        "Hago microtareas desde mi casa porque pagan en dólares. Algunas "
        "pagan cinco centavos. Si el cliente rechaza el trabajo, no cobro "
        "nada y no puedo reclamar. Trabajo de noche, cuando hay más tareas y "
        "la luz no se corta.",
    ),
    Story(
        PUBLISHED, "es", "telus-digital-ai", "CO", "content-moderation",
        "Nadie nos preparó",
        "Reviso videos denunciados por los usuarios. El primer día vi cosas "
        "que no olvido. Nos prometieron apoyo psicológico y recibimos un "
        "correo con un número de teléfono. Si bajas el ritmo, el sistema te "
        "marca y pierdes el bono.",
        (ContentWarning.VIOLENCE,),
    ),
    Story(
        PUBLISHED, "sw", "sama", "KE", "text-annotation",
        "Mshahara wa mwezi mzima haukulipwa",
        "Tulifanya kazi ya kuweka lebo kwenye maandishi kwa mwezi mzima. "
        "Mwisho wa mwezi kampuni ilisema mradi umeisha na hakuna malipo. "
        "Tulipouliza, tuliambiwa tumesaini mkataba wa siri na tusiseme "
        "chochote.",
    ),
    Story(
        PUBLISHED, "fil", "scale-ai-remotasks", "PH", "text-annotation",
        "Biglang nawala ang account ko",
        "Dalawang taon akong nag-label ng mga larawan at teksto. Isang araw, "
        "hindi na ako makapag-login. Walang paliwanag at hindi na binayaran "
        "ang huling dalawang linggo ng trabaho ko. Wala akong makausap na "
        "tao, puro automated na sagot.",
    ),
    Story(
        AWAITING, "en", "toloka", "NG", "text-annotation",
        "The test that took all night",
        "The qualification test was announced as thirty minutes. It took me "
        "five hours, and it was not paid. Then I was told I did not pass, "
        "with no score and no chance to try again.",
    ),
    Story(
        AWAITING, "sw", "appen", "KE", "audio-transcription",
        "Malipo yanachelewa kila mwezi",
        "Ninanakili sauti kwa Kiswahili. Malipo yanakuja wiki tatu au nne "
        "baada ya kazi. Kila mwezi nalazimika kukopa ili kulipa kodi ya "
        "nyumba.",
    ),
    Story(
        PENDING, "fr", "clickworker", "MG", "image-video-labelling",
        "Des heures pour quelques euros",
        "J'identifie des objets sur des photos pour quelques centimes "
        "chacune. Après une semaine entière, j'ai reçu moins de dix euros, "
        "parce qu'une partie du travail a été refusée sans explication.",
    ),
    Story(
        PENDING, "fil", "telus-digital-ai", "PH", "response-rating",
        "Bayad na hindi sapat",
        "Nagre-rate ako ng mga sagot ng AI sa Tagalog. Mababa ang bayad kada "
        "oras at madalas walang trabaho nang ilang araw. Hindi ko alam kung "
        "may trabaho pa ako bukas.",
    ),
    Story(
        PENDING, "es", "mindrift", "AR", "translation",
        "Traducciones sin pago",
        "Entregué traducciones durante dos semanas y la plataforma dijo que "
        "no cumplían la calidad. No pagaron nada, pero el trabajo quedó en "
        "su sistema.",
    ),
)  # fmt: skip


def generate(seed, progress=None):
    """Write the demo stories, each under a receipt of its own, in an
    order and on days drawn from `seed`."""
    rng = random.Random(seed)
    platforms = dict(Platform.objects.values_list("slug", "pk"))
    task_types = dict(TaskType.objects.values_list("slug", "pk"))
    today = timezone.localdate()
    now = timezone.now()
    stories = list(STORIES)
    rng.shuffle(stories)
    with transaction.atomic():
        receipts = Receipt.objects.bulk_create(
            Receipt(code_hash=secrets.token_hex(32)) for _ in stories
        )
        testimonies = [
            _testimony(rng, story, receipt, platforms, task_types, today, now)
            for story, receipt in zip(stories, receipts, strict=True)
        ]
        Testimony.objects.bulk_create(testimonies)
        # The day sent is set on insert (auto_now_add): put it back before
        # the day published, as a moderator would have read it.
        for testimony in testimonies:
            if testimony.published_on:
                sent = testimony.published_on - timedelta(days=rng.randint(1, 10))
                Testimony.objects.filter(pk=testimony.pk).update(submitted_on=sent)
    if progress:
        progress(len(testimonies), len(testimonies))
    return testimonies


def _testimony(rng, story, receipt, platforms, task_types, today, now):
    testimony = Testimony(
        receipt=receipt,
        title=story.title,
        text=story.text,
        language=story.language,
        platform_id=platforms.get(story.platform),
        country=story.country,
        task_type_id=task_types.get(story.task_type),
        content_warnings=[str(warning) for warning in story.warnings],
        status=story.status,
        consent_publish=True,
        consent_share_research=rng.random() < 0.6,
        consent_quote=rng.random() < 0.5,
        wants_to_review_edits=story.status == AWAITING,
    )
    testimony.find_personal_data()
    if story.status != PENDING:
        # The moderator's copy: the author's words; for those awaiting
        # their author, the last sentence cut, so the edit shows.
        testimony.published_title = story.title
        testimony.published_text = story.text
        if story.status == AWAITING:
            testimony.published_text = story.text.rsplit(". ", 1)[0] + "."
        testimony.decided_at = now
    if story.status == PUBLISHED:
        testimony.published_on = today - timedelta(days=rng.randint(0, 90))
    return testimony
