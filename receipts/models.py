"""Receipts and spent form tokens. Their tables keep the names they had in
surveys, where they were first made."""

from django.db import models

from receipts import codes


class ReceiptQuerySet(models.QuerySet):
    def issue(self):
        """Create a receipt and return it with its code, which is never stored."""
        code = codes.new_receipt_code()
        receipt = self.create(code_hash=codes.receipt_hash(code))
        return receipt, code

    def empty(self):
        """Receipts that no longer hold any entry, of any kind."""
        empty = self
        for relation in self.model._meta.related_objects:
            empty = empty.filter(**{f"{relation.name}__isnull": True})
        return empty

    def for_code(self, code):
        """The receipt a code opens, or None."""
        if not codes.is_receipt_code(code):
            return None
        return self.filter(code_hash=codes.receipt_hash(code)).first()


class Receipt(models.Model):
    """What a worker's code opens. Only a keyed hash of the code is kept."""

    code_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_on = models.DateField(auto_now_add=True)

    objects = ReceiptQuerySet.as_manager()

    class Meta:
        db_table = "surveys_receipt"

    def __str__(self):
        return f"receipt {self.pk}"

    def delete_if_empty(self):
        """Withdrawing the last entry deletes the receipt: nothing is left to open.

        Every kind of entry (reports, stories from other apps) points here, so
        the check walks the reverse relations rather than naming them.
        """
        for relation in self._meta.related_objects:
            if getattr(self, relation.get_accessor_name()).exists():
                return
        self.delete()


class SpentFormToken(models.Model):
    """The keyed hash of a form's one-time token whose entry was saved.

    Written in the same transaction as the entry: if saving fails half-way
    (an error, a timeout that kills the request), neither is kept, and the
    same form can be sent again. Kept two days, the day only.
    """

    token_hash = models.CharField(max_length=64, unique=True)
    spent_on = models.DateField(auto_now_add=True)

    class Meta:
        db_table = "surveys_spentformtoken"

    def __str__(self):
        return f"form token spent on {self.spent_on}"
