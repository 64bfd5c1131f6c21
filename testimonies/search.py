"""Search in the published copies of stories.

The copies are encrypted at rest (core.encryption), so SQL cannot search
them: each is decrypted and matched here. Decrypting every published copy
on every search would let anyone make the server work hard with one cheap
request, so each process keeps the copies it has opened, in memory only
(never in the cache table, which is on disk: a withdrawn copy must leave
nothing behind), keyed by their ciphertext, which changes whenever a copy
is saved again. The memory is rebuilt from what is published at each
search, so a withdrawn or unpublished copy is forgotten by the next one.
"""

from django.db import models
from django.db.models.functions import Cast

from core.encryption import decrypt

# Words beyond these are ignored: a search is a few words, not a page.
MOST_WORDS = 10

_opened = {}


def search_words(text):
    """The distinct words of a search, in any case."""
    return list(dict.fromkeys(word.casefold() for word in str(text).split()))[
        :MOST_WORDS
    ]


def matching_ids(published, words):
    """Ids of the stories in `published` whose published title or text holds
    every one of `words` (from `search_words`)."""
    global _opened
    as_stored = published.annotate(
        title_token=Cast("published_title", models.TextField()),
        text_token=Cast("published_text", models.TextField()),
    ).values_list("pk", "title_token", "text_token")
    opened, matching = {}, []
    for pk, title_token, text_token in as_stored:
        key = (title_token, text_token)
        text = _opened.get(key)
        if text is None:
            text = f"{decrypt(title_token)} {decrypt(text_token)}".casefold()
        opened[key] = text
        if all(word in text for word in words):
            matching.append(pk)
    _opened = opened
    return matching
