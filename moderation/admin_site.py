"""The admin site, behind the moderators' door.

/admin/ has no login of its own: it sends to /moderate/login/, with its
throttles, and then through the same second factor and "log out
everywhere" as moderation (moderation.access.sign_in_redirect). Plain
AdminSite rather than django-otp's OTPAdminSite, which asks for a verified
device even when REQUIRE_2FA is off (`make run`, locally).

This module registers nothing: the site is built from it while the admin
modules (moderation.admin among them) are being discovered.
"""

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache

from moderation import access, views


class GroundTruthAdminSite(admin.AdminSite):
    def has_permission(self, request):
        return super().has_permission(request) and access.sign_in_complete(request)

    @method_decorator(never_cache)
    def login(self, request, extra_context=None):
        """Send to the step of the moderators' sign-in still missing."""
        next_url = request.GET.get(REDIRECT_FIELD_NAME, "")
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}
        ):
            next_url = reverse("admin:index", current_app=self.name)
        if not request.user.is_authenticated:
            return redirect_to_login(next_url, reverse("moderation-login"))
        if not access.may_sign_in(request.user):
            raise PermissionDenied
        refusal = access.sign_in_redirect(request, next_url)
        if refusal is not None:
            return refusal
        if not self.has_permission(request):
            # Signed in and verified, but a moderator without staff status.
            raise PermissionDenied
        return redirect(next_url)

    def logout(self, request, extra_context=None):
        return views.logout(request)
