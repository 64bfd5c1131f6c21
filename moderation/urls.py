"""The moderators' own pages, under /moderate/ (names without a namespace:
settings.LOGIN_URL and the templates use them so)."""

from django.urls import path

from moderation import views

urlpatterns = [
    path("moderate/", views.dashboard, name="moderation-dashboard"),
    path(
        "moderate/<slug:kind>/<int:pk>/decide/", views.decide, name="moderation-decide"
    ),
    path(
        "moderate/<slug:kind>/<int:pk>/revoke/", views.revoke, name="moderation-revoke"
    ),
    path("moderate/undo/<int:pk>/", views.undo, name="moderation-undo"),
    path("moderate/login/", views.login, name="moderation-login"),
    path("moderate/logout/", views.logout, name="moderation-logout"),
    path(
        "moderate/logout/everywhere/",
        views.logout_everywhere,
        name="moderation-logout-everywhere",
    ),
    path("moderate/verify/", views.verify, name="moderation-verify"),
    path(
        "moderate/second-factor/", views.two_factor_setup, name="moderation-2fa-setup"
    ),
    path("moderate/log/", views.audit_log, name="moderation-log"),
]
