"""The audit log in the admin, to read only."""

from django.contrib import admin

from moderation.models import ModerationEvent


@admin.register(ModerationEvent)
class ModerationEventAdmin(admin.ModelAdmin):
    """The audit log, to read only: nobody adds, changes or deletes an event."""

    list_display = [
        "at",
        "moderator",
        "item_type",
        "item_id",
        "from_status",
        "to_status",
    ]
    list_filter = ["item_type", "to_status"]
    search_fields = ["item_id", "moderator__username"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
