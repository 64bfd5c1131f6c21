from django.urls import path

from stats import platform_views, views

app_name = "stats"

urlpatterns = [
    path("stats/", views.stats_page, name="stats"),
    path("stats/methodology/", views.methodology, name="methodology"),
    path("stats.csv", views.stats_csv, name="stats-csv"),
    path("stats/ptable.csv", views.ptable_csv, name="ptable-csv"),
    path("stats/incidents/", views.incidents_page, name="incidents"),
    path("stats/incidents.csv", views.incidents_csv, name="incidents-csv"),
    path("stats/release.zip", views.release_package, name="release-package"),
    path("stats/releases/feed/", views.release_feed, name="release-feed"),
    path("platforms/", platform_views.platform_list, name="platform-list"),
    path("platforms/<slug:slug>/", platform_views.platform_page, name="platform"),
]
