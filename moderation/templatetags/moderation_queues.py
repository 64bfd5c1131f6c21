"""The moderators' navigation names no app: it lists the registered queues."""

from django import template
from django.urls import reverse

from moderation import kinds

register = template.Library()


@register.simple_tag
def moderation_queues():
    """(label, URL) of every kind's queue, in the kinds' order."""
    return [(kind.label, reverse(kind.queue_url)) for kind in kinds.registered()]
