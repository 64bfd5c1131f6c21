"""Reference data for staff. Reports and receipts are not here on purpose:
workers' answers are reviewed in the moderation pages, and receipt hashes
are never shown to anyone."""

from django.contrib import admin

from surveys.models import Condition, ExchangeRate, MinimumWage, Platform, TaskType


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
