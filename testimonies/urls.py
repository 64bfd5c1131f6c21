from django.urls import path

from testimonies import views
from testimonies.feeds import LatestStoriesFeed

app_name = "testimonies"

urlpatterns = [
    path("stories/", views.story_list, name="story-list"),
    path("stories/new/", views.story_new, name="story-new"),
    path("stories/feed/", LatestStoriesFeed(), name="story-feed"),
    path("stories/<int:pk>/", views.story_detail, name="story-detail"),
    path("receipt/stories/<int:pk>/edit/", views.story_edit, name="story-edit"),
    path(
        "receipt/stories/<int:pk>/withdraw/",
        views.story_withdraw,
        name="story-withdraw",
    ),
]
