from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from surveys import moderation_views, views

app_name = "surveys"


def not_open_yet(title):
    # The statistics are built in their own issue; until then their address
    # answers honestly instead of 404.
    return TemplateView.as_view(
        template_name="pages/not_open_yet.html", extra_context={"title": title}
    )


urlpatterns = [
    path("report/", views.report_new, name="report-new"),
    path("receipt/", views.receipt, name="receipt"),
    path("receipt/reports/<int:pk>/edit/", views.report_edit, name="report-edit"),
    path(
        "receipt/reports/<int:pk>/withdraw/",
        views.report_withdraw,
        name="report-withdraw",
    ),
    path("stats/", not_open_yet(_("See the numbers")), name="stats"),
    path(
        "moderate/reports/",
        moderation_views.report_queue,
        name="moderation-reports",
    ),
    path(
        "moderate/reports/approve/",
        moderation_views.reports_bulk_approve,
        name="moderation-reports-approve",
    ),
    path(
        "moderate/reports/<int:pk>/",
        moderation_views.report_review,
        name="moderation-report",
    ),
    path(
        "moderate/reports/<int:pk>/decide/",
        moderation_views.report_decide,
        name="moderation-report-decide",
    ),
    path(
        "moderate/reports/<int:pk>/platform/",
        moderation_views.report_map_platform,
        name="moderation-report-platform",
    ),
]
