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
    path("platforms/", platform_views.platform_list, name="platform-list"),
    path("platforms/<slug:slug>/", platform_views.platform_page, name="platform"),
]
