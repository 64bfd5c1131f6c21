from django.urls import path

from receipts import views

app_name = "receipts"

urlpatterns = [
    path("receipt/", views.receipt, name="receipt"),
    path("receipt/entries/", views.entries, name="entries"),
    path("receipt/end/", views.end, name="end"),
    path("receipt/ended/", views.ended, name="ended"),
]
