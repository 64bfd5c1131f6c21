"""The kinds of entry a receipt can hold, as their apps register them.

The receipts app names no kind: each app says, in its AppConfig.ready(),
how a receipt's entries of its kind are read, which template lists them on
the entries page and which adds a new one, and the page shows every kind
in turn. A new kind of entry registers itself; nothing here changes.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class EntryKind:
    name: str
    # The receipt's entries of this kind, as the entries page lists them.
    entries: Callable
    # Lists `entries` (with `receipt` and `code` in the context).
    entries_template: str
    # A form that adds an entry of this kind to the receipt; "" for none.
    add_template: str = ""
    # Where the kind comes on the page, smallest first.
    order: int = 0


_registered = {}


def register(kind):
    _registered[kind.name] = kind


def registered():
    return sorted(_registered.values(), key=lambda kind: kind.order)
