from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

app_name = "surveys"


def not_open_yet(title):
    # The report form, the receipt and the statistics are built in their own
    # issues; until then their addresses answer honestly instead of 404.
    return TemplateView.as_view(
        template_name="pages/not_open_yet.html", extra_context={"title": title}
    )


urlpatterns = [
    path("report/", not_open_yet(_("Report your pay")), name="report-new"),
    path("receipt/", not_open_yet(_("Come back with your code")), name="receipt"),
    path("stats/", not_open_yet(_("See the numbers")), name="stats"),
]
