from django.urls import path

from incidents import moderation_views, views

app_name = "incidents"

urlpatterns = [
    path("incident/new/", views.incident_new, name="incident-new"),
    path("incident/next/", views.next_steps_index, name="next-steps-index"),
    path("incident/next/<slug:kind>/", views.next_steps_page, name="next-steps"),
    path("receipt/incidents/<int:pk>/edit/", views.incident_edit, name="incident-edit"),
    path(
        "receipt/incidents/<int:pk>/outcome/",
        views.incident_outcome,
        name="incident-outcome",
    ),
    path(
        "receipt/incidents/<int:pk>/withdraw/",
        views.incident_withdraw,
        name="incident-withdraw",
    ),
    path("moderate/incidents/", moderation_views.queue, name="moderation-queue"),
    path(
        "moderate/incidents/<int:pk>/",
        moderation_views.review,
        name="moderation-review",
    ),
]
