from django.urls import path

from . import views

app_name = "public"

urlpatterns = [
    path("resultat/", views.page, name="page"),
    path("resultat/data.json", views.data_json, name="json"),
    path("resultat/data.csv", views.data_csv, name="csv"),
    path("organisation/administration/oppna-resultat/", views.choices, name="choices"),
]
