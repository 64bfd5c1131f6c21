"""What the site itself keeps: rate-limit counters and the day's salt of
client keys (core.ratelimit). Their tables keep the names they had in
surveys, where they were first made."""

from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils.crypto import salted_hmac


class CounterQuerySet(models.QuerySet):
    def add_one(self, key, window):
        """Count one event of `key` in `window`; return the window's count.

        Atomic under concurrency on both databases: the row is created
        once, then incremented in place, each count seen by exactly one
        caller.
        """
        stored = Counter.stored_key(key, window)
        with transaction.atomic():
            if not self.filter(key=stored).update(count=F("count") + 1):
                try:
                    with transaction.atomic():
                        self.create(key=stored, count=1)
                except IntegrityError:
                    self.filter(key=stored).update(count=F("count") + 1)
            return self.filter(key=stored).values_list("count", flat=True)[0]

    def count_of(self, key, window):
        stored = Counter.stored_key(key, window)
        return self.filter(key=stored).values_list("count", flat=True).first() or 0


class Counter(models.Model):
    """How many events of one kind one client or account made in one window
    (requests sent, receipt codes tried, logins failed).

    The window is a number of hours (or quarter hours, or minutes) since
    1970, and it is not stored: the row's key is a keyed hash of the scope,
    the client's or account's own keyed hash and the window together. So
    no row tells in which hour anything was sent, even on a quiet site
    where a window stays the last one for hours: only the day it was
    created on, for retention, which deletes the rows of the days before
    yesterday. Unlike a cache entry, a counter is never evicted early: the
    limits hold.
    """

    key = models.CharField(max_length=64, unique=True)
    count = models.PositiveIntegerField(default=0)
    # The day the window opened, for retention only.
    created_on = models.DateField(auto_now_add=True)

    objects = CounterQuerySet.as_manager()

    class Meta:
        db_table = "surveys_counter"

    def __str__(self):
        return f"{self.count} on {self.created_on}"

    @staticmethod
    def stored_key(key, window):
        return salted_hmac(
            "groundtruth.counter", f"{key}@{window}", algorithm="sha256"
        ).hexdigest()


class ClientKeySalt(models.Model):
    """The random part of the day's client keys, shared by every worker.

    Client keys are HMACs of addresses under this salt and SECRET_KEY: a
    database dump alone cannot turn them back into addresses, and once a
    day's salt is deleted (by retention, after two days), nobody can.
    """

    day = models.DateField(unique=True)
    salt = models.CharField(max_length=64)

    class Meta:
        db_table = "surveys_clientkeysalt"

    def __str__(self):
        return f"client-key salt of {self.day}"
