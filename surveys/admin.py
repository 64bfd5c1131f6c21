"""Reference data for staff. Receipts are not here on purpose, and reports
only as a narrow list of approved ones for moderators to revoke: workers'
answers are reviewed in the moderation pages, and receipt hashes are never
shown to anyone."""

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from moderation.access import is_moderator
from moderation.decisions import AlreadyDecided, NotApproved, revoke_approval
from surveys.models import (
    Condition,
    ExchangeRate,
    MinimumWage,
    Platform,
    Report,
    TaskType,
)


class AdminRevokeForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why is the approval revoked?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )


@admin.action(description=gettext_lazy("Revoke approval"), permissions=["revoke"])
def revoke_approvals(modeladmin, request, queryset):
    """Revoke the chosen reports' approval with one reason, each through
    moderation.decisions.revoke_approval (logged, out of the next release).
    First asks for the reason on a page of its own."""
    form = AdminRevokeForm(request.POST if "reason" in request.POST else None)
    if not form.is_valid():
        return TemplateResponse(
            request,
            "admin/surveys/report/revoke.html",
            {
                **modeladmin.admin_site.each_context(request),
                "title": _("Revoke approval"),
                "reports": queryset,
                "form": form,
                "opts": modeladmin.model._meta,
            },
        )
    revoked = 0
    for report in queryset:
        try:
            revoke_approval(
                report,
                moderator=request.user,
                version=report.version,
                reason=form.cleaned_data["reason"],
            )
        except (AlreadyDecided, NotApproved):
            continue
        revoked += 1
    modeladmin.message_user(
        request,
        ngettext("%(count)s approval revoked.", "%(count)s approvals revoked.", revoked)
        % {"count": revoked},
        messages.SUCCESS,
    )
    return None


@admin.register(Report)
class ApprovedReportAdmin(admin.ModelAdmin):
    """Approved reports, by number and the cell they count in, for the one
    action of revoking: no answer in words, no receipt, nothing to edit;
    moderators only (the decision is theirs, and logged under their name)."""

    list_display = ["pk", "platform", "country", "period", "decided_on"]
    # The list only, no page per report: one would show its receipt and
    # every answer, and linking entries by receipt is what moderators may
    # not do.
    list_display_links = None
    list_filter = ["platform", "country"]
    search_fields = ["=pk"]
    actions = [revoke_approvals]

    @admin.display(description=gettext_lazy("decided on"), ordering="decided_at")
    def decided_on(self, report):
        return report.decided_at and timezone.localdate(report.decided_at)

    def get_queryset(self, request):
        return super().get_queryset(request).approved().select_related("platform")

    def has_module_permission(self, request):
        return is_moderator(request.user)

    def has_view_permission(self, request, obj=None):
        return is_moderator(request.user) and obj is None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_revoke_permission(self, request):
        """The revoke action is for moderators (see revoke_approvals)."""
        return is_moderator(request.user)


@admin.register(Platform)
class PlatformAdmin(admin.ModelAdmin):
    list_display = ["name", "parent_company", "is_active", "position"]
    list_editable = ["is_active", "position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "parent_company"]


@admin.register(TaskType)
class TaskTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Condition)
class ConditionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "is_active", "position"]
    list_editable = ["is_active", "position"]

    def get_readonly_fields(self, request, obj=None):
        # The slug names the stored answers: renaming it would orphan them.
        return ["slug"] if obj else []


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    list_display = ["currency", "units_per_usd", "date", "source"]
    list_filter = ["currency"]
    date_hierarchy = "date"
    search_fields = ["currency"]


@admin.register(MinimumWage)
class MinimumWageAdmin(admin.ModelAdmin):
    list_display = ["country", "hourly_amount", "currency", "date", "source"]
    search_fields = ["country", "source"]
