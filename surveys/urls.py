from django.urls import path

from surveys import moderation_views, views

app_name = "surveys"


urlpatterns = [
    path("report/", views.report_new, name="report-new"),
    path("receipt/reports/<int:pk>/edit/", views.report_edit, name="report-edit"),
    path(
        "receipt/reports/<int:pk>/withdraw/",
        views.report_withdraw,
        name="report-withdraw",
    ),
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
        "moderate/reports/<int:pk>/duplicate/",
        moderation_views.report_reject_duplicate,
        name="moderation-report-duplicate",
    ),
    path(
        "moderate/reports/<int:pk>/platform/",
        moderation_views.report_map_platform,
        name="moderation-report-platform",
    ),
    path(
        "moderate/reports/<int:pk>/correction/",
        moderation_views.report_propose_correction,
        name="moderation-report-correction",
    ),
    path(
        "receipt/reports/<int:pk>/correction/accept/",
        views.correction_accept,
        name="correction-accept",
    ),
    path(
        "receipt/reports/<int:pk>/correction/decline/",
        views.correction_decline,
        name="correction-decline",
    ),
]
