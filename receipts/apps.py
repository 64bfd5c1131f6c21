from django.apps import AppConfig


class ReceiptsConfig(AppConfig):
    """What a worker's code opens: receipts, their codes and keyed hashes,
    the one-time form tokens, and the flow every kind of entry shares under
    a receipt (sent once, found by its code, changed, withdrawn)."""

    name = "receipts"
