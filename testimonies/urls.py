from django.urls import path

from testimonies import moderation_views, views
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
    path("receipt/stories/<int:pk>/accept/", views.story_accept, name="story-accept"),
    path(
        "moderate/stories/",
        moderation_views.story_queue,
        name="moderation-stories",
    ),
    path(
        "moderate/stories/<int:pk>/",
        moderation_views.story_review,
        name="moderation-story",
    ),
]
