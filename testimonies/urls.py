from django.urls import path
from django.utils.translation import gettext_lazy as _

from surveys.urls import not_open_yet

app_name = "testimonies"

urlpatterns = [
    path("stories/new/", not_open_yet(_("Share your story")), name="story-new"),
]
