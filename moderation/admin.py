"""What the admin shows of moderation: the audit log, to read only, the
accounts and second factors, and the campaigns moderators hand out.

Nobody sees a TOTP secret here: django-otp's device admin, which shows the
key, its QR code and the set-up URL, is replaced by one that lists devices
and lets a superuser delete one so that its owner sets up a new one.
Accounts created or renamed here get the one spelling of their name
(moderation.access.normalize_username), as the login looks them up.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db.models.constants import LOOKUP_SEP
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.models import Campaign
from moderation.access import normalize_username
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


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    """Campaigns live in core, with the rate limits they lift; they are
    made here, by the moderators and staff who organize with workers,
    beside the other things of the moderators' side. How many entries a
    campaign took is shown, never which: entries do not record it."""

    list_display = ["name", "code", "valid_from", "valid_until", "limit", "used"]
    readonly_fields = ["used"]
    search_fields = ["name", "code"]


class AccountCreationForm(AdminUserCreationForm):
    def clean_username(self):
        self.cleaned_data["username"] = normalize_username(
            self.cleaned_data["username"]
        )
        # Django's own check then refuses a name already taken.
        return super().clean_username()


class AccountChangeForm(UserChangeForm):
    def clean_username(self):
        return normalize_username(self.cleaned_data["username"])


class AccountAdmin(UserAdmin):
    add_form = AccountCreationForm
    form = AccountChangeForm


class TOTPDeviceAdmin(admin.ModelAdmin):
    """Who has a second factor, never its key: a superuser may only delete
    a device, and its owner then sets up a new one at the next login."""

    list_display = ["name", "user", "confirmed", "last_used_at"]
    list_filter = ["confirmed"]
    search_fields = ["user__username"]
    fields = ["name", "user", "confirmed", "created_at", "last_used_at"]
    readonly_fields = fields

    def lookup_allowed(self, lookup, value, request):
        # The list can be filtered on any field of the device: a filter on
        # the key (?key__startswith=1d, ?key__lte=…) would read it out one
        # letter at a time. Django's user admin refuses the password alike.
        if lookup.split(LOOKUP_SEP)[0] == "key":
            return False
        return super().lookup_allowed(lookup, value, request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


admin.site.unregister(get_user_model())
admin.site.register(get_user_model(), AccountAdmin)
admin.site.unregister(TOTPDevice)
admin.site.register(TOTPDevice, TOTPDeviceAdmin)
