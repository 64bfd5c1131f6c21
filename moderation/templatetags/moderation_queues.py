"""The moderators' navigation names no app: it lists the registered queues."""

from django import template
from django.urls import reverse

from moderation import kinds

register = template.Library()


@register.simple_tag
def moderation_queues():
    """(label, URL) of every kind's queue, in the kinds' order."""
    return [(kind.label, reverse(kind.queue_url)) for kind in kinds.registered()]


@register.simple_tag
def queue_neighbours(kind_name, entry):
    """URLs of the previous and next pending entries of `entry`'s kind (None
    where there is none), for the review page's j/k links."""
    kind = kinds.named(kind_name)
    return [
        reverse(kind.review_url, args=[neighbour.pk]) if neighbour else None
        for neighbour in kind.neighbours(entry)
    ]
